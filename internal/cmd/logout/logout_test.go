package logout

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/browser"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/testsupport/emutest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
	"github.com/awsso/awsso/internal/tokencache"
)

const config = `[sso-session corp]
sso_start_url = %[1]s
sso_region = %[2]s
sso_registration_scopes = sso:account:access

[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly

[profile stage]
sso_session = corp
sso_account_id = 444455556666
sso_role_name = AdministratorAccess

[profile old]
sso_start_url = %[1]s
sso_region = %[2]s
sso_account_id = 777788889999
sso_role_name = PowerUserAccess
`

type fixture struct {
	env   *emutest.Env
	home  testenv.Home
	extra map[string]string
}

func (fx *fixture) factory() (*cmdutil.Factory, *bytes.Buffer) {
	ios, _, _, errOut := iostreams.Test()
	f := cmdutil.NewFactory(ios, "test")
	vars := map[string]string{"AWS_ENDPOINT_URL": fx.env.URL}
	for k, v := range fx.extra {
		vars[k] = v
	}
	f.LookupEnv = fx.home.Lookup(vars)
	f.Browser = &browser.Stub{OnOpen: func(u string) error {
		go func() {
			if resp, err := http.Get(u); err == nil {
				resp.Body.Close()
			}
		}()
		return nil
	}}
	return f, errOut
}

// newFixture logs in to corp and the legacy start URL and caches role credentials for dev,
// stage and old, plus an assume-role credential file that is not awsso's.
func newFixture(t *testing.T) *fixture {
	fx := &fixture{env: emutest.Start(t, emutest.AutoApprove), home: testenv.TempHome(t)}
	os.WriteFile(fx.home.Config, []byte(fmt.Sprintf(config, fx.env.StartURL, fx.env.Region)), 0o600)
	f, _ := fx.factory()
	cfg, _ := f.Config()
	r, _ := f.Resolver()
	provider := r.RoleProvider(resolver.Client{})
	for _, name := range []string{"dev", "old", "stage"} {
		s, err := cfg.ResolveSSO(name)
		if err != nil {
			t.Fatal(err)
		}
		if name != "stage" {
			if _, err := f.Login(context.Background(), s, cmdutil.LoginFlags{}, cmdutil.LoginOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := provider.Get(context.Background(), resolver.RoleOf(s)); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(creds.DefaultCacheDir(fx.home.Dir), "assume-role.json"),
		[]byte(`{"Credentials": {"AccessKeyId": "A", "SecretAccessKey": "S", "SessionToken": "T", "Expiration": "2099-01-01T00:00:00Z"}}`), 0o600)
	return fx
}

// logout runs the command with args and a revoke timeout, and returns its stderr.
func (fx *fixture) logout(t *testing.T, timeout time.Duration, args ...string) string {
	t.Helper()
	f, errOut := fx.factory()
	cmd := NewCmdLogout(f, func(ctx context.Context, o *LogoutOptions) error {
		o.Timeout = timeout
		return logoutRun(ctx, o)
	})
	cmd.Flags().StringVar(&f.ProfileFlag, "profile", "", "")
	cmd.SetArgs(append([]string{}, args...))
	cmd.SetOut(errOut)
	cmd.SetErr(errOut)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("logout %v: %v\n%s", args, err, errOut)
	}
	return errOut.String()
}

// files lists the names of the cache files left, with "token"/"sso" marks.
func (fx *fixture) left(t *testing.T) (tokens, ssoCreds, others int) {
	t.Helper()
	for _, dir := range []string{tokencache.DefaultDir(fx.home.Dir), creds.DefaultCacheDir(fx.home.Dir)} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, file := range files {
			data, _ := os.ReadFile(file)
			switch {
			case bytes.Contains(data, []byte(`"accessToken"`)):
				tokens++
			case bytes.Contains(data, []byte(`"ProviderType": "sso"`)):
				ssoCreds++
			default:
				others++ // registrations, the assume-role file
			}
		}
	}
	return tokens, ssoCreds, others
}

