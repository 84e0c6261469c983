package doctor

import (
	"fmt"
	"strings"
	"testing"
)

func TestCheckChains(t *testing.T) {
	const hub = cleanConfig + "[profile hub]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n"
	// hub ends at line 18 of the config.
	tests := []struct {
		name, config, creds string
		want                []string
	}{
		{name: "a chain that works", config: hub + "[profile prod]\nrole_arn = arn:aws:iam::444455556666:role/Deploy\nsource_profile = hub\n"},
		{name: "loop", config: hub + "[profile a]\nrole_arn = arn:aws:iam::444455556666:role/A\nsource_profile = b\n" +
			"[profile b]\nrole_arn = arn:aws:iam::444455556666:role/B\nsource_profile = a\n",
			want: []string{`config:21 error: source_profile loop: b -> a -> b`, `config:24 error: source_profile loop: a -> b -> a`}},
		{name: "missing source profile", config: hub + "[profile a]\nrole_arn = arn:aws:iam::444455556666:role/A\nsource_profile = hb\n",
			want: []string{`config:21 error: profile "a" names source_profile "hb"`}},
		{name: "conflicting sources", config: hub + "[profile a]\nrole_arn = arn:aws:iam::444455556666:role/A\nsource_profile = hub\ncredential_source = Environment\n",
			want: []string{`config:22 error: profile "a" has both source_profile`}},
		{name: "no source", config: hub + "[profile a]\nrole_arn = arn:aws:iam::444455556666:role/A\n",
			want: []string{`config:20 error: profile "a" has role_arn`}},
		{name: "role_arn that is not an ARN", config: hub + "[profile a]\nrole_arn = Admin\nsource_profile = hub\n",
			want: []string{`config:20 error: profile "a" has role_arn "Admin"`}},
		{name: "unknown credential_source", config: hub + "[profile a]\nrole_arn = arn:aws:iam::444455556666:role/A\ncredential_source = Ec2Instance\n",
			want: []string{`config:21 error: profile "a" has credential_source "Ec2Instance"`}},
		{name: "duration that is not seconds", config: hub + "[profile a]\nrole_arn = arn:aws:iam::444455556666:role/A\nsource_profile = hub\nduration_seconds = 1h\n",
			want: []string{`config:22 warning: duration_seconds "1h" is not a whole number of seconds`}},
		{name: "mfa behind credential-process", config: hub + "[profile admin]\nrole_arn = arn:aws:iam::444455556666:role/A\nsource_profile = hub\nmfa_serial = arn:aws:iam::111122223333:mfa/me\n" +
			"[profile tool]\ncredential_process = awsso credential-process --profile admin\n",
			want: []string{`config:24 warning: credential_process runs awsso credential-process for profile admin, whose role needs an MFA code`}},
		{name: "static keys beside sso settings", config: hub + "[profile mixed]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\naws_access_key_id = AKIA\naws_secret_access_key = s\n",
			want: []string{`config:19 warning: the Go SDK (Terraform, and other Go tools) reads profile mixed differently from botocore and the AWS CLI: botocore reads it as sso, the Go SDK as static`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, f := range checkFindings(t, tt.config, tt.creds, 0, tt.want) {
				if own := fmt.Sprintf("%s:%d", f.File, f.Line); strings.Contains(f.Problem+f.Fix, own) {
					t.Errorf("finding repeats its own location %s: %+v", own, f)
				}
			}
		})
	}
}
