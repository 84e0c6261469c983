package resolver

import (
	"reflect"
	"testing"

	"github.com/awsso/awsso/internal/awsconfig"
)

// sameAsResolve checks Summarize against Resolve for every profile of cfg: the same error, or
// the same kind; a profile read in place has the IAM Identity Center settings Resolve finds.
// It returns how many profiles took the fast path.
func sameAsResolve(t *testing.T, cfg *awsconfig.Config) (inPlace int) {
	t.Helper()
	for i := range cfg.Profiles() {
		prof := &cfg.Profiles()[i]
		sum, sumErr := Summarize(cfg, prof)
		p, err := Resolve(cfg, prof.Name, Options{Explicit: true, NoEndpoints: true})
		switch {
		case (err == nil) != (sumErr == nil):
			t.Fatalf("profile %q: Summarize says %v, Resolve says %v", prof.Name, sumErr, err)
		case err != nil:
			if sumErr.Error() != err.Error() {
				t.Fatalf("profile %q: Summarize says %q, Resolve says %q", prof.Name, sumErr, err)
			}
		case sum.Kind != p.Kind:
			t.Fatalf("profile %q: Summarize says %s, Resolve says %s", prof.Name, sum.Kind, p.Kind)
		case sum.Profile == nil:
			inPlace++
			if !reflect.DeepEqual(&sum.SSO, p.SSO) || sum.Root() == nil {
				t.Fatalf("profile %q: Summarize read %+v, Resolve %+v", prof.Name, sum.SSO, p.SSO)
			}
		}
	}
	return inPlace
}

func TestSummarizeAgreesWithResolve(t *testing.T) {
	const hub = "[profile hub]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n"
	tests := []struct {
		name    string
		config  string
		inPlace int // profiles read without Resolve
	}{
		{"sso", corpSession + hub, 1},
		{"legacy sso", "[profile old]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = R\n", 1},
		{"role only", corpSession + "[profile half]\nsso_session = corp\nsso_role_name = Admin\n", 0},
		{"missing session", "[profile lost]\nsso_session = nosuch\nsso_account_id = 111122223333\nsso_role_name = Admin\n", 0},
		{"conflicting start URL", corpSession + hub + "sso_start_url = https://d-9.awsapps.com/start\n", 0},
		{"bad region", corpSession + "[profile r]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\nregion = not a region\n", 0},
		{"bad max_attempts", corpSession + hub + "max_attempts = many\n", 0},
		{"role_arn beside sso settings", corpSession + hub + "role_arn = arn:aws:iam::444455556666:role/Deploy\nsource_profile = hub\n", 0},
		{"web identity beside sso settings", corpSession + hub + "role_arn = arn:aws:iam::444455556666:role/W\nweb_identity_token_file = /t\n", 0},
		{"blank web identity file", corpSession + hub + "web_identity_token_file =\n", 1},
		{"chain", corpSession + hub + "[profile prod]\nrole_arn = arn:aws:iam::444455556666:role/Deploy\nsource_profile = hub\n", 1},
		{"static keys", "[profile s]\naws_access_key_id = A\naws_secret_access_key = S\n", 0},
		{"sign-in only", corpSession + "[profile in]\nsso_session = corp\n", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := sameAsResolve(t, load(t, tc.config, "")); got != tc.inPlace {
				t.Errorf("%d profiles read in place, want %d", got, tc.inPlace)
			}
		})
	}
}
