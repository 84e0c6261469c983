// Package testenv gives tests an isolated AWS home and finds the external peers (AWS CLI v2,
// boto3, Chromium, tmux) that interop tests drive. A missing peer skips the test with the reason
// on a laptop and fails it under CI=true, so CI can never pass by skipping.
package testenv

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Home is an isolated home folder for one test, with the AWS files inside it.
type Home struct {
	Dir         string // the home folder
	Config      string // $AWS_CONFIG_FILE
	Credentials string // $AWS_SHARED_CREDENTIALS_FILE
}

// AWSDir is Dir/.aws.
func (h Home) AWSDir() string { return filepath.Join(h.Dir, ".aws") }

// Env returns the environment variables that point tools at this home, for child processes.
func (h Home) Env() []string {
	return []string{
		"HOME=" + h.Dir,
		"USERPROFILE=" + h.Dir,
		"AWS_CONFIG_FILE=" + h.Config,
		"AWS_SHARED_CREDENTIALS_FILE=" + h.Credentials,
	}
}

// Lookup is an environment lookup function that answers the Home's variables and nothing
// else, for a cmdutil.Factory in tests.
func (h Home) Lookup(extra map[string]string) func(string) (string, bool) {
	vars := map[string]string{}
	for _, kv := range h.Env() {
		for i := range len(kv) {
			if kv[i] == '=' {
				vars[kv[:i]] = kv[i+1:]
				break
			}
		}
	}
	for k, v := range extra {
		vars[k] = v
	}
	return func(key string) (string, bool) { v, ok := vars[key]; return v, ok }
}

// NewHome makes a temporary home for t and points HOME, AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE of this process at it for the test's duration (so the test cannot
// run in parallel with others that do the same). AWS_PROFILE and the endpoint variables are
// cleared so the developer's own settings cannot leak in.
func NewHome(t testing.TB) Home {
	t.Helper()
	h := newHome(t)
	for _, kv := range h.Env() {
		for i := range len(kv) {
			if kv[i] == '=' {
				t.Setenv(kv[:i], kv[i+1:])
				break
			}
		}
	}
	for _, key := range clearedVars {
		t.Setenv(key, "")
		os.Unsetenv(key)
	}
	return h
}

// TempHome makes a temporary home without touching this process's environment; pass Env() to
// child processes or Lookup() to a Factory. Safe in parallel tests.
func TempHome(t testing.TB) Home {
	t.Helper()
	return newHome(t)
}

func newHome(t testing.TB) Home {
	dir := t.TempDir()
	aws := filepath.Join(dir, ".aws")
	if err := os.Mkdir(aws, 0o700); err != nil {
		t.Fatal(err)
	}
	return Home{Dir: dir, Config: filepath.Join(aws, "config"), Credentials: filepath.Join(aws, "credentials")}
}

// clearedVars are the variables of the developer's shell that would change what a test sees.
var clearedVars = []string{
	"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_DEFAULT_OUTPUT",
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_SSO_OIDC", "AWS_ENDPOINT_URL_STS",
	"AWS_DATA_PATH", "AWS_CA_BUNDLE", "AWSSO_BROWSER", "BROWSER",
}

// CleanEnv returns os.Environ() without the variables that would change what a child process
// sees (AWS_PROFILE, credentials, endpoints, HOME), for building a child's environment.
func CleanEnv() []string {
	drop := map[string]bool{"HOME": true, "USERPROFILE": true, "AWS_CONFIG_FILE": true, "AWS_SHARED_CREDENTIALS_FILE": true}
	for _, k := range clearedVars {
		drop[k] = true
	}
	var env []string
	for _, kv := range os.Environ() {
		key := kv
		for i := range len(kv) {
			if kv[i] == '=' {
				key = kv[:i]
				break
			}
		}
		if !drop[key] {
			env = append(env, kv)
		}
	}
	return env
}

// InCI reports whether the tests run in CI, where a missing peer is a failure.
func InCI() bool { return os.Getenv("CI") == "true" }

// Missing ends the test because a peer it needs is missing: a skip with the reason on a laptop,
// a failure in CI.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if InCI() {
		t.Fatalf("CI=true and "+format+" (install it with scripts/install-test-deps)", args...)
	}
	t.Skipf("SKIP (missing peer): "+format+"; scripts/install-test-deps installs it", args...)
}

// LookPath returns the path of an executable, or ends the test through Missing.
func LookPath(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "%s is not installed", name)
	}
	return path
}

// AWSCLIv2 returns the path of Debian's AWS CLI v2 (/usr/bin/aws, or $AWSSO_TEST_AWSCLI_V2).
// The aws on PATH may be the AWS CLI v1 from pip, so it is not used.
func AWSCLIv2(t testing.TB) string {
	t.Helper()
	path := os.Getenv("AWSSO_TEST_AWSCLI_V2")
	if path == "" {
		path = "/usr/bin/aws"
	}
	out, err := exec.Command(path, "--version").CombinedOutput()
	if err != nil || len(out) < 9 || string(out[:9]) != "aws-cli/2" {
		Missing(t, "the AWS CLI v2 is not at %s (apt-get install awscli)", path)
	}
	return path
}

// Python returns the path of a python3 that can import boto3 (and, with cliV1, the AWS CLI
// v1 module awscli), or ends the test through Missing.
func Python(t testing.TB, cliV1 bool) string {
	t.Helper()
	path := LookPath(t, "python3")
	script := "import boto3"
	if cliV1 {
		script += "; import awscli"
	}
	if out, err := exec.Command(path, "-c", script).CombinedOutput(); err != nil {
		Missing(t, "python3 cannot %s: %s", script, out)
	}
	return path
}

// Chromium returns the path of a Chromium or Chrome binary ($AWSSO_TEST_CHROMIUM, else the
// first of chromium, chromium-browser, google-chrome on PATH).
func Chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("AWSSO_TEST_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	Missing(t, "chromium is not installed (apt-get install chromium)")
	return ""
}

// Run runs a program (awsso, python3, the AWS CLI) with env as its whole environment and returns
// its stdout, failing the test with both outputs unless it exits 0 within 3 minutes.
func Run(t testing.TB, env []string, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", filepath.Base(name), strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}
