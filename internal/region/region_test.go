package region

import (
	"regexp"
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

// FuzzValidName checks the hand-written ValidName against the regular expression it stands for.
func FuzzValidName(f *testing.F) {
	for _, s := range []string{"us-east-1", "us-gov-west-1", "eusc-de-east-1", "a-b-1", "abcde-b-1", "us--1", "us-east-", "us-1", "us-east-1a", "us-eas7-1", "-us-east-1"} {
		f.Add(s)
	}
	re := regexp.MustCompile(`^[a-z]{2,4}(-[a-z]+)+-[0-9]+$`)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := ValidName(s), re.MatchString(s); got != want {
			t.Errorf("ValidName(%q) = %v, the regexp says %v", s, got, want)
		}
	})
}
