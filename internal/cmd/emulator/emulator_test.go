package emulator

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/cmdutil"
	emu "github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

func TestNewCmdEmulatorFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		wantErr string
		check   func(*testing.T, *EmulatorOptions)
	}{
		{"defaults", nil, "", func(t *testing.T, o *EmulatorOptions) {
			if o.Addr != "127.0.0.1:0" || o.TokenTTL != time.Hour || o.SessionTTL != 8*time.Hour || o.CredentialsTTL != time.Hour || o.AutoApprove {
				t.Errorf("%+v", o)
			}
		}},
		{"every flag", []string{"--addr", "127.0.0.1:9999", "--accounts", "50", "--auto-approve", "--token-ttl", "5m", "--credentials-ttl", "10m",
			"--latency", "20ms", "--error-rate", "0.5", "--throttle", "3", "--aws-data-path", "/tmp/x", "--region", "eu-west-2", "--session-ttl", "2h"}, "",
			func(t *testing.T, o *EmulatorOptions) {
				want := EmulatorOptions{Addr: "127.0.0.1:9999", Accounts: 50, AutoApprove: true, TokenTTL: 5 * time.Minute, SessionTTL: 2 * time.Hour,
					CredentialsTTL: 10 * time.Minute, Latency: 20 * time.Millisecond, ErrorRate: 0.5, Throttle: 3, AWSDataPath: "/tmp/x", Region: "eu-west-2",
					accountsGiven: true}
				o.IO = nil
				if !reflect.DeepEqual(*o, want) {
					t.Errorf("%+v\nwant %+v", *o, want)
				}
			}},
		{"org and accounts", []string{"--org", "x.yaml", "--accounts", "3"}, "if any flags in the group [org accounts] are set none of the others can be", nil},
		{"error rate above 1", []string{"--error-rate", "1.5"}, "--error-rate must be between 0 and 1", nil},
		{"negative throttle", []string{"--throttle", "-1"}, "--throttle must be", nil},
		{"zero ttl", []string{"--token-ttl", "0s"}, "must be positive", nil},
		{"arguments", []string{"extra"}, "unknown command", nil},
		{"zero accounts", []string{"--accounts", "0"}, "--accounts must be between 1 and 100000", nil},
		{"region with a command in it", []string{"--region", "us-east-1; echo PWNED"}, `invalid --region "us-east-1; echo PWNED"`, nil},
		{"relative data path", []string{"--aws-data-path", "rules"}, "", func(t *testing.T, o *EmulatorOptions) {
			if !filepath.IsAbs(o.AWSDataPath) || filepath.Base(o.AWSDataPath) != "rules" {
				t.Errorf("AWS_DATA_PATH %q, want an absolute path: the AWS CLI reads it from any folder", o.AWSDataPath)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			var got *EmulatorOptions
			cmd := NewCmdEmulator(&cmdutil.Factory{IOStreams: ios}, func(_ context.Context, o *EmulatorOptions) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			cmd.SetOut(io.Discard)
			cmd.SetErr(io.Discard)
			err := cmd.Execute()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, got)
		})
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// exportRe matches the stdout lines, in order.
var exportRe = regexp.MustCompile(`^export AWS_ENDPOINT_URL_SSO=(http://127\.0\.0\.1:\d+)
export AWS_ENDPOINT_URL_SSO_OIDC=(http://127\.0\.0\.1:\d+)
export AWS_ENDPOINT_URL_STS=(http://127\.0\.0\.1:\d+)
export AWS_ENDPOINT_URL_SIGNIN=(http://127\.0\.0\.1:\d+)
export AWSSO_EMULATOR_URL=(http://127\.0\.0\.1:\d+)
export AWSSO_EMULATOR_START_URL=https://d-[0-9a-z]{10}\.awsapps\.com/start
export AWS_CONFIG_FILE=(/.+/awsso-emulator-[^/]+/config)
(export AWS_DATA_PATH=.+
)?export AWSSO_EMULATOR_REGION=[a-z0-9-]+
$`)

func TestEmulatorRun(t *testing.T) {
	t.Parallel()
	ios, _, _, _ := iostreams.Test()
	outR, outW := io.Pipe()
	errOut := &syncBuffer{}
	ios.Out, ios.ErrOut = outW, errOut
	opts := &EmulatorOptions{IO: ios, Addr: "127.0.0.1:0", Accounts: 5, TokenTTL: time.Hour, SessionTTL: time.Hour, CredentialsTTL: time.Hour,
		AWSDataPath: t.TempDir(), Debug: true}
	started := make(chan *emu.Server, 1)
	opts.Started = func(s *emu.Server) { started <- s }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- emulatorRun(ctx, opts) }()

	var out strings.Builder
	sc := bufio.NewScanner(outR)
	for sc.Scan() {
		out.WriteString(sc.Text() + "\n")
		if strings.HasPrefix(sc.Text(), "export AWSSO_EMULATOR_REGION=") {
			break
		}
	}
	m := exportRe.FindStringSubmatch(out.String())
	if m == nil || m[1] != m[2] || m[1] != m[3] || m[1] != m[4] || m[1] != m[5] {
		t.Fatalf("stdout:\n%s", out.String())
	}
	srv := <-started
	resp, err := http.Get(m[1] + "/_emulator/stats")
	if err != nil {
		t.Fatalf("the emulator does not answer once the last line is out: %v", err)
	}
	resp.Body.Close()
	if len(srv.Org().Accounts) != 5 {
		t.Errorf("%d accounts, want 5", len(srv.Org().Accounts))
	}
	config, err := os.ReadFile(m[6])
	wantConfig := "[sso-session emulator]\nsso_start_url = " + srv.StartURL() + "\nsso_region = " + srv.Region() +
		"\nsso_registration_scopes = sso:account:access\n\n[profile emulator]\nsso_session = emulator\nsso_account_id = 100000000001\n" +
		"sso_role_name = AdministratorAccess\nregion = " + srv.Region() + "\n"
	if err != nil || string(config) != wantConfig {
		t.Errorf("the config AWS_CONFIG_FILE names (%v):\n%s\nwant:\n%s", err, config, wantConfig)
	}
	if st, err := os.Stat(filepath.Dir(m[6])); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("the config's folder: %v %v", st.Mode(), err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run after cancel: %v", err)
	}
	if _, err := os.Stat(filepath.Dir(m[6])); err == nil {
		t.Errorf("the config's folder outlived the emulator")
	}
	guide := errOut.String()
	for _, want := range []string{"[sso-session emulator]", "sso_start_url = " + srv.StartURL(), "user alice, password " + srv.DefaultUser().Password,
		"AWS_CONFIG_FILE at " + m[6], "[profile emulator]\nsso_session = emulator\nsso_account_id = 100000000001\nsso_role_name = AdministratorAccess\n", "AWS_DATA_PATH=" + opts.AWSDataPath + " lets AWS CLI v2 releases before 2.13 (Debian's 2.9.19 among them) reach it too.",
		"emulator: GET /_emulator/stats", "awsso emulator: stopped"} {
		if !strings.Contains(guide, want) {
			t.Errorf("stderr lacks %q:\n%s", want, guide)
		}
	}
}

// TestExportLinesAreSafeToEval evaluates the export lines in a real shell, with an IPv6 URL
// (glob characters) and a data path full of shell syntax: exactly the printed variables come
// out, with exactly their values, and nothing runs.
func TestExportLinesAreSafeToEval(t *testing.T) {
	t.Parallel()
	sh := testenv.LookPath(t, "sh")
	srv := emu.New(emu.Options{Region: "eusc-de-east-1"})
	url := "http://[::1]:41234"
	dataPath := "/tmp/a b'$(touch pwned)`touch pwned`;*"
	configFile := "/tmp/c d'$(touch pwned)/config"
	lines := exportLines(srv, url, configFile, dataPath)
	dir := t.TempDir()
	cmd := exec.Command(sh, "-c", `eval "$1" && env`, "sh", lines)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("eval failed: %v\n%s", err, lines)
	}
	got := map[string]string{}
	for _, kv := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, "AWS") { // AWS_ and AWSSO_
			got[k] = v
		}
	}
	want := map[string]string{"AWS_ENDPOINT_URL_SSO": url, "AWS_ENDPOINT_URL_SSO_OIDC": url, "AWS_ENDPOINT_URL_STS": url, "AWS_ENDPOINT_URL_SIGNIN": url,
		"AWSSO_EMULATOR_URL": url, "AWSSO_EMULATOR_START_URL": srv.StartURL(), "AWS_CONFIG_FILE": configFile, "AWS_DATA_PATH": dataPath, "AWSSO_EMULATOR_REGION": "eusc-de-east-1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the shell got\n%v\nwant\n%v\nfrom\n%s", got, want, lines)
	}
	if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
		t.Error("evaluating the lines ran a command")
	}
}

func TestEmulatorRunErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts EmulatorOptions
		want string
	}{
		{"public address", EmulatorOptions{Addr: "0.0.0.0:0"}, "not a loopback address"},
		{"missing org", EmulatorOptions{Addr: "127.0.0.1:0", OrgFile: "testdata/nope.yaml"}, "read organisation"},
		{"bad org", EmulatorOptions{Addr: "127.0.0.1:0", OrgFile: "testdata/bad-org.yaml"}, `user "mallory" is not under users`},
		{"org with a hostile region", EmulatorOptions{Addr: "127.0.0.1:0", OrgFile: "testdata/hostile-region-org.yaml"}, `region "us-east-1; echo PWNED" is not an AWS region name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			tt.opts.IO = ios
			err := emulatorRun(context.Background(), &tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
			if len(cmdutil.HintsOf(err)) == 0 {
				t.Error("no hint")
			}
		})
	}
}
