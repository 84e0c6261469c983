package resolver

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/awsso/awsso/internal/creds"
)

// goSDKCases are profiles that botocore and the Go SDK read alike or differently. Each runs
// through the real Go SDK against the fake STS, to hold GoSDKChain (doctor's model) to what
// the SDK does.
var goSDKCases = []struct {
	name, profile, config, credentials string
	differ                             bool
}{
	{name: "sso", profile: "hub"},
	{name: "chain from sso", profile: "prod"},
	{name: "static keys", profile: "keys", credentials: "[keys]\naws_access_key_id = AKIASTATIC\naws_secret_access_key = s\n"},
	{name: "static keys beside sso settings", profile: "mixed", differ: true,
		config: "[profile mixed]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\naws_access_key_id = AKIASTATIC\naws_secret_access_key = s\n"},
	{name: "config-file keys beside credential_process", profile: "both", differ: true,
		config: "[profile both]\ncredential_process = " + procLine + "\naws_access_key_id = AKIASTATIC\naws_secret_access_key = s\n"},
	{name: "a source with keys and a role of its own", profile: "top", differ: true,
		config: "[profile top]\nrole_arn = arn:aws:iam::444455556666:role/Top\nsource_profile = src\n" +
			"[profile src]\nrole_arn = arn:aws:iam::444455556666:role/Src\nsource_profile = hub\naws_access_key_id = AKIASTATIC\naws_secret_access_key = s\n"},
	{name: "source_profile beside credential_process", profile: "two", differ: true,
		config: "[profile two]\nrole_arn = arn:aws:iam::444455556666:role/Two\nsource_profile = hub\ncredential_process = " + procLine + "\n"},
	{name: "credential_source beside keys", profile: "env", differ: true,
		config: "[profile env]\nrole_arn = arn:aws:iam::444455556666:role/Env\ncredential_source = Environment\naws_access_key_id = AKIASTATIC\naws_secret_access_key = s\n"},
	{name: "a profile that names itself for its keys", profile: "self",
		config: "[profile self]\nrole_arn = arn:aws:iam::444455556666:role/Self\nsource_profile = self\naws_access_key_id = AKIASTATIC\naws_secret_access_key = s\n"},
	// The Go SDK resolves this loop; botocore refuses it, and that error is what doctor reports.
	{name: "a loop through a profile with keys", profile: "a",
		config: "[profile a]\nrole_arn = arn:aws:iam::444455556666:role/A\nsource_profile = b\naws_access_key_id = AKIASTATIC\naws_secret_access_key = s\n" +
			"[profile b]\nrole_arn = arn:aws:iam::444455556666:role/B\nsource_profile = a\n"},
}

const procLine = `sh -c 'echo "{\"Version\": 1, \"AccessKeyId\": \"AKIAPROCESS\", \"SecretAccessKey\": \"s\"}"'`

// TestGoSDKModel runs each case through aws-sdk-go-v2's LoadDefaultConfig and checks that the
// chain it takes is the one GoSDKChain predicts, and that GoSDKDifference reports exactly the
// cases where that is not botocore's (Resolve's) chain.
func TestGoSDKModel(t *testing.T) {
	for _, tt := range goSDKCases {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, tt.config)
			w.signIn()
			for k, v := range map[string]string{"HOME": w.home.Dir, "AWS_CONFIG_FILE": w.home.Config, "AWS_SHARED_CREDENTIALS_FILE": w.home.Credentials,
				"AWS_ENDPOINT_URL_STS": w.sts.URL, "AWS_ENDPOINT_URL_SSO": w.env.URL, "AWS_ENDPOINT_URL_SSO_OIDC": w.env.URL, "AWS_REGION": "us-east-1",
				"AWS_ACCESS_KEY_ID": "AKIAENVIRONMENT", "AWS_SECRET_ACCESS_KEY": "s", "AWS_PROFILE": ""} {
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
			got, gotErr := goSDKRun(t, w, tt.profile)
			if (refusal != "") != (gotErr != nil) || (gotErr == nil && !slices.Equal(got, model)) {
				t.Errorf("the Go SDK took %v (error %v); the model says %v (refusal %q)", got, gotErr, model, refusal)
			}
			if diff := GoSDKDifference(cfg, tt.profile); (diff != "") != tt.differ {
				t.Errorf("GoSDKDifference = %q, want a difference: %v", diff, tt.differ)
			}
		})
	}
}

// goSDKRun has the Go SDK resolve profile and labels the chain it took from the calls the
// fake STS and the emulator saw.
func goSDKRun(t *testing.T, w *world, profile string) ([]string, error) {
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
	calls := w.sts.calls()
	for i := len(calls) - 1; i >= 0; i-- {
		hops = append(hops, string(KindAssumeRole))
	}
	root := c.AccessKeyID
	if len(calls) > 0 {
		root = calls[0].Get("SignedBy")
	}
	ssoKeys := map[string]bool{}
	if cached, ok := w.r.CredsCache().Load(creds.Key("111122223333", "ReadOnly", "corp", "")); ok {
		ssoKeys[cached.AccessKeyID] = true
	}
	switch {
	case root == "AKIASTATIC":
		hops = append(hops, string(KindStatic))
	case root == "AKIAPROCESS":
		hops = append(hops, string(KindProcess))
	case root == "AKIAENVIRONMENT":
		hops = append(hops, "credential_source Environment")
	case w.calls("GetRoleCredentials") > 0 || strings.HasPrefix(root, "ASIA") && ssoKeys[root]:
		hops = append(hops, string(KindSSO))
	default:
		t.Fatalf("cannot tell where %s came from", root)
	}
	return hops, nil
}
