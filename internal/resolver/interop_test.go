package resolver

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// interopConfig adds a profile of each kind; role_session_name makes the ARNs of every tool
// comparable (a generated name holds the second of the call).
const interopConfig = `
[profile hop1]
role_arn = arn:aws:iam::444455556666:role/Deploy
source_profile = hub
role_session_name = interop

[profile hop2]
role_arn = arn:aws:iam::777788889999:role/Leaf
source_profile = hop1
role_session_name = interop

[profile proc]
credential_process = sh -c 'echo "{\"Version\": 1, \"AccessKeyId\": \"AKIAINTEROPSTATIC\", \"SecretAccessKey\": \"s\"}"'

[profile web]
role_arn = arn:aws:iam::111122223333:role/CI
web_identity_token_file = {token}
role_session_name = interop
`

var (
	buildOnce sync.Once
	awssoBin  string
	buildErr  error
)

// awssoBinary builds the awsso binary once for the tests that run it.
func awssoBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "awsso-resolver-test")
		if err != nil {
			buildErr = err
			return
		}
		awssoBin = filepath.Join(dir, "awsso")
		out, err := exec.Command("go", "build", "-o", awssoBin, "github.com/awsso/awsso/cmd/awsso").CombinedOutput()
		if err != nil {
			buildErr = &buildError{out: string(out), err: err}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return awssoBin
}

type buildError struct {
	out string
	err error
}

func (e *buildError) Error() string { return "build awsso: " + e.err.Error() + "\n" + e.out }

// interopWorld is a world whose config has every kind, and the environment of the three
// tools: awsso, the AWS CLI v2 (through AWS_DATA_PATH) and boto3 (through the endpoint
// variables), all at the fake STS, which sends IAM Identity Center calls on to the emulator.
func interopWorld(t *testing.T) (*world, []string) {
	token := filepath.Join(t.TempDir(), "token")
	writeFile(t, token, jwt(time.Now().Add(time.Hour)))
	w := newWorld(t, strings.ReplaceAll(interopConfig, "{token}", token))
	writeFile(t, w.home.Credentials, "[static]\naws_access_key_id = "+staticKey+"\naws_secret_access_key = s\n")
	w.signIn()
	data := t.TempDir()
	if err := emulator.WriteDataPath(data, w.sts.URL); err != nil {
		t.Fatal(err)
	}
	env := append(testenv.CleanEnv(), w.home.Env()...)
	env = append(env, "AWS_DATA_PATH="+data, "AWS_ENDPOINT_URL_STS="+w.sts.URL, "AWS_ENDPOINT_URL_SSO="+w.sts.URL,
		"AWS_ENDPOINT_URL_SSO_OIDC="+w.sts.URL, "AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1")
	return w, env
}

// TestSameIdentityFromEveryTool resolves a profile of each kind with awsso, the AWS CLI v2 and
// boto3, and asks STS who each is: the three must get the same ARN.
func TestSameIdentityFromEveryTool(t *testing.T) {
	aws := testenv.AWSCLIv2(t)
	python := testenv.Python(t, false)
	awsso := awssoBinary(t)
	_, env := interopWorld(t)
	const boto3 = `import boto3, sys; print(boto3.Session(profile_name=sys.argv[1]).client("sts").get_caller_identity()["Arn"])`
	for _, tt := range []struct{ profile, arn string }{
		{profile: "hub", arn: ":assumed-role/AWSReservedSSO_ReadOnly_"},
		{profile: "hop1", arn: "arn:aws:sts::444455556666:assumed-role/Deploy/interop"},
		{profile: "hop2", arn: "arn:aws:sts::777788889999:assumed-role/Leaf/interop"},
		{profile: "static", arn: "arn:aws:iam::111122223333:user/interop"},
		{profile: "proc", arn: "arn:aws:iam::111122223333:user/interop"},
		{profile: "web", arn: "arn:aws:sts::111122223333:assumed-role/CI/interop"},
	} {
		t.Run(tt.profile, func(t *testing.T) {
			var who struct{ Arn string }
			if err := json.Unmarshal([]byte(testenv.Run(t, env, awsso, "whoami", "--profile", tt.profile, "--output", "json")), &who); err != nil {
				t.Fatal(err)
			}
			var cli struct{ Arn string }
			if err := json.Unmarshal([]byte(testenv.Run(t, env, aws, "sts", "get-caller-identity", "--profile", tt.profile, "--output", "json")), &cli); err != nil {
				t.Fatal(err)
			}
			py := strings.TrimSpace(testenv.Run(t, env, python, "-c", boto3, tt.profile))
			if !strings.Contains(who.Arn, tt.arn) || who.Arn != cli.Arn || who.Arn != py {
				t.Errorf("awsso %s\nAWS CLI %s\nboto3 %s\nwant %s", who.Arn, cli.Arn, py, tt.arn)
			}
		})
	}
}

