package credentialprocess_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

var awsso string // the binary TestMain built

func TestMain(m *testing.M) {
	os.Exit(cmdtest.RunWithBinary(m, &awsso))
}

// TestWarmBinaryMakesNoCall runs the real binary with a warm cache and reads the emulator's
// counters: nothing.
func TestWarmBinaryMakesNoCall(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	env := w.ProcessEnv()
	first := decodeOne(t, testenv.Run(t, env, awsso, "credential-process", "--profile", "dev"))
	w.Env.Server.ResetStats()
	for range 20 {
		if got := decodeOne(t, testenv.Run(t, env, awsso, "credential-process", "--profile", "dev")); got != first {
			t.Fatal("a warm run printed other credentials")
		}
	}
	if calls := w.Env.Server.Stats(); len(calls) != 0 {
		t.Errorf("20 warm credential-process runs called %v", calls)
	}
}

// TestBoto3ThroughCredentialProcess has boto3 resolve a profile whose credential_process is
// awsso, then call STS on the emulator with what it got.
func TestBoto3ThroughCredentialProcess(t *testing.T) {
	python := testenv.Python(t, false)
	w := cmdtest.New(t)
	w.SignIn(t)
	cmdtest.AppendConfig(t, w, "[profile tool]\ncredential_process = "+awsso+" credential-process --profile dev\nregion = eu-west-1\n")
	script := `import boto3, json
s = boto3.Session(profile_name="tool")
c = s.get_credentials()
ident = s.client("sts").get_caller_identity()
print(json.dumps({"method": c.method, "key": c.access_key, "arn": ident["Arn"], "account": ident["Account"]}))`
	env := w.ProcessEnv("AWS_EC2_METADATA_DISABLED=true")
	w.Env.Server.ResetStats()
	for run := range 2 {
		var got struct{ Method, Key, Arn, Account string }
		if err := json.Unmarshal([]byte(testenv.Run(t, env, python, "-c", script)), &got); err != nil {
			t.Fatal(err)
		}
		if got.Method != "custom-process" || got.Key != w.Cached(t).AccessKeyID || got.Account != cmdtest.AccountID ||
			!strings.HasPrefix(got.Arn, "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly_") {
			t.Errorf("run %d: boto3 saw %+v", run, got)
		}
	}
	if stats := w.Env.Server.Stats(); stats["GetRoleCredentials"] != 1 || stats["GetCallerIdentity"] != 2 || len(stats) != 2 {
		t.Errorf("stats %v, want one GetRoleCredentials (the second run is warm) and two GetCallerIdentity", stats)
	}
}

// TestAWSCLIv2SharesBothCaches proves the caches are one: the AWS CLI v2 signs in and fetches
// role credentials, awsso uses both (the credentials as they are, the token for another role),
// and the AWS CLI v2 then uses the credentials awsso fetched.
func TestAWSCLIv2SharesBothCaches(t *testing.T) {
	aws := testenv.AWSCLIv2(t)
	w := cmdtest.New(t)
	cmdtest.AppendConfig(t, w, "[profile admin]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n")
	// Only AWS_DATA_PATH reaches Debian's AWS CLI v2 2.9.19: it predates AWS_ENDPOINT_URL_*.
	env := w.ProcessEnv("AWS_DATA_PATH="+w.Env.DataPath(t), "AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=")
	callerARN := func(profile string) string {
		var ident struct{ Arn string }
		if err := json.Unmarshal([]byte(testenv.Run(t, env, aws, "sts", "get-caller-identity", "--profile", profile, "--output", "json")), &ident); err != nil {
			t.Fatal(err)
		}
		return ident.Arn
	}

	testenv.Run(t, env, aws, "sso", "login", "--profile", "dev", "--no-browser") // the emulator approves the device code
	if arn := callerARN("dev"); !strings.Contains(arn, "AWSReservedSSO_ReadOnly_") {
		t.Fatalf("aws sts get-caller-identity: %s", arn)
	}
	written, ok := w.CredsCache().Load(cmdtest.DevKey())
	if !ok {
		t.Fatal("the AWS CLI v2 cached no role credentials where awsso looks")
	}

	w.Env.Server.ResetStats()
	var got struct {
		AccessKeyID string `json:"AccessKeyId"`
	}
	json.Unmarshal([]byte(testenv.Run(t, env, awsso, "export-credentials", "--profile", "dev", "--format", "json")), &got)
	if got.AccessKeyID != written.AccessKeyID {
		t.Errorf("awsso printed %s, the AWS CLI v2 cached %s", got.AccessKeyID, written.AccessKeyID)
	}
	decodeOne(t, testenv.Run(t, env, awsso, "credential-process", "--profile", "admin"))
	if stats := w.Env.Server.Stats(); stats["GetRoleCredentials"] != 1 || len(stats) != 1 {
		t.Errorf("stats %v: want one GetRoleCredentials (admin, with the AWS CLI's token), no sign-in or refresh", stats)
	}

	w.Env.Server.ResetStats()
	if arn := callerARN("admin"); !strings.Contains(arn, "AWSReservedSSO_AdministratorAccess_") {
		t.Errorf("aws sts get-caller-identity --profile admin: %s", arn)
	}
	if stats := w.Env.Server.Stats(); stats["GetRoleCredentials"] != 0 || stats["GetCallerIdentity"] != 1 {
		t.Errorf("stats %v: the AWS CLI v2 must use the credentials awsso cached", stats)
	}
	adminKey := creds.Key(cmdtest.AccountID, "AdministratorAccess", "corp", "")
	if _, ok := w.CredsCache().Load(adminKey); !ok {
		t.Error("no cache file for admin")
	}
}
