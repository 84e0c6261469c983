package app

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
	"github.com/awsso/awsso/internal/tokencache"
)

// secretSet collects every secret the world's caches have held: access and refresh tokens,
// client secrets, secret keys and session tokens, and their URL-encoded forms.
type secretSet map[string]string // secret -> what it is

func (s secretSet) collect(t *testing.T, w *cmdtest.World) {
	t.Helper()
	add := func(what, v string) {
		if len(v) < 8 {
			return
		}
		if e := url.QueryEscape(v); e != v {
			s[e] = what + " (URL-encoded)"
		}
		s[v] = what
	}
	tokens := tokencache.Cache{Dir: tokencache.DefaultDir(w.Home.Dir)}
	if tok, err := tokens.LoadToken("corp", w.Env.StartURL); err == nil {
		add("access token", tok.AccessToken)
		add("refresh token", tok.RefreshToken)
		add("client secret", tok.ClientSecret)
	}
	files, _ := filepath.Glob(filepath.Join(creds.DefaultCacheDir(w.Home.Dir), "*.json"))
	for _, f := range files {
		if c, ok := w.CredsCache().Load(strings.TrimSuffix(filepath.Base(f), ".json")); ok {
			add("secret access key", c.SecretAccessKey)
			add("session token", c.SessionToken)
		}
	}
}

// output is what one command line printed.
type output struct {
	args     []string
	out, err string
	// credsOnStdout: printing the role credentials on stdout is the command's purpose.
	credsOnStdout bool
}

// TestNoSecretInOutput runs every credential command with --debug, on warm and cold caches and
// through refreshes, sign-ins and failures, and checks that no secret reaches stderr, nor
// stdout unless printing credentials there is the command's purpose.
func TestNoSecretInOutput(t *testing.T) {
	w := cmdtest.New(t)
	secrets := secretSet{}
	var outputs []output
	run := func(credsOnStdout bool, args ...string) {
		t.Helper()
		f, s := w.Factory(nil)
		Run(context.Background(), f, append([]string{"--debug"}, args...))
		outputs = append(outputs, output{args: args, out: s.Out.String(), err: s.Err.String(), credsOnStdout: credsOnStdout})
		secrets.collect(t, w)
	}
	tokenFile := tokencache.Cache{Dir: tokencache.DefaultDir(w.Home.Dir)}.TokenPath("corp", w.Env.StartURL)
	dropCreds := func() { os.RemoveAll(creds.DefaultCacheDir(w.Home.Dir)) }

	// Not logged in, then a sign-in from credential-process --login.
	run(false, "export-credentials", "--profile", "dev")
	run(false, "whoami", "--profile", "dev")
	run(true, "credential-process", "--profile", "dev", "--login")

	// Warm: every command.
	for _, format := range creds.Formats {
		run(true, "export-credentials", "--profile", "dev", "--format", string(format))
	}
	run(true, "configure", "export-credentials", "--profile", "dev")
	run(true, "credential-process", "--profile", "dev")
	run(false, "whoami", "--profile", "dev", "--output", "json")
	run(false, "sts", "get-caller-identity", "--profile", "dev")
	run(false, "exec", "--profile", "dev", "--", "sh", "-c", "exit 3")
	run(false, "exec", "--profile", "dev", "--", "no-such-command-awsso")
	run(false, "exec", "--server", "--profile", "dev", "--", "sh", "-c", "exit 3")
	run(false, "console", "--profile", "dev")
	run(false, "console", "--profile", "dev", "--print") // stdout: the sign-in URL, no credentials
	run(false, "use", "dev", "--shell", "bash")
	run(true, "use", "dev", "--export", "--shell", "fish") // stdout: code for the shell function
	run(false, "prompt", "--profile", "dev")

	// A token near its end is refreshed (client secret and refresh token on the wire).
	tok, err := tokencache.Cache{Dir: filepath.Dir(tokenFile)}.LoadToken("corp", w.Env.StartURL)
	if err != nil {
		t.Fatal(err)
	}
	tok.ExpiresAt = time.Now().Add(time.Minute)
	tokencache.Cache{Dir: filepath.Dir(tokenFile)}.SaveToken("corp", w.Env.StartURL, tok)
	dropCreds()
	run(true, "export-credentials", "--profile", "dev")
	run(false, "exec", "--profile", "old", "--", "true")
	dropCreds()
	run(true, "use", "old", "--export")

	// Failures: a fault retried, credentials STS refuses, a session revoked.
	w.Env.Server.FailNext(1, 500)
	dropCreds()
	run(true, "credential-process", "--profile", "dev")
	w.Env.Server.ExpireRoleCredentials()
	run(false, "whoami", "--profile", "dev")
	run(false, "console", "--profile", "dev", "--print")
	w.Env.Server.Revoke()
	dropCreds()
	run(true, "export-credentials", "--profile", "dev")
	run(false, "whoami", "--profile", "dev")
	run(false, "exec", "--server", "--profile", "dev", "--", "true")
	tok.ExpiresAt = time.Now().Add(time.Minute)
	tokencache.Cache{Dir: filepath.Dir(tokenFile)}.SaveToken("corp", w.Env.StartURL, tok)
	run(true, "credential-process", "--profile", "dev")

	for _, o := range outputs { // shown with -v, or when the test fails
		t.Logf("$ awsso --debug %s\n%s", strings.Join(o.args, " "), o.err)
	}
	if len(secrets) < 10 {
		t.Fatalf("only %d secrets collected: the scenario did not run", len(secrets))
	}
	debugLines := 0
	for _, o := range outputs {
		debugLines += strings.Count(o.err, "debug: ")
		for secret, what := range secrets {
			if strings.Contains(o.err, secret) {
				t.Errorf("%q: stderr holds the %s:\n%s", o.args, what, o.err)
			}
			if strings.Contains(o.out, secret) && !(o.credsOnStdout && (strings.HasPrefix(what, "secret access key") || strings.HasPrefix(what, "session token"))) {
				t.Errorf("%q: stdout holds the %s:\n%s", o.args, what, o.out)
			}
		}
	}
	if debugLines < 20 {
		t.Errorf("only %d debug lines: --debug traced too little for this test to mean anything", debugLines)
	}
	// A browser's command line is output too: any local user can read it (ps).
	consoles := 0
	for _, u := range w.Browser.Opened() {
		if strings.HasPrefix(u, "file://") {
			consoles++
		}
		if strings.Contains(u, "SigninToken") {
			t.Errorf("the browser was started with the console sign-in token on its command line: %s", u)
		}
	}
	if consoles == 0 {
		t.Error("console opened no browser: the test checks nothing")
	}
}

