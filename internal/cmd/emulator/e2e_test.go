package emulator_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

var awsso string // the binary TestMain built

func TestMain(m *testing.M) { os.Exit(cmdtest.RunWithBinary(m, &awsso)) }

// running is an `awsso emulator` process and the variables it printed.
type running struct {
	vars   map[string]string
	lines  []string
	stderr *lockedBuffer
	stop   func() string // SIGTERM, wait for exit 0, return all of stderr
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startEmulator runs the binary and reads its stdout to the end: the emulator closes a piped
// stdout after the export lines. The process gets SIGTERM when the test ends and must exit 0.
func startEmulator(t *testing.T, args ...string) *running {
	t.Helper()
	cmd := exec.Command(awsso, append([]string{"emulator"}, args...)...)
	cmd.Env = testenv.CleanEnv()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	r := &running{vars: map[string]string{}, stderr: &lockedBuffer{}}
	cmd.Stderr = r.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r.stop = sync.OnceValue(func() string {
		cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			t.Errorf("awsso emulator after SIGTERM: %v\n%s", err, r.stderr)
		}
		if !strings.Contains(r.stderr.String(), "awsso emulator: stopped") {
			t.Errorf("no clean shutdown:\n%s", r.stderr)
		}
		return r.stderr.String()
	})
	t.Cleanup(func() { r.stop() })
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		r.lines = append(r.lines, line)
		kv, ok := strings.CutPrefix(line, "export ")
		k, v, ok2 := strings.Cut(kv, "=")
		if !ok || !ok2 {
			t.Fatalf("stdout line %q is not an export line", line)
		}
		r.vars[k] = v
	}
	if len(r.lines) == 0 || !strings.HasPrefix(r.lines[len(r.lines)-1], "export AWSSO_EMULATOR_REGION=") {
		t.Fatalf("stdout %q, stderr:\n%s", r.lines, r.stderr)
	}
	return r
}

// env is the process environment plus the variables the emulator printed.
func (r *running) env(extra ...string) []string {
	env := testenv.CleanEnv()
	for k, v := range r.vars {
		env = append(env, k+"="+v)
	}
	return append(env, extra...)
}

func (r *running) stats(t *testing.T) map[string]int {
	t.Helper()
	resp, err := http.Get(r.vars["AWSSO_EMULATOR_URL"] + "/_emulator/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s struct{ Calls map[string]int }
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		t.Fatal(err)
	}
	return s.Calls
}

func TestBinaryPrintsExportLines(t *testing.T) {
	t.Parallel()
	r := startEmulator(t, "--region", "eu-central-1")
	want := []string{"AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_SSO_OIDC", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SIGNIN", "AWSSO_EMULATOR_URL", "AWSSO_EMULATOR_START_URL",
		"AWS_CONFIG_FILE", "AWSSO_EMULATOR_REGION"}
	if len(r.lines) != len(want) {
		t.Fatalf("stdout %q", r.lines)
	}
	for i, k := range want {
		if !strings.HasPrefix(r.lines[i], "export "+k+"=") {
			t.Errorf("line %d = %q, want %s", i+1, r.lines[i], k)
		}
	}
	if r.vars["AWSSO_EMULATOR_REGION"] != "eu-central-1" {
		t.Errorf("region %q", r.vars["AWSSO_EMULATOR_REGION"])
	}
	if stderr := r.stop(); !strings.Contains(stderr, "[sso-session emulator]") {
		t.Errorf("no guide on stderr:\n%s", stderr)
	}
}

