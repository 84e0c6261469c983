package resolver

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/emutest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
	"github.com/awsso/awsso/internal/tokencache"
)

// world is an emulator (IAM Identity Center and STS, with testOrg's roles) and a home whose
// config uses it.
type world struct {
	t    testing.TB
	env  *emutest.Env
	home testenv.Home
	vars map[string]string
	r    *Resolver
}

// chainConfig has the kinds of profiles the tests resolve. {start} and {region} are the
// emulator's.
const chainConfig = `[sso-session corp]
sso_start_url = {start}
sso_region = {region}
sso_registration_scopes = sso:account:access

[profile hub]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = eu-west-1

[profile legacy]
sso_start_url = {start}
sso_region = {region}
sso_account_id = 111122223333
sso_role_name = ReadOnly

[profile prod]
role_arn = arn:aws:iam::444455556666:role/Deploy
source_profile = hub

[profile leaf]
role_arn = arn:aws:iam::777788889999:role/Leaf
source_profile = prod
external_id = ext-1
role_session_name = alice
duration_seconds = 1800

[profile mfa]
role_arn = arn:aws:iam::444455556666:role/Admin
source_profile = hub
mfa_serial = arn:aws:iam::111122223333:mfa/alice

[profile denied]
role_arn = arn:aws:iam::444455556666:role/Denied
source_profile = hub
`

// Principals of testOrg's trust rules: the role credentials of hub (and legacy), the sessions
// of role Deploy, and the IAM user alice (the emulator's documented access key).
const (
	hubSessions    = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly_*/*"
	deploySessions = "arn:aws:sts::444455556666:assumed-role/Deploy/*"
	aliceUser      = "arn:aws:iam::111122223333:user/alice"
)

// testOrg is the emulator's default organisation with IAM roles whose trust rules let each
// role be assumed only with the credentials the test means it to be assumed with: a call
// signed by any other is refused, so a passing chain proves who signed each hop.
func testOrg() *emulator.Org {
	org := emulator.DefaultOrg()
	role := func(account, name string, principals ...string) emulator.Role {
		return emulator.Role{ARN: "arn:aws:iam::" + account + ":role/" + name, TrustedPrincipals: principals}
	}
	leaf := role("777788889999", "Leaf", deploySessions)
	leaf.ExternalID = "ext-1"
	admin := role("444455556666", "Admin", hubSessions)
	admin.MFARequired = true
	ci := role("111122223333", "CI")
	ci.WebIdentity = []emulator.WebIdentityTrust{{Provider: emulator.DefaultOIDCIssuer}}
	org.Roles = []emulator.Role{
		role("444455556666", "Deploy", hubSessions), leaf, admin, ci,
		role("444455556666", "Short", hubSessions),
		role("444455556666", "FromEnv", aliceUser),
		role("444455556666", "Task", aliceUser),
		role("444455556666", "Denied"), // nobody
	}
	for _, name := range []string{"Top", "Src", "Two", "Env", "Self", "A", "B"} { // the Go SDK cases
		org.Roles = append(org.Roles, role("444455556666", name, "*"))
	}
	// Keys for a credential_process and for the environment, told apart from alice's static keys.
	org.IAMUsers = append(org.IAMUsers,
		emulator.IAMUser{Account: "111122223333", Name: "process", AccessKeyID: processKey, SecretAccessKey: "process-secret-key"},
		emulator.IAMUser{Account: "111122223333", Name: "environment", AccessKeyID: envKey, SecretAccessKey: "environment-secret-key"})
	return org
}

// The access keys of testOrg's IAM users besides alice.
const (
	processKey = "AKIAPROCESSKEY000001"
	envKey     = "AKIAENVIRONMENT00001"
)

func newWorld(t testing.TB, extraConfig string) *world {
	t.Helper()
	env := emutest.Start(t, emutest.AutoApprove, func(o *emulator.Options) { o.Org = testOrg() })
	w := &world{t: t, env: env, home: testenv.TempHome(t)}
	config := strings.NewReplacer("{start}", env.StartURL, "{region}", env.Region).Replace(chainConfig + extraConfig)
	if err := os.WriteFile(w.home.Config, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	w.vars = map[string]string{"AWS_ENDPOINT_URL_SSO": env.URL, "AWS_ENDPOINT_URL_SSO_OIDC": env.URL, "AWS_ENDPOINT_URL_STS": env.URL,
		"PATH": os.Getenv("PATH")}
	for _, kv := range w.home.Env() {
		k, v, _ := strings.Cut(kv, "=")
		w.vars[k] = v
	}
	w.r = &Resolver{Home: w.home.Dir, LookupEnv: w.lookup, Environ: w.environ, Now: time.Now, ProcessTimeout: 5 * time.Second}
	w.r.Config = func() (*awsconfig.Config, error) {
		paths, err := awsconfig.PathsFromEnv(w.lookup)
		if err != nil {
			return nil, err
		}
		return awsconfig.Load(paths)
	}
	return w
}

func (w *world) lookup(k string) (string, bool) { v, ok := w.vars[k]; return v, ok }

func (w *world) environ() []string {
	var out []string
	for k, v := range w.vars {
		out = append(out, k+"="+v)
	}
	return out
}

// signIn caches a valid token of sso-session corp, and of the legacy profile's start URL, as
// logins would.
func (w *world) signIn() {
	w.t.Helper()
	signed := emutest.SignIn(w.t, w.env)
	tok := &tokencache.Token{StartURL: w.env.StartURL, Region: w.env.Region, AccessToken: signed.AccessToken,
		ExpiresAt: time.Now().Add(time.Hour).UTC().Truncate(time.Second), ClientID: signed.ClientID, ClientSecret: signed.ClientSecret,
		RegistrationExpiresAt: time.Now().Add(24 * time.Hour).UTC().Truncate(time.Second), RefreshToken: signed.RefreshToken}
	if err := w.r.TokenCache().SaveToken("corp", w.env.StartURL, tok); err != nil {
		w.t.Fatal(err)
	}
	legacy := &tokencache.Token{StartURL: tok.StartURL, Region: tok.Region, AccessToken: tok.AccessToken, ExpiresAt: tok.ExpiresAt}
	if err := w.r.TokenCache().SaveToken("", w.env.StartURL, legacy); err != nil {
		w.t.Fatal(err)
	}
}

// resolve resolves profile name as named explicitly.
func (w *world) resolve(name string) *Profile {
	w.t.Helper()
	cfg, err := w.r.Config()
	if err != nil {
		w.t.Fatal(err)
	}
	p, err := w.r.Resolve(cfg, name, true)
	if err != nil {
		w.t.Fatalf("resolve %s: %v", name, err)
	}
	return p
}

// creds returns the credentials of profile name, failing the test on an error.
func (w *world) creds(name string, f Fetch) *creds.Credentials {
	w.t.Helper()
	c, err := w.r.Credentials(context.Background(), w.resolve(name), f)
	if err != nil {
		w.t.Fatalf("credentials of %s: %v", name, err)
	}
	return c
}

// calls is how many times the emulator answered op (AssumeRole, GetRoleCredentials...).
func (w *world) calls(op string) int { return w.env.Server.Stats()[op] }

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func removeAll(path string) error { return os.RemoveAll(path) }