func TestLogout(t *testing.T) {
	tests := []struct {
		name                string
		args                []string
		wantTokens, wantSSO int
		wantStderr          []string
		wantLogoutCalls     int
	}{
		{name: "every session", wantTokens: 0, wantSSO: 0, wantLogoutCalls: 2,
			wantStderr: []string{"Logged out of sso-session corp: signed out at the portal.", "Deleted 2 token files and 3 cached role credentials; client registrations stay."}},
		{name: "one sso-session", args: []string{"--sso-session", "corp"}, wantTokens: 1, wantSSO: 1, wantLogoutCalls: 1,
			wantStderr: []string{"Logged out of sso-session corp: signed out at the portal.", "Deleted 1 token file and 2 cached role credentials;"}},
		{name: "a profile's session", args: []string{"--profile", "stage"}, wantTokens: 1, wantSSO: 1, wantLogoutCalls: 1,
			wantStderr: []string{"Logged out of sso-session corp"}},
		{name: "legacy profile", args: []string{"--profile", "old"}, wantTokens: 1, wantSSO: 2, wantLogoutCalls: 1,
			wantStderr: []string{"Logged out of start URL ", "Deleted 1 token file and 1 cached role credential;"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture(t)
			if tokens, sso, _ := fx.left(t); tokens != 2 || sso != 3 {
				t.Fatalf("fixture: %d tokens, %d role credentials", tokens, sso)
			}
			fx.env.Server.ResetStats()
			stderr := fx.logout(t, 0, tt.args...)
			for _, want := range tt.wantStderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			tokens, sso, others := fx.left(t)
			if tokens != tt.wantTokens || sso != tt.wantSSO || others != 3 { // 2 registrations and the assume-role file stay
				t.Errorf("left %d tokens, %d SSO role credentials, %d other files; want %d, %d, 3", tokens, sso, others, tt.wantTokens, tt.wantSSO)
			}
			if got := fx.env.Server.Stats()["Logout"]; got != tt.wantLogoutCalls {
				t.Errorf("Logout calls %d, want %d", got, tt.wantLogoutCalls)
			}
		})
	}
}

func TestLogoutNothingToDo(t *testing.T) {
	fx := newFixture(t)
	fx.logout(t, 0)
	if stderr := fx.logout(t, 0); !strings.Contains(stderr, "No cached tokens: nothing to sign out of.") {
		t.Errorf("second logout:\n%s", stderr)
	}
	if stderr := fx.logout(t, 0, "--sso-session", "corp"); !strings.Contains(stderr, "Not logged in to sso-session corp") {
		t.Errorf("logout of a session signed out:\n%s", stderr)
	}
}

// TestLogoutDeadPortal: a portal that never answers holds logout up for the timeout only; the
// files are deleted and logout says the token stays valid at AWS.
func TestLogoutDeadPortal(t *testing.T) {
	fx := newFixture(t)
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer hang.Close()
	fx.extra = map[string]string{"AWS_ENDPOINT_URL_SSO": hang.URL}
	done := make(chan string, 1)
	go func() { done <- fx.logout(t, 300*time.Millisecond) }()
	var stderr string
	select {
	case stderr = <-done:
	case <-time.After(time.Minute):
		t.Fatal("logout hangs on a portal that never answers")
	}
	if strings.Count(stderr, "on this machine only: sign out at the access portal: no answer within 300ms") != 2 ||
		!strings.Contains(stderr, "the token stays valid at AWS until") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if tokens, sso, _ := fx.left(t); tokens != 0 || sso != 0 {
		t.Errorf("left %d tokens and %d role credentials", tokens, sso)
	}
}

// TestLogoutNetworkDown: a portal nothing answers at is said in the one line every command
// uses for a network failure, with its hint once, never the SDK's text; the files go anyway.
func TestLogoutNetworkDown(t *testing.T) {
	fx := newFixture(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	fx.extra = map[string]string{"AWS_ENDPOINT_URL_SSO": dead}
	stderr := fx.logout(t, 0)
	want := "on this machine only: sign out at the access portal: the connection was refused: nothing answers at " + ln.Addr().String() + "\n"
	if strings.Count(stderr, want) != 2 || strings.Count(stderr, "hint: check your network connection") != 1 {
		t.Errorf("stderr lacks the network line twice and its hint once:\n%s", stderr)
	}
	for _, raw := range []string{"operation error", "StatusCode", "RequestID", "dial tcp"} {
		if strings.Contains(stderr, raw) {
			t.Errorf("stderr shows the SDK's text %q:\n%s", raw, stderr)
		}
	}
	if tokens, sso, _ := fx.left(t); tokens != 0 || sso != 0 {
		t.Errorf("left %d tokens and %d role credentials", tokens, sso)
	}
}