// TestAwssoWithExportedVariables signs in, asks STS and opens the console with nothing but the
// variables the emulator printed: the README's eval "$(awsso emulator ...)" recipe.
func TestAwssoWithExportedVariables(t *testing.T) {
	t.Parallel()
	r := startEmulator(t, "--auto-approve")
	home := testenv.TempHome(t)
	config := fmt.Sprintf("[sso-session emu]\nsso_start_url = %s\nsso_region = %s\n\n"+
		"[profile emu]\nsso_session = emu\nsso_account_id = 444455556666\nsso_role_name = ReadOnly\nregion = %[2]s\n",
		r.vars["AWSSO_EMULATOR_START_URL"], r.vars["AWSSO_EMULATOR_REGION"])
	if err := os.WriteFile(home.Config, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	env := r.env(home.Env()...)
	testenv.Run(t, env, awsso, "login", "--profile", "emu", "--use-device-code", "--no-browser")
	if out := testenv.Run(t, env, awsso, "whoami", "--profile", "emu", "--output", "json"); !strings.Contains(out, `"Account": "444455556666"`) {
		t.Errorf("whoami printed %s", out)
	}
	url := strings.TrimSpace(testenv.Run(t, env, awsso, "console", "--profile", "emu", "--print"))
	if !strings.HasPrefix(url, r.vars["AWS_ENDPOINT_URL_SIGNIN"]+"/federation?Action=login&") {
		t.Fatalf("console --print printed %q, want a login URL on the emulator", url)
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "444455556666") || !strings.Contains(string(page), "ReadOnly") {
		t.Errorf("the console login page (HTTP %d) does not name the account and role:\n%s", resp.StatusCode, page)
	}
}

func TestBoto3(t *testing.T) {
	t.Parallel()
	python := testenv.Python(t, false)
	r := startEmulator(t, "--accounts", "7")
	home := testenv.TempHome(t)
	out := testenv.Run(t, r.env(append(home.Env(), "EMU_USER=alice", "EMU_PASSWORD=correct-horse-battery-staple", "AWS_EC2_METADATA_DISABLED=true")...),
		python, filepath.Join("testdata", "boto3_flow.py"))
	var got struct {
		Pages, Accounts      int
		Roles                []string
		Account, Arn, UserID string
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("script output %q: %v", out, err)
	}
	if got.Pages != 4 || got.Accounts != 7 || len(got.Roles) < 2 || got.Account != "100000000001" ||
		!strings.HasPrefix(got.Arn, "arn:aws:sts::100000000001:assumed-role/AWSReservedSSO_"+got.Roles[0]+"_") {
		t.Errorf("boto3 saw %+v", got)
	}
	stats := r.stats(t)
	for op, want := range map[string]int{"CreateToken:device_code": 6, "CreateToken:authorization_code": 2, "CreateToken:refresh_token": 3,
		"ListAccounts": 6, "ListAccountRoles": 3, "GetRoleCredentials": 2, "GetCallerIdentity": 2, "Logout": 1, "Authorize": 1} {
		if stats[op] != want {
			t.Errorf("stats[%s] = %d, want %d (all: %v)", op, stats[op], want, stats)
		}
	}
}

func TestAWSCLIv2(t *testing.T) {
	t.Parallel()
	aws := testenv.AWSCLIv2(t)
	dataPath := t.TempDir()
	r := startEmulator(t, "--auto-approve", "--aws-data-path", dataPath)
	if r.vars["AWS_DATA_PATH"] != dataPath {
		t.Fatalf("AWS_DATA_PATH line %q, want %q", r.vars["AWS_DATA_PATH"], dataPath)
	}
	home := testenv.TempHome(t)
	config := fmt.Sprintf(`[sso-session emu]
sso_start_url = %s
sso_region = %s
sso_registration_scopes = sso:account:access

[profile emu]
sso_session = emu
sso_account_id = 444455556666
sso_role_name = ReadOnly
region = %[2]s
output = json
`, r.vars["AWSSO_EMULATOR_START_URL"], r.vars["AWSSO_EMULATOR_REGION"])
	if err := os.WriteFile(home.Config, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	// Only AWS_DATA_PATH reaches the CLI: 2.9.19 does not know the endpoint variables.
	env := append(testenv.CleanEnv(), home.Env()...)
	env = append(env, "AWS_DATA_PATH="+dataPath, "AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=")

	out := testenv.Run(t, env, aws, "sso", "login", "--profile", "emu", "--no-browser")
	if !strings.Contains(out, "Successfully logged into Start URL: "+r.vars["AWSSO_EMULATOR_START_URL"]) {
		t.Errorf("aws sso login said:\n%s", out)
	}
	tokens, _ := filepath.Glob(filepath.Join(home.AWSDir(), "sso", "cache", "*.json"))
	if len(tokens) == 0 {
		t.Fatal("no token cache after aws sso login")
	}

	var ident struct{ Account, Arn, UserId string }
	if err := json.Unmarshal([]byte(testenv.Run(t, env, aws, "sts", "get-caller-identity", "--profile", "emu")), &ident); err != nil {
		t.Fatal(err)
	}
	if ident.Account != "444455556666" || !strings.Contains(ident.Arn, ":assumed-role/AWSReservedSSO_ReadOnly_") || !strings.HasSuffix(ident.Arn, "/alice") {
		t.Errorf("identity %+v", ident)
	}

	testenv.Run(t, env, aws, "sso", "logout", "--profile", "emu")
	stats := r.stats(t)
	for op, want := range map[string]int{"RegisterClient": 1, "StartDeviceAuthorization": 1, "CreateToken:device_code": 1,
		"GetRoleCredentials": 1, "GetCallerIdentity": 1, "Logout": 1} {
		if stats[op] != want {
			t.Errorf("stats[%s] = %d, want %d (all: %v)", op, stats[op], want, stats)
		}
	}
	for _, f := range tokens {
		data, err := os.ReadFile(f)
		if err == nil && strings.Contains(string(data), "accessToken") {
			t.Errorf("%s still holds a token after aws sso logout", f)
		}
	}
}

func TestAWSCLIv2ConfigureSSO(t *testing.T) {
	t.Parallel()
	aws := testenv.AWSCLIv2(t)
	python := testenv.Python(t, false)
	dataPath := t.TempDir()
	r := startEmulator(t, "--auto-approve", "--aws-data-path", dataPath)
	home := testenv.TempHome(t)
	env := append(testenv.CleanEnv(), home.Env()...)
	env = append(env, "AWS_DATA_PATH="+dataPath, "AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=", "BROWSER=true", "TERM=dumb")
	start, region := r.vars["AWSSO_EMULATOR_START_URL"], r.vars["AWSSO_EMULATOR_REGION"]
	testenv.Run(t, env, python, filepath.Join("testdata", "aws_configure_sso.py"), aws, start, region, "wizard")
	config, err := os.ReadFile(home.Config)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[profile wizard]", "sso_session = emu", "sso_account_id = 111122223333", "sso_role_name = ", "[sso-session emu]", "sso_start_url = " + start} {
		if !strings.Contains(string(config), want) {
			t.Errorf("config lacks %q:\n%s", want, config)
		}
	}
	if stats := r.stats(t); stats["ListAccounts"] == 0 || stats["ListAccountRoles"] == 0 {
		t.Errorf("the wizard did not list accounts and roles: %v", stats)
	}
	testenv.Run(t, env, aws, "sts", "get-caller-identity", "--profile", "wizard")
}
