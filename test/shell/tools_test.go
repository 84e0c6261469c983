package shell_test

import (
	"strings"
	"testing"

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
