package awsconfig

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

const resolveConfig = `[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
region = eu-west-2

[sso-session corp]
sso_start_url = https://d-abc123.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access , ,other:scope
sso_use_device_code = TRUE

[profile legacy]
sso_start_url = https://d-abc123.awsapps.com/start
sso_region = us-east-1
sso_account_id = 444455556666
sso_role_name = ReadOnly

[profile login-only]
sso_session = corp

[profile same]
sso_session = corp
sso_start_url = https://d-abc123.awsapps.com/start
sso_account_id = 111111111111
sso_role_name = R
sso_use_device_code = true

[profile differ]
sso_session = corp
sso_region = us-west-2
sso_account_id = 111111111111
sso_role_name = R

[profile nosession]
sso_session = corpp
sso_account_id = 111111111111
sso_role_name = R

[profile half]
sso_session = corp
sso_account_id = 111111111111

[profile legacy-half]
sso_start_url = https://x.awsapps.com/start

[profile static]
region = us-east-1

[profile empty-session]
sso_session =
sso_start_url = https://d-abc123.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = R

[profile broken-session]
sso_session = empty
sso_account_id = 111111111111
sso_role_name = R

[sso-session empty]
sso_registration_scopes = a
`

func loadResolve(t *testing.T) *Config {
	t.Helper()
	return configFrom(t, resolveConfig, "[static]\naws_access_key_id = A\naws_secret_access_key = S\n")
}

// configFrom builds a Config from the text of both files, with paths under /h for messages.
func configFrom(t *testing.T, config, credentials string) *Config {
	t.Helper()
	p := Paths{Config: "/h/.aws/config", Credentials: "/h/.aws/credentials", home: "/h"}
	d, err := Parse(p.Config, []byte(config))
	if err != nil {
		t.Fatal(err)
	}
	creds, err := Parse(p.Credentials, []byte(credentials))
	if err != nil {
		t.Fatal(err)
	}
	c := FromDocuments(d, creds)
	c.paths = p
	return c
}

func TestResolveSSO(t *testing.T) {
	c := loadResolve(t)
	tests := []struct {
		profile string
		want    *SSO
	}{
		{"dev", &SSO{Profile: "dev", Session: "corp", StartURL: "https://d-abc123.awsapps.com/start", Region: "us-east-1",
			Scopes: []string{"sso:account:access", "other:scope"}, AccountID: "111122223333", RoleName: "Admin",
			ClientRegion: "eu-west-2", UseDeviceCode: true}},
		{"legacy", &SSO{Profile: "legacy", StartURL: "https://d-abc123.awsapps.com/start", Region: "us-east-1",
			AccountID: "444455556666", RoleName: "ReadOnly"}},
		{"login-only", &SSO{Profile: "login-only", Session: "corp", StartURL: "https://d-abc123.awsapps.com/start", Region: "us-east-1",
			Scopes: []string{"sso:account:access", "other:scope"}, UseDeviceCode: true}},
		{"empty-session", &SSO{Profile: "empty-session", StartURL: "https://d-abc123.awsapps.com/start", Region: "us-east-1", AccountID: "111111111111", RoleName: "R"}},
		{"same", &SSO{Profile: "same", Session: "corp", StartURL: "https://d-abc123.awsapps.com/start", Region: "us-east-1",
			Scopes: []string{"sso:account:access", "other:scope"}, AccountID: "111111111111", RoleName: "R", UseDeviceCode: true}},
	}
	for _, tt := range tests {
		t.Run(tt.profile, func(t *testing.T) {
			got, err := c.ResolveSSO(tt.profile)
			if err != nil {
				t.Fatal(err)
			}
			got.at, got.paths = Location{}, Paths{}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			if got.Legacy() != (tt.want.Session == "") {
				t.Errorf("Legacy() = %v", got.Legacy())
			}
		})
	}
}

