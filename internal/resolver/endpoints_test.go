package resolver

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// endpointsConfig gives the root of a chain endpoints that lead nowhere (and one attempt, so
// a call to them fails at once), and the top profile the emulator's. {emulator} is its URL.
const endpointsConfig = `
[profile root]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
services = nowhere
max_attempts = 1

[services nowhere]
sso =
  endpoint_url = http://127.0.0.1:1
sts =
  endpoint_url = http://127.0.0.1:1

[profile top]
role_arn = arn:aws:iam::444455556666:role/Deploy
source_profile = root
role_session_name = endpoints
services = emulator

[services emulator]
sso =
  endpoint_url = {emulator}
sso_oidc =
  endpoint_url = {emulator}
sts =
  endpoint_url = {emulator}

[profile plain]
role_arn = arn:aws:iam::444455556666:role/Deploy
source_profile = root
endpoint_url = {emulator}
`

// TestChainUsesTheTopProfilesEndpoints: every client built while resolving a profile uses that
// profile's endpoint settings, its sources' clients included, as botocore's do: the access
// portal call for the root's role goes where the top profile's services section says, not
// where the root's own does. boto3, resolving the same chain from the same files, gets the
// same identity. (The AWS CLI v2 2.9.19 predates services sections, so it is not asked.)
func TestChainUsesTheTopProfilesEndpoints(t *testing.T) {
	python := testenv.Python(t, false)
	w := newWorld(t, "")
	writeFile(t, w.home.Config, strings.NewReplacer("{start}", w.env.StartURL, "{region}", w.env.Region).Replace(chainConfig)+
		strings.ReplaceAll(endpointsConfig, "{emulator}", w.env.URL))
	for _, k := range []string{"AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_SSO_OIDC", "AWS_ENDPOINT_URL_STS"} {
		delete(w.vars, k)
	}
	w.signIn()

	top := w.resolve("top")
	if e := top.Client.Endpoints[awsclient.ServiceSSO]; e.URL != w.env.URL || !strings.Contains(e.Source, "[services emulator]") {
		t.Errorf("top's SSO endpoint %+v", e)
	}
	c := w.creds("top", Fetch{})
	if c.AccountID != "444455556666" || w.calls("GetRoleCredentials") != 1 || w.calls("AssumeRole") != 1 {
		t.Fatalf("top: %+v after %v", c, w.env.Server.Stats())
	}
	// The root on its own uses its own endpoints, which lead nowhere.
	if _, err := w.r.Credentials(context.Background(), w.resolve("root"), Fetch{Refresh: true}); err == nil || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Errorf("root alone: %v, want a failure to reach its own endpoint", err)
	}
	// endpoint_url of the top profile serves every service of the chain too.
	if c := w.creds("plain", Fetch{Refresh: true}); c.AccountID != "444455556666" {
		t.Errorf("plain: %+v", c)
	}

	ours := identity(t, w, "top")
	const script = `import boto3, sys; print(boto3.Session(profile_name=sys.argv[1]).client("sts").get_caller_identity()["Arn"])`
	env := append(testenv.CleanEnv(), w.home.Env()...)
	env = append(env, "AWS_DEFAULT_REGION=us-east-1")
	if theirs := strings.TrimSpace(testenv.Run(t, env, python, "-c", script, "top")); theirs != ours {
		t.Errorf("boto3: %s, awsso: %s", theirs, ours)
	}
	// And boto3 too fails for the root alone: its endpoints are what kept it from working.
	root := exec.Command(python, "-c", script, "root")
	root.Env = env
	if out, err := root.CombinedOutput(); err == nil || !strings.Contains(string(out), "127.0.0.1:1") {
		t.Errorf("boto3 for root alone: %v\n%s", err, out)
	}
}

// TestClientEndpoints: the value carries each service's endpoint as the config chooses it,
// the environment first, with what chose it; a services section that does not exist is the
// error of every client of the profile, as in botocore.
func TestClientEndpoints(t *testing.T) {
	cfg := load(t, `[profile a]
services = s
endpoint_url = https://profile.example
[services s]
sts =
  endpoint_url = https://sts.example
[profile missing]
services = nope
`, "")
	c, err := ClientOf(cfg, "a", envOf(map[string]string{"AWS_ENDPOINT_URL_SSO": "https://env.example"}))
	if err != nil {
		t.Fatal(err)
	}
	for service, want := range map[string]string{
		awsclient.ServiceSTS:     "https://sts.example",
		awsclient.ServiceSSO:     "https://env.example",
		awsclient.ServiceSSOOIDC: "https://profile.example",
		awsclient.ServiceSignIn:  "https://profile.example",
	} {
		url, source, err := awsclient.Endpoint(c.Options(service, "us-east-1"))
		if url != want || source == "" || err != nil {
			t.Errorf("%s: %q from %q, %v; want %s", service, url, source, err, want)
		}
	}
	m, _ := ClientOf(cfg, "missing", envOf(nil))
	if _, _, err := awsclient.Endpoint(m.Options(awsclient.ServiceSTS, "us-east-1")); !strings.Contains(err.Error(), "no [services nope] section") {
		t.Errorf("a missing services section: %v", err)
	}
	if url, _, err := awsclient.Endpoint(Client{}.Options(awsclient.ServiceSTS, "us-east-1")); url != "" || err != nil {
		t.Errorf("the zero Client: %q, %v", url, err)
	}
}

// identity is the caller ARN of profile name's credentials, asked of STS where the profile's
// settings say.
func identity(t *testing.T, w *world, name string) string {
	t.Helper()
	p := w.resolve(name)
	c := w.creds(name, Fetch{})
	cfg, err := w.r.ClientConfig(p, awsclient.ServiceSTS, "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Credentials = credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity of %s: %v", name, err)
	}
	return aws.ToString(out.Arn)
}
