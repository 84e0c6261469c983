package login_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/testsupport/emutest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// boto3Identity gets role credentials for a profile through boto3's own SSO provider, with the
// endpoints from AWS_ENDPOINT_URL_*, and prints the caller identity as JSON.
const boto3Identity = `import boto3, json, sys
out = {}
for name in sys.argv[1:]:
    s = boto3.Session(profile_name=name)
    ident = s.client("sts").get_caller_identity()
    out[name] = {"Account": ident["Account"], "Arn": ident["Arn"]}
print(json.dumps(out))
`

// TestBoto3UsesAwssoToken: boto3 gets role credentials from the token awsso wrote, for an
// sso-session profile and a legacy one, without signing in itself.
func TestBoto3UsesAwssoToken(t *testing.T) {
	python := testenv.Python(t, false)
	w := newWorld(t, emutest.AutoApprove)
	w.mustRun("login", "--sso-session", "corp")
	w.mustRun("login", "--profile", "old")
	w.env.Server.ResetStats()
	out := testenv.Run(w.t, w.vars("AWS_EC2_METADATA_DISABLED=true"), python, "-c", boto3Identity, "dev", "stage", "old")
	var got map[string]struct{ Account, Arn string }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("boto3 printed %q: %v", out, err)
	}
	for profile, account := range map[string]string{"dev": "111122223333", "stage": "444455556666", "old": "777788889999"} {
		if got[profile].Account != account || !strings.Contains(got[profile].Arn, ":assumed-role/AWSReservedSSO_") {
			t.Errorf("boto3 %s: %+v, want account %s", profile, got[profile], account)
		}
	}
	stats := w.env.Server.Stats()
	if stats["GetRoleCredentials"] != 3 || stats["RegisterClient"]+stats["CreateToken:device_code"]+stats["CreateToken:authorization_code"] != 0 {
		t.Errorf("boto3 did more than use the cached tokens: %v", stats)
	}
}

// awsCLIv2Env is the environment for Debian's AWS CLI v2 (2.9.19), which predates the endpoint
// variables and reaches the emulator through AWS_DATA_PATH.
func (w *world) awsCLIv2Env(t *testing.T) []string {
	env := append(testenv.CleanEnv(), w.home.Env()...)
	return append(env, "AWS_DATA_PATH="+w.env.DataPath(t), "AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=", "BROWSER=false")
}

// TestAWSCLIv2UsesAwssoToken: `aws sts get-caller-identity` gets role credentials from the
// token awsso wrote.
func TestAWSCLIv2UsesAwssoToken(t *testing.T) {
	aws := testenv.AWSCLIv2(t)
	w := newWorld(t, emutest.AutoApprove)
	w.mustRun("login", "--sso-session", "corp")
	w.mustRun("login", "--profile", "old")
	w.env.Server.ResetStats()
	env := w.awsCLIv2Env(t)
	for profile, account := range map[string]string{"dev": "111122223333", "old": "777788889999"} {
		var ident struct{ Account, Arn string }
		out := testenv.Run(w.t, env, aws, "sts", "get-caller-identity", "--profile", profile, "--output", "json")
		if err := json.Unmarshal([]byte(out), &ident); err != nil || ident.Account != account {
			t.Errorf("aws sts get-caller-identity --profile %s: %s (%v)", profile, out, err)
		}
	}
	if stats := w.env.Server.Stats(); stats["GetRoleCredentials"] != 2 || stats["RegisterClient"] != 0 {
		t.Errorf("stats %v", stats)
	}
}

