package configure_test

import (
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/testsupport/golden"
)

// incompleteSeed is an sso-session that holds only its start URL, with comments, an unknown key
// and an inline comment that must survive the keys configure adds.
const incompleteSeed = `[default]
region = eu-west-1

# from the administrator's mail
[sso-session corp]
sso_start_url = START
custom_key = kept ; mine

[profile bystander]
region = us-west-2
`

// TestIncompleteSessionIsCompleted: naming an sso-session that lacks its SSO region (and
// scopes) asks for them, or takes them from the flags, and writes them into that session's
// section, instead of failing with a hint that reruns the same command.
func TestIncompleteSessionIsCompleted(t *testing.T) {
	h := newHarness(t)
	h.writeConfig(strings.ReplaceAll(incompleteSeed, "START", h.env.StartURL))
	code, stdout, stderr := h.run("configure", "--non-interactive", "--sso-session", "corp", "--sso-region", "us-east-1",
		"--account-id", "111122223333", "--role-name", "ReadOnly", "--profile", "prod")
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "The sso-session corp lacks sso_region and sso_registration_scopes") {
		t.Errorf("stderr does not say what is completed:\n%s", stderr)
	}
	golden.Check(t, "ni-incomplete-session.golden", strings.ReplaceAll(h.config(), h.env.StartURL, "START"))
}

func TestIncompleteSessionOnATerminal(t *testing.T) {
	h := newHarness(t)
	h.writeConfig(strings.ReplaceAll(incompleteSeed, "START", h.env.StartURL))
	config, _ := drive(t, h, []string{"configure"}, []step{
		{"SSO session name (Recommended): ", "corp" + enter},
		{"The sso-session corp lacks sso_region and sso_registration_scopes", ""},
		{"SSO region: ", "us-east-1" + enter},
		{"SSO registration scopes [sso:account:access]: ", enter},
		{"Account: ", "prod" + enter},
		{"Role: ", "read" + enter},
		{"Default client Region: ", enter},
		{"CLI default output format (json if not specified): ", enter},
		{"Profile name [ReadOnly-111122223333]: ", "prod" + enter},
	}, "Check it with:")
	golden.Check(t, "ni-incomplete-session.golden", config)
}

// TestSessionWithoutScopes: a session with its start URL and region but no registration scopes
// is complete (the AWS CLI registers without scopes then): it is used as it is, and --scopes
// adds the scopes to it instead of being refused as a contradiction.
func TestSessionWithoutScopes(t *testing.T) {
	h := newHarness(t)
	session := "[sso-session corp]\nsso_start_url = " + h.env.StartURL + "\nsso_region = us-east-1\n"
	h.writeConfig(session)
	args := []string{"configure", "--non-interactive", "--sso-session", "corp", "--account-id", "111122223333", "--role-name", "ReadOnly"}
	if code, _, stderr := h.run(append(args, "--profile", "first")...); code != 0 || strings.Contains(stderr, "lacks") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	first := "\n[profile first]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n"
	if got := h.config(); got != session+first {
		t.Fatalf("config:\n%s", got)
	}
	if code, _, stderr := h.run(append(args, "--profile", "second", "--scopes", "sso:account:access")...); code != 0 {
		t.Fatalf("with --scopes: exit %d\n%s", code, stderr)
	}
	want := session + "sso_registration_scopes = sso:account:access\n" + first +
		"\n[profile second]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n"
	if got := h.config(); got != want {
		t.Errorf("config:\n%s\nwant:\n%s", got, want)
	}
}
