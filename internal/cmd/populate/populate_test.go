package populate_test

import (
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/golden"
)

func TestPopulateIsIdempotent(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "\n[profile mine]\nregion = eu-west-1 # keep\n")
	_, stderr := h.mustRun("populate", "--sso-session", "corp", "--region", "us-west-2")
	if !strings.Contains(stderr, "sso-session corp: 8 roles in 3 accounts; added 8 profiles, kept 0") {
		t.Errorf("summary: %s", stderr)
	}
	first := h.config()
	golden.Check(t, "populate.golden", first)
	_, stderr = h.mustRun("populate", "--sso-session", "corp", "--region", "us-west-2")
	if h.config() != first {
		t.Errorf("a second run changed the file:\n%s", h.config())
	}
	if !strings.Contains(stderr, "added 0 profiles, kept 8") {
		t.Errorf("second summary: %s", stderr)
	}
}

func TestUserEditsSurvive(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "")
	h.mustRun("populate", "--sso-session", "corp")
	edited := strings.Replace(h.config(), "sso_role_name = ReadOnly\n", "sso_role_name = ReadOnly\noutput = json\n", 1)
	edited = strings.Replace(edited, "[profile Sandbox.DataScientist]\n", "[profile Sandbox.DataScientist]\n# my note\nregion = ap-south-1\n", 1)
	h.writeConfig(edited)
	h.mustRun("populate", "--sso-session", "corp", "--region", "eu-west-3")
	got := h.config()
	for _, want := range []string{"sso_role_name = ReadOnly\noutput = json\nregion = eu-west-3\n", "[profile Sandbox.DataScientist]\n# my note\nregion = ap-south-1\nsso_session"} {
		if !strings.Contains(got, want) {
			t.Errorf("lost an edit %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "[profile ") != 8 {
		t.Errorf("edits made populate add profiles:\n%s", got)
	}
}

// gone is a config with profiles for an account that no longer exists: one managed by
// populate for corp (pruned), one managed for another session and one of the user's (kept).
const gone = `
# managed by awsso populate --sso-session corp
[profile Old.Admin]
sso_session = corp
sso_account_id = 999999999999
sso_role_name = Admin

# managed by awsso populate --sso-session other
[profile Other.Admin]
sso_session = other
sso_account_id = 999999999999
sso_role_name = Admin

[profile handmade]
sso_session = corp
sso_account_id = 999999999999
sso_role_name = Admin
`

func TestPrune(t *testing.T) {
	t.Parallel()
	h := newHarness(t, gone)
	h.mustRun("populate", "--sso-session", "corp")
	if !strings.Contains(h.config(), "[profile Old.Admin]") {
		t.Fatal("populate without --prune removed a profile")
	}
	_, stderr := h.mustRun("populate", "--sso-session", "corp", "--prune")
	got := h.config()
	if strings.Contains(got, "Old.Admin") || !strings.Contains(got, "[profile Other.Admin]") || !strings.Contains(got, "[profile handmade]") {
		t.Errorf("--prune removed the wrong profiles:\n%s", got)
	}
	if !strings.Contains(stderr, "removed 1") {
		t.Errorf("summary: %s", stderr)
	}
}

func TestDryRunPrintsTheDiffAndWritesNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t, gone)
	before := h.config()
	stdout, stderr := h.mustRun("populate", "--sso-session", "corp", "--prune", "--dry-run", "--name-template", "{session}-{account_id}-{role_name}")
	if h.config() != before {
		t.Error("--dry-run wrote the file")
	}
	if !strings.Contains(stderr, "would add 8 profiles, kept 0, removed 1") {
		t.Errorf("summary: %s", stderr)
	}
	golden.Check(t, "dry-run.diff.golden", strings.ReplaceAll(stdout, h.home.Config, "CONFIG"))
}

