package whoami_test

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/app"
	"github.com/awsso/awsso/internal/cmd/whoami"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
)

func run(w *cmdtest.World, env map[string]string, args ...string) (int, cmdtest.Streams) {
	f, s := w.Factory(env)
	return app.Run(context.Background(), f, args), s
}

var arnRe = regexp.MustCompile(`^arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly_[0-9a-f]{16}/alice$`)

func TestWhoami(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	code, s := run(w, nil, "whoami", "--profile", "dev", "--output", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, s.Err)
	}
	var id map[string]string
	if err := json.Unmarshal(s.Out.Bytes(), &id); err != nil || len(id) != 3 || id["Account"] != cmdtest.AccountID ||
		!arnRe.MatchString(id["Arn"]) || !strings.HasPrefix(id["UserId"], "AROA") || !strings.HasSuffix(id["UserId"], ":alice") {
		t.Fatalf("json %s (%v)", s.Out, err)
	}
	if !strings.HasPrefix(s.Out.String(), "{\n    \"UserId\": ") {
		t.Errorf("not the AWS CLI's layout:\n%s", s.Out)
	}
	if code, alias := run(w, nil, "sts", "get-caller-identity", "--profile", "dev", "--output", "json"); code != 0 || alias.Out.String() != s.Out.String() {
		t.Errorf("sts get-caller-identity: exit %d\n%s", code, alias.Out)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"table", []string{"--output", "table"}, "ACCOUNT       ROLE      USER   ARN\n111122223333  ReadOnly  alice  " + id["Arn"] + "\n"},
		{"text as the AWS CLI prints it", []string{"--output", "text"}, "111122223333\t" + id["Arn"] + "\t" + id["UserId"] + "\n"},
	}
	for _, tt := range tests {
		code, s := run(w, nil, append([]string{"whoami", "--profile", "dev"}, tt.args...)...)
		if code != 0 || s.Out.String() != tt.want {
			t.Errorf("%s: exit %d\n%q\nwant\n%q", tt.name, code, s.Out, tt.want)
		}
	}
	if got := w.Env.Server.Stats()["GetCallerIdentity"]; got != 4 {
		t.Errorf("%d GetCallerIdentity calls, want 4", got)
	}
}

func TestEnvironmentCredentialsComeFirstWithoutProfile(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	if code, s := run(w, nil, "export-credentials", "--profile", "dev"); code != 0 {
		t.Fatal(s.Err)
	}
	c := w.Cached(t)
	env := map[string]string{"AWS_ACCESS_KEY_ID": c.AccessKeyID, "AWS_SECRET_ACCESS_KEY": c.SecretAccessKey,
		"AWS_SESSION_TOKEN": c.SessionToken, "AWS_REGION": "eu-central-1", "AWS_PROFILE": "static"}
	if code, s := run(w, env, "whoami", "--output", "text"); code != 0 || !strings.HasPrefix(s.Out.String(), "111122223333\t") {
		t.Errorf("environment credentials: exit %d, %s%s", code, s.Out, s.Err)
	}
	bad := map[string]string{"AWS_ACCESS_KEY_ID": "ASIANOTREAL", "AWS_SECRET_ACCESS_KEY": "x", "AWS_SESSION_TOKEN": "y"}
	if code, s := run(w, bad, "whoami", "--profile", "dev", "--output", "text"); code != 0 {
		t.Errorf("--profile must beat the environment: exit %d, %s", code, s.Err)
	}
	code, s := run(w, bad, "whoami", "--output", "text")
	if code != 3 || !strings.Contains(s.Err.String(), "InvalidClientTokenId") || s.Out.Len() != 0 {
		t.Errorf("refused credentials: exit %d, stdout %q, stderr %q", code, s.Out, s.Err)
	}
}

func TestExpiredRoleCredentials(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	if code, s := run(w, nil, "whoami", "--profile", "dev"); code != 0 {
		t.Fatal(s.Err)
	}
	w.Env.Server.ExpireRoleCredentials()
	code, s := run(w, nil, "whoami", "--profile", "dev")
	if code != 3 || !strings.Contains(s.Err.String(), "ExpiredToken") || !strings.Contains(s.Err.String(), "hint: ") {
		t.Errorf("exit %d, stderr %s", code, s.Err)
	}
}

func TestNotLoggedIn(t *testing.T) {
	w := cmdtest.New(t)
	code, s := run(w, nil, "whoami", "--profile", "old")
	if code != 2 || !strings.Contains(s.Err.String(), "hint: run: awsso login --profile old") {
		t.Errorf("exit %d, stderr %s", code, s.Err)
	}
}

func TestParseARN(t *testing.T) {
	tests := []struct{ arn, role, user string }{
		{"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/alice", "AWSReservedSSO_ReadOnly_0123456789abcdef", "alice"},
		{"arn:aws-cn:sts::111122223333:assumed-role/deploy/ci-run-7", "deploy", "ci-run-7"},
		{"arn:aws:iam::111122223333:user/team/bob", "", "bob"},
		{"arn:aws:iam::111122223333:root", "", "root"},
		{"not an arn", "", ""},
	}
	for _, tt := range tests {
		if role, user := whoami.ParseARN(tt.arn); role != tt.role || user != tt.user {
			t.Errorf("ParseARN(%s) = %q, %q", tt.arn, role, user)
		}
	}
	for role, want := range map[string]string{
		"AWSReservedSSO_Data_Scientist_0123456789abcdef": "Data_Scientist",
		"AWSReservedSSO_ReadOnly_0123":                   "AWSReservedSSO_ReadOnly_0123",
		"deploy":                                         "deploy",
	} {
		if got := whoami.PermissionSet(role); got != want {
			t.Errorf("PermissionSet(%s) = %s", role, got)
		}
	}
}
