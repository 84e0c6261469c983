package login_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/app"
	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/browser"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/testsupport/emutest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
	"github.com/awsso/awsso/internal/tokencache"
)

// world is an emulator, an isolated home whose config points at it, and a browser stub.
type world struct {
	t    testing.TB
	env  *emutest.Env
	home testenv.Home
	stub *browser.Stub
	// debug collects the stderr of every in-process run, for the secrets test.
	mu  sync.Mutex
	all bytes.Buffer
}

// configTemplate has an sso-session with two profiles, a profile that only signs in (no role),
// and a legacy profile on the same start URL.
const configTemplate = `[sso-session corp]
sso_start_url = %[1]s
sso_region = %[2]s
sso_registration_scopes = sso:account:access

[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = %[2]s

[profile stage]
sso_session = corp
sso_account_id = 444455556666
sso_role_name = AdministratorAccess
region = %[2]s

[profile signin-only]
sso_session = corp

[profile old]
sso_start_url = %[1]s
sso_region = %[2]s
sso_account_id = 777788889999
sso_role_name = PowerUserAccess
region = %[2]s
`

func newWorld(t testing.TB, opts ...func(*emulator.Options)) *world {
	t.Helper()
	opts = append([]func(*emulator.Options){func(o *emulator.Options) { o.Interval = 200 * time.Millisecond }}, opts...)
	w := &world{t: t, env: emutest.Start(t, opts...), home: testenv.TempHome(t)}
	w.stub = &browser.Stub{OnOpen: follow}
	config := fmt.Sprintf(configTemplate, w.env.StartURL, w.env.Region)
	if err := os.WriteFile(w.home.Config, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return w
}

// follow plays an auto-approving browser: the emulator redirects /authorize straight to the
// loopback callback.
func follow(u string) error {
	go func() {
		if resp, err := http.Get(u); err == nil {
			resp.Body.Close()
		}
	}()
	return nil
}

func (w *world) lookup() func(string) (string, bool) {
	return w.home.Lookup(map[string]string{"AWS_ENDPOINT_URL": w.env.URL})
}

func (w *world) factory() (*cmdutil.Factory, *bytes.Buffer, *bytes.Buffer) {
	ios, _, out, errOut := iostreams.Test()
	f := cmdutil.NewFactory(ios, "test")
	f.LookupEnv = w.lookup()
	f.Browser = w.stub
	return f, out, errOut
}

// run runs awsso in-process, as the binary would.
func (w *world) run(args ...string) (code int, stdout, stderr string) {
	w.t.Helper()
	f, out, errOut := w.factory()
	code = app.Run(context.Background(), f, args)
	w.mu.Lock()
	fmt.Fprintf(&w.all, "$ awsso %s\n%s%s", strings.Join(args, " "), out, errOut)
	w.mu.Unlock()
	return code, out.String(), errOut.String()
}

// mustRun runs awsso in-process and fails the test unless it exits 0.
func (w *world) mustRun(args ...string) string {
	w.t.Helper()
	code, out, errOut := w.run(args...)
	if code != 0 {
		w.t.Fatalf("awsso %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func (w *world) cache() tokencache.Cache {
	return tokencache.Cache{Dir: tokencache.DefaultDir(w.home.Dir)}
}

// token returns the cached token of sso-session corp.
func (w *world) token() *tokencache.Token {
	w.t.Helper()
	tok, err := w.cache().LoadToken("corp", "")
	if err != nil {
		w.t.Fatalf("no token for corp: %v", err)
	}
	return tok
}

// vars is the environment of a child process: clean, the home, the emulator's endpoints.
func (w *world) vars(extra ...string) []string {
	env := append(testenv.CleanEnv(), w.home.Env()...)
	env = append(env, w.env.Vars()...)
	return append(env, extra...)
}

var (
	buildOnce sync.Once
	binPath   string
	binDir    string
	buildErr  error
)

// awssoBinary builds cmd/awsso once per test run, into a folder TestMain removes.
func awssoBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "awsso-login-e2e-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "awsso")
		if out, err := exec.Command("go", "build", "-o", binPath, "github.com/awsso/awsso/cmd/awsso").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// runBinary runs the awsso binary with the world's environment.
func (w *world) runBinary(args ...string) (code int, stdout, stderr string) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, awssoBinary(w.t), args...)
	cmd.Env = w.vars()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errOut.String()
	}
	if err != nil {
		w.t.Fatalf("run awsso: %v", err)
	}
	return 0, out.String(), errOut.String()
}

func roleOf(s *awsconfig.SSO) creds.Role { return resolver.RoleOf(s) }