// TestAwssoUsesAWSCLIv2Token: awsso uses the token `aws sso login` (AWS CLI v2 2.9.19, device
// flow, approved through the emulator's hook) wrote, without signing in again.
func TestAwssoUsesAWSCLIv2Token(t *testing.T) {
	aws := testenv.AWSCLIv2(t)
	w := newWorld(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go approveEveryCode(ctx, w)
	testenv.Run(w.t, w.awsCLIv2Env(t), aws, "sso", "login", "--profile", "dev", "--no-browser")
	cancel()
	w.env.Server.ResetStats()
	if out := w.mustRun("accounts", "--profile", "dev", "--output", "json"); !strings.Contains(out, `"accountName": "Production"`) {
		t.Errorf("awsso accounts with the AWS CLI's token:\n%s", out)
	}
	if out := w.mustRun("status", "--output", "text"); !strings.Contains(out, "sso-session\tcorp\t"+w.env.StartURL+"\tvalid\t") {
		t.Errorf("status:\n%s", out)
	}
	stats := w.env.Server.Stats()
	if stats["ListAccounts"] != 1 || len(stats) != 1 {
		t.Errorf("awsso did more than list accounts with the AWS CLI's token: %v", stats)
	}
}

// approveEveryCode approves every pending device code until ctx ends, as a user at the device
// page would.
func approveEveryCode(ctx context.Context, w *world) {
	for ctx.Err() == nil {
		for _, code := range w.env.Server.PendingUserCodes() {
			w.env.Server.ApproveDevice(code, "")
		}
		select {
		case <-ctx.Done():
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// TestAWSCLIv2LogoutOverAwssoCache: `aws sso logout` runs cleanly over cache folders awsso used
// (a refresh, role credentials fetched under their locks) and removes what awsso wrote; and no
// lock file is left in either folder.
func TestAWSCLIv2LogoutOverAwssoCache(t *testing.T) {
	aws := testenv.AWSCLIv2(t)
	w := newWorld(t, emutest.AutoApprove)
	w.mustRun("login", "--sso-session", "corp")
	w.mustRun("login", "--profile", "old")
	// An expired access token makes the next command refresh under the token's lock.
	tok := w.token()
	tok.ExpiresAt = time.Now().Add(-time.Minute)
	if err := w.cache().SaveToken("corp", "", tok); err != nil {
		t.Fatal(err)
	}
	w.mustRun("accounts", "--profile", "dev")
	if w.env.Server.Stats()["CreateToken:refresh_token"] != 1 {
		t.Fatalf("no refresh: %v", w.env.Server.Stats())
	}
	// Role credentials in ~/.aws/cli/cache, fetched under their locks.
	f, _, _ := w.factory()
	r, err := f.Resolver()
	if err != nil {
		t.Fatal(err)
	}
	provider := r.RoleProvider(resolver.Client{})
	cfg, _ := f.Config()
	for _, name := range []string{"dev", "old"} {
		s, err := cfg.ResolveSSO(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := provider.Get(context.Background(), resolver.RoleOf(s)); err != nil {
			t.Fatal(err)
		}
	}
	if locks, _ := filepath.Glob(filepath.Join(w.home.AWSDir(), "*", "cache", "*.lock")); len(locks) != 0 {
		t.Errorf("lock files left behind: %v", locks)
	}
	testenv.Run(w.t, w.awsCLIv2Env(t), aws, "sso", "logout")
	for _, dir := range []string{"sso", "cli"} {
		files, _ := filepath.Glob(filepath.Join(w.home.AWSDir(), dir, "cache", "*.json"))
		for _, file := range files {
			data, _ := os.ReadFile(file)
			if strings.Contains(string(data), "accessToken") || strings.Contains(string(data), `"ProviderType": "sso"`) {
				t.Errorf("aws sso logout left %s", file)
			}
		}
	}
	if out := w.mustRun("status", "--output", "text"); strings.Count(out, "not logged in") != 2 {
		t.Errorf("status after aws sso logout:\n%s", out)
	}
}

// TestRefusalRecordReadsInOtherTools: the record of a refused refresh that awsso keeps in the
// token file leaves the file readable by the AWS CLI v2 (2.9.19) and boto3: both get role
// credentials with the (still valid) token, and `aws sso logout` signs it out and removes it.
func TestRefusalRecordReadsInOtherTools(t *testing.T) {
	aws := testenv.AWSCLIv2(t)
	python := testenv.Python(t, false)
	w := newWorld(t, emutest.AutoApprove)
	w.mustRun("login", "--sso-session", "corp")
	tok := w.token()
	tok.RefreshRefusedAt = time.Now().UTC().Truncate(time.Second)
	if err := w.cache().SaveToken("corp", "", tok); err != nil {
		t.Fatal(err)
	}
	path := w.cache().TokenPath("corp", "")
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), `"awsso": {"refreshRefusedAt": `) {
		t.Fatalf("no record in the token file:\n%s", data)
	}
	if out := w.mustRun("status", "--output", "text"); !strings.Contains(out, "\tvalid\t") || !strings.Contains(out, "\trefused\t") {
		t.Errorf("status with the record:\n%s", out)
	}
	w.env.Server.ResetStats()
	var ident struct{ Account string }
	out := testenv.Run(w.t, w.awsCLIv2Env(t), aws, "sts", "get-caller-identity", "--profile", "stage", "--output", "json")
	if err := json.Unmarshal([]byte(out), &ident); err != nil || ident.Account != "444455556666" {
		t.Errorf("aws sts get-caller-identity with the record: %s (%v)", out, err)
	}
	out = testenv.Run(w.t, w.vars("AWS_EC2_METADATA_DISABLED=true"), python, "-c", boto3Identity, "dev")
	if !strings.Contains(out, `"Account": "111122223333"`) {
		t.Errorf("boto3 with the record: %s", out)
	}
	if stats := w.env.Server.Stats(); stats["GetRoleCredentials"] != 2 || stats["CreateToken:refresh_token"] != 0 {
		t.Errorf("stats %v", stats)
	}
	testenv.Run(w.t, w.awsCLIv2Env(t), aws, "sso", "logout")
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("aws sso logout left the token file: %v", err)
	}
}