// TestNoSecretInOtherCommands runs the commands the credential and sign-in sweeps leave out
// (populate, configure, migrate, doctor, logout) with --debug, through successes and failures,
// and checks that no secret reaches stdout or stderr.
func TestNoSecretInOtherCommands(t *testing.T) {
	w := cmdtest.New(t)
	secrets := secretSet{}
	var outputs []output
	run := func(args ...string) {
		t.Helper()
		secrets.collect(t, w)
		f, s := w.Factory(map[string]string{"AWS_MAX_ATTEMPTS": "2"})
		Run(context.Background(), f, append([]string{"--debug"}, args...))
		outputs = append(outputs, output{args: args, out: s.Out.String(), err: s.Err.String()})
		secrets.collect(t, w)
	}
	run("login", "--sso-session", "corp")
	run("credential-process", "--profile", "dev") // role credentials in the cache, to look for
	run("populate", "--sso-session", "corp", "--dry-run")
	run("populate", "--sso-session", "corp")
	run("configure", "--non-interactive", "--profile", "added", "--sso-session", "corp", "--account-id", cmdtest.AccountID, "--role-name", cmdtest.RoleName)
	run("migrate", "--yes")
	run("doctor")
	w.Env.Server.FailNext(2, 500)
	run("populate", "--sso-session", "corp")
	w.Env.Server.FailNext(2, 500)
	run("configure", "--non-interactive", "--profile", "again", "--sso-session", "corp", "--account-id", cmdtest.AccountID, "--role-name", cmdtest.RoleName)
	w.Env.Server.Revoke()
	run("populate", "--sso-session", "corp")
	run("configure", "--non-interactive", "--profile", "after-revoke", "--sso-session", "corp", "--account-id", cmdtest.AccountID, "--role-name", cmdtest.RoleName)
	run("logout", "--sso-session", "corp")
	run("login", "--sso-session", "corp")
	run("logout")

	if len(secrets) < 6 {
		t.Fatalf("only %d secrets collected: the scenario did not run", len(secrets))
	}
	for _, o := range outputs {
		t.Logf("$ awsso --debug %s\n%s", strings.Join(o.args, " "), o.err)
		for secret, what := range secrets {
			if strings.Contains(o.err, secret) || o.args[0] != "credential-process" && strings.Contains(o.out, secret) {
				t.Errorf("%q: the output holds the %s", o.args, what)
			}
		}
	}
}

