package doctor

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/tokencache"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func TestCheckCaches(t *testing.T) {
	corp := CachedSession{Name: "sso-session corp", Session: "corp", StartURL: "https://d-1.awsapps.com/start", Region: "eu-west-1",
		Scopes: []string{"sso:account:access"}, LoginCommand: "awsso login --sso-session corp"}
	old := CachedSession{Name: "start URL https://d-2.awsapps.com/start", StartURL: "https://d-2.awsapps.com/start", Region: "eu-west-1",
		LoginCommand: "awsso login --profile old"}
	token := func(expires time.Duration, refresh bool) *tokencache.Token {
		tok := &tokencache.Token{AccessToken: "a", ExpiresAt: now.Add(expires)}
		if refresh {
			tok.ClientID, tok.ClientSecret, tok.RefreshToken, tok.RegistrationExpiresAt = "c", "s", "r", now.Add(24*time.Hour)
		}
		return tok
	}
	argsOf := func(s CachedSession) tokencache.RegistrationArgs {
		return tokencache.RegistrationArgs{StartURL: s.StartURL, Region: s.Region, Scopes: s.Scopes, Session: s.Session}
	}
	// registration writes a registration of s in slot, with the grant types given (none: the
	// device flow's).
	registration := func(c tokencache.Cache, s CachedSession, slot tokencache.Slot, left time.Duration, grants ...string) {
		c.SaveRegistration(argsOf(s), slot, &tokencache.Registration{ClientID: "c", ClientSecret: "s", ExpiresAt: now.Add(left), GrantTypes: grants})
	}
	const (
		aws, own = tokencache.SlotAWSCLI, tokencache.SlotPKCE
		day      = 24 * time.Hour
	)
	pkce := tokencache.PKCEGrantTypes
	tests := []struct {
		name  string
		setup func(t *testing.T, c tokencache.Cache, creds string)
		want  []string // "BASENAME severity: problem prefix"
		fixes []string // prefixes of the fixes, when the test checks them
	}{
		{name: "clean", setup: func(t *testing.T, c tokencache.Cache, creds string) {
			c.SaveToken("corp", "", token(time.Hour, true))
			c.SaveToken("", old.StartURL, token(time.Hour, false))
			registration(c, corp, aws, 80*day)
			registration(c, corp, own, 80*day, pkce...)
		}},
		{name: "no caches at all", setup: func(t *testing.T, c tokencache.Cache, creds string) { os.RemoveAll(c.Dir) }},
		{name: "expired without refresh", setup: func(t *testing.T, c tokencache.Cache, creds string) {
			c.SaveToken("corp", "", token(-time.Hour, false))
			c.SaveToken("", old.StartURL, token(-time.Hour, true)) // legacy tokens are never refreshed
		}, want: []string{
			"old warning: the token of start URL https://d-2.awsapps.com/start expired", // sorted by file name
			"corp warning: the token of sso-session corp expired at 2026-11-23 09:00 UTC and cannot be refreshed",
		}},
		{name: "expired but refreshable", setup: func(t *testing.T, c tokencache.Cache, creds string) {
			c.SaveToken("corp", "", token(-time.Hour, true))
		}},
		{name: "refresh refused, expired", setup: func(t *testing.T, c tokencache.Cache, creds string) {
			tok := token(-time.Hour, true)
			tok.RefreshRefusedAt = now.Add(-30 * time.Minute)
			c.SaveToken("corp", "", tok)
		}, want: []string{"corp warning: the token of sso-session corp expired at 2026-11-23 09:00 UTC and cannot be refreshed: " +
			"the service refused its refresh at 2026-11-23 09:30 UTC (the sign-in session ended or was revoked)"}},
		{name: "refresh refused, still valid", setup: func(t *testing.T, c tokencache.Cache, creds string) {
			tok := token(10*time.Minute, true)
			tok.RefreshRefusedAt = now.Add(-time.Minute)
			c.SaveToken("corp", "", tok)
		}, want: []string{"corp warning: the token of sso-session corp expires at 2026-11-23 10:10 UTC and cannot be refreshed: the service refused"}},

		{name: "registration about to expire", setup: func(t *testing.T, c tokencache.Cache, creds string) {
			registration(c, corp, aws, 3*day)
			registration(c, corp, own, 2*day, pkce...)
			registration(c, old, aws, -time.Hour) // expired: the next login registers again, nothing to say
		}, want: []string{
			"corp-aws note: the client registration of sso-session corp expires at 2026-11-26 10:00 UTC", // sorted by file name
			"corp-pkce note: the browser sign-in registration of sso-session corp expires at 2026-11-25 10:00 UTC",
		}},
		{name: "browser registration in the AWS CLI's file", setup: func(t *testing.T, c tokencache.Cache, creds string) {
			registration(c, corp, aws, 80*day, pkce...)
			registration(c, old, aws, 80*day, pkce...)
		}, want: []string{
			"corp-aws note: the client registration the AWS CLI keeps for sso-session corp is for the browser sign-in only (grant types authorization_code, refresh_token): a device code sign-in cannot use it, and `aws sso login` of AWS CLI v2 before 2.22 fails on it with UnauthorizedClientException",
			"old-aws note: the client registration the AWS CLI keeps for start URL https://d-2.awsapps.com/start is for the browser sign-in only (grant types authorization_code, refresh_token): a device code sign-in cannot use it",
		}, fixes: []string{
			"run: awsso login --sso-session corp (it moves the registration to awsso's own file",
			"run: awsso login --profile old (a device code sign-in",
		}},
		{name: "newer AWS CLI's browser registration beside awsso's", setup: func(t *testing.T, c tokencache.Cache, creds string) {
			registration(c, corp, aws, 80*day, pkce...)
			registration(c, corp, own, 80*day, pkce...)
		}, want: []string{"corp-aws note: the client registration the AWS CLI keeps for sso-session corp is for the browser sign-in only"},
			fixes: []string{"nothing to do with AWS CLI 2.22 or later"}},
		{name: "device registration in awsso's browser file", setup: func(t *testing.T, c tokencache.Cache, creds string) {
			registration(c, corp, own, 80*day)
			registration(c, old, aws, 80*day, tokencache.GrantRefreshToken)
		}, want: []string{
			"old-aws note: the client registration the AWS CLI keeps for start URL https://d-2.awsapps.com/start allows no sign-in flow (grant types refresh_token)",
			"corp-pkce note: awsso's browser sign-in registration for sso-session corp is for the device code sign-in only (it lists no grant types): the browser sign-in cannot use it",
		}},
		{name: "corrupt files", setup: func(t *testing.T, c tokencache.Cache, creds string) {
			os.WriteFile(c.TokenPath("corp", ""), []byte(`{"accessToken": "a`), 0o600)
			os.WriteFile(filepath.Join(creds, "abc.json"), []byte(`[1]`), 0o600)
			os.WriteFile(filepath.Join(creds, "abc.json.lock"), []byte(`last refresh attempt: 1`), 0o600)
		}, want: []string{
			"abc.json error: the file is not a valid cache file (not a JSON object)",
			"corp error: the file is not a valid cache file (unexpected EOF)",
		}},
		{name: "JSON but no token", setup: func(t *testing.T, c tokencache.Cache, creds string) {
			os.WriteFile(c.TokenPath("corp", ""), []byte(`{"accessToken": "a", "expiresAt": "soon"}`), 0o600)
			os.WriteFile(c.TokenPath("", old.StartURL), []byte(`{"startUrl": "https://d-2.awsapps.com/start"}`), 0o600)
		}, want: []string{
			"old error: the token file of start URL https://d-2.awsapps.com/start is not a usable token (",
			"corp error: the token file of sso-session corp is not a usable token (",
		}},
		{name: "permissions", setup: func(t *testing.T, c tokencache.Cache, creds string) {
			c.SaveToken("corp", "", token(time.Hour, true))
			os.Chmod(c.TokenPath("corp", ""), 0o644)
			os.Chmod(creds, 0o755) // as the AWS CLI creates it
			os.Chmod(c.Dir, 0o777)
		}, want: []string{
			"cache note: the folder is open to other users (mode 0755) and holds role credentials",
			"cache error: every user may write in the folder (mode 0777) and holds sign-in tokens",
			"corp error: the file cannot be read: refusing to use",
			"corp error: the file is open to other users (mode 0644) and holds sign-in tokens",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			home := t.TempDir()
			c := tokencache.Cache{Dir: tokencache.DefaultDir(home)}
			creds := filepath.Join(home, ".aws", "cli", "cache")
			os.MkdirAll(c.Dir, 0o700)
			os.MkdirAll(creds, 0o700)
			tt.setup(t, c, creds)
			fs, err := CheckCaches(Caches{Tokens: c, Creds: creds, Sessions: []CachedSession{corp, old}, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			Sort(fs)
			names := map[string]string{c.TokenPath("corp", ""): "corp", c.TokenPath("", old.StartURL): "old", creds: "cache", c.Dir: "cache",
				c.RegistrationPath(argsOf(corp), aws): "corp-aws", c.RegistrationPath(argsOf(corp), own): "corp-pkce",
				c.RegistrationPath(argsOf(old), aws): "old-aws", c.RegistrationPath(argsOf(old), own): "old-pkce"}
			var got []string
			for i, f := range fs {
				if i < len(tt.fixes) && !strings.HasPrefix(f.Fix, tt.fixes[i]) {
					t.Errorf("fix %d:\n got %s\nwant %s...", i, f.Fix, tt.fixes[i])
				}
				name, ok := names[f.File]
				if !ok {
					name = filepath.Base(f.File)
				}
				got = append(got, fmt.Sprintf("%s %s: %s", name, f.Severity, f.Problem))
				if f.Fix == "" {
					t.Errorf("finding without a fix: %+v", f)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(got), len(tt.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("finding %d:\n got %s\nwant %s...", i, got[i], tt.want[i])
				}
			}
		})
	}
}
