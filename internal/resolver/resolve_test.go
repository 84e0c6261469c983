package resolver

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
)

// load parses config and credentials texts as the files "config" and "credentials".
func load(t testing.TB, config, credentials string) *awsconfig.Config {
	t.Helper()
	c, err := awsconfig.Parse("config", []byte(config))
	if err != nil {
		t.Fatal(err)
	}
	k, err := awsconfig.Parse("credentials", []byte(credentials))
	if err != nil {
		t.Fatal(err)
	}
	return awsconfig.FromDocuments(c, k)
}

const corpSession = `[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
`

func envOf(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
}

func TestResolveKinds(t *testing.T) {
	tests := []struct {
		name        string
		config      string
		credentials string
		profile     string
		explicit    bool
		env         map[string]string
		kinds       []Kind // the chain's kinds, top first
		str         string // Profile.String
	}{
		{name: "sso", profile: "hub", explicit: true,
			config: corpSession + "[profile hub]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n",
			kinds:  []Kind{KindSSO}, str: "hub (sso-session corp)"},
		{name: "legacy sso", profile: "old", explicit: true,
			config: "[profile old]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = R\n",
			kinds:  []Kind{KindSSO}, str: "old (start URL https://d-1.awsapps.com/start)"},
		{name: "one hop from sso", profile: "prod", explicit: true,
			config: corpSession + "[profile hub]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n" +
				"[profile prod]\nrole_arn = arn:aws:iam::444455556666:role/Deploy\nsource_profile = hub\n",
			kinds: []Kind{KindAssumeRole, KindSSO}, str: "prod -> hub (sso-session corp)"},
		{name: "two hops from sso", profile: "leaf", explicit: true,
			config: corpSession + "[profile hub]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n" +
				"[profile mid]\nrole_arn = arn:aws:iam::444455556666:role/Mid\nsource_profile = hub\n" +
				"[profile leaf]\nrole_arn = arn:aws:iam::777788889999:role/Leaf\nsource_profile = mid\n",
			kinds: []Kind{KindAssumeRole, KindAssumeRole, KindSSO}, str: "leaf -> mid -> hub (sso-session corp)"},
		{name: "static in credentials file", profile: "keys", explicit: true,
			credentials: "[keys]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n",
			kinds:       []Kind{KindStatic}, str: "keys (static keys)"},
		{name: "static in config file", profile: "keys", explicit: true,
			config: "[profile keys]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n",
			kinds:  []Kind{KindStatic}, str: "keys (static keys)"},
		{name: "credential_process", profile: "proc", explicit: true,
			config: "[profile proc]\ncredential_process = /bin/echo {}\n",
			kinds:  []Kind{KindProcess}, str: "proc (credential_process)"},
		{name: "web identity", profile: "ci", explicit: true,
			config: "[profile ci]\nrole_arn = arn:aws:iam::111122223333:role/CI\nweb_identity_token_file = /var/token\n",
			kinds:  []Kind{KindWebIdentity}, str: "ci (web identity)"},
		{name: "credential_source", profile: "box", explicit: true,
			config: "[profile box]\nrole_arn = arn:aws:iam::111122223333:role/Box\ncredential_source = Environment\n",
			kinds:  []Kind{KindAssumeRole}, str: "box (credential_source Environment)"},
		{name: "environment keys win without --profile", profile: "keys",
			credentials: "[keys]\naws_access_key_id = AKIAFILE\naws_secret_access_key = secret\n",
			env:         map[string]string{"AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s"},
			kinds:       []Kind{KindEnvironment}, str: "environment (AWS_ACCESS_KEY_ID)"},
		{name: "an explicit profile removes the environment keys", profile: "keys", explicit: true,
			credentials: "[keys]\naws_access_key_id = AKIAFILE\naws_secret_access_key = secret\n",
			env:         map[string]string{"AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s"},
			kinds:       []Kind{KindStatic}},
		{name: "environment web identity wins over the profile without --profile", profile: "hub",
			config: corpSession + "[profile hub]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n",
			env:    map[string]string{"AWS_WEB_IDENTITY_TOKEN_FILE": "/t", "AWS_ROLE_ARN": "arn:aws:iam::111122223333:role/CI"},
			kinds:  []Kind{KindWebIdentity}},
		{name: "environment web identity without any profile", profile: "default",
			env:   map[string]string{"AWS_WEB_IDENTITY_TOKEN_FILE": "/t", "AWS_ROLE_ARN": "arn:aws:iam::111122223333:role/CI"},
			kinds: []Kind{KindWebIdentity}},
		{name: "role_arn beats static keys in the same profile", profile: "both", explicit: true,
			config: "[profile both]\nrole_arn = arn:aws:iam::111122223333:role/R\nsource_profile = keys\naws_access_key_id = AKIA1\naws_secret_access_key = s\n" +
				"[profile keys]\naws_access_key_id = AKIA2\naws_secret_access_key = s\n",
			kinds: []Kind{KindAssumeRole, KindStatic}, str: "both -> keys (static keys)"},
		{name: "a source with static keys and its own role_arn gives its keys", profile: "top", explicit: true,
			config: "[profile top]\nrole_arn = arn:aws:iam::111122223333:role/Top\nsource_profile = src\n" +
				"[profile src]\nrole_arn = arn:aws:iam::111122223333:role/Src\nsource_profile = other\naws_access_key_id = AKIA\naws_secret_access_key = s\n",
			kinds: []Kind{KindAssumeRole, KindStatic}, str: "top -> src (static keys)"},
		{name: "a profile naming itself takes its own static keys", profile: "self", explicit: true,
			config: "[profile self]\nrole_arn = arn:aws:iam::111122223333:role/R\nsource_profile = self\naws_access_key_id = AKIA\naws_secret_access_key = s\n",
			kinds:  []Kind{KindAssumeRole, KindStatic}, str: "self -> self (static keys)"},
		{name: "sso settings beat static keys in the same profile", profile: "mixed", explicit: true,
			config: corpSession + "[profile mixed]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\naws_access_key_id = AKIA\naws_secret_access_key = s\n",
			kinds:  []Kind{KindSSO}},
		{name: "credential_process beats config-file keys", profile: "p", explicit: true,
			config: "[profile p]\ncredential_process = /bin/true\naws_access_key_id = AKIA\naws_secret_access_key = s\n",
			kinds:  []Kind{KindProcess}},
		{name: "credentials-file keys beat credential_process", profile: "p", explicit: true,
			config:      "[profile p]\ncredential_process = /bin/true\n",
			credentials: "[p]\naws_access_key_id = AKIA\naws_secret_access_key = s\n",
			kinds:       []Kind{KindStatic}},
		{name: "web identity as a source", profile: "top", explicit: true,
			config: "[profile top]\nrole_arn = arn:aws:iam::111122223333:role/Top\nsource_profile = ci\n" +
				"[profile ci]\nrole_arn = arn:aws:iam::111122223333:role/CI\nweb_identity_token_file = /t\n",
			kinds: []Kind{KindAssumeRole, KindWebIdentity}, str: "top -> ci (web identity)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := load(t, tt.config, tt.credentials)
			p, err := Resolve(cfg, tt.profile, Options{Explicit: tt.explicit, LookupEnv: envOf(tt.env)})
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			var kinds []Kind
			for _, n := range p.Chain() {
				kinds = append(kinds, n.Kind)
			}
			if !reflect.DeepEqual(kinds, tt.kinds) {
				t.Errorf("kinds = %v, want %v", kinds, tt.kinds)
			}
			if tt.str != "" && p.String() != tt.str {
				t.Errorf("String = %q, want %q", p.String(), tt.str)
			}
		})
	}
}

