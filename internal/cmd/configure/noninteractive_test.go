package configure_test

import (
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/testsupport/golden"
)

// seed is a config file with a session, a profile of it, and things configure must not touch.
const seed = `# my settings
[default]
region = eu-west-1 ; home

[sso-session corp]
sso_start_url = START
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile dev]
sso_session = corp
sso_account_id = 444455556666
sso_role_name = ReadOnly
region = us-west-2
s3 =
  max_concurrent_requests = 20
`

func TestNonInteractive(t *testing.T) {
	tests := []struct {
		name     string
		seed     bool
		org      bool // one account with one role
		args     []string
		wantCode int
		wantErr  []string // in stderr
		golden   string   // the config file afterwards
	}{
		{name: "new session and profile", args: []string{"--sso-session", "corp", "--start-url", "START", "--sso-region", "us-east-1",
			"--account-id", "111122223333", "--role-name", "ReadOnly", "--region", "eu-west-2", "--output-format", "json"},
			golden: "ni-new.golden", wantErr: []string{"Using the account ID 111122223333", "awsso whoami --profile ReadOnly-111122223333"}},
		{name: "values are trimmed before they are checked and used", args: []string{"--sso-session", " corp", "--start-url", "START ", "--sso-region", " us-east-1",
			"--account-id", " 111122223333", "--role-name", "ReadOnly ", "--region", "eu-west-2 ", "--output-format", " json"}, golden: "ni-new.golden"},
		{name: "existing session takes only account and role", seed: true, args: []string{"--sso-session", "corp", "--account-id", "777788889999",
			"--role-name", "PowerUserAccess", "--profile", "sandbox"}, golden: "ni-existing-session.golden"},
		{name: "existing profile needs force", seed: true, args: []string{"--profile", "dev", "--account-id", "444455556666", "--role-name", "DataScientist"},
			wantCode: 1, wantErr: []string{"profile dev already exists with other settings", "hint: add --force"}},
		{name: "existing profile with force keeps its session and region", seed: true, args: []string{"--profile", "dev", "--account-id", "444455556666",
			"--role-name", "DataScientist", "--force"}, golden: "ni-force.golden"},
		{name: "same settings again need no force", seed: true, args: []string{"--profile", "dev", "--account-id", "444455556666", "--role-name", "ReadOnly"},
			golden: "ni-unchanged.golden"},
		{name: "an existing profile's values are the defaults", seed: true, args: []string{"--profile", "dev"}, golden: "ni-unchanged.golden"},
		{name: "legacy profile", args: []string{"--sso-session", "", "--start-url", "START", "--sso-region", "us-east-1",
			"--account-id", "111122223333", "--role-name", "AdministratorAccess", "--profile", "old", "--use-device-code"},
			golden: "ni-legacy.golden", wantErr: []string{"WARNING: Configuring using legacy format"}},
		{name: "one account and one role are chosen and said", org: true, args: []string{"--sso-session", "solo", "--start-url", "START", "--sso-region", "us-east-1"},
			golden: "ni-only.golden", wantErr: []string{"The only AWS account available to you is: Solo, solo@example.com (123456789012)", "The only role available to you is: ReadOnly"}},
		{name: "missing start URL names the flag", args: []string{"--sso-session", "corp"},
			wantCode: 1, wantErr: []string{"error: missing --start-url", "hint: --non-interactive never asks"}},
		{name: "missing account names the flag", args: []string{"--sso-session", "corp", "--start-url", "START", "--sso-region", "us-east-1"},
			wantCode: 1, wantErr: []string{"error: missing --account-id: 3 accounts are available to you"}},
		{name: "missing role names the flag", args: []string{"--sso-session", "corp", "--start-url", "START", "--sso-region", "us-east-1", "--account-id", "111122223333"},
			wantCode: 1, wantErr: []string{"error: missing --role-name: 2 roles are available to you"}},
		{name: "http start URL says why", args: []string{"--sso-session", "corp", "--start-url", "http://d-1234567890.awsapps.com/start"},
			wantCode: 1, wantErr: []string{"cannot be used: it is not https"}},
		{name: "bad SSO region", args: []string{"--sso-session", "corp", "--start-url", "START", "--sso-region", "useast1"},
			wantCode: 1, wantErr: []string{`invalid --sso-region "useast1"`, "not a region name"}},
		{name: "bad client region", seed: true, args: []string{"--sso-session", "corp", "--account-id", "111122223333", "--role-name", "ReadOnly", "--region", "Europe"},
			wantCode: 1, wantErr: []string{`invalid --region "Europe"`}},
		{name: "bad output format", seed: true, args: []string{"--sso-session", "corp", "--account-id", "111122223333", "--role-name", "ReadOnly", "--output-format", "xml"},
			wantCode: 1, wantErr: []string{`"xml" is not an output format`}},
		{name: "bad session name", args: []string{"--sso-session", "my corp"}, wantCode: 1, wantErr: []string{`invalid --sso-session "my corp"`}},
		{name: "account not available", seed: true, args: []string{"--sso-session", "corp", "--account-id", "999999999999"},
			wantCode: 1, wantErr: []string{"--account-id 999999999999: no such account is available to you (3 are)"}},
		{name: "flags contradicting an existing session", seed: true, args: []string{"--sso-session", "corp", "--sso-region", "eu-west-1"},
			wantCode: 1, wantErr: []string{`--sso-region "eu-west-1" differs from sso_region "us-east-1" of the existing [sso-session corp]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var h *harness
			if tt.org {
				h = newHarness(t, oneAccountOrg)
			} else {
				h = newHarness(t)
			}
			before := ""
			if tt.seed {
				before = strings.ReplaceAll(seed, "START", h.env.StartURL)
				h.writeConfig(before)
			}
			args := []string{"configure", "--non-interactive"}
			for _, a := range tt.args {
				args = append(args, strings.ReplaceAll(a, "START", h.env.StartURL))
			}
			code, stdout, stderr := h.run(args...)
			if code != tt.wantCode {
				t.Fatalf("exit code %d, want %d\n%s", code, tt.wantCode, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout is data only, got %q", stdout)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			got := strings.ReplaceAll(h.config(), h.env.StartURL, "START")
			if tt.golden != "" {
				golden.Check(t, tt.golden, got)
			} else if got != strings.ReplaceAll(before, h.env.StartURL, "START") {
				t.Errorf("a failed run changed the file:\n%s", got)
			}
		})
	}
}

func TestNotATerminalNeverAsks(t *testing.T) {
	h := newHarness(t)
	code, _, stderr := h.run("configure")
	want := "error: missing --sso-session (pass --sso-session '' for a legacy profile)\n" +
		"hint: standard input is not a terminal, so nothing can be asked: pass the answer as a flag, or run on a terminal\n"
	if code != 1 || stderr != want {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
}

// TestExistingLegacyProfileStaysLegacy: without --sso-session, an existing legacy profile keeps
// its form, as it keeps its other values; only a new profile needs the flag.
func TestExistingLegacyProfileStaysLegacy(t *testing.T) {
	h := newHarness(t)
	const legacy = "[profile old]\nsso_start_url = START\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n"
	h.writeConfig(strings.ReplaceAll(legacy, "START", h.env.StartURL))
	code, _, stderr := h.run("configure", "--non-interactive", "--profile", "old", "--role-name", "AdministratorAccess", "--force")
	if code != 0 || !strings.Contains(stderr, "WARNING: Configuring using legacy format") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if got, want := strings.ReplaceAll(h.config(), h.env.StartURL, "START"), strings.Replace(legacy, "ReadOnly", "AdministratorAccess", 1); got != want {
		t.Errorf("config:\n%s\nwant:\n%s", got, want)
	}
}

// TestRefusedBeforeSignIn: an answer that is missing or wrong, and a profile that would be
// overwritten without --force, fail before anything is signed in or fetched.
func TestRefusedBeforeSignIn(t *testing.T) {
	h := newHarness(t)
	const keep = "[profile keep]\nregion = us-east-1\n\n[sso-session half]\nsso_start_url = START\n"
	h.writeConfig(strings.ReplaceAll(keep, "START", h.env.StartURL))
	role := []string{"--account-id", "111122223333", "--role-name", "ReadOnly"}
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"no session", []string{"--start-url", "START", "--sso-region", "us-east-1"},
			"error: missing --sso-session (pass --sso-session '' for a legacy profile)\n"},
		{"no SSO region", []string{"--sso-session", "corp", "--start-url", "START"},
			"error: missing --sso-region: the region of IAM Identity Center, such as us-east-1\n"},
		{"no SSO region for an incomplete session", []string{"--sso-session", "half"},
			"error: missing --sso-region: the region of IAM Identity Center, such as us-east-1\n"},
		{"scopes separated by blanks", []string{"--sso-session", "corp", "--start-url", "START", "--sso-region", "us-east-1", "--scopes", "sso:account:access openid"},
			`error: invalid --scopes "sso:account:access openid": scopes must be separated by commas` + "\n"},
		{"no scopes at all", []string{"--sso-session", "corp", "--start-url", "START", "--sso-region", "us-east-1", "--scopes", ","},
			`error: invalid --scopes ",": give at least one scope, such as sso:account:access` + "\n"},
		{"existing profile without force", []string{"--profile", "keep", "--sso-session", "corp", "--start-url", "START", "--sso-region", "us-east-1"},
			"error: profile keep already exists with other settings\nhint: add --force"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.env.Server.ResetStats()
			args := []string{"configure", "--non-interactive"}
			for _, a := range append(tt.args, role...) {
				args = append(args, strings.ReplaceAll(a, "START", h.env.StartURL))
			}
			code, out, stderr := h.run(args...)
			if code != 1 || out != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr:\n%s", code, out, stderr)
			}
			if calls := h.env.Server.Stats(); len(calls) != 0 {
				t.Errorf("the emulator was called: %v", calls)
			}
			if got := strings.ReplaceAll(h.config(), h.env.StartURL, "START"); got != keep {
				t.Errorf("the config changed:\n%s", got)
			}
		})
	}
}

func TestCachedSignInIsReused(t *testing.T) {
	h := newHarness(t)
	args := []string{"configure", "--non-interactive", "--sso-session", "corp", "--start-url", h.env.StartURL, "--sso-region", "us-east-1",
		"--account-id", "111122223333", "--role-name", "ReadOnly"}
	if code, _, stderr := h.run(args...); code != 0 {
		t.Fatalf("first run: %d\n%s", code, stderr)
	}
	tokens := h.env.Server.Stats()["CreateToken:authorization_code"]
	code, _, stderr := h.run(append(args, "--profile", "second")...)
	if code != 0 || !strings.Contains(stderr, "Using the cached sign-in") {
		t.Fatalf("second run: %d\n%s", code, stderr)
	}
	if n := h.env.Server.Stats()["CreateToken:authorization_code"]; n != tokens {
		t.Errorf("the second run signed in again (%d sign-ins, want %d)", n, tokens)
	}
}

// TestRefusedCachedSignInSignsInAgain: when the portal refuses the cached token (revoked, or
// signed out elsewhere), configure signs in afresh instead of failing on the same cached token
// at every run.
func TestRefusedCachedSignInSignsInAgain(t *testing.T) {
	h := newHarness(t)
	args := []string{"configure", "--non-interactive", "--sso-session", "corp", "--start-url", h.env.StartURL, "--sso-region", "us-east-1",
		"--account-id", "111122223333", "--role-name", "ReadOnly"}
	if code, _, stderr := h.run(args...); code != 0 {
		t.Fatalf("first run: %d\n%s", code, stderr)
	}
	h.env.Server.Revoke()
	tokens := h.env.Server.Stats()["CreateToken:authorization_code"]
	code, _, stderr := h.run(append(args, "--profile", "second")...)
	if code != 0 || !strings.Contains(stderr, "refused the cached sign-in") {
		t.Fatalf("after the revocation: exit %d\n%s", code, stderr)
	}
	if n := h.env.Server.Stats()["CreateToken:authorization_code"]; n != tokens+1 {
		t.Errorf("%d sign-ins after the revocation, want 1", n-tokens)
	}
	if !strings.Contains(h.config(), "[profile second]") {
		t.Errorf("profile second not written:\n%s", h.config())
	}
}

// TestHostileValuesRefusedFirst: names that are paths or shell words, regions that would
// change an endpoint's host, and start URLs with a password or without TLS are refused before
// any sign-in or call, and nothing is written.
func TestHostileValuesRefusedFirst(t *testing.T) {
	h := newHarness(t)
	h.writeConfig("[profile keep]\nregion = us-east-1\n")
	base := []string{"configure", "--non-interactive", "--start-url", h.env.StartURL, "--sso-region", "us-east-1", "--account-id", "111122223333", "--role-name", "ReadOnly"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"profile ../x", []string{"--profile", "../x", "--sso-session", "corp"}, `invalid profile name "../x"`},
		{"profile a;rm -rf", []string{"--profile", "a;rm -rf ~", "--sso-session", "corp"}, `invalid profile name "a;rm -rf ~"`},
		{"profile $(x)", []string{"--profile", "$(reboot)", "--sso-session", "corp"}, `invalid profile name "$(reboot)"`},
		{"profile -x", []string{"--profile=-x", "--sso-session", "corp"}, `invalid profile name "-x"`},
		{"session ../x", []string{"--profile", "p", "--sso-session", "../x"}, `invalid --sso-session "../x"`},
		{"session `x`", []string{"--profile", "p", "--sso-session", "`id`"}, "invalid --sso-session \"`id`\""},
		{"region", []string{"--profile", "p", "--sso-session", "corp", "--region", "us-east-1.evil.example#"}, `invalid --region "us-east-1.evil.example#"`},
		{"sso-region", []string{"--profile", "p", "--sso-session", "corp", "--sso-region", "us-east-1.evil.example#"}, `invalid --sso-region "us-east-1.evil.example#"`},
		{"start URL with a password", []string{"--profile", "p", "--sso-session", "corp", "--start-url", "https://me:pw@d-1234567890.awsapps.com/start"}, "it holds a user name or password"},
		{"start URL over http", []string{"--profile", "p", "--sso-session", "corp", "--start-url", "http://d-1234567890.awsapps.com/start"}, "it is not https"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.env.Server.ResetStats()
			code, out, stderr := h.run(append(append([]string{}, base...), tt.args...)...)
			if code != 1 || out != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr:\n%s", code, out, stderr)
			}
			if calls := h.env.Server.Stats(); len(calls) != 0 {
				t.Errorf("the emulator was called: %v", calls)
			}
			if got := h.config(); got != "[profile keep]\nregion = us-east-1\n" {
				t.Errorf("the config changed:\n%s", got)
			}
		})
	}
}

func TestConfigureSSOAliasAndUnknownSubcommand(t *testing.T) {
	h := newHarness(t)
	code, _, stderr := h.run("configure", "sso", "--non-interactive", "--sso-session", "corp")
	if code != 1 || !strings.Contains(stderr, "missing --start-url") {
		t.Errorf("configure sso: %d %s", code, stderr)
	}
	if code, _, stderr := h.run("configure", "frob"); code != 1 || !strings.Contains(stderr, `unknown command "frob"`) {
		t.Errorf("configure frob: %d %s", code, stderr)
	}
}

// TestForceKeepsCommentsInAContinuationBlock: --force replaces a value that continues on
// indented lines, and the comment among those lines stays where it was.
func TestForceKeepsCommentsInAContinuationBlock(t *testing.T) {
	h := newHarness(t)
	before := strings.ReplaceAll(seed, "sso_role_name = ReadOnly\n", "sso_role_name = ReadOnly\n  # DataScientist once the audit is done\n  Auditor\n")
	h.writeConfig(strings.ReplaceAll(before, "START", h.env.StartURL))
	code, _, stderr := h.run("configure", "--non-interactive", "--profile", "dev", "--account-id", "444455556666", "--role-name", "DataScientist", "--force")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	want := strings.ReplaceAll(seed, "sso_role_name = ReadOnly\n", "sso_role_name = DataScientist\n  # DataScientist once the audit is done\n")
	if got := strings.ReplaceAll(h.config(), h.env.StartURL, "START"); got != want {
		t.Errorf("config after --force:\n%s\nwant\n%s", got, want)
	}
}
