package awsconfig

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/config"
)

// goSDKView is what the Go SDK reads for a profile, in the fields awsso also resolves.
type goSDKView struct {
	Region, SSOSession, StartURL, SSORegion, AccountID, RoleName, AccessKey, Process string
}

func goSDKProfile(t *testing.T, cfg, creds, profile string) (goSDKView, error) {
	t.Helper()
	sc, err := config.LoadSharedConfigProfile(context.Background(), profile, func(o *config.LoadSharedConfigOptions) {
		o.ConfigFiles, o.CredentialsFiles = []string{cfg}, []string{creds}
	})
	if err != nil {
		return goSDKView{}, err
	}
	v := goSDKView{Region: sc.Region, SSOSession: sc.SSOSessionName, StartURL: sc.SSOStartURL, SSORegion: sc.SSORegion,
		AccountID: sc.SSOAccountID, RoleName: sc.SSORoleName, AccessKey: sc.Credentials.AccessKeyID, Process: sc.CredentialProcess}
	// The Go SDK keeps the "\r" of CRLF continuation lines (doc.go, rule 1); awsso does not.
	v.Process = strings.ReplaceAll(v.Process, "\r", "")
	if sc.SSOSession != nil {
		v.StartURL, v.SSORegion = sc.SSOSession.SSOStartURL, sc.SSOSession.SSORegion
	}
	return v, nil
}

// awssoView is the same fields as awsso reads them (session values through ResolveSSO).
func awssoView(c *Config, profile string) goSDKView {
	p, _ := c.Profile(profile)
	get := func(k string) string { v, _ := p.Get(k); return v }
	v := goSDKView{Region: get("region"), SSOSession: get("sso_session"), StartURL: get("sso_start_url"), SSORegion: get("sso_region"),
		AccountID: get("sso_account_id"), RoleName: get("sso_role_name"), Process: get("credential_process")}
	if get("aws_secret_access_key") != "" {
		v.AccessKey = get("aws_access_key_id") // the Go SDK takes keys only in pairs
	}
	if sso, err := c.ResolveSSO(profile); err == nil && !sso.Legacy() {
		v.StartURL, v.SSORegion = sso.StartURL, sso.Region
	}
	return v
}

// TestGoSDKAgreement loads every profile of the corpus files and of the agreeing botocore cases
// with aws-sdk-go-v2's shared-config loader and compares what both read.
func TestGoSDKAgreement(t *testing.T) {
	dir := t.TempDir()
	type pair struct{ name, config, creds string }
	var pairs []pair
	files, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.ini"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if filepath.Base(f) == "credentials.ini" {
			pairs = append(pairs, pair{f, "", string(b)})
		} else {
			pairs = append(pairs, pair{f, string(b), ""})
		}
	}
	for _, bc := range botocoreCases {
		if bc.botocore == "" && !bc.oursFails && bc.name != "indented k = v after a value" && bc.name != "quotes kept" && bc.name != "continuation lines" {
			pairs = append(pairs, pair{bc.name, bc.config, bc.creds})
		}
	}
	for i, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			cfg, creds := filepath.Join(dir, fmt.Sprint(i, "c")), filepath.Join(dir, fmt.Sprint(i, "k"))
			os.WriteFile(cfg, []byte(p.config), 0o600)
			os.WriteFile(creds, []byte(p.creds), 0o600)
			c, err := Load(Paths{Config: cfg, Credentials: creds})
			if err != nil {
				t.Fatal(err)
			}
			names := c.ProfileNames()
			step := max(1, len(names)/40) // the Go SDK re-reads the file for each profile
			for k := 0; k < len(names); k += step {
				name := names[k]
				got, err := goSDKProfile(t, cfg, creds, name)
				if err != nil {
					t.Errorf("Go SDK cannot load profile %q that awsso reads: %v", name, err)
					continue
				}
				if want := awssoView(c, name); got != want {
					t.Errorf("profile %q:\nGo SDK %+v\nawsso  %+v", name, got, want)
				}
			}
		})
	}
}

// TestGoSDKDifferences pins the spots where the Go SDK departs from the cross-SDK rules that
// awsso follows (doc.go), so a change in either shows up.
func TestGoSDKDifferences(t *testing.T) {
	tests := []struct {
		name, config, profile string
		goSDK, awsso          string // the region each reads
	}{
		{"quotes stripped by the Go SDK", "[profile p]\nregion = \"us-east-1\"\n", "p", "us-east-1", `"us-east-1"`},
		{"indented k = v after a value is a key for the Go SDK", "[profile p]\nregion = us-east-1\n  foo = bar\n", "p", "us-east-1", "us-east-1\nfoo = bar"},
		{"the Go SDK reads names with blanks", "[profile a b]\nregion = eu-west-1\n", "a b", "eu-west-1", ""},
	}
	dir := t.TempDir()
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, creds := filepath.Join(dir, fmt.Sprint(i, "c")), filepath.Join(dir, fmt.Sprint(i, "k"))
			os.WriteFile(cfg, []byte(tt.config), 0o600)
			os.WriteFile(creds, nil, 0o600)
			got, err := goSDKProfile(t, cfg, creds, tt.profile)
			if err != nil || got.Region != tt.goSDK {
				t.Errorf("Go SDK region = %q, %v; want %q", got.Region, err, tt.goSDK)
			}
			c, _ := Load(Paths{Config: cfg, Credentials: creds})
			var ours string
			if p, ok := c.Profile(tt.profile); ok {
				ours, _ = p.Get("region")
			}
			if ours != tt.awsso {
				t.Errorf("awsso region = %q, want %q", ours, tt.awsso)
			}
		})
	}
}
