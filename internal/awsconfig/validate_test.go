package awsconfig

import (
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/awsclient"
)

func TestRegionValidators(t *testing.T) {
	tests := []struct {
		region      string
		name, label bool // ValidRegionName, awsclient.ValidRegion (which awsconfig uses for region)
	}{
		{"us-east-1", true, true},
		{"us-gov-west-1", true, true},
		{"cn-north-1", true, true},
		{"eu-central-2", true, true},
		{"eusc-de-east-1", true, true},
		{"eu-isoe-west-1", true, true},
		{"us-isob-east-1", true, true},
		{"ap-southeast-7", true, true},
		{"aws-global", false, true}, // an endpoint alias, not a region to sign in to
		{"local", false, true},
		{"a", false, true},
		{strings.Repeat("a", 63), false, true},
		{strings.Repeat("a", 64), false, false},
		{"", false, false},
		{"us-east-1.evil.example#", false, false},
		{"US-EAST-1", false, false},
		{"us east", false, false},
		{"a/b", false, false},
		{"-x", false, false},
		{"x-", false, false},
		{"us-east-1\n", false, false},
	}
	for _, tt := range tests {
		if got := ValidRegionName(tt.region); got != tt.name {
			t.Errorf("ValidRegionName(%q) = %v, want %v", tt.region, got, tt.name)
		}
		if got := awsclient.ValidRegion(tt.region); got != tt.label {
			t.Errorf("awsclient.ValidRegion(%q) = %v, want %v", tt.region, got, tt.label)
		}
	}
}

func TestCheckStartURL(t *testing.T) {
	tests := []struct {
		name, url, wantErr string
	}{
		{"portal", "https://d-1234567890.awsapps.com/start", ""},
		{"custom domain", "https://corp.awsapps.com/start/#/", ""},
		{"plain http", "http://d-1234567890.awsapps.com/start", "not https"},
		{"no scheme", "d-1234567890.awsapps.com/start", "not https"},
		{"no host", "https:///start", "no host"},
		{"password", "https://bob:hunter2@corp.awsapps.com/start", "user name or password"},
		{"user", "https://bob@corp.awsapps.com/start", "user name or password"},
		{"not a url", "https://corp awsapps.com/%zz", "not a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckStartURL(tt.url)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("CheckStartURL(%q) = %v", tt.url, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("CheckStartURL(%q) = %v, want an error saying %q", tt.url, err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("the error shows the password: %v", err)
			}
		})
	}
	if got := RedactURL("https://bob:hunter2@corp.awsapps.com/start"); strings.Contains(got, "hunter2") {
		t.Errorf("RedactURL kept the password: %s", got)
	}
}
