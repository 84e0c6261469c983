package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/browser"
	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
)

// TestMessagesPointTheRightWay runs the mistakes a new user makes through the whole command
// tree and pins each message, hint and exit code: every error names the next command.
func TestMessagesPointTheRightWay(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	tests := []struct {
		name string
		args []string
		code int
		err  string // the whole of stderr
	}{
		{name: "account id too short", args: []string{"roles", "--profile", "dev", "--account-id", "123"}, code: 1,
			err: "error: invalid --account-id \"123\": an account id is 12 digits\n" +
				"hint: run 'awsso accounts --sso-session corp' to list the account ids you can reach\n"},
		{name: "account id not digits", args: []string{"sso", "list-account-roles", "--profile", "dev", "--account-id", "abc"}, code: 1,
			err: "error: invalid --account-id \"abc\": an account id is 12 digits\n" +
				"hint: run 'awsso accounts --sso-session corp' to list the account ids you can reach\n"},
		{name: "account without access", args: []string{"roles", "--profile", "dev", "--account-id", "999999999999"}, code: 1,
			err: "error: the session has no access to account 999999999999\n" +
				"hint: run 'awsso accounts --sso-session corp' to list the accounts this session can reach\n"},
		{name: "role without access", args: []string{"export-credentials", "--profile", "denied"}, code: 1,
			err: "error: the session has no access to role ReadOnly in account 999999999999\n" +
				"hint: run 'awsso accounts' to list the accounts this session can reach, and 'awsso roles --account-id 999999999999' the roles of this one\n"},
		{name: "login without a default profile", args: []string{"login"}, code: 1,
			err: "error: awsso login needs --sso-session NAME or --profile NAME: there is no default profile\n" +
				"hint: run: awsso login --sso-session corp\n" +
				"hint: run: awsso login --profile NAME, with NAME one of dev, old, signin, denied\n"},
		{name: "populate without a session", args: []string{"populate"}, code: 1,
			err: "error: populate needs --sso-session NAME (the session whose accounts to write)\n" +
				"hint: run: awsso populate --sso-session corp\n"},
		{name: "exec without a command", args: []string{"exec", "--profile", "dev"}, code: 1,
			err: "error: exec needs a command to run: awsso exec [--profile P] -- CMD [ARGS...]\n" +
				"hint: run 'awsso exec --help' for usage\n"},
		{name: "unknown format", args: []string{"export-credentials", "--profile", "dev", "--format", "xml"}, code: 1,
			err: "error: invalid --format \"xml\": use one of process, env, env-no-export, fish, powershell, windows-cmd, json\n" +
				"hint: run 'awsso export-credentials --help' for usage\n"},
		{name: "unknown output", args: []string{"accounts", "--output", "xml"}, code: 1,
			err: "error: invalid --output \"xml\": use json, table, text or yaml\nhint: run 'awsso accounts --help' for usage\n"},
		{name: "argument to whoami", args: []string{"whoami", "extra"}, code: 1,
			err: "error: awsso whoami takes no arguments, got \"extra\"\nhint: run 'awsso whoami --help' for usage\n"},
		{name: "argument to demo", args: []string{"demo", "extra"}, code: 1,
			err: "error: awsso demo takes no arguments, got \"extra\"\nhint: run 'awsso demo --help' for usage\n"},
		{name: "typo in a command", args: []string{"logn"}, code: 1,
			err: "error: unknown command \"logn\" for \"awsso\"\nhint: did you mean 'awsso login'?\nhint: run 'awsso --help' for the commands\n"},
		{name: "typo in a subcommand", args: []string{"sso", "list-acounts"}, code: 1,
			err: "error: unknown command \"list-acounts\" for \"awsso sso\"\nhint: did you mean 'awsso sso list-accounts'?\nhint: run 'awsso sso --help' for the commands\n"},
		{name: "access token to accounts", args: []string{"accounts", "--access-token", "x"}, code: 1,
			err: "error: --access-token is not needed: awsso uses the cached token of the session\n" +
				"hint: drop --access-token and name the session with --profile or --sso-session; 'awsso login' signs in\n"},
		{name: "access token to sso list-accounts", args: []string{"sso", "list-accounts", "--access-token", "x"}, code: 1,
			err: "error: --access-token is not needed: awsso uses the cached token of the session\n" +
				"hint: drop --access-token and name the session with --profile or --sso-session; 'awsso login' signs in\n"},
		{name: "access token to roles", args: []string{"roles", "--access-token", "x"}, code: 1,
			err: "error: --access-token is not needed: awsso uses the cached token of the session\n" +
				"hint: drop --access-token and name the session with --profile or --sso-session; 'awsso login' signs in\n"},
		{name: "unknown flag", args: []string{"roles", "--acount-id", "x"}, code: 1,
			err: "error: unknown flag: --acount-id\nhint: run 'awsso roles --help' for usage\n"},
	}
	cmdtest.AppendConfig(t, w, "[profile denied]\nsso_session = corp\nsso_account_id = 999999999999\nsso_role_name = ReadOnly\n")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, s := w.Factory(nil)
			code := Run(context.Background(), f, tt.args)
			if code != tt.code || s.Err.String() != tt.err {
				t.Errorf("awsso %s: exit %d, stderr:\n%s\nwant exit %d, stderr:\n%s", strings.Join(tt.args, " "), code, s.Err, tt.code, tt.err)
			}
			if s.Out.Len() > 0 {
				t.Errorf("stdout %q", s.Out)
			}
		})
	}
}

