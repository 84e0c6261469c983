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
	registration := func(c tokencache.Cache, s CachedSession, left time.Duration) {
		args := tokencache.RegistrationArgs{StartURL: s.StartURL, Region: s.Region, Scopes: s.Scopes, Session: s.Session}
		c.SaveRegistration(args, &tokencache.Registration{ClientID: "c", ClientSecret: "s", ExpiresAt: now.Add(left)})
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, c tokencache.Cache, creds string)
		want  []string // "BASENAME severity: problem prefix"
	}{
		{name: "clean", setup: func(t *testing.T, c tokencache.Cache, creds string) {
			c.SaveToken("corp", "", token(time.Hour, true))
			c.SaveToken("", old.StartURL, token(time.Hour, false))
			registration(c, corp, 80*24*time.Hour)
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
			registration(c, corp, 3*24*time.Hour)
			registration(c, old, -time.Hour) // expired: the next login registers again, nothing to say
		}, want: []string{"registration note: the client registration of sso-session corp expires at 2026-11-26 10:00 UTC"}},
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
				c.RegistrationPath(tokencache.RegistrationArgs{StartURL: corp.StartURL, Region: corp.Region, Scopes: corp.Scopes, Session: "corp"}): "registration"}
			var got []string
			for _, f := range fs {
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
