package shell_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// TestToolsAfterUse: in a bash with the shell function, after `awsso use dev` and after `awsso
// use dev --export`, boto3 and the AWS CLI v2 reach the emulator as dev without a --profile
// flag, although another tool's stale keys were in the environment before (had use left them,
// STS would refuse their signature).
func TestToolsAfterUse(t *testing.T) {
	python := testenv.Python(t, false)
	aws := testenv.AWSCLIv2(t)
	bash := testenv.LookPath(t, "bash")
	w, env := world(t)
	env = append(env, "AWS_DATA_PATH="+w.Env.DataPath(t), "PYTHON="+python, "AWSCLI="+aws) // AWS_DATA_PATH: the CLI v2 2.9 predates the endpoint variables
	script := `set -e
eval "$(awsso shell-init bash)"
tools() {
  "$PYTHON" -c 'import boto3; s = boto3.Session(); print(s.get_credentials().method, s.client("sts").get_caller_identity()["Arn"])'
  "$AWSCLI" sts get-caller-identity --output text --query Arn
}
awsso use dev
tools
awsso use dev --export
tools
`
	out := strings.Split(strings.TrimSpace(testenv.Run(t, env, bash, "--norc", "--noprofile", "-c", script)), "\n")
	want := []string{"sso ", "", "env ", ""}
	if len(out) != len(want) {
		t.Fatalf("printed:\n%s", strings.Join(out, "\n"))
	}
	for i, line := range out {
		if !strings.HasPrefix(line, want[i]) || !strings.Contains(line, ":assumed-role/AWSReservedSSO_ReadOnly_") {
			t.Errorf("line %d: %q, want %q and dev's role", i, line, want[i])
		}
	}
}

// TestShellInitLoadsQuietly evaluates each shell's rc line in a bare shell (zsh without its
// completion system loaded, bash without bash-completion): nothing on stderr, and the functions
// are there.
func TestShellInitLoadsQuietly(t *testing.T) {
	_, env := world(t)
	for _, tt := range []struct {
		shell  string
		args   []string
		script string
	}{
		{"bash", []string{"--norc", "--noprofile", "-c"}, `eval "$(awsso shell-init bash)"; declare -F awsso awsso_prompt`},
		{"zsh", []string{"-f", "-c"}, `eval "$(awsso shell-init zsh)"; whence -w awsso awsso_prompt`},
		{"fish", []string{"--no-config", "-c"}, `awsso shell-init fish | source; functions -q awsso awsso_prompt; and echo awsso awsso_prompt`},
		{"bash", []string{"--norc", "--noprofile", "-c"}, `eval "$(awsso shell-init direnv)"; declare -F use_awsso`},
	} {
		path := testenv.LookPath(t, tt.shell)
		cmd := exec.Command(path, append(tt.args, tt.script)...)
		cmd.Env = env
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || stderr.Len() != 0 || !strings.Contains(string(out), "awsso") {
			t.Errorf("%s: %v\nstdout %s\nstderr %s", tt.script, err, out, stderr.String())
		}
	}
}

// TestChainAfterUse: in bash with the shell function, `awsso use chain --export` puts the keys
// of a role chain rooted at IAM Identity Center in the environment, which boto3 and the AWS CLI
// v2 use as they are (awsso made the one AssumeRole), with AWS_CREDENTIAL_EXPIRATION for the
// prompt; after `awsso use chain`, boto3 resolves the chain itself. Debian's AWS CLI v2 2.9.19
// cannot take an sso-session profile as a source_profile (aws/aws-cli#7496), so it is asked
// only with the exported keys.
func TestChainAfterUse(t *testing.T) {
	python := testenv.Python(t, false)
	aws := testenv.AWSCLIv2(t)
	bash := testenv.LookPath(t, "bash")
	w, env := world(t)
	cmdtest.AppendConfig(t, w, "[profile chain]\nrole_arn = arn:aws:iam::444455556666:role/Deploy\nsource_profile = dev\nrole_session_name = shell\nregion = eu-west-1\n")
	env = append(env, "AWS_DATA_PATH="+w.Env.DataPath(t), "PYTHON="+python, "AWSCLI="+aws)
	script := `set -e
eval "$(awsso shell-init bash)"
boto() {
  "$PYTHON" -c 'import boto3; s = boto3.Session(); print(s.get_credentials().method, s.client("sts").get_caller_identity()["Arn"])'
}
awsso use chain --export
boto
"$AWSCLI" sts get-caller-identity --output text --query Arn
echo "expires $AWS_CREDENTIAL_EXPIRATION profile ${AWS_PROFILE-unset}"
awsso use chain
boto
`
	out := strings.Split(strings.TrimSpace(testenv.Run(t, env, bash, "--norc", "--noprofile", "-c", script)), "\n")
	const arn = "arn:aws:sts::444455556666:assumed-role/Deploy/shell"
	want := []string{"env " + arn, arn, "expires 20", "assume-role " + arn}
	if len(out) != len(want) {
		t.Fatalf("printed:\n%s", strings.Join(out, "\n"))
	}
	for i, line := range out {
		if !strings.HasPrefix(line, want[i]) {
			t.Errorf("line %d: %q, want %q", i, line, want[i])
		}
	}
	if !strings.HasSuffix(out[2], "profile unset") {
		t.Errorf("after use --export: %q, want AWS_PROFILE unset", out[2])
	}
	// awsso's AssumeRole for --export, boto3's own for the profile: the exported keys served
	// boto3 and the AWS CLI without another.
	if n := w.Env.Server.Stats()["AssumeRole"]; n != 2 {
		t.Errorf("%d AssumeRole calls, want 2 (awsso once, boto3 once)", n)
	}
}
