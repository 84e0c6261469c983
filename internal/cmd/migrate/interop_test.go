package migrate_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/testsupport/emutest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
	"github.com/awsso/awsso/internal/tokencache"
)

// legacy is a config of legacy profiles of the emulator's portal (START).
const legacy = `[default]
sso_start_url = START
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = ReadOnly

[profile staging]
sso_start_url = START
sso_region = us-east-1
sso_account_id = 444455556666
sso_role_name = DataScientist
region = eu-west-2

[profile sandbox]
sso_account_id = 777788889999
sso_role_name = PowerUserAccess
sso_region = us-east-1
sso_start_url = START/
`

var migrated = map[string]string{"default": "111122223333", "staging": "444455556666", "sandbox": "777788889999"}

// TestOneSignInServesEveryMigratedProfile migrates legacy profiles, saves one token for the new
// session (what one 'awsso login --sso-session NAME' leaves), and gets role credentials for
// every profile with awsso, boto3 and the AWS CLI v2, all through the emulator.
func TestOneSignInServesEveryMigratedProfile(t *testing.T) {
	env := emutest.Start(t)
	h := testenv.TempHome(t)
	os.WriteFile(h.Config, []byte(strings.ReplaceAll(legacy, "START", env.StartURL)), 0o600)
	ios, _, _, errOut := iostreams.Test()
	if code := run(h, ios, "migrate", "--yes"); code != 0 {
		t.Fatalf("migrate: %d\n%s", code, errOut)
	}
	session := strings.TrimSuffix(strings.TrimPrefix(env.StartURL, "https://"), ".awsapps.com/start")
	if !strings.Contains(errOut.String(), "awsso login --sso-session "+session) {
		t.Fatalf("migrate did not name the session %s:\n%s", session, errOut)
	}
	tok := emutest.SignIn(t, env)
	cache := tokencache.Cache{Dir: tokencache.DefaultDir(h.Dir)}
	if err := cache.SaveToken(session, env.StartURL, &tokencache.Token{StartURL: env.StartURL, Region: env.Region,
		AccessToken: tok.AccessToken, ExpiresAt: time.Now().Add(time.Hour).UTC().Truncate(time.Second)}); err != nil {
		t.Fatal(err)
	}

	t.Run("awsso", func(t *testing.T) {
		for profile, account := range migrated {
			ios, _, _, _ := iostreams.Test()
			f := cmdutil.NewFactory(ios, "test")
			f.LookupEnv = h.Lookup(map[string]string{"AWS_ENDPOINT_URL": env.URL})
			f.ProfileFlag = profile
			s, err := f.ResolveTarget("")
			if err != nil {
				t.Fatalf("%s: %v", profile, err)
			}
			if s.Session != session || s.AccountID != account {
				t.Errorf("%s resolves to %+v", profile, s)
			}
			r, err := f.Resolver()
			if err != nil {
				t.Fatal(err)
			}
			p := r.RoleProvider(resolver.Client{})
			if c, err := p.Get(context.Background(), resolver.RoleOf(s)); err != nil || c.AccessKeyID == "" {
				t.Errorf("%s: credentials: %v", profile, err)
			}
		}
	})

	t.Run("boto3", func(t *testing.T) {
		python := testenv.Python(t, false)
		script := `
import json, sys, boto3, botocore.session
out = {}
for p in sys.argv[1:]:
    cfg = botocore.session.Session(profile=p).get_scoped_config()
    ident = boto3.Session(profile_name=p).client("sts", region_name="us-east-1").get_caller_identity()
    out[p] = {"sso_session": cfg.get("sso_session"), "sso_start_url": cfg.get("sso_start_url"), "account": ident["Account"]}
print(json.dumps(out))
`
		cmd := exec.Command(python, append([]string{"-c", script}, "default", "staging", "sandbox")...)
		cmd.Env = append(append(testenv.CleanEnv(), h.Env()...), env.Vars()...)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("boto3: %v\n%s", err, stderrOf(err))
		}
		var got map[string]struct {
			SSOSession  string  `json:"sso_session"`
			SSOStartURL *string `json:"sso_start_url"`
			Account     string  `json:"account"`
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		for profile, account := range migrated {
			g := got[profile]
			if g.SSOSession != session || g.SSOStartURL != nil || g.Account != account {
				t.Errorf("boto3 reads %s as %+v, want session %s, no start URL in the profile, account %s", profile, g, session, account)
			}
		}
	})

	t.Run("aws cli v2", func(t *testing.T) {
		aws := testenv.AWSCLIv2(t)
		dataPath := env.DataPath(t)
		for profile, account := range migrated {
			cmd := exec.Command(aws, "sts", "get-caller-identity", "--profile", profile, "--output", "json")
			cmd.Env = append(append(testenv.CleanEnv(), h.Env()...), "AWS_DATA_PATH="+dataPath, "AWS_PAGER=")
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("aws sts get-caller-identity --profile %s: %v\n%s", profile, err, stderrOf(err))
			}
			var ident struct{ Account string }
			if json.Unmarshal(out, &ident); ident.Account != account {
				t.Errorf("aws --profile %s: account %q, want %s", profile, ident.Account, account)
			}
			get := exec.Command(aws, "configure", "get", "sso_session", "--profile", profile)
			get.Env = cmd.Env
			if out, _ := get.Output(); strings.TrimSpace(string(out)) != session {
				t.Errorf("aws configure get sso_session --profile %s = %q", profile, out)
			}
		}
	})
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
