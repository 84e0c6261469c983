package doctor

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

const cleanConfig = `[default]
region = us-east-1

[sso-session corp]
sso_start_url = https://d-abc123.awsapps.com/start
sso_region = us-east-1

[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
region = eu-west-2
s3 =
  max_concurrent_requests = 20
`

func TestCheckConfig(t *testing.T) {
	tests := []struct {
		name, config, creds string
		credsMode           os.FileMode
		want                []string // "FILE:LINE severity: problem substring"; FILE is config or credentials
	}{
		{name: "clean", config: cleanConfig, creds: "[dev]\naws_access_key_id = A\n"},
		{name: "clean services", config: cleanConfig + "services = local\nendpoint_url = https://proxy.example.com\n[services local]\nsts =\n  endpoint_url = http://127.0.0.1:4566\n"},
		{name: "services",
			config: "[profile a]\nservices = locl\n[profile b]\nservices = empty\nendpoint_url = localhost:4566\n[services local]\nsso-oidc =\n  endpoint_url = http://x\nsts = http://y\ns3 =\n  endpoint_url = s3.local\n[services empty]\n",
			want: []string{
				`config:2 error: profile "a" names services section "locl"`,
				`config:4 error: profile "b" names services section "empty" (`,
				`config:5 error: endpoint_url "localhost:4566" of [profile b] is not a URL`,
				`config:7 warning: no AWS tool reads "sso-oidc" in [services local]`,
				`config:9 warning: sts in [services local] has a value of its own`,
				`config:11 error: endpoint_url "s3.local" of s3 in [services local] is not a URL`,
			}},
		{name: "hyphenated keys",
			config: "[profile a]\nsso-session = corp\nsso-account-id = 1\nsso-role-name = R\nsso-start-url = https://x.awsapps.com/start\nsso-region = us-east-1\nmy-own-key = x\n[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\nsso-region = us-east-1\nsso_region = us-east-1\n",
			want: []string{
				`config:2 error: no AWS tool reads "sso-session"`,
				`config:3 error: no AWS tool reads "sso-account-id"`,
				`config:4 error: no AWS tool reads "sso-role-name"`,
				`config:5 error: no AWS tool reads "sso-start-url"`,
				`config:6 error: no AWS tool reads "sso-region"`,
				`config:10 error: no AWS tool reads "sso-region"`,
			}},
		{name: "inline comments and quotes",
			config: "[default]\nregion = us-west-2 ; prod\noutput = \"json\"\n",
			want: []string{
				`config:2 error: the AWS CLI reads region as "us-west-2 ; prod"`,
				`config:3 error: output "\"json\"" is not an output format`,
				`config:3 warning: the value of output is quoted`,
			}},
		{name: "duplicates",
			config: "[profile a]\nregion = us-east-1\nregion = eu-west-1\n[profile a]\noutput = json\n[default]\n[profile default]\n",
			creds:  "[x]\n[x]\n",
			want: []string{
				`config:3 error: region appears twice in [profile a] (first at line 2)`,
				`config:4 error: section [profile a] appears again (first at line 1)`,
				`config:6 warning: [default] and [profile default] (line 7) both exist`,
				`credentials:2 error: section [x] appears again`,
			}},
		{name: "sessions and resolution",
			config: cleanConfig + "[profile nosess]\nsso_session = corpp\nsso_account_id = 111111111111\nsso_role_name = R\n" +
				"[profile differ]\nsso_session = corp\nsso_start_url = https://other.awsapps.com/start\nsso_account_id = 111111111111\nsso_role_name = R\n" +
				"[profile half]\nsso_session = corp\nsso_account_id = 111111111111\n" +
				"[profile broken]\nsso_session = empty\nsso_account_id = 111111111111\nsso_role_name = R\n[sso-session empty]\n",
			want: []string{
				`config:16 error: profile "nosess" names sso-session "corpp"`,
				`config:21 error: sso_start_url differs between profile "differ"`,
				`config:24 error: profile "half" is missing sso_role_name`,
				`config:31 error: sso-session "empty" is missing sso_start_url`,
			}},
		{name: "urls and regions",
			config: "[sso-session corp]\nsso_start_url = http://d-abc.awsapps.com/start\nsso_region = US East\n[profile a]\nsso_session = corp\nregion = mars\n",
			want: []string{
				`config:2 error: sso_start_url "http://d-abc.awsapps.com/start" cannot be used: it is not https`,
				`config:3 error: sso_region "US East" is not an AWS region name`,
				`config:6 warning: region "mars" is not an AWS region name`,
			}},
		{name: "invalid region + missing role",
			config: "[sso-session corp]\nsso_start_url = https://d-abc123.awsapps.com/start\nsso_region = us-east-1\n" +
				"[profile p]\nsso_session = corp\nsso_account_id = 111122223333\nregion = us_east_1\n" +
				"[profile q]\nsso_session = corp\nsso_region = eu-west-1\nsso_account_id = 111111111111\nsso_role_name = R\nregion = Frankfurt\n",
			want: []string{
				`config:4 error: profile "p" is missing sso_role_name`,
				`config:7 error: region "us_east_1" cannot be used`,
				`config:10 error: sso_region differs between profile "q" ("eu-west-1" at ~/.aws/config:10) and sso-session "corp"`,
				`config:13 error: region "Frankfurt" cannot be used`,
			}},
		{name: "invalid session sso_region + start URL conflict",
			config: "[sso-session corp]\nsso_start_url = https://d-abc123.awsapps.com/start\nsso_region = us_east_1\n" +
				"[profile p]\nsso_session = corp\nsso_start_url = https://other.awsapps.com/start\nsso_account_id = 111111111111\nsso_role_name = R\n",
			want: []string{
				`config:3 error: sso_region "us_east_1" is not an AWS region name`,
				`config:6 error: sso_start_url differs between profile "p"`,
			}},
		{name: "invalid session sso_region + missing start URL",
			config: "[sso-session corp]\nsso_region = us_east_1\n",
			want: []string{
				`config:1 error: sso-session "corp" is missing sso_start_url`,
				`config:2 error: sso_region "us_east_1" is not an AWS region name`,
			}},
		{name: "missing keys in profile and session, each reported once",
			config: "[sso-session s]\nsso_region = us-east-1\n[profile p]\nsso_session = s\nsso_account_id = 111111111111\n",
			want: []string{
				`config:1 error: sso-session "s" is missing sso_start_url in [sso-session s] (~/.aws/config:1)`,
				`config:3 error: profile "p" is missing sso_role_name in [profile p] (~/.aws/config:3)`,
			}},
		{name: "conflicts + missing role in one profile",
			config: "[sso-session corp]\nsso_start_url = https://d-abc123.awsapps.com/start\nsso_region = us-east-1\n" +
				"[profile r]\nsso_session = corp\nsso_start_url = https://other.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111111111111\n",
			want: []string{
				`config:4 error: profile "r" is missing sso_role_name`,
				`config:6 error: sso_start_url differs between profile "r"`,
				`config:7 error: sso_region differs between profile "r"`,
			}},
		{name: "output formats",
			config: "[default]\noutput = xml\n[profile a]\noutput = JSON\n[profile b]\noutput = yaml-stream\n[profile c]\noutput = table\n[sso-session s]\nsso_start_url = https://d-abc123.awsapps.com/start\nsso_region = us-east-1\n",
			creds:  "[d]\noutput = xml\n",
			want: []string{
				`config:2 error: output "xml" is not an output format`,
				`config:4 error: output "JSON" must be written in lower case`,
				`credentials:2 error: output "xml" is not an output format`,
			}},
		{name: "hostile values",
			config: "[sso-session corp]\nsso_start_url = https://user:pw@d-abc.awsapps.com/start\nsso_region = us-east-1.evil.example#\n",
			want: []string{
				`config:2 error: sso_start_url "https://user:xxxxx@d-abc.awsapps.com/start" cannot be used: it holds a user name or password`,
				`config:3 error: sso_region "us-east-1.evil.example#" is not an AWS region name`,
			}},
		{name: "legacy profiles",
			config: "[sso-session corp]\nsso_start_url = https://a.awsapps.com/start\nsso_region = us-east-1\n" +
				"[profile l1]\nsso_start_url = https://a.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = R\n" +
				"[profile l2]\nsso_start_url = https://a.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 222222222222\nsso_role_name = R\n" +
				"[profile other]\nsso_start_url = https://b.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 333333333333\nsso_role_name = R\n",
			want: []string{
				`config:5 warning: 2 profiles (l1, l2) keep sso_start_url https://a.awsapps.com/start without an sso-session`,
				`config:15 warning: profile other keeps sso_start_url https://b.awsapps.com/start`,
			}},
		{name: "sections the SDKs skip",
			config: "[dev]\n[profile a b]\n[profile 'q']\n  [profile ok]\n[DEFAULT]\n[plugins]\n[services s]\n",
			creds:  "[profile x]\n",
			want: []string{
				`config:1 warning: no AWS SDK reads section [dev] as a profile`,
				`config:2 warning: no AWS SDK reads section [profile a b]`,
				`config:3 warning: no AWS SDK reads section [profile 'q']`,
				`config:4 warning: indented section header`,
				`config:5 warning: no AWS SDK reads section [DEFAULT]`,
				`credentials:1 warning: no AWS SDK reads section [profile x]`,
			}},
		{name: "blanks inside section brackets",
			config: "[default ]\nregion = us-east-1\n[profile dev ]\n[ profile ops ]\n[sso-session corp ]\nsso_start_url = https://d-abc123.awsapps.com/start\nsso_region = us-east-1\n[ sso-session lab ]\n[profile  ok]\n",
			creds:  "[ spaced ]\naws_access_key_id = A\naws_secret_access_key = a\n[trail ]\naws_access_key_id = B\naws_secret_access_key = b\n[fine]\n",
			want: []string{
				`config:1 error: blanks inside the brackets: awsso and the Go SDK read the default profile here, the AWS CLI ignores the section (to it, it is named "default ")`,
				`config:3 warning: blanks inside the brackets: the AWS CLI reads profile dev here too, but its config writer ('aws configure set', 'aws configure sso') does not find the section: it adds a second [profile dev]`,
				`config:4 error: blanks inside the brackets: awsso and the Go SDK read profile ops here, the AWS CLI ignores the section (to it, it is named " profile ops ")`,
				`config:5 warning: blanks inside the brackets: the AWS CLI reads sso-session corp here too`,
				`config:8 error: blanks inside the brackets: awsso and the Go SDK read sso-session lab here, the AWS CLI ignores the section`,
				`config:8 error: sso-session "lab" is missing sso_start_url`,
				`credentials:1 error: blanks inside the brackets: awsso and the Go SDK read profile spaced here, the AWS CLI the profile " spaced "`,
				`credentials:4 error: blanks inside the brackets: awsso and the Go SDK read profile trail here, the AWS CLI the profile "trail "`,
			}},
		{name: "blanks around default",
			config: "[ default ]\nregion = us-east-1\n",
			want:   []string{`config:1 error: blanks inside the brackets: awsso and the Go SDK read the default profile here, the AWS CLI ignores the section (to it, it is named " default ")`}},
		{name: "syntax errors and BOM",
			config: "\ufeff[default]\nregion\n[profile a\n",
			want: []string{
				`config:1 error: the file starts with a UTF-8 byte order mark`,
				`config:2 error: expected 'name = value'`,
				`config:3 error: section header has no closing ']'`,
			}},
		{name: "continuation read differently",
			config: "[default]\nregion = us-east-1\n  output = json\n",
			want:   []string{`config:2 warning: an indented 'name = value' line continues the value of region`}},
		{name: "permissions", config: cleanConfig, creds: "[a]\n", credsMode: 0o644,
			want: []string{`credentials:0 error: the file is readable or writable by other users (mode 0644): it holds secret keys`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkFindings(t, tt.config, tt.creds, tt.credsMode, tt.want)
		})
	}
}

