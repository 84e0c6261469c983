package emulator_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	emu "github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// roleProfiles writes a home whose config chains roles from a static-key profile (the default
// organisation's IAM user) and from web identity, with no organisation file: the recipe the
// README gives for trying role chains on the emulator.
func roleProfiles(t *testing.T, r *running, extra string) testenv.Home {
	t.Helper()
	home := testenv.TempHome(t)
	token := r.post(t, "/_emulator/web-identity-token", `{"sub": "system:serviceaccount:ci:deployer"}`)["token"]
	tokenFile := filepath.Join(home.Dir, "token.jwt")
	config := fmt.Sprintf(`[profile static]
region = %s

[profile chain]
role_arn = arn:aws:iam::444455556666:role/Deploy
source_profile = static
role_session_name = chain-session

[profile chain2]
role_arn = arn:aws:iam::777788889999:role/team/Second
source_profile = chain
role_session_name = chain2-session

[profile web]
role_arn = arn:aws:iam::444455556666:role/WebApp
web_identity_token_file = %s
role_session_name = web-session
%s`, r.vars["AWSSO_EMULATOR_REGION"], tokenFile, extra)
	credentials := fmt.Sprintf("[static]\naws_access_key_id = %s\naws_secret_access_key = %s\n", emu.DefaultAccessKeyID, emu.DefaultSecretAccessKey)
	for path, data := range map[string]string{home.Config: config, home.Credentials: credentials, tokenFile: token} {
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return home
}

// post sends a JSON body to an /_emulator endpoint and returns the JSON answer.
func (r *running) post(t *testing.T, path, body string) map[string]string {
	t.Helper()
	resp, err := http.Post(r.vars["AWSSO_EMULATOR_URL"]+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]string
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: %d %v", path, resp.StatusCode, err)
	}
	return out
}

// mfaCode asks the emulator for the current code of the default MFA device.
func (r *running) mfaCode(t *testing.T) string {
	t.Helper()
	resp, err := http.Get(r.vars["AWSSO_EMULATOR_URL"] + "/_emulator/mfa-code?serialNumber=" + url.QueryEscape(emu.DefaultMFASerial))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Code string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Code) != 6 {
		t.Fatalf("mfa-code: %v %q", err, out.Code)
	}
	return out.Code
}

var wantProfileARNs = map[string]string{
	"static": "arn:aws:iam::111122223333:user/alice",
	"chain":  "arn:aws:sts::444455556666:assumed-role/Deploy/chain-session",
	"chain2": "arn:aws:sts::777788889999:assumed-role/Second/chain2-session",
	"web":    "arn:aws:sts::444455556666:assumed-role/WebApp/web-session",
}