// TestDeviceCodeWithoutBrowserSaysSoOnce: a sign-in that falls back to a device code because
// no browser can open says so once, not again when it shows the code.
func TestDeviceCodeWithoutBrowserSaysSoOnce(t *testing.T) {
	w := cmdtest.New(t, func(o *emulator.Options) { o.AutoApprove, o.Interval = false, 10*time.Millisecond })
	w.Browser = &browser.Stub{Unavailable: true, OnOpen: func(string) error { return browser.ErrNoBrowser }}
	go func() { // the user, approving the code on another device once it was shown
		for {
			// A code approved before the first poll is never shown (the service approved at
			// once); wait for that poll, which comes after the code is on the terminal.
			if w.Env.Server.Stats()["CreateToken:device_code"] == 0 {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			if codes := w.Env.Server.PendingUserCodes(); len(codes) > 0 {
				w.Env.Server.ApproveDevice(codes[0], "")
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	f, s := w.Factory(nil)
	if code := Run(context.Background(), f, []string{"login", "--sso-session", "corp"}); code != 0 {
		t.Fatalf("exit %d\n%s", code, s.Err)
	}
	if n := strings.Count(s.Err.String(), "No browser can be opened here"); n != 1 {
		t.Errorf("said %d times that no browser can be opened:\n%s", n, s.Err)
	}
	if !strings.Contains(s.Err.String(), "  code  ") || len(w.Browser.Opened()) != 0 {
		t.Errorf("no code shown, or a browser was tried (%q):\n%s", w.Browser.Opened(), s.Err)
	}
}

// TestCompletion: every flag that names a profile, an sso-session, an account or a role
// completes from the config.
func TestCompletion(t *testing.T) {
	w := cmdtest.New(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"login", "--sso-session", ""}, "corp"},
		{[]string{"logout", "--sso-session", ""}, "corp"},
		{[]string{"accounts", "--sso-session", ""}, "corp"},
		{[]string{"sso", "list-account-roles", "--sso-session", ""}, "corp"},
		{[]string{"populate", "--sso-session", ""}, "corp"},
		{[]string{"configure", "--sso-session", ""}, "corp"},
		{[]string{"roles", "--account-id", ""}, cmdtest.AccountID},
		{[]string{"configure", "--account-id", ""}, cmdtest.AccountID},
		{[]string{"configure", "--role-name", ""}, cmdtest.RoleName},
		{[]string{"whoami", "--profile", ""}, "dev old signin static loop"},
		{[]string{"credential-process", "--profile", "d"}, "dev old signin static loop"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			f, s := w.Factory(nil)
			if code := Run(context.Background(), f, append([]string{"__complete"}, tt.args...)); code != 0 {
				t.Fatalf("exit %d: %s", code, s.Err)
			}
			lines := strings.Split(strings.TrimSpace(s.Out.String()), "\n")
			if got := strings.Join(lines[:len(lines)-1], " "); got != tt.want { // the last line is the directive
				t.Errorf("completions %q, want %q", got, tt.want)
			}
		})
	}
}

// TestRemoteErrorsSayWhatTheServiceAnswered: an error answer of a service reads as that answer,
// never as the SDK's chain ("operation error STS: ..., https response error StatusCode: 403,
// RequestID: ..."), and keeps its exit code and hint.
func TestRemoteErrorsSayWhatTheServiceAnswered(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	f, s := w.Factory(nil)
	if code := Run(context.Background(), f, []string{"credential-process", "--profile", "dev"}); code != 0 {
		t.Fatalf("exit %d\n%s", code, s.Err)
	}
	w.Env.Server.ExpireRoleCredentials()
	f, s = w.Factory(nil)
	code := Run(context.Background(), f, []string{"whoami", "--profile", "dev"})
	first, _, _ := strings.Cut(s.Err.String(), "\n")
	const want = "error: get caller identity: STS refused GetCallerIdentity: "
	if code != 3 || !strings.HasPrefix(first, want) || !strings.HasSuffix(first, "(ExpiredToken)") {
		t.Errorf("exit %d, first line %q, want exit 3 and %q ... (ExpiredToken)", code, first, want)
	}
	for _, raw := range []string{"operation error", "RequestID", "https response error"} {
		if strings.Contains(s.Err.String(), raw) {
			t.Errorf("stderr holds the SDK's %q:\n%s", raw, s.Err)
		}
	}
	if !strings.Contains(s.Err.String(), "\nhint: STS refused the credentials") {
		t.Errorf("the command's hint is gone:\n%s", s.Err)
	}
}
