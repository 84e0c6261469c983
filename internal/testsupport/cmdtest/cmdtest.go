// Package cmdtest is the test bench of the credential commands: a running emulator, an
// isolated home whose config has an sso-session profile and a legacy one that point at it, a
// signed-in session, Factories that see only that home, and the awsso binary for tests that
// run the real thing. Only tests import it.
package cmdtest

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/browser"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/emutest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
	"github.com/awsso/awsso/internal/tokencache"
)

// The account and roles of the profiles World writes (the emulator's default organisation).
const (
	AccountID = "111122223333"
	RoleName  = "ReadOnly"
	Region    = "eu-west-1" // the profiles' region, for the calls made with the role
)

// World is an emulator with a home that uses it.
type World struct {
	Env  *emutest.Env
	Home testenv.Home
	// Browser is the browser of every Factory: it follows each URL over HTTP, as a user who
	// approves at once would (the emulator auto-approves).
	Browser *browser.Stub
}

// Config is the config file World writes: profile dev (sso-session corp), profile old (legacy),
// profile signin (sign-in settings only), profile static (keys, no SSO) and profile loop (whose
// credential_process runs awsso for itself).
func Config(env *emutest.Env) string {
	return "[profile dev]\nsso_session = corp\nsso_account_id = " + AccountID + "\nsso_role_name = " + RoleName + "\nregion = " + Region + "\n\n" +
		"[sso-session corp]\nsso_start_url = " + env.StartURL + "\nsso_region = " + env.Region + "\nsso_registration_scopes = sso:account:access\n\n" +
		"[profile old]\nsso_start_url = " + env.StartURL + "\nsso_region = " + env.Region + "\nsso_account_id = " + AccountID + "\nsso_role_name = " + RoleName + "\n\n" +
		"[profile signin]\nsso_session = corp\n\n" +
		"[profile static]\nregion = us-east-1\n\n" +
		"[profile loop]\ncredential_process = awsso credential-process --profile loop\n"
}

// New starts an auto-approving emulator (with opts) and writes Config into a new home.
func New(t testing.TB, opts ...func(*emulator.Options)) *World {
	t.Helper()
	env := emutest.Start(t, append([]func(*emulator.Options){emutest.AutoApprove}, opts...)...)
	home := testenv.TempHome(t)
	if err := os.WriteFile(home.Config, []byte(Config(env)), 0o600); err != nil {
		t.Fatal(err)
	}
	return &World{Env: env, Home: home, Browser: &browser.Stub{OnOpen: Follow}}
}

// Follow fetches a URL and its redirects in the background, as a browser whose user approves.
// A file:// URL is read as a page and its refresh target followed, as awsso console hands the
// browser a local page.
func Follow(u string) error {
	go func() {
		if page, ok := strings.CutPrefix(u, "file://"); ok {
			target, err := RefreshTarget(page)
			if err != nil {
				return
			}
			u = target
		}
		if resp, err := (&httpClient).Get(u); err == nil {
			resp.Body.Close()
		}
	}()
	return nil
}

// refresh finds the target of a page's <meta http-equiv="refresh" content="0;url=...">.
var refresh = regexp.MustCompile(`<meta http-equiv="refresh" content="0;url=([^"]+)">`)

// RefreshTarget returns where the local page at path sends the browser.
func RefreshTarget(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	m := refresh.FindSubmatch(data)
	if m == nil {
		return "", fmt.Errorf("%s sends the browser nowhere", path)
	}
	return html.UnescapeString(string(m[1])), nil
}

// Vars are the environment of a Factory or child process of this world: the home, and every
// AWS endpoint at the emulator.
func (w *World) Vars() map[string]string {
	vars := map[string]string{"AWS_ENDPOINT_URL": w.Env.URL, "PATH": os.Getenv("PATH")}
	for _, kv := range append(w.Home.Env(), w.Env.Vars()...) {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	return vars
}

// Streams are the buffers of a Factory's streams.
type Streams struct {
	In, Out, Err *bytes.Buffer
}

// Factory returns a Factory that sees only this world's environment (plus extra), with buffer
// streams and the following browser.
func (w *World) Factory(extra map[string]string) (*cmdutil.Factory, Streams) {
	ios, in, out, errOut := iostreams.Test()
	f := cmdutil.NewFactory(ios, "test")
	vars := w.Vars()
	for k, v := range extra {
		vars[k] = v
	}
	f.IsolateEnv(vars)
	f.Browser = w.Browser
	return f, Streams{In: in, Out: out, Err: errOut}
}

// SignIn puts a valid token for sso-session corp (and the legacy profile's start URL) in the
// token cache, as a login would.
func (w *World) SignIn(t testing.TB) {
	t.Helper()
	signed := emutest.SignIn(t, w.Env)
	cache := tokencache.Cache{Dir: tokencache.DefaultDir(w.Home.Dir)}
	tok := &tokencache.Token{StartURL: w.Env.StartURL, Region: w.Env.Region, AccessToken: signed.AccessToken,
		ExpiresAt: time.Now().Add(time.Duration(signed.ExpiresIn) * time.Second).UTC().Truncate(time.Second),
		ClientID:  signed.ClientID, ClientSecret: signed.ClientSecret,
		RegistrationExpiresAt: time.Now().Add(24 * time.Hour).UTC().Truncate(time.Second), RefreshToken: signed.RefreshToken}
	for _, session := range []string{"corp", ""} {
		if err := cache.SaveToken(session, w.Env.StartURL, tok); err != nil {
			t.Fatal(err)
		}
	}
}

// CredsCache is the home's ~/.aws/cli/cache.
func (w *World) CredsCache() creds.Cache {
	return creds.Cache{Dir: creds.DefaultCacheDir(w.Home.Dir)}
}

// DevKey is the credential cache key of profile dev.
func DevKey() string { return creds.Key(AccountID, RoleName, "corp", "") }

// Cached returns the cached credentials of profile dev, failing the test when there are none.
func (w *World) Cached(t testing.TB) *creds.Credentials {
	t.Helper()
	c, ok := w.CredsCache().Load(DevKey())
	if !ok {
		t.Fatal("no cached credentials for profile dev")
	}
	return c
}

// ProcessEnv is the environment of a child process of this world: the test process's
// environment without anything that would change what AWS tools see, plus Vars.
func (w *World) ProcessEnv(extra ...string) []string {
	env := testenv.CleanEnv()
	for k, v := range w.Vars() {
		env = append(env, k+"="+v)
	}
	return append(env, extra...)
}

// RunWithBinary is the body of a TestMain whose tests run the real binary: it compiles awsso
// into a temporary folder, points *bin at it, runs the tests and returns their exit code.
//
//	func TestMain(m *testing.M) { os.Exit(cmdtest.RunWithBinary(m, &awsso)) }
func RunWithBinary(m *testing.M, bin *string) int {
	dir, err := os.MkdirTemp("", "awsso-test-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, "build awsso:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	*bin = filepath.Join(dir, "awsso")
	cmd := exec.Command("go", "build", "-o", *bin, "github.com/awsso/awsso/cmd/awsso")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build awsso:", err)
		return 1
	}
	return m.Run()
}

// AppendConfig adds text, after a blank line, to the world's config file.
func AppendConfig(t testing.TB, w *World, text string) {
	t.Helper()
	f, err := os.OpenFile(w.Home.Config, os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		_, err = f.WriteString("\n" + text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		t.Fatal(err)
	}
}
