package awsconfig

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// endpointFiles writes the endpoint cases' config file and an empty credentials file.
func endpointFiles(t *testing.T) (cfg, creds string) {
	dir := t.TempDir()
	cfg, creds = filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	if os.WriteFile(cfg, []byte(endpointConfig), 0o600) != nil || os.WriteFile(creds, nil, 0o600) != nil {
		t.Fatal("cannot write the files")
	}
	return cfg, creds
}

// TestEndpointBotocoreAgreement runs the precedence cases through botocore: every client gets
// the endpoint EndpointURL chooses, and a missing services section fails as it fails there.
func TestEndpointBotocoreAgreement(t *testing.T) {
	py := testenv.Python(t, false)
	cfg, creds := endpointFiles(t)
	type botoCase struct {
		Profile string            `json:"profile"`
		Service string            `json:"service"`
		Env     map[string]string `json:"env"`
	}
	spec := struct {
		Config      string     `json:"config"`
		Credentials string     `json:"credentials"`
		Cases       []botoCase `json:"cases"`
	}{Config: cfg, Credentials: creds}
	for _, tt := range endpointCases {
		env := tt.env
		if env == nil {
			env = map[string]string{}
		}
		spec.Cases = append(spec.Cases, botoCase{Profile: tt.profile, Service: strings.ReplaceAll(tt.service, "_", "-"), Env: env})
	}
	in, _ := json.Marshal(spec)
	cmd := exec.Command(py, filepath.Join("testdata", "botocore_endpoint.py"))
	cmd.Env, cmd.Stdin = testenv.CleanEnv(), strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("botocore_endpoint.py: %v", err)
	}
	var got []struct{ URL, Error string }
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(endpointCases) {
		t.Fatalf("botocore printed %s (%v)", out, err)
	}
	for i, tt := range endpointCases {
		b := got[i]
		switch {
		case tt.wantErr && b.Error != "InvalidConfigError":
			t.Errorf("%s: botocore gave %+v, want InvalidConfigError", tt.name, b)
		case !tt.wantErr && tt.want == "" && !strings.HasSuffix(b.URL, ".amazonaws.com"):
			t.Errorf("%s: botocore gave %+v, want the AWS endpoint", tt.name, b)
		case tt.want != "" && b.URL != tt.want:
			t.Errorf("%s: botocore gave %+v, want %s", tt.name, b, tt.want)
		}
	}
}

// TestEndpointGoSDKDifferences runs the precedence cases through aws-sdk-go-v2's config loader
// and clients: they agree with EndpointURL but where the case documents the Go SDK's own order.
func TestEndpointGoSDKDifferences(t *testing.T) {
	cfgPath, creds := endpointFiles(t)
	vars := []string{"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_SSO_OIDC",
		"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"}
	for _, tt := range endpointCases {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range vars {
				t.Setenv(k, "")
				os.Unsetenv(k)
			}
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion("us-east-1"),
				config.WithSharedConfigFiles([]string{cfgPath}), config.WithSharedCredentialsFiles([]string{creds}),
				config.WithSharedConfigProfile(tt.profile))
			if err != nil {
				t.Fatal(err)
			}
			var got *string
			switch tt.service {
			case "sts":
				got = sts.NewFromConfig(cfg).Options().BaseEndpoint
			case "sso":
				got = sso.NewFromConfig(cfg).Options().BaseEndpoint
			case "sso_oidc":
				got = ssooidc.NewFromConfig(cfg).Options().BaseEndpoint
			}
			want := tt.want
			switch tt.goSDK {
			case "":
			case "-":
				want = ""
			default:
				want = tt.goSDK
			}
			if aws.ToString(got) != want {
				t.Errorf("the Go SDK chose %q, want %q", aws.ToString(got), want)
			}
		})
	}
}
