package login

import (
	"testing"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/tokencache"
)

// TestSuccessSaysOnlyWhatIsKnown: the service tells no client how long a sign-in session lasts,
// so the message gives the token's expiry and, for a refreshable token, the registration's
// expiry only as the upper bound it is, never as "refreshable until".
func TestSuccessSaysOnlyWhatIsKnown(t *testing.T) {
	time.Local = time.UTC
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	corp := &awsconfig.SSO{Session: "corp", StartURL: "https://d-1.awsapps.com/start"}
	legacy := &awsconfig.SSO{StartURL: "https://d-1.awsapps.com/start"}
	tok := func(refresh string, reg time.Time) *tokencache.Token {
		return &tokencache.Token{AccessToken: "a", ExpiresAt: now.Add(8 * time.Hour), ClientID: "c", ClientSecret: "s",
			RefreshToken: refresh, RegistrationExpiresAt: reg}
	}
	reg := now.Add(90 * 24 * time.Hour)
	for _, tt := range []struct {
		name string
		sso  *awsconfig.SSO
		tok  *tokencache.Token
		want string
	}{
		{"refreshable", corp, tok("r", reg), "✓ Logged in to sso-session corp (https://d-1.awsapps.com/start)\n" +
			"  valid until 2026-11-23 18:00 UTC (8h left); refreshed while your organisation's sign-in session lasts, at most until 2027-02-21 10:00 UTC\n" +
			"  serves profile dev\n"},
		{"no registration expiry", corp, tok("r", time.Time{}), "✓ Logged in to sso-session corp (https://d-1.awsapps.com/start)\n" +
			"  valid until 2026-11-23 18:00 UTC (8h left); refreshed while your organisation's sign-in session lasts\n" +
			"  serves profile dev\n"},
		{"no refresh token", corp, tok("", reg), "✓ Logged in to sso-session corp (https://d-1.awsapps.com/start)\n" +
			"  valid until 2026-11-23 18:00 UTC (8h left); it cannot be refreshed: log in again then\n" +
			"  serves profile dev\n"},
		{"legacy", legacy, tok("", time.Time{}), "✓ Logged in to start URL https://d-1.awsapps.com/start\n" +
			"  valid until 2026-11-23 18:00 UTC (8h left); no refresh for a legacy profile: log in again then\n" +
			"  serves profile dev\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, stderr := iostreams.Test()
			ios.DisableColor()
			writeSuccess(ios, tt.sso, tt.tok, []string{"dev"}, now)
			if stderr.String() != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", stderr, tt.want)
			}
		})
	}
}