// TestAssumedRoleCacheSharedWithTheAWSCLI: the AWS CLI v2 reuses what awsso cached, and awsso
// what the AWS CLI cached, with no second AssumeRole either way; both write the same layout.
func TestAssumedRoleCacheSharedWithTheAWSCLI(t *testing.T) {
	aws := testenv.AWSCLIv2(t)
	w, env := interopWorld(t)
	exportKey := func(profile string) string {
		var out struct {
			AccessKeyID string `json:"AccessKeyId"`
		}
		if err := json.Unmarshal([]byte(testenv.Run(t, env, aws, "configure", "export-credentials", "--profile", profile)), &out); err != nil {
			t.Fatal(err)
		}
		return out.AccessKeyID
	}
	// awsso first: the AWS CLI finds its entry.
	mine := w.creds("hop1", Fetch{})
	if got := exportKey("hop1"); got != mine.AccessKeyID || len(w.sts.calls()) != 1 {
		t.Errorf("the AWS CLI got %s after %d AssumeRole calls; awsso cached %s after 1", got, len(w.sts.calls()), mine.AccessKeyID)
	}
	// The AWS CLI first (hop2, its source hop1 warm): awsso finds its entry.
	theirs := exportKey("hop2")
	if len(w.sts.calls()) != 2 {
		t.Fatalf("the AWS CLI made %d AssumeRole calls in all, want 2", len(w.sts.calls()))
	}
	if got := w.creds("hop2", Fetch{}); got.AccessKeyID != theirs || len(w.sts.calls()) != 2 {
		t.Errorf("awsso got %s after %d AssumeRole calls; the AWS CLI cached %s", got.AccessKeyID, len(w.sts.calls()), theirs)
	}
	// Same layout: the AWS CLI's entry, written again by awsso, is the same JSON.
	cache := w.r.CredsCache()
	key := w.resolve("hop2").CacheKey()
	cli, err := os.ReadFile(cache.Path(key))
	if err != nil {
		t.Fatal(err)
	}
	if err := cache.SaveAssumedRole("rewritten", assumedRoleOf(t, cli)); err != nil {
		t.Fatal(err)
	}
	ours, _ := os.ReadFile(cache.Path("rewritten"))
	if withoutHeaders(t, ours) != withoutHeaders(t, cli) {
		t.Errorf("awsso writes\n%s\nthe AWS CLI wrote\n%s", ours, cli)
	}
}

// assumedRoleOf reads back a cache entry the AWS CLI wrote.
func assumedRoleOf(t *testing.T, data []byte) *creds.AssumedRole {
	var e struct {
		Credentials struct {
			AccessKeyID     string `json:"AccessKeyId"`
			SecretAccessKey string
			SessionToken    string
			Expiration      string
		}
		AssumedRoleUser  struct{ AssumedRoleID, Arn string }
		ResponseMetadata struct {
			RequestID      string `json:"RequestId"`
			HTTPStatusCode int
			HTTPHeaders    map[string]string
			RetryAttempts  int
		}
	}
	if err := json.Unmarshal(data, &e); err != nil {
		t.Fatal(err)
	}
	exp, err := cachefile.ParseTime(e.Credentials.Expiration)
	if err != nil {
		t.Fatal(err)
	}
	return &creds.AssumedRole{
		Credentials:   creds.Credentials{AccessKeyID: e.Credentials.AccessKeyID, SecretAccessKey: e.Credentials.SecretAccessKey, SessionToken: e.Credentials.SessionToken, Expiration: exp},
		AssumedRoleID: e.AssumedRoleUser.AssumedRoleID, ARN: e.AssumedRoleUser.Arn,
		RequestID: e.ResponseMetadata.RequestID, StatusCode: e.ResponseMetadata.HTTPStatusCode, Headers: e.ResponseMetadata.HTTPHeaders,
		RetryAttempts: e.ResponseMetadata.RetryAttempts,
	}
}

// withoutHeaders is a cache entry with its HTTP headers (whose order is the server's, which
// Go's HTTP client does not keep) emptied, every other byte as written.
func withoutHeaders(t *testing.T, data []byte) string {
	out := headersRE.ReplaceAllString(string(data), `"HTTPHeaders": {}`)
	if out == string(data) {
		t.Fatalf("no HTTPHeaders in %s", data)
	}
	return out
}

var headersRE = regexp.MustCompile(`"HTTPHeaders": \{[^}]*\}`)