func TestResolveSSOErrors(t *testing.T) {
	c := loadResolve(t)
	tests := []struct {
		profile string
		target  any
		msg     string
		hint    string
	}{
		{"dve", new(*ProfileNotFoundError),
			`profile "dve" not found in ~/.aws/config or ~/.aws/credentials`, `did you mean "dev"?`},
		{"static", new(*NotSSOError),
			`profile "static" (~/.aws/config:47) does not use IAM Identity Center: it has none of sso_session, sso_start_url, sso_account_id or sso_role_name`,
			"awsso configure --profile static"},
		{"nosession", new(*SessionNotFoundError),
			`profile "nosession" names sso-session "corpp" (~/.aws/config:36), but there is no [sso-session corpp] section`, `did you mean "corp"?`},
		{"differ", new(*ConflictError),
			`sso_region differs between profile "differ" ("us-west-2" at ~/.aws/config:31) and sso-session "corp" ("us-east-1" at ~/.aws/config:9)`,
			"delete sso_region from [profile differ] at ~/.aws/config:31"},
		{"half", new(*MissingKeysError),
			`profile "half" is missing sso_role_name in [profile half] (~/.aws/config:40)`, "awsso configure --profile half"},
		{"legacy-half", new(*MissingKeysError),
			`profile "legacy-half" is missing sso_region in [profile legacy-half] (~/.aws/config:44)`, ""},
		{"broken-session", new(*MissingKeysError),
			`profile "broken-session" is missing sso_start_url in [sso-session empty] (~/.aws/config:62) and sso_region in [sso-session empty] (~/.aws/config:62)`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.profile, func(t *testing.T) {
			_, err := c.ResolveSSO(tt.profile)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.As(err, tt.target) {
				t.Fatalf("error %T, want %T", err, tt.target)
			}
			if err.Error() != tt.msg {
				t.Errorf("message\n got %s\nwant %s", err, tt.msg)
			}
			coded := err.(interface {
				ExitCode() int
				Hints() []string
			})
			if coded.ExitCode() != 1 {
				t.Errorf("ExitCode = %d", coded.ExitCode())
			}
			if !strings.Contains(strings.Join(coded.Hints(), "\n"), tt.hint) {
				t.Errorf("hints %q do not mention %q", coded.Hints(), tt.hint)
			}
		})
	}
}

// TestResolveSignIn: login, logout and accounts need the session of a profile, not its role,
// as the AWS CLI's sso login; every other error stays.
func TestResolveSignIn(t *testing.T) {
	c := loadResolve(t)
	half, err := c.ResolveSignIn("half")
	if err != nil || half.Session != "corp" || half.StartURL != "https://d-abc123.awsapps.com/start" {
		t.Fatalf("ResolveSignIn(half) = %+v, %v", half, err)
	}
	if half.RequireRole() == nil {
		t.Error("a profile without sso_role_name has a role")
	}
	for _, profile := range []string{"dve", "static", "nosession", "differ", "legacy-half", "broken-session"} {
		if _, err := c.ResolveSignIn(profile); err == nil {
			t.Errorf("ResolveSignIn(%s) found no fault", profile)
		}
	}
}

func TestResolveSession(t *testing.T) {
	c := loadResolve(t)
	got, err := c.ResolveSession("corp")
	if err != nil {
		t.Fatal(err)
	}
	want := &SSO{Session: "corp", StartURL: "https://d-abc123.awsapps.com/start", Region: "us-east-1",
		Scopes: []string{"sso:account:access", "other:scope"}, UseDeviceCode: true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v", got)
	}
	if err := got.RequireRole(); err == nil || err.Error() != `sso-session "corp" is missing sso_account_id and sso_role_name` {
		t.Errorf("RequireRole = %v", err)
	}
	var nf *SessionNotFoundError
	if _, err := c.ResolveSession("crop"); !errors.As(err, &nf) || nf.Similar[0] != "corp" {
		t.Errorf("ResolveSession(crop) = %v", err)
	}
	var mk *MissingKeysError
	if _, err := c.ResolveSession("empty"); !errors.As(err, &mk) || !reflect.DeepEqual(mk.Keys(), []string{"sso_start_url", "sso_region"}) {
		t.Errorf("ResolveSession(empty) = %v", err)
	}
	lo, _ := c.ResolveSSO("login-only")
	if lo.HasRole() || lo.RequireRole() == nil {
		t.Errorf("login-only profile has a role: %+v", lo)
	}
}

