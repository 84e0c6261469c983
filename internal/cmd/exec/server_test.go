package exec_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/cmd/exec"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// TestServerEnvironment: with --server the command gets the server's URL and token and the
// region, and no key nor any variable that the SDKs would read before the server; the server
// is gone once the command has ended.
func TestServerEnvironment(t *testing.T) {
	skipWithoutSh(t)
	w := cmdtest.New(t)
	w.SignIn(t)
	env := map[string]string{"AWS_PROFILE": "dev", "AWS_DEFAULT_PROFILE": "dev", "AWS_ACCESS_KEY_ID": "AKIASTALE", "AWS_SECRET_ACCESS_KEY": "stale",
		"AWS_SESSION_TOKEN": "stale", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/x", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": "/tmp/x",
		"AWS_WEB_IDENTITY_TOKEN_FILE": "/tmp/y", "AWS_ROLE_ARN": "arn:aws:iam::1:role/x", "KEEP": "me"}
	for _, flag := range []string{"--server", "--ecs-server"} {
		code, s := run(w, env, "", "exec", flag, "--", "env")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", flag, code, s.Err)
		}
		got := map[string]string{}
		for _, line := range strings.Split(strings.TrimSpace(s.Out.String()), "\n") {
			k, v, _ := strings.Cut(line, "=")
			got[k] = v
		}
		url, token := got["AWS_CONTAINER_CREDENTIALS_FULL_URI"], got["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
		if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/profiles/dev") || len(token) < 22 {
			t.Errorf("%s: URL %q, token of %d characters", flag, url, len(token))
		}
		for k, v := range map[string]string{"AWS_REGION": cmdtest.Region, "AWS_DEFAULT_REGION": cmdtest.Region, exec.NestedVar: "dev", "KEEP": "me"} {
			if got[k] != v {
				t.Errorf("%s: %s = %q, want %q", flag, k, got[k], v)
			}
		}
		for k := range env {
			if _, ok := got[k]; ok && k != "KEEP" {
				t.Errorf("%s: %s survived", flag, k)
			}
		}
		if _, ok := got["AWS_CREDENTIAL_EXPIRATION"]; ok {
			t.Errorf("%s: AWS_CREDENTIAL_EXPIRATION set", flag)
		}
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			t.Errorf("%s: the server still answers after the command ended", flag)
		}
	}
}

// TestServerTokenNeverPrinted: --debug says where the server is, never its token.
func TestServerTokenNeverPrinted(t *testing.T) {
	skipWithoutSh(t)
	w := cmdtest.New(t)
	w.SignIn(t)
	code, s := run(w, nil, "", "--debug", "exec", "--server", "--profile", "dev", "--", "sh", "-c", `printf %s "$AWS_CONTAINER_AUTHORIZATION_TOKEN"`)
	token := s.Out.String()
	if code != 0 || len(token) < 22 {
		t.Fatalf("exit %d, token %q: %s", code, token, s.Err)
	}
	if strings.Contains(s.Err.String(), token) || !strings.Contains(s.Err.String(), "token <redacted>") {
		t.Errorf("stderr:\n%s", s.Err)
	}
}

// TestServerRefusesAShadowingDefault: a default profile with credentials of its own would win
// over the server in every SDK; --server refuses rather than run the command as another role.
func TestServerRefusesAShadowingDefault(t *testing.T) {
	skipWithoutSh(t)
	w := cmdtest.New(t)
	w.SignIn(t)
	cmdtest.AppendConfig(t, w, "[default]\nregion = us-east-1\ncredential_process = /bin/false\n")
	marker := filepath.Join(t.TempDir(), "ran")
	code, s := run(w, nil, "", "exec", "--server", "--profile", "dev", "--", "touch", marker)
	if code != 1 || !strings.Contains(s.Err.String(), "error: the default profile has credentials of its own (credential_process at ~/.aws/config:") ||
		!strings.Contains(s.Err.String(), "hint: run without --server") {
		t.Errorf("exit %d, stderr:\n%s", code, s.Err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the command ran")
	}
	if code, s := run(w, nil, "", "exec", "--profile", "dev", "--", "true"); code != 0 {
		t.Errorf("without --server: exit %d: %s", code, s.Err)
	}
}

func TestServerNotLoggedInRunsNothing(t *testing.T) {
	skipWithoutSh(t)
	w := cmdtest.New(t)
	marker := filepath.Join(t.TempDir(), "ran")
	code, s := run(w, nil, "", "exec", "--server", "--profile", "dev", "--", "touch", marker)
	if code != 2 || !strings.Contains(s.Err.String(), "hint: run: awsso login --sso-session corp") {
		t.Errorf("exit %d, stderr %q", code, s.Err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the command ran without credentials")
	}
}

// TestServerServesAChain: exec --server serves a role chain rooted at IAM Identity Center to
// the command, boto3 here, which gets the assumed role without a key in its environment.
func TestServerServesAChain(t *testing.T) {
	python := testenv.Python(t, false)
	w := cmdtest.New(t)
	w.SignIn(t)
	cmdtest.AppendConfig(t, w, "[profile chain]\nrole_arn = arn:aws:iam::444455556666:role/Deploy\nsource_profile = dev\nrole_session_name = exec\nregion = eu-west-1\n")
	const script = `import boto3, os; s = boto3.Session(); print(s.get_credentials().method, "AWS_ACCESS_KEY_ID" in os.environ, s.client("sts").get_caller_identity()["Arn"])`
	code, s := run(w, nil, "", "exec", "--server", "--profile", "chain", "--", python, "-c", script)
	if want := "container-role False arn:aws:sts::444455556666:assumed-role/Deploy/exec"; code != 0 || strings.TrimSpace(s.Out.String()) != want {
		t.Errorf("exit %d, printed %q, want %q; stderr:\n%s", code, s.Out, want, s.Err)
	}
}
