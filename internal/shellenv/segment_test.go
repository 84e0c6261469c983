package shellenv

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/awsso/awsso/internal/awsconfig"
)

func TestSegmentString(t *testing.T) {
	for _, tt := range []struct {
		s    Segment
		want string
	}{
		{Segment{}, ""},
		{Segment{Region: "eu-west-1"}, ""},
		{Segment{Profile: "dev"}, "dev"},
		{Segment{Profile: "dev", Account: "111122223333", Role: "ReadOnly", Region: "eu-west-1", Left: "42m"}, "dev (111122223333/ReadOnly eu-west-1 42m)"},
		{Segment{Profile: "dev", Role: "ReadOnly", Left: "expired"}, "dev (ReadOnly expired)"},
		{Segment{Profile: "dev", Account: "111122223333", Region: "eu-west-1"}, "dev (111122223333 eu-west-1)"},
	} {
		if got := tt.s.String(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestInUse(t *testing.T) {
	for _, tt := range []struct {
		env       map[string]string
		profile   string
		described bool
	}{
		{nil, "", false},
		{map[string]string{"AWS_PROFILE": "dev", "AWSSO_PROFILE": "dev"}, "dev", true},
		{map[string]string{"AWS_PROFILE": "other", "AWSSO_PROFILE": "dev"}, "other", false},
		{map[string]string{"AWS_DEFAULT_PROFILE": "dev", "AWSSO_PROFILE": "dev"}, "dev", true},
		{map[string]string{"AWS_ACCESS_KEY_ID": "ASIA", "AWSSO_PROFILE": "dev"}, "dev", true},
		{map[string]string{"AWSSO_PROFILE": "dev"}, "", false}, // the keys went: the shell uses the default profile
		{map[string]string{"AWS_ACCESS_KEY_ID": "AKIA"}, "", false},
	} {
		p, d := InUse(lookup(tt.env))
		if p != tt.profile || d != tt.described {
			t.Errorf("%v: %q %v, want %q %v", tt.env, p, d, tt.profile, tt.described)
		}
	}
}

func TestDescribe(t *testing.T) {
	dir := t.TempDir()
	config := filepath.Join(dir, "config")
	os.WriteFile(config, []byte("[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = eu-west-1\n\n"+
		"[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n\n"+
		"[profile chained]\nrole_arn = arn:aws:iam::444455556666:role/team/Deploy\nsource_profile = dev\nregion = us-east-2\n\n"+
		"[profile static]\n"), 0o600)
	cfg, err := awsconfig.Load(awsconfig.Paths{Config: config, Credentials: filepath.Join(dir, "credentials")})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		profile string
		want    Use
		sso     bool
	}{
		{"dev", Use{Profile: "dev", AccountID: "111122223333", RoleName: "ReadOnly", Region: "eu-west-1"}, true},
		{"chained", Use{Profile: "chained", AccountID: "444455556666", RoleName: "Deploy", Region: "us-east-2"}, false},
		{"static", Use{Profile: "static"}, false},
	} {
		u, s, err := Describe(cfg, tt.profile)
		if err != nil || u != tt.want || (s != nil) != tt.sso {
			t.Errorf("%s: %+v %v %v, want %+v", tt.profile, u, s, err, tt.want)
		}
	}
	_, _, err = Describe(cfg, "devv")
	var notFound *awsconfig.ProfileNotFoundError
	if !errors.As(err, &notFound) || len(notFound.Similar) == 0 || notFound.Similar[0] != "dev" {
		t.Errorf("unknown profile: %v", err)
	}
}