// checkFindings runs CheckConfig on config and credentials texts (the credentials file with
// credsMode when not 0) in a temporary home, and checks that every finding has a fix and that
// the findings, as "config:LINE severity: problem", start with want, in order.
func checkFindings(t *testing.T, config, creds string, credsMode os.FileMode, want []string) []Finding {
	t.Helper()
	h := testenv.TempHome(t)
	os.WriteFile(h.Config, []byte(config), 0o600)
	os.WriteFile(h.Credentials, []byte(creds), 0o600)
	if credsMode != 0 {
		os.Chmod(h.Credentials, credsMode)
	}
	paths, err := awsconfig.PathsFromEnv(h.Lookup(nil))
	if err != nil {
		t.Fatal(err)
	}
	fs, err := CheckConfig(paths)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		file := map[string]string{h.Config: "config", h.Credentials: "credentials"}[f.File]
		got = append(got, fmt.Sprintf("%s:%d %s: %s", file, f.Line, f.Severity, f.Problem))
		if f.Fix == "" {
			t.Errorf("finding without a fix: %+v", f)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d findings, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range min(len(got), len(want)) {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("finding %d:\n got %s\nwant %s...", i, got[i], want[i])
		}
	}
	return fs
}

func TestCheckConfigMissingFilesAreClean(t *testing.T) {
	h := testenv.TempHome(t)
	fs, err := CheckConfig(awsconfig.Paths{Config: h.Config, Credentials: h.Credentials})
	if err != nil || len(fs) != 0 {
		t.Fatalf("findings %v, err %v", fs, err)
	}
}

func TestRunSortsAndCounts(t *testing.T) {
	fs, err := Run(
		func() ([]Finding, error) { return []Finding{{File: "b", Line: 1, Severity: SeverityWarning}}, nil },
		func() ([]Finding, error) {
			return []Finding{{File: "a", Line: 9}, {File: "a", Line: 2, Severity: SeverityWarning}, {File: "a", Line: 2}}, nil
		},
	)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, f := range fs {
		order = append(order, fmt.Sprintf("%s:%d:%s", f.File, f.Line, f.Severity))
	}
	if got := strings.Join(order, " "); got != "a:2:error a:2:warning a:9:error b:1:warning" {
		t.Errorf("order %s", got)
	}
	if e, w, n := Count(append(fs, Finding{File: "c", Severity: SeverityNote})); e != 2 || w != 2 || n != 1 {
		t.Errorf("Count = %d, %d, %d", e, w, n)
	}
}
