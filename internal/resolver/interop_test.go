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

	"slices"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// interopConfig adds a profile of each kind; role_session_name makes the ARNs of every tool
// comparable (a generated name holds the second of the call). The chains come twice: from the
// sso-session profile hub, and from the legacy profile legacy, since Debian's AWS CLI v2
// 2.9.19 cannot take an sso-session profile as a source_profile (aws/aws-cli#7496).
const interopConfig = `
[profile hop1]
role_arn = arn:aws:iam::444455556666:role/Deploy
source_profile = hub
role_session_name = interop

[profile hop2]
role_arn = arn:aws:iam::777788889999:role/Leaf
source_profile = hop1
external_id = ext-1
role_session_name = interop

[profile lhop1]
role_arn = arn:aws:iam::444455556666:role/Deploy
source_profile = legacy
role_session_name = interop

[profile lhop2]
role_arn = arn:aws:iam::777788889999:role/Leaf
source_profile = lhop1
external_id = ext-1
role_session_name = interop

[profile proc]
credential_process = sh -c 'echo "{\"Version\": 1, \"AccessKeyId\": \"{key}\", \"SecretAccessKey\": \"{secret}\"}"'

[profile web]
role_arn = arn:aws:iam::111122223333:role/CI
web_identity_token_file = {token}
role_session_name = interop

[profile svc]
sso_session = corp
sso_account_id = 444455556666
sso_role_name = ReadOnly
services = emulator

[services emulator]
sso =
  endpoint_url = {emulator}
sso_oidc =
  endpoint_url = {emulator}
sts =
  endpoint_url = {emulator}
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

// interopWorld is a world whose config has every kind, signed in, and the environment of
// the three tools: awsso and boto3 reach the emulator through the endpoint variables, the AWS
// CLI v2 through AWS_DATA_PATH (2.9.19 predates the variables). bare is that environment
// without the endpoint variables, where only the config's endpoints lead to the emulator.
func interopWorld(t *testing.T) (w *world, env, bare []string) {
	w = newWorld(t, "")
	token := filepath.Join(t.TempDir(), "token")
	writeFile(t, token, webToken(t, w, emulator.WebIdentityClaims{}))
	writeFile(t, w.home.Config, readFile(t, w.home.Config)+strings.NewReplacer("{token}", token, "{emulator}", w.env.URL,
		"{key}", emulator.DefaultAccessKeyID, "{secret}", emulator.DefaultSecretAccessKey).Replace(interopConfig))
	writeFile(t, w.home.Credentials, "[static]\n"+aliceKeys)
	w.signIn()
	bare = append(testenv.CleanEnv(), w.home.Env()...)
	bare = append(bare, "AWS_DATA_PATH="+w.env.DataPath(t), "AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1")
	env = append(slices.Clone(bare), "AWS_ENDPOINT_URL_STS="+w.env.URL, "AWS_ENDPOINT_URL_SSO="+w.env.URL, "AWS_ENDPOINT_URL_SSO_OIDC="+w.env.URL)
	return w, env, bare
}

// TestSameIdentityFromEveryTool resolves a profile of each kind with awsso, the AWS CLI v2 and
// boto3, each from a cold ~/.aws/cli/cache so that each makes its own calls, and asks STS who
// each is: the three get the same ARN. svc reaches the emulator only through its services
// section (the AWS CLI v2 2.9.19, which predates services sections, through AWS_DATA_PATH); the
// chains from the sso-session profile are not asked of that AWS CLI (aws/aws-cli#7496): their
// twins from the legacy profile are.
func TestSameIdentityFromEveryTool(t *testing.T) {
	aws := testenv.AWSCLIv2(t)
	python := testenv.Python(t, false)
	awsso := awssoBinary(t)
	w, env, bare := interopWorld(t)
	const boto3 = `import boto3, sys; print(boto3.Session(profile_name=sys.argv[1]).client("sts").get_caller_identity()["Arn"])`
	const alice = "arn:aws:iam::111122223333:user/alice"
	for _, tt := range []struct {
		profile, arn string
		noCLI        bool // the AWS CLI v2 2.9.19 cannot resolve it
	}{
		{profile: "hub", arn: "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly_"},
		{profile: "legacy", arn: "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly_"},
		{profile: "hop1", arn: "arn:aws:sts::444455556666:assumed-role/Deploy/interop", noCLI: true},
		{profile: "hop2", arn: "arn:aws:sts::777788889999:assumed-role/Leaf/interop", noCLI: true},
		{profile: "lhop1", arn: "arn:aws:sts::444455556666:assumed-role/Deploy/interop"},
		{profile: "lhop2", arn: "arn:aws:sts::777788889999:assumed-role/Leaf/interop"},
		{profile: "static", arn: alice},
		{profile: "proc", arn: alice},
		{profile: "web", arn: "arn:aws:sts::111122223333:assumed-role/CI/interop"},
		{profile: "svc", arn: "arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_ReadOnly_"},
	} {
		t.Run(tt.profile, func(t *testing.T) {
			env := env
			if tt.profile == "svc" {
				env = bare
			}
			cold := func() {
				if err := os.RemoveAll(w.r.CredsCache().Dir); err != nil {
					t.Fatal(err)
				}
			}
			cold()
			var who struct{ Arn string }
			if err := json.Unmarshal([]byte(testenv.Run(t, env, awsso, "whoami", "--profile", tt.profile, "--output", "json")), &who); err != nil {
				t.Fatal(err)
			}
			cold()
			py := strings.TrimSpace(testenv.Run(t, env, python, "-c", boto3, tt.profile))
			cli := py
			if !tt.noCLI {
				cold()
				cli = strings.TrimSpace(testenv.Run(t, env, aws, "sts", "get-caller-identity", "--profile", tt.profile, "--query", "Arn", "--output", "text"))
			}
			if !strings.HasPrefix(who.Arn, tt.arn) || who.Arn != cli || who.Arn != py {
				t.Errorf("awsso %s\nAWS CLI %s\nboto3 %s\nwant %s", who.Arn, cli, py, tt.arn)
			}
		})
	}
}

// TestAssumedRoleCacheSharedWithTheAWSCLI: the AWS CLI v2 reuses what awsso cached, and awsso
// what the AWS CLI cached, with no second AssumeRole either way (the emulator counts them);
// both write the same layout. The chains start at the legacy profile, which the AWS CLI v2
// 2.9.19 can resolve from a cold cache (aws/aws-cli#7496).
func TestAssumedRoleCacheSharedWithTheAWSCLI(t *testing.T) {
	aws := testenv.AWSCLIv2(t)
	w, env, _ := interopWorld(t)
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
	mine := w.creds("lhop1", Fetch{})
	if got := exportKey("lhop1"); got != mine.AccessKeyID || w.calls("AssumeRole") != 1 {
		t.Errorf("the AWS CLI got %s after %d AssumeRole calls; awsso cached %s after 1", got, w.calls("AssumeRole"), mine.AccessKeyID)
	}
	// The AWS CLI first, from a cold cache: it assumes both roles of lhop2 itself, and awsso
	// finds its entry.
	if err := os.RemoveAll(w.r.CredsCache().Dir); err != nil {
		t.Fatal(err)
	}
	theirs := exportKey("lhop2")
	if n := w.calls("AssumeRole"); n != 3 {
		t.Fatalf("%d AssumeRole calls in all, want 3 (awsso's, then the AWS CLI's two)", n)
	}
	if got := w.creds("lhop2", Fetch{}); got.AccessKeyID != theirs || w.calls("AssumeRole") != 3 {
		t.Errorf("awsso got %s after %d AssumeRole calls; the AWS CLI cached %s", got.AccessKeyID, w.calls("AssumeRole"), theirs)
	}
	// Same layout: the AWS CLI's entry, written again by awsso, is the same JSON.
	cache := w.r.CredsCache()
	key := w.resolve("lhop2").CacheKey()
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
