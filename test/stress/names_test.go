package stress_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
)

// hostileNames are account names a portal could send and names a user could mistype: paths,
// shell words, section headers, key = value lines, line breaks.
var hostileNames = []string{"../../outside", "a;rm -rf ~", "$(reboot)", "`id`", "[profile bystander]", "x = y", "line\nbreak", "~root", "-flag", "ünïcödé", "..", "."}

// safeProfileName is what populate writes: a word a shell and every AWS tool take as it is.
var safeProfileName = regexp.MustCompile(`^[\pL\pN_][\pL\pN._-]*$`)

// TestHostileNames gives populate an organisation whose account names are paths, shell words,
// section headers and line breaks, and name templates with such literals; gives configure such
// profile names; and gives migrate legacy profiles with such names: the names written are
// always plain words, every other section is kept byte for byte, and nothing is written
// outside ~/.aws.
func TestHostileNames(t *testing.T) {
	org := emulator.DefaultOrg()
	org.Accounts, org.Assignments, org.IAMUsers = nil, nil, nil // the IAM user lives in an account this test replaces
	for i, name := range hostileNames {
		id := "2000000000" + string(rune('1'+i/10)) + string(rune('0'+i%10))
		org.Accounts = append(org.Accounts, emulator.Account{ID: id, Name: name, Email: "a@example.com"})
		org.Assignments = append(org.Assignments, emulator.Assignment{User: "alice", Account: id, PermissionSets: []string{"ReadOnly"}})
	}
	w := cmdtest.New(t, func(o *emulator.Options) { o.Org = org })
	w.SignIn(t)
	cmdtest.AppendConfig(t, w, bystander+"\n[profile $(legacy)]\nsso_start_url = "+w.Env.StartURL+"\nsso_region = "+w.Env.Region+
		"\nsso_account_id = "+cmdtest.AccountID+"\nsso_role_name = ReadOnly\n")
	env := w.ProcessEnv()
	before := readFile(t, w.Home.Config)

	for i, tmpl := range []string{"{account_name}.{role_name}", "../{account_name}/{role_name}", "$({account_id});{role_name}", "`{account_name}`"} {
		mustRun(t, env, "populate", "--sso-session", "corp", "--name-template", tmpl, "--prune")
		after := readFile(t, w.Home.Config)
		doc, err := awsconfig.Parse(w.Home.Config, []byte(after))
		if err != nil {
			t.Fatalf("template %s: the config no longer parses: %v", tmpl, err)
		}
		if !strings.HasPrefix(after, before) {
			t.Errorf("template %s: the sections written before populate changed", tmpl)
		}
		n := 0
		for _, ref := range doc.Sections() {
			if strings.Contains(strings.Join(doc.Comments(ref), "\n"), "managed by awsso populate") {
				n++
				if !safeProfileName.MatchString(ref.Name) {
					t.Errorf("template %s: populate wrote profile %q", tmpl, ref.Name)
				}
			}
		}
		// ".." and "." hold nothing to name a profile by: populate leaves them out (and says so)
		// until a template names profiles by id; after that, --prune keeps their profiles.
		want := len(hostileNames)
		if i < 2 {
			want -= 2
		}
		if n != want {
			t.Errorf("template %s: %d managed profiles for %d accounts, want %d", tmpl, n, len(hostileNames), want)
		}
	}

	for _, name := range []string{"../x", "a;rm -rf", "$(x)", "`id`", "-x"} {
		r := run(t, env, "configure", "--non-interactive", "--profile="+name, "--sso-session", "corp", "--account-id", cmdtest.AccountID, "--role-name", "ReadOnly")
		wantFailure(t, r, 1, "invalid profile name")
	}

	r := mustRun(t, env, "migrate", "--yes")
	after := readFile(t, w.Home.Config)
	if _, err := awsconfig.Parse(w.Home.Config, []byte(after)); err != nil {
		t.Fatalf("migrate: the config no longer parses: %v\n%s", err, r)
	}
	if !strings.Contains(after, bystander) {
		t.Errorf("migrate changed the bystander:\n%s", after)
	}
	cfg, err := awsconfig.Load(awsconfig.Paths{Config: w.Home.Config, Credentials: w.Home.Credentials})
	if err != nil {
		t.Fatal(err)
	}
	if s, err := cfg.ResolveSSO("$(legacy)"); err != nil || s.Session == "" {
		t.Errorf("migrate did not move profile $(legacy) to an sso-session: %+v, %v\n%s", s, err, r)
	}
	for _, s := range cfg.SSOSessions() {
		if !safeProfileName.MatchString(s.Name) {
			t.Errorf("migrate wrote sso-session %q", s.Name)
		}
	}
	onlyAWSDir(t, w.Home.Dir)
}

// onlyAWSDir checks that the home holds nothing but ~/.aws: nothing was written outside it.
func onlyAWSDir(t *testing.T, home string) {
	t.Helper()
	entries, err := os.ReadDir(home)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != ".aws" {
			t.Errorf("%s was written outside ~/.aws", e.Name())
		}
	}
	for _, dir := range []string{"/tmp/outside", "/outside"} {
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("%s exists", dir)
		}
	}
}
