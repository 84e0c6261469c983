package region

import (
	"strings"
	"testing"
)

func TestRegionValidators(t *testing.T) {
	tests := []struct {
		region      string
		name, label bool // ValidName, ValidHostLabel
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
		if got := ValidName(tt.region); got != tt.name {
			t.Errorf("ValidName(%q) = %v, want %v", tt.region, got, tt.name)
		}
		if got := ValidHostLabel(tt.region); got != tt.label {
			t.Errorf("ValidHostLabel(%q) = %v, want %v", tt.region, got, tt.label)
		}
	}
}