// TestNoSecretInConfigReports runs the commands that report on the config files (doctor, in
// every format, and profiles, in every format) over files whose secrets are spelled every way
// a person writes them, followed by inline comments and nested in sub-property blocks, and
// checks that no secret value reaches stdout or stderr.
func TestNoSecretInConfigReports(t *testing.T) {
	home := testenv.TempHome(t)
	config := "[profile static]\n" +
		"aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n" +
		"aws_secret_access_key = cfgSecretKeyValue0001 # my prod key\n" +
		"aws-secret-access-key = hyphenSecretValue0002\n" +
		"AWS_Session_Token = mixedCaseToken0003 ; prod\n" +
		"\n[profile block]\n" +
		"aws_secret_access_key =\n    nested = nestedSecretValue0004\n    deeper = deeperSecretValue0005\n" +
		"s3 =\n    session_token = subSessionToken0006 # sub\n    max_concurrent_requests = 20\n" +
		"\n[profile other]\n" +
		"sso_client_secret = clientSecretValue0007\n" +
		"password = \"quotedPassword0008\"\n" +
		"aws secret access key = spacedSecretValue0009\n" +
		"region = eu-west-1 # not a secret\n"
	credentials := "[default]\n" +
		"aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n" +
		"aws_secret_access_key = credsSecretKeyValue0010 # the comment the AWS CLI keeps\n" +
		"aws_session_token = credsSessionToken0011\n" +
		"aws_security_token = credsSecurityToken0012\n" +
		"aws-session-token = hyphenSessionToken0013\n"
	if err := os.WriteFile(home.Config, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(home.Credentials, []byte(credentials), 0o600); err != nil {
		t.Fatal(err)
	}
	secrets := []string{"cfgSecretKeyValue0001", "hyphenSecretValue0002", "mixedCaseToken0003", "nestedSecretValue0004",
		"deeperSecretValue0005", "subSessionToken0006", "clientSecretValue0007", "quotedPassword0008", "spacedSecretValue0009",
		"credsSecretKeyValue0010", "credsSessionToken0011", "credsSecurityToken0012", "hyphenSessionToken0013"}
	runs := [][]string{
		{"doctor", "--offline"}, {"doctor", "--offline", "--output", "json"}, {"doctor", "--offline", "--output", "yaml"},
		{"profiles"}, {"profiles", "--output", "json"}, {"profiles", "--output", "yaml"}, {"profiles", "--output", "text"},
		{"configure", "list-profiles"}, {"status"}, {"--debug", "whoami", "--profile", "static"},
	}
	findings := 0
	for _, args := range runs {
		ios, _, out, errOut := iostreams.Test()
		f := cmdutil.NewFactory(ios, "test")
		f.LookupEnv = home.Lookup(nil)
		Run(context.Background(), f, args)
		t.Logf("$ awsso %s\n%s%s", strings.Join(args, " "), out, errOut)
		for _, secret := range secrets {
			if strings.Contains(out.String(), secret) || strings.Contains(errOut.String(), secret) {
				t.Errorf("awsso %s prints the secret %s", strings.Join(args, " "), secret)
			}
		}
		if args[0] == "doctor" {
			findings += strings.Count(out.String(), "aws_secret_access_key")
		}
		if args[0] == "profiles" && len(args) > 1 && args[2] != "text" && strings.Count(out.String(), "<redacted>") < len(secrets) {
			t.Errorf("awsso %s redacts fewer values than there are secrets:\n%s", strings.Join(args, " "), out)
		}
	}
	if findings == 0 {
		t.Error("doctor says nothing about the secret keys' inline comments: the test checks nothing")
	}
}