func TestNamesAreSanitisedAndUnique(t *testing.T) {
	t.Parallel()
	org := &emulator.Org{
		Users: []emulator.User{{Name: "alice", Password: "pw"}},
		Accounts: []emulator.Account{
			{ID: "100000000001", Name: "Shared Services"}, {ID: "100000000002", Name: "Shared Services"},
			{ID: "100000000003", Name: "Logs (EU)"}, {ID: "100000000004", Name: "'Quoted' #1; [x]"},
		},
		PermissionSets: []emulator.PermissionSet{{Name: "ReadOnly"}},
	}
	for _, a := range org.Accounts {
		org.Assignments = append(org.Assignments, emulator.Assignment{User: "alice", Account: a.ID, PermissionSets: []string{"ReadOnly"}})
	}
	h := newHarness(t, "\n[profile Logs-EU.ReadOnly]\nregion = eu-west-1\n", func(o *emulator.Options) { o.Org = org })
	h.mustRun("populate", "--sso-session", "corp")
	golden.Check(t, "names.golden", h.config())
}

func TestProgressBarOnlyOnATerminal(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "")
	if _, _, stderr := h.run(false, "populate", "--sso-session", "corp", "--dry-run"); strings.Contains(stderr, "Listing roles") {
		t.Errorf("progress bar on a pipe: %q", stderr)
	}
	_, _, stderr := h.run(true, "populate", "--sso-session", "corp", "--dry-run")
	if !strings.Contains(stderr, "\rListing roles [") && !strings.Contains(stderr, "Listing roles [##############################] 3/3 accounts") {
		t.Errorf("no progress bar on a terminal: %q", stderr)
	}
	if !strings.Contains(stderr, "\r\x1b[Ksso-session corp:") {
		t.Errorf("the bar is not erased before the summary: %q", stderr)
	}
}

// TestThrottledProgressSaysWhy: on a terminal, once the portal throttles, the progress line
// says the portal limits the pace, which is what the run waits for.
func TestThrottledProgressSaysWhy(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "", func(o *emulator.Options) { o.Org = emulator.GenerateOrg(60); o.Throttle = 20 })
	_, _, stderr := h.run(true, "populate", "--sso-session", "corp", "--dry-run")
	if !strings.Contains(stderr, "; the portal limits the pace: ") || !strings.Contains(stderr, "sso-session corp: 140 roles in 60 accounts") {
		t.Errorf("stderr: %q", stderr)
	}
}

func TestThrottlingIsSurvived(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "", func(o *emulator.Options) { o.Org = emulator.GenerateOrg(60); o.Throttle = 20 })
	h.env.Server.FailNext(3, 429)
	_, stderr := h.mustRun("populate", "--sso-session", "corp")
	stats := h.env.Server.Stats()
	if stats["Throttled:ListAccountRoles"] == 0 {
		t.Errorf("the emulator throttled nothing (%v): the test proves nothing", stats)
	}
	if !strings.Contains(stderr, "140 roles in 60 accounts; added 140 profiles") {
		t.Errorf("summary: %s", stderr)
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "")
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"no session flag", []string{"populate"}, 1, []string{"populate needs --sso-session"}},
		{"unknown session", []string{"populate", "--sso-session", "nope"}, 1, []string{`sso-session "nope" not found`}},
		{"bad template", []string{"populate", "--sso-session", "corp", "--name-template", "{acct}"}, 1, []string{"unknown field {acct}", "hint: the default is {account_name}.{role_name}"}},
		{"bad region", []string{"populate", "--sso-session", "corp", "--region", "mars"}, 1, []string{`invalid --region "mars"`}},
	}
	for _, tt := range tests {
		code, _, stderr := h.run(false, tt.args...)
		if code != tt.code {
			t.Errorf("%s: exit %d, want %d\n%s", tt.name, code, tt.code, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tt.name, w, stderr)
			}
		}
	}
}

func TestNotLoggedInSaysHow(t *testing.T) {
	t.Parallel()
	h := newHarness(t, "\n[sso-session fresh]\nsso_start_url = START\nsso_region = us-east-1\n")
	code, _, stderr := h.run(false, "populate", "--sso-session", "fresh")
	if code != 2 || !strings.Contains(stderr, "awsso login --sso-session fresh") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}
