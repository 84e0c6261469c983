package resolver

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/awsso/awsso/internal/emulator"
)

// goSDKCases are profiles that botocore and the Go SDK read alike or differently. Each runs
// through the real Go SDK against the emulator, to hold GoSDKChain (doctor's model) to what
// the SDK does. Static keys are alice's; the credential_process and the environment have keys
// of IAM users of their own (testOrg), so the root of a chain shows which it was.
var goSDKCases = []struct {
	name, profile, config, credentials string
	differ                             bool
}{
	{name: "sso", profile: "hub"},
	{name: "chain from sso", profile: "prod"},
	{name: "static keys", profile: "keys", credentials: "[keys]\n" + aliceKeys},
	{name: "static keys beside sso settings", profile: "mixed", differ: true,
		config: "[profile mixed]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n" + aliceKeys},
	{name: "config-file keys beside credential_process", profile: "both", differ: true,
		config: "[profile both]\ncredential_process = " + procLine + "\n" + aliceKeys},
	{name: "a source with keys and a role of its own", profile: "top", differ: true,
		config: "[profile top]\nrole_arn = arn:aws:iam::444455556666:role/Top\nsource_profile = src\n" +
			"[profile src]\nrole_arn = arn:aws:iam::444455556666:role/Src\nsource_profile = hub\n" + aliceKeys},
	{name: "source_profile beside credential_process", profile: "two", differ: true,
		config: "[profile two]\nrole_arn = arn:aws:iam::444455556666:role/Two\nsource_profile = hub\ncredential_process = " + procLine + "\n"},
	{name: "credential_source beside keys", profile: "env", differ: true,
		config: "[profile env]\nrole_arn = arn:aws:iam::444455556666:role/Env\ncredential_source = Environment\n" + aliceKeys},
	{name: "a profile that names itself for its keys", profile: "self",
		config: "[profile self]\nrole_arn = arn:aws:iam::444455556666:role/Self\nsource_profile = self\n" + aliceKeys},
	// The Go SDK resolves this loop; botocore refuses it, and that error is what doctor reports.
	{name: "a loop through a profile with keys", profile: "a",
		config: "[profile a]\nrole_arn = arn:aws:iam::444455556666:role/A\nsource_profile = b\n" + aliceKeys +
			"[profile b]\nrole_arn = arn:aws:iam::444455556666:role/B\nsource_profile = a\n"},
}

// aliceKeys are the emulator's documented IAM user keys, as a profile writes them.
const aliceKeys = "aws_access_key_id = " + emulator.DefaultAccessKeyID + "\naws_secret_access_key = " + emulator.DefaultSecretAccessKey + "\n"

const procLine = `sh -c 'echo "{\"Version\": 1, \"AccessKeyId\": \"` + processKey + `\", \"SecretAccessKey\": \"process-secret-key\"}"'`

// TestGoSDKModel runs each case through aws-sdk-go-v2's LoadDefaultConfig and checks that the
// chain it takes is the one GoSDKChain predicts, and that GoSDKDifference reports exactly the
// cases where that is not botocore's (Resolve's) chain.
func TestGoSDKModel(t *testing.T) {
	for _, tt := range goSDKCases {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, tt.config)
			w.signIn()
			signers := witness(t, w.env.URL)
			for k, v := range map[string]string{"HOME": w.home.Dir, "AWS_CONFIG_FILE": w.home.Config, "AWS_SHARED_CREDENTIALS_FILE": w.home.Credentials,
				"AWS_ENDPOINT_URL_STS": signers.URL, "AWS_ENDPOINT_URL_SSO": w.env.URL, "AWS_ENDPOINT_URL_SSO_OIDC": w.env.URL, "AWS_REGION": "us-east-1",
				"AWS_ACCESS_KEY_ID": envKey, "AWS_SECRET_ACCESS_KEY": "environment-secret-key", "AWS_PROFILE": ""} {
				t.Setenv(k, v)
			}
			if tt.credentials != "" {
				writeFile(t, w.home.Credentials, tt.credentials)
			}
			cfg, err := w.r.Config()
			if err != nil {
				t.Fatal(err)
			}
			model, refusal := GoSDKChain(cfg, tt.profile)
			got, gotErr := goSDKRun(t, w, signers, tt.profile)
			if (refusal != "") != (gotErr != nil) || (gotErr == nil && !slices.Equal(got, model)) {
				t.Errorf("the Go SDK took %v (error %v); the model says %v (refusal %q)", got, gotErr, model, refusal)
			}
			if diff := GoSDKDifference(cfg, tt.profile); (diff != "") != tt.differ {
				t.Errorf("GoSDKDifference = %q, want a difference: %v", diff, tt.differ)
			}
		})
	}
}

// goSDKRun has the Go SDK resolve profile and labels the chain it took from the AssumeRole
// calls the witness saw and what the emulator counted.
func goSDKRun(t *testing.T, w *world, signers *stsWitness, profile string) ([]string, error) {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithSharedConfigProfile(profile))
	if err != nil {
		return nil, err
	}
	c, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return nil, err
	}
	var hops []string
	calls := signers.keys()
	for range calls {
		hops = append(hops, string(KindAssumeRole))
	}
	root := c.AccessKeyID
	if len(calls) > 0 {
		root = calls[0]
	}
	switch {
	case root == emulator.DefaultAccessKeyID:
		hops = append(hops, string(KindStatic))
	case root == processKey:
		hops = append(hops, string(KindProcess))
	case root == envKey:
		hops = append(hops, "credential_source Environment")
	case w.calls("GetRoleCredentials") > 0:
		hops = append(hops, string(KindSSO))
	default:
		t.Fatalf("cannot tell where %s came from", root)
	}
	return hops, nil
}

// stsWitness passes every request on to the emulator, which answers it, and notes the access
// key that signed each AssumeRole: the source credentials of each hop the Go SDK took, which
// no answer shows.
type stsWitness struct {
	URL    string
	mu     sync.Mutex
	signed []string
}

func witness(t *testing.T, emulatorURL string) *stsWitness {
	target, err := url.Parse(emulatorURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	s := &stsWitness{}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if form, _ := url.ParseQuery(string(body)); form.Get("Action") == "AssumeRole" {
			_, cred, _ := strings.Cut(r.Header.Get("Authorization"), "Credential=")
			key, _, _ := strings.Cut(cred, "/")
			s.mu.Lock()
			s.signed = append(s.signed, key)
			s.mu.Unlock()
		}
		proxy.ServeHTTP(rw, r)
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// keys are the signers of the AssumeRole calls so far, first call first.
func (s *stsWitness) keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.signed)
}
