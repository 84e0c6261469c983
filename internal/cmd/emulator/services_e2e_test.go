package emulator_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// TestServicesSection reaches the emulator through a [services NAME] section alone, with no
// AWS_ENDPOINT_URL variable set: awsso signs in and asks STS, then boto3 and the AWS CLI v1
// use that sign-in, and assume a role, through the same section.
func TestServicesSection(t *testing.T) {
	t.Parallel()
	python := testenv.Python(t, true)
	r := startEmulator(t, "--auto-approve")
	url, region := r.vars["AWSSO_EMULATOR_URL"], r.vars["AWSSO_EMULATOR_REGION"]
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
services = emulator

[profile chain]
role_arn = arn:aws:iam::777788889999:role/Deploy
role_session_name = via-services
source_profile = emu
region = %[2]s
services = emulator

[services emulator]
sso =
  endpoint_url = %[3]s
sso_oidc =
  endpoint_url = %[3]s
sts =
  endpoint_url = %[3]s
`, r.vars["AWSSO_EMULATOR_START_URL"], region, url)
	if err := os.WriteFile(home.Config, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(testenv.CleanEnv(), home.Env()...) // no AWS_ENDPOINT_URL*: CleanEnv drops them
	env = append(env, "AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=")
	for _, kv := range env {
		if strings.HasPrefix(kv, "AWS_ENDPOINT_URL") {
			t.Fatalf("the environment sets %s", kv)
		}
	}

	cmd := exec.Command(awsso, "login", "--profile", "emu", "--use-device-code", "--no-browser", "--debug")
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "debug: SSO_OIDC endpoint "+url+" (from sso_oidc endpoint_url in [services emulator] at ") {
		t.Fatalf("awsso login: %v\n%s", err, out)
	}
	var who struct{ Account, Arn string }
	if err := json.Unmarshal([]byte(testenv.Run(t, env, awsso, "whoami", "--profile", "emu", "--output", "json")), &who); err != nil || who.Account != "444455556666" {
		t.Fatalf("awsso whoami: %+v %v", who, err)
	}

	const script = `import boto3, sys
for p in sys.argv[1:]:
    print(boto3.Session(profile_name=p).client("sts").get_caller_identity()["Arn"])`
	boto := strings.Fields(testenv.Run(t, env, python, "-c", script, "emu", "chain"))
	cli := []string{}
	for _, p := range []string{"emu", "chain"} {
		cli = append(cli, strings.TrimSpace(testenv.Run(t, env, python, "-m", "awscli", "sts", "get-caller-identity", "--profile", p, "--query", "Arn", "--output", "text")))
	}
	want := []string{who.Arn, "arn:aws:sts::777788889999:assumed-role/Deploy/via-services"}
	if strings.Join(boto, " ") != strings.Join(want, " ") || strings.Join(cli, " ") != strings.Join(want, " ") {
		t.Errorf("boto3 saw %q, the AWS CLI v1 %q; want %q", boto, cli, want)
	}
	stats := r.stats(t)
	// awsso once, boto3 and the CLI twice each (emu, and chain's source); two AssumeRole.
	for op, n := range map[string]int{"CreateToken:device_code": 1, "GetCallerIdentity": 5, "AssumeRole": 2} {
		if stats[op] != n {
			t.Errorf("stats[%s] = %d, want %d (all: %v)", op, stats[op], n, stats)
		}
	}
}
