package resolver

import (
	"errors"
	"testing"

	"github.com/awsso/awsso/internal/shellwords"
)

func TestAwssoProfileArg(t *testing.T) {
	tests := []struct {
		line        string
		windows     bool // split as on Windows, where backslashes in paths are literal
		wantProfile string
		wantOK      bool
	}{
		{line: "awsso credential-process --profile dev", wantProfile: "dev", wantOK: true},
		{line: "/usr/local/bin/awsso credential-process --profile=dev --login", wantProfile: "dev", wantOK: true},
		{line: `C:\tools\AWSSO.EXE export-credentials --profile dev`, windows: true, wantProfile: "dev", wantOK: true},
		{line: "awsso configure export-credentials", wantOK: true},
		{line: "awsso exec --profile dev -- aws sts get-caller-identity", wantProfile: "dev"},
		{line: "aws configure export-credentials --profile dev"},
		{line: "awsso-wrapper credential-process --profile dev"},
	}
	for _, tt := range tests {
		split := shellwords.SplitPOSIX
		if tt.windows {
			split = shellwords.SplitWindows
		}
		profile, ok := AwssoProfileArg(split(tt.line))
		if profile != tt.wantProfile || ok != tt.wantOK {
			t.Errorf("%s: (%q, %v), want (%q, %v)", tt.line, profile, ok, tt.wantProfile, tt.wantOK)
		}
	}
}

func TestNextProfileChain(t *testing.T) {
	tests := []struct {
		chain, profile, want string
		loop                 bool
	}{
		{chain: "", profile: "dev", want: "dev"},
		{chain: "app", profile: "dev", want: "app,dev"},
		{chain: "app,dev", profile: "dev", loop: true},
		{chain: "a,b,c,d", profile: "dev", loop: true},
	}
	for _, tt := range tests {
		lookup := func(string) (string, bool) { return tt.chain, tt.chain != "" }
		got, err := NextProfileChain(lookup, tt.profile)
		var loop *CredentialLoopError
		if errors.As(err, &loop) != tt.loop || got != tt.want {
			t.Errorf("chain %q + %s = %q, %v", tt.chain, tt.profile, got, err)
		}
	}
}

func TestSelfReference(t *testing.T) {
	cfg := load(t, "[profile a]\ncredential_process = awsso credential-process\n\n"+
		"[profile b]\ncredential_process = awsso credential-process --profile a\n\n"+
		"[profile c]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = R\ncredential_process = awsso credential-process --profile c\n\n"+
		"[sso-session s]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n", "")
	tests := []struct {
		name, profile, envProfile string
		wantLoop                  bool
	}{
		{name: "no --profile in the line, profile from the environment", profile: "a", envProfile: "a", wantLoop: true},
		{name: "no --profile in the line, another profile in the environment", profile: "a", envProfile: "x"},
		{name: "another profile", profile: "b"},
		{name: "SSO settings win over the line", profile: "c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Resolve(cfg, tt.profile, Options{Explicit: true, LookupEnv: envOf(map[string]string{"AWS_PROFILE": tt.envProfile})})
			var loop *CredentialLoopError
			if errors.As(err, &loop) != tt.wantLoop {
				t.Errorf("Resolve: %v", err)
			}
		})
	}
}
