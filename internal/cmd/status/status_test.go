package status

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/golden"
	"github.com/awsso/awsso/internal/testsupport/testenv"
	"github.com/awsso/awsso/internal/tokencache"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	time.Local = time.UTC // tables print local times
	os.Exit(m.Run())
}

// secret values written into the cache; no output may contain them.
var secretValues = []string{"aoaSECRETaccess", "aorSECRETrefresh", "SECRETclient"}

// fixture writes the testdata config and a cache with one token in each state.
func fixture(t *testing.T) (testenv.Home, tokencache.Cache) {
	t.Helper()
	h := testenv.TempHome(t)
	config, err := os.ReadFile(filepath.Join("testdata", "config"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(h.Config, config, 0o600)
	cache := tokencache.Cache{Dir: tokencache.DefaultDir(h.Dir)}
	token := func(startURL, region string, expires time.Duration, refresh bool) *tokencache.Token {
		tok := &tokencache.Token{StartURL: startURL, Region: region, AccessToken: secretValues[0], ExpiresAt: now.Add(expires)}
		if refresh {
			tok.ClientID, tok.ClientSecret, tok.RefreshToken = "client", secretValues[2], secretValues[1]
			tok.RegistrationExpiresAt = now.Add(60 * 24 * time.Hour)
		}
		return tok
	}
	// A token whose refresh the service refused (its sign-in session ended).
	refused := func(tok *tokencache.Token) *tokencache.Token {
		tok.RefreshRefusedAt = now.Add(-15 * time.Minute)
		return tok
	}
	for _, s := range []struct {
		session, startURL string
		tok               *tokencache.Token
	}{
		{"corp", "", token("https://d-1111111111.awsapps.com/start", "eu-west-1", 7*time.Hour+5*time.Minute, true)},
		{"stale", "", token("https://d-5555555555.awsapps.com/start", "us-east-1", -2*time.Hour, true)},
		{"", "https://d-4444444444.awsapps.com/start", token("https://d-4444444444.awsapps.com/start", "us-west-2", -time.Hour, false)},
		{"gone-from-config", "", token("https://d-9999999999.awsapps.com/start", "ap-southeast-2", 30*time.Minute, true)},
		{"ended", "", refused(token("https://d-6666666666.awsapps.com/start", "us-east-1", -20*time.Minute, true))},
	} {
		if err := cache.SaveToken(s.session, s.startURL, s.tok); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(cache.TokenPath("broken", ""), []byte(`{"startUrl": "https://d-3333333333.awsapps.com/start", "accessToken": "aoaSECRETacc`), 0o600)
	return h, cache
}

func run(t *testing.T, format cmdutil.Format) string {
	t.Helper()
	h, cache := fixture(t)
	ios, _, out, _ := iostreams.Test()
	ios.SetTTY(false, true, false)
	ios.DisableColor()
	opts := &StatusOptions{
		IO: ios,
		Config: func() (*awsconfig.Config, error) {
			return awsconfig.Load(awsconfig.Paths{Config: h.Config, Credentials: h.Credentials})
		},
		Cache:   func() (tokencache.Cache, error) { return cache, nil },
		Format:  func(string) (cmdutil.Format, error) { return format, nil },
		Now:     func() time.Time { return now },
		Display: func(p string) string { return strings.Replace(p, h.Dir, "~", 1) },
	}
	if err := statusRun(opts); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestStatusGolden(t *testing.T) {
	for _, format := range []cmdutil.Format{cmdutil.FormatJSON, cmdutil.FormatYAML, cmdutil.FormatText, cmdutil.FormatTable} {
		t.Run(string(format), func(t *testing.T) {
			out := run(t, format)
			golden.Check(t, "status."+string(format)+".golden", out)
			for _, s := range secretValues {
				if strings.Contains(out, s[:8]) {
					t.Errorf("status output shows secret material %q", s[:8])
				}
			}
		})
	}
}