func TestBoto3AssumeRole(t *testing.T) {
	t.Parallel()
	python := testenv.Python(t, false)
	r := startEmulator(t)
	home := roleProfiles(t, r, "")
	env := r.env(append(home.Env(), "EMU_MFA_SERIAL="+emu.DefaultMFASerial, "AWS_EC2_METADATA_DISABLED=true", "AWS_DEFAULT_REGION="+r.vars["AWSSO_EMULATOR_REGION"])...)
	out := testenv.Run(t, env,
		python, filepath.Join("testdata", "boto3_assume_role.py"))
	var got struct {
		Assumed  struct{ Arn, AssumedRoleId string }
		Errors   map[string][]any
		Profiles map[string]string
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("script output %q: %v", out, err)
	}
	if got.Assumed.Arn != "arn:aws:sts::444455556666:assumed-role/Boto3/boto3-all" || !strings.HasSuffix(got.Assumed.AssumedRoleId, ":boto3-all") {
		t.Errorf("assumed %+v", got.Assumed)
	}
	for name, want := range map[string][]any{
		"session name":  {"ValidationError", "1 validation error detected: Value 'boto3 all' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*", 400.0},
		"duration":      {"ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400.0},
		"mfa reused":    {"AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. ", 403.0},
		"not trusted":   {"AccessDenied", "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role/Boto3", 403.0},
		"invalid token": {"InvalidIdentityToken", "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)", 400.0},
	} {
		if fmt.Sprint(got.Errors[name]) != fmt.Sprint(want) {
			t.Errorf("%s: %v, want %v", name, got.Errors[name], want)
		}
	}
	if e := got.Errors["expired token"]; len(e) != 3 || e[0] != "ExpiredTokenException" || e[2] != 400.0 {
		t.Errorf("expired token: %v", e)
	}
	for p, want := range wantProfileARNs {
		if got.Profiles[p] != want {
			t.Errorf("profile %s: %s, want %s", p, got.Profiles[p], want)
		}
	}
	stats := r.stats(t)
	// 1 + 4 refused by assume_role, 1 for chain, 2 for chain2; 2 refused and 1 for web.
	if stats["AssumeRole"] != 8 || stats["AssumeRoleWithWebIdentity"] != 3 {
		t.Errorf("stats %v", stats)
	}
}

// TestAWSCLIv2AssumeRole: Debian's AWS CLI v2 assumes roles on the emulator through
// AWS_DATA_PATH: chains from static keys, from web identity and from IAM Identity Center, and
// aws sts assume-role with MFA.
func TestAWSCLIv2AssumeRole(t *testing.T) {
	t.Parallel()
	aws := testenv.AWSCLIv2(t)
	dataPath := t.TempDir()
	r := startEmulator(t, "--auto-approve", "--aws-data-path", dataPath)
	// A legacy SSO profile at the root: 2.9.19 cannot use an sso-session profile as a
	// source_profile ('NoneType' object has no attribute 'get_frozen_token', aws/aws-cli#7496).
	home := roleProfiles(t, r, fmt.Sprintf(`
[profile sso]
sso_start_url = %s
sso_region = %s
sso_account_id = 111122223333
sso_role_name = AdministratorAccess
region = %[2]s

[profile sso-chain]
role_arn = arn:aws:iam::444455556666:role/FromSSO
source_profile = sso
role_session_name = from-sso
`, r.vars["AWSSO_EMULATOR_START_URL"], r.vars["AWSSO_EMULATOR_REGION"]))
	env := append(testenv.CleanEnv(), home.Env()...)
	env = append(env, "AWS_DATA_PATH="+dataPath, "AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=", "AWS_DEFAULT_REGION="+r.vars["AWSSO_EMULATOR_REGION"])
	testenv.Run(t, env, aws, "sso", "login", "--profile", "sso", "--no-browser")

	want := map[string]string{"sso-chain": "arn:aws:sts::444455556666:assumed-role/FromSSO/from-sso"}
	for p, arn := range wantProfileARNs {
		want[p] = arn
	}
	for p, arn := range want {
		var ident struct{ Arn string }
		if err := json.Unmarshal([]byte(testenv.Run(t, env, aws, "sts", "get-caller-identity", "--profile", p, "--output", "json")), &ident); err != nil || ident.Arn != arn {
			t.Errorf("profile %s: %q %v, want %s", p, ident.Arn, err, arn)
		}
	}

	var out struct {
		AssumedRoleUser struct{ Arn string }
		Credentials     struct{ AccessKeyId, Expiration string }
	}
	assume := []string{"sts", "assume-role", "--profile", "static", "--output", "json", "--role-arn", "arn:aws:iam::111122223333:role/Cli",
		"--role-session-name", "cli", "--external-id", "ext-1", "--serial-number", emu.DefaultMFASerial}
	if err := json.Unmarshal([]byte(testenv.Run(t, env, aws, append(assume, "--token-code", r.mfaCode(t), "--duration-seconds", "900")...)), &out); err != nil {
		t.Fatal(err)
	}
	if out.AssumedRoleUser.Arn != "arn:aws:sts::111122223333:assumed-role/Cli/cli" || !strings.HasPrefix(out.Credentials.AccessKeyId, "ASIA") {
		t.Errorf("assume-role printed %+v", out)
	}
	cmd := exec.Command(aws, append(assume, "--token-code", "12345x")...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil || !strings.Contains(stderr.String(), "An error occurred (ValidationError) when calling the AssumeRole operation: 1 validation error detected: Value '12345x' at 'tokenCode'") {
		t.Errorf("a bad token code: %v\n%s", err, stderr.String())
	}
	if stats := r.stats(t); stats["AssumeRole"] != 5 || stats["AssumeRoleWithWebIdentity"] != 1 || stats["GetCallerIdentity"] != 5 {
		t.Errorf("stats %v", stats)
	}
}