func TestSimilar(t *testing.T) {
	names := []string{"dev", "prod", "dev-admin", "staging", "prd"}
	for in, want := range map[string][]string{
		"dve":  {"dev"},
		"prod": {"prod", "prd"},
		"dev":  {"dev", "dev-admin"},
		"xyz":  {},
		"stag": {"staging"},
	} {
		if got := similar(in, names); !reflect.DeepEqual(got, want) {
			t.Errorf("similar(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestResolveRefusesUnsafeValues(t *testing.T) {
	config := `[profile insecure]
sso_start_url = http://d-abc123.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = R

[profile userinfo]
sso_start_url = https://me:pw@d-abc123.awsapps.com/start
sso_region = us-east-1

[profile evil]
sso_session = evil
sso_account_id = 111111111111
sso_role_name = R

[sso-session evil]
sso_start_url = https://d-abc123.awsapps.com/start
sso_region = us-east-1.evil.example#

[profile evil-region]
sso_start_url = https://d-abc123.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = R
region = us-east-1.evil.example#

[profile local]
sso_start_url = https://d-abc123.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = R
region = local
`
	c := configFrom(t, config, "")
	tests := []struct {
		profile, session string
		want             string
	}{
		{profile: "insecure", want: `sso_start_url "http://d-abc123.awsapps.com/start" at ~/.aws/config:2 cannot be used: it is not https`},
		{profile: "userinfo", want: `sso_start_url "https://me:xxxxx@d-abc123.awsapps.com/start" at ~/.aws/config:8 cannot be used: it holds a user name or password`},
		{profile: "evil", want: `sso_region "us-east-1.evil.example#" at ~/.aws/config:18 cannot be used: it is not an AWS region name`},
		{session: "evil", want: `sso_region "us-east-1.evil.example#" at ~/.aws/config:18 cannot be used`},
		{profile: "evil-region", want: `region "us-east-1.evil.example#" at ~/.aws/config:25 cannot be used: it is not a region name`},
	}
	for _, tt := range tests {
		var err error
		if tt.session != "" {
			_, err = c.ResolveSession(tt.session)
		} else {
			_, err = c.ResolveSSO(tt.profile)
		}
		var iv *InvalidValueError
		if !errors.As(err, &iv) || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s%s: err = %v\nwant prefix %s", tt.profile, tt.session, err, tt.want)
			continue
		}
		if iv.ExitCode() != 1 || !strings.Contains(iv.Hints()[0], iv.At) {
			t.Errorf("%s: exit %d, hints %q", tt.profile, iv.ExitCode(), iv.Hints())
		}
	}
	if s, err := c.ResolveSSO("local"); err != nil || s.ClientRegion != "local" {
		t.Errorf("a region for an endpoint of its own (local) is refused: %v", err)
	}
}

// TestProblems: SSOProblems and SessionProblems report every problem at once and leave the
// values to the caller, while ResolveSSO and ResolveSession still stop at the first, values
// included.
func TestProblems(t *testing.T) {
	config := `[sso-session corp]
sso_start_url = https://d-abc123.awsapps.com/start
sso_region = us_east_1

[profile p]
sso_session = corp
sso_start_url = https://other.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 111111111111
region = Frankfurt

[profile legacy]
sso_start_url = http://d-abc123.awsapps.com/start
sso_account_id = 111111111111
sso_role_name = R

[profile fine]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = R

[sso-session half]
sso_region = us_east_1
`
	c := configFrom(t, config, "")
	tests := []struct {
		profile, session string
		want             []string // each problem's message
		first            string   // ResolveSSO's or ResolveSession's error
	}{
		{profile: "p",
			want: []string{
				`sso_start_url differs between profile "p" ("https://other.awsapps.com/start" at ~/.aws/config:7) and sso-session "corp" ("https://d-abc123.awsapps.com/start" at ~/.aws/config:2)`,
				`sso_region differs between profile "p" ("eu-west-1" at ~/.aws/config:8) and sso-session "corp" ("us_east_1" at ~/.aws/config:3)`,
				`profile "p" is missing sso_role_name in [profile p] (~/.aws/config:5)`,
			},
			first: `sso_region "us_east_1" at ~/.aws/config:3 cannot be used: it is not an AWS region name`},
		{profile: "legacy",
			want:  []string{`profile "legacy" is missing sso_region in [profile legacy] (~/.aws/config:12)`},
			first: `sso_start_url "http://d-abc123.awsapps.com/start" at ~/.aws/config:13 cannot be used`},
		{profile: "fine", first: `sso_region "us_east_1" at ~/.aws/config:3 cannot be used`},
		{profile: "nope", want: []string{`profile "nope" not found`}, first: `profile "nope" not found`},
		{session: "half",
			want:  []string{`sso-session "half" is missing sso_start_url in [sso-session half] (~/.aws/config:22)`},
			first: `sso_region "us_east_1" at ~/.aws/config:23 cannot be used`},
		{session: "corp", first: `sso_region "us_east_1" at ~/.aws/config:3 cannot be used`},
	}
	for _, tt := range tests {
		t.Run(tt.profile+tt.session, func(t *testing.T) {
			var problems []error
			var err error
			if tt.session != "" {
				problems = c.SessionProblems(tt.session)
				_, err = c.ResolveSession(tt.session)
			} else {
				problems = c.SSOProblems(tt.profile)
				_, err = c.ResolveSSO(tt.profile)
			}
			var got []string
			for _, p := range problems {
				got = append(got, p.Error())
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(got), len(tt.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("problem %d:\n got %s\nwant %s...", i, got[i], tt.want[i])
				}
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.first) {
				t.Errorf("first error %v, want %s...", err, tt.first)
			}
		})
	}
}