func TestResolveErrors(t *testing.T) {
	tests := []struct {
		name, config, credentials, profile string
		want                               any    // a pointer to the error type
		msg                                string // a part of the message: the location at fault
	}{
		{name: "loop", profile: "a", want: new(*LoopError), msg: "a -> b -> a (config:6)",
			config: "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::111122223333:role/B\nsource_profile = a\n"},
		{name: "loop through a profile with keys", profile: "a", want: new(*LoopError), msg: "a -> b -> a",
			config: "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/A\nsource_profile = b\naws_access_key_id = K\naws_secret_access_key = s\n" +
				"[profile b]\nrole_arn = arn:aws:iam::111122223333:role/B\nsource_profile = a\n"},
		{name: "self reference without keys", profile: "a", want: new(*LoopError), msg: "a -> a (config:3)",
			config: "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/A\nsource_profile = a\n"},
		{name: "missing source profile", profile: "a", want: new(*SourceNotFoundError), msg: `"hubb" (config:3)`,
			config: "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/A\nsource_profile = hubb\n[profile hub]\naws_access_key_id = K\naws_secret_access_key = s\n"},
		{name: "both sources", profile: "a", want: new(*ConflictingSourceError), msg: "source_profile (config:3) and credential_source (config:4)",
			config: "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/A\nsource_profile = b\ncredential_source = Environment\n"},
		{name: "no source", profile: "a", want: new(*MissingSourceError), msg: "role_arn (config:2)",
			config: "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/A\n"},
		{name: "unknown credential_source", profile: "a", want: new(*UnknownCredentialSourceError), msg: `"environment" (config:3)`,
			config: "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/A\ncredential_source = environment\n"},
		{name: "role_arn that is not an ARN", profile: "a", want: new(*InvalidRoleARNError), msg: `"Admin" (config:2)`,
			config: "[profile a]\nrole_arn = Admin\ncredential_source = Environment\n"},
		{name: "role_arn of a user", profile: "a", want: new(*InvalidRoleARNError), msg: "config:2",
			config: "[profile a]\nrole_arn = arn:aws:iam::111122223333:user/bob\ncredential_source = Environment\n"},
		{name: "source without credentials", profile: "a", want: new(*SourceWithoutCredentialsError), msg: `"b" (config:4)`,
			config: "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/A\nsource_profile = b\n[profile b]\nregion = us-east-1\n"},
		{name: "no credentials", profile: "a", want: new(*NoCredentialsError), msg: `"a" (config:1)`,
			config: "[profile a]\nregion = us-east-1\n"},
		{name: "sign-in only sso profile", profile: "a", want: new(*awsconfig.MissingKeysError), msg: "sso_account_id",
			config: corpSession + "[profile a]\nsso_session = corp\n"},
		{name: "access key without secret", profile: "a", want: new(*PartialKeysError), msg: "credentials:2",
			credentials: "[a]\naws_access_key_id = K\n"},
		{name: "web identity without role", profile: "a", want: new(*MissingRoleARNError), msg: "config:1",
			config: "[profile a]\nweb_identity_token_file = /t\n"},
		{name: "credential_process that runs awsso for itself", profile: "a", want: new(*CredentialLoopError), msg: "config:2",
			config: "[profile a]\ncredential_process = awsso credential-process --profile a\n"},
		{name: "bad max_attempts", profile: "a", want: new(*InvalidValueError), msg: "config:4",
			config: "[profile a]\naws_access_key_id = K\naws_secret_access_key = s\nmax_attempts = many\n"},
		{name: "profile not found", profile: "nope", want: new(*awsconfig.ProfileNotFoundError), msg: `"nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := load(t, tt.config, tt.credentials)
			p, err := Resolve(cfg, tt.profile, Options{Explicit: true})
			if err == nil {
				t.Fatalf("Resolve = %v, want an error", p)
			}
			if !errors.As(err, tt.want) {
				t.Errorf("error %T %v, want %T", err, err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
			var coded interface{ ExitCode() int }
			if !errors.As(err, &coded) || coded.ExitCode() != 1 {
				t.Errorf("exit code of %v is not 1", err)
			}
			var hinted interface{ Hints() []string }
			if !errors.As(err, &hinted) || len(hinted.Hints()) == 0 {
				t.Errorf("%T has no hint", err)
			}
		})
	}
}

func TestResolveRoleSettings(t *testing.T) {
	cfg := load(t, "[profile a]\nrole_arn = arn:aws:iam::111122223333:role/A\ncredential_source = Ec2InstanceMetadata\n"+
		"external_id = ext\nrole_session_name = me\nmfa_serial = arn:aws:iam::111122223333:mfa/me\nduration_seconds = 900\nregion = eu-west-1\n"+
		"[profile b]\nrole_arn = arn:aws:iam::111122223333:role/B\ncredential_source = Environment\nduration_seconds = 1h\n", "")
	a, err := Resolve(cfg, "a", Options{Explicit: true})
	if err != nil {
		t.Fatal(err)
	}
	want := Role{ARN: "arn:aws:iam::111122223333:role/A", SessionName: "me", ExternalID: "ext", MFASerial: "arn:aws:iam::111122223333:mfa/me",
		Duration: 900 * time.Second, Where: Where{At: "config:2", Loc: awsconfig.Location{File: "config", Line: 2}}}
	if *a.Role != want || a.Region != "eu-west-1" || !a.NeedsMFA() {
		t.Errorf("role = %+v, region %q", *a.Role, a.Region)
	}
	b, err := Resolve(cfg, "b", Options{Explicit: true})
	if err != nil || b.Role.Duration != 0 {
		t.Errorf("a duration_seconds that is not a number is dropped, as botocore drops it: %v %v", b, err)
	}
}

func TestStaticKeysNeverPrinted(t *testing.T) {
	cfg := load(t, "", "[k]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = topsecret\naws_session_token = tok\n")
	p, err := Resolve(cfg, "k", Options{Explicit: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Static.SessionToken != "tok" {
		t.Errorf("token %q", p.Static.SessionToken)
	}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{p, *p, p.Static} {
			if s := fmt.Sprintf(format, v); strings.Contains(s, "topsecret") || strings.Contains(s, "tok\"") {
				t.Errorf("%s printed the secret: %s", format, s)
			}
		}
	}
}

func TestValidRoleARN(t *testing.T) {
	for arn, want := range map[string]bool{
		"arn:aws:iam::111122223333:role/Admin":            true,
		"arn:aws-cn:iam::111122223333:role/path/to/Admin": true,
		"arn:aws:iam::111122223333:role/":                 false,
		"arn:aws:iam::11112222333:role/Admin":             false,
		"arn:aws:sts::111122223333:role/Admin":            false,
		"arn:aws:iam::111122223333:user/Admin":            false,
		"Admin":                                           false,
		"":                                                false,
	} {
		if got := ValidRoleARN(arn); got != want {
			t.Errorf("ValidRoleARN(%q) = %v", arn, got)
		}
	}
}
