package configure_test

import (
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/testsupport/golden"
	"github.com/awsso/awsso/internal/testsupport/prompttest"
)

// step is one exchange with the wizard: wait until the terminal shows expect, then type keys.
type step struct{ expect, keys string }

const (
	enter = prompttest.Enter
	up    = prompttest.Up
	down  = prompttest.Down
)

// drive runs awsso on a pseudo-terminal through the steps, waits for the last line, end, and
// returns the final config file (the emulator's start URL written START) and what the terminal
// shows.
func drive(t *testing.T, h *harness, args []string, steps []step, end string) (string, string) {
	t.Helper()
	c, done, stdout := h.runTTY(args...)
	for _, s := range steps {
		c.Expect(strings.ReplaceAll(s.expect, "START", h.env.StartURL))
		c.Send(strings.ReplaceAll(s.keys, "START", h.env.StartURL))
	}
	if code := <-done; code != 0 {
		t.Fatalf("exit code %d; the terminal shows:\n%s", code, c.Screen())
	}
	c.Expect(end)
	if stdout.Len() != 0 {
		t.Errorf("stdout is data only, got %q", stdout)
	}
	return strings.ReplaceAll(h.config(), h.env.StartURL, "START"), c.Screen()
}

func TestWizardOnATerminal(t *testing.T) {
	tests := []struct {
		name   string
		seed   bool
		args   []string
		steps  []step
		screen []string // lines the terminal must show at the end
		golden string
	}{
		{
			name: "new session and new profile",
			steps: []step{
				{"SSO session name (Recommended): ", "corp" + enter},
				{"SSO start URL: ", "START" + enter},
				{"SSO region: ", "us-east-1" + enter},
				{"SSO registration scopes [sso:account:access]: ", enter},
				{"There are 3 AWS accounts available to you.", ""},
				{"Account: ", "stag"},
				{"> Staging", enter},
				{"There are 3 roles available to you.", ""},
				{"Role: ", down},
				{"> DataScientist", enter},
				{"Default client Region: ", "eu-west-2" + enter},
				{"CLI default output format (json if not specified): ", enter},
				{"Profile name [DataScientist-444455556666]: ", enter},
			},
			screen: []string{"Account: Staging, aws-staging@example.com (444455556666)", "Using the account ID 444455556666",
				"Role: DataScientist", `Using the role name "DataScientist"`, "Check it with: awsso whoami --profile DataScientist-444455556666"},
			golden: "tty-new.golden",
		},
		{
			name: "second account of an existing session types only the session name",
			seed: true,
			steps: []step{
				{"SSO session name (Recommended): ", "corp" + enter},
				{"Using the existing sso-session corp", ""},
				{"Account: ", enter},
				{"Role: ", enter},
				{"Default client Region: ", enter},
				{"CLI default output format (json if not specified): ", enter},
				{"Profile name [AdministratorAccess-111122223333]: ", enter},
			},
			screen: []string{"Account: Production, aws-production@example.com (111122223333)", "Role: AdministratorAccess"},
			golden: "tty-second.golden",
		},
		{
			name: "profile flag updates the profile in place with its values as defaults",
			seed: true,
			args: []string{"--profile", "dev"},
			steps: []step{
				{"SSO session name [corp]: ", enter},
				{"> Staging", enter}, // the profile's account is highlighted
				{"> ReadOnly", up},   // and its role
				{"> DataScientist", enter},
				{"Default client Region [us-west-2]: ", "eu-central-1" + enter},
				{"CLI default output format (json if not specified): ", enter},
			},
			screen: []string{"Check it with: awsso whoami --profile dev"},
			golden: "tty-update.golden",
		},
		{
			name: "yes to overwriting an existing profile",
			seed: true,
			steps: []step{
				{"SSO session name (Recommended): ", "corp" + enter},
				{"Account: ", "stag" + enter},
				{"Role: ", "data" + enter},
				{"Default client Region: ", enter},
				{"CLI default output format (json if not specified): ", enter},
				{"Profile name [DataScientist-444455556666]: ", "dev" + enter},
				{"Profile dev already exists: overwrite its settings? [y/N]: ", "y" + enter},
			},
			screen: []string{"Check it with: awsso whoami --profile dev"},
			golden: "tty-overwrite.golden",
		},
		{
			name: "empty session name writes a legacy profile",
			steps: []step{
				{"SSO session name (Recommended): ", enter},
				{"SSO start URL: ", "START" + enter},
				{"SSO region: ", "us-east-1" + enter},
				{"Account: ", "sand" + enter},
				{"Role: ", "power" + enter},
				{"Default client Region: ", enter},
				{"CLI default output format (json if not specified): ", "json" + enter},
				{"Profile name [PowerUserAccess-777788889999]: ", "sandbox" + enter},
			},
			screen: []string{"WARNING: Configuring using legacy format (e.g. without an SSO session)."},
			golden: "tty-legacy.golden",
		},
		{
			name: "invalid answers are explained and asked again",
			seed: true,
			steps: []step{
				{"SSO session name (Recommended): ", "my corp" + enter},
				{"✗ use letters", "new" + enter},
				{"SSO start URL: ", "http://d-1234567890.awsapps.com/start" + enter},
				{"✗ the start URL cannot be used: it is not https", "START" + enter},
				{"SSO region: ", "useast1" + enter},
				{"✗ \"useast1\" is not a region name", "us-east-1" + enter},
				{"SSO registration scopes [sso:account:access]: ", "sso:account:access openid" + enter},
				{"✗ scopes must be separated by commas", enter},
				{"Account: ", "zzz" + enter}, // no match: Enter does nothing
				{"no match", prompttest.CtrlU + "prod" + enter},
				{"Role: ", "read" + enter},
				{"Default client Region: ", "Mars" + enter},
				{"✗ \"Mars\" is not a region name", enter},
				{"CLI default output format (json if not specified): ", "xml" + enter},
				{"✗ \"xml\" is not an output format", "text" + enter},
				{"Profile name [ReadOnly-111122223333]: ", "bad name" + enter},
				{"✗ use letters", "dev" + enter},
				{"Profile dev already exists: overwrite its settings? [y/N]: ", enter},
				{"Profile name [ReadOnly-111122223333]: ", "prod-ro" + enter},
			},
			screen: []string{"SSO session name (Recommended): my corp", "  ✗ use letters, digits and . _ - @ + = , : % (no blanks, slashes or shell characters; a letter or digit first)",
				"SSO session name (Recommended): new"},
			golden: "tty-validation.golden",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			if tt.seed {
				h.writeConfig(strings.ReplaceAll(seed, "START", h.env.StartURL))
			}
			config, screen := drive(t, h, append([]string{"configure"}, tt.args...), tt.steps, "Check it with:")
			golden.Check(t, tt.golden, config)
			for _, line := range tt.screen {
				if !strings.Contains("\n"+screen+"\n", "\n"+line+"\n") {
					t.Errorf("the terminal lacks the line %q:\n%s", line, screen)
				}
			}
		})
	}
}
