package session

import (
	"testing"
	"time"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/tokencache"
)

func TestStateOf(t *testing.T) {
	reg := t0.Add(30 * 24 * time.Hour)
	tok := func(expires time.Duration, refresh bool) *tokencache.Token {
		tk := &tokencache.Token{AccessToken: "a", ExpiresAt: t0.Add(expires)}
		if refresh {
			tk.ClientID, tk.ClientSecret, tk.RefreshToken, tk.RegistrationExpiresAt = "c", "s", "r", reg
		}
		return tk
	}
	refused := func(expires time.Duration) *tokencache.Token {
		tk := tok(expires, true)
		tk.RefreshRefusedAt = t0.Add(-time.Minute)
		return tk
	}
	corrupt := &cachefile.CorruptError{Path: "x", Err: tokencache.ErrNotFound}
	tests := []struct {
		name    string
		tok     *tokencache.Token
		err     error
		target  Target
		want    StateKind
		refresh RefreshKind
		short   string
	}{
		{name: "missing", err: tokencache.ErrNotFound, target: corp, want: StateNotLoggedIn, short: "not logged in"},
		{name: "corrupt", err: corrupt, target: corp, want: StateUnreadable, short: "unreadable"},
		{name: "valid with refresh", tok: tok(7*time.Hour+5*time.Minute, true), target: corp, want: StateValid, refresh: RefreshSession, short: "valid 7h05m"},
		{name: "valid without refresh", tok: tok(42*time.Minute, false), target: corp, want: StateValid, refresh: RefreshNone, short: "valid 42m"},
		{name: "expired refreshable", tok: tok(-time.Hour, true), target: corp, want: StateRefreshable, refresh: RefreshSession, short: "refreshable"},
		{name: "expired", tok: tok(-time.Hour, false), target: corp, want: StateExpired, refresh: RefreshNone, short: "expired: run awsso login --sso-session corp"},
		{name: "legacy is never refreshed", tok: tok(-time.Hour, true), target: legacy, want: StateExpired, refresh: RefreshNone, short: "expired: run awsso login --profile old"},
		{name: "refused refresh, expired", tok: refused(-time.Minute), target: corp, want: StateExpired, refresh: RefreshRefused, short: "expired: run awsso login --sso-session corp"},
		{name: "refused refresh, still valid", tok: refused(12 * time.Minute), target: corp, want: StateValid, refresh: RefreshRefused, short: "valid 12m (refresh refused)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := StateFor(tt.target, tt.tok, tt.err, t0)
			if s.Kind != tt.want || s.Refresh != tt.refresh || s.Short(t0) != tt.short {
				t.Errorf("StateFor = %+v (%q), want %s refresh %q, %q", s, s.Short(t0), tt.want, tt.refresh, tt.short)
			}
			if (s.Refresh == RefreshSession) != !s.RegistrationExpiresAt.IsZero() {
				t.Errorf("registration expiry %v given with refresh %q: it bounds a session refresh only", s.RegistrationExpiresAt, s.Refresh)
			}
			if s.LoginDue() != (s.Login != "") || s.LoginDue() != (tt.want == StateExpired || tt.want == StateNotLoggedIn || tt.want == StateUnreadable || tt.refresh == RefreshRefused) {
				t.Errorf("login due %v, command %q", s.LoginDue(), s.Login)
			}
		})
	}
}

func TestLeft(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Second: "<1m", -time.Hour: "<1m", 59*time.Minute + 59*time.Second: "59m", time.Hour: "1h",
		8*time.Hour + 5*time.Minute: "8h05m", 47 * time.Hour: "47h", 90 * 24 * time.Hour: "90d",
	} {
		if got := Left(d); got != want {
			t.Errorf("Left(%s) = %q, want %q", d, got, want)
		}
	}
}
