package configure_test

import (
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/testsupport/golden"
)

// badSeed is an sso-session whose region no AWS tool can use.
const badSeed = "[sso-session bad]\nsso_start_url = START\nsso_region = Europe # mine\n"

func TestConfigureSSOSession(t *testing.T) {
	tests := []struct {
		name     string
		seed     string
		args     []string
		wantCode int
		wantErr  string // in stderr
		golden   string // the config file afterwards; "" for unchanged
	}{
		{name: "new session", seed: "[profile keep]\nregion = us-east-1\n", args: []string{"--sso-session", "corp", "--start-url", "START", "--sso-region", "us-east-1"},
			wantErr: "Completed configuring SSO session: corp\nSign in to it with: awsso login --sso-session corp\n", golden: "session-new.golden"},
		{name: "existing session updated in place", seed: seed, args: []string{"--sso-session", "corp", "--sso-region", "eu-west-1", "--scopes", "sso:account:access, openid"},
			golden: "session-update.golden"},
		{name: "existing session with its values as defaults", seed: seed, args: []string{"--sso-session", "corp"},
			wantErr: "awsso login --sso-session corp"},
		{name: "incomplete session completed", seed: incompleteSeed, args: []string{"--sso-session", "corp", "--sso-region", "us-east-1"},
			golden: "session-incomplete.golden"},
		{name: "a current value no tool can use", seed: badSeed, args: []string{"--sso-session", "bad"}, wantCode: 1,
			wantErr: "error: the current value \"Europe\" for --sso-region cannot be used: \"Europe\" is not a region name: use one such as us-east-1 or eu-west-2\nhint: pass --sso-region"},
		{name: "a current value replaced", seed: badSeed, args: []string{"--sso-session", "bad", "--sso-region", "eu-west-1"}, golden: "session-fixed.golden"},
		{name: "missing name", wantCode: 1, wantErr: "error: missing --sso-session: the name of the sso-session\nhint: --non-interactive never asks"},
		{name: "empty name", args: []string{"--sso-session", ""}, wantCode: 1, wantErr: `error: invalid --sso-session "": a value is required`},
		{name: "missing start URL", args: []string{"--sso-session", "corp"}, wantCode: 1, wantErr: "error: missing --start-url"},
		{name: "missing SSO region", args: []string{"--sso-session", "corp", "--start-url", "START"}, wantCode: 1, wantErr: "error: missing --sso-region"},
		{name: "bad scopes", args: []string{"--sso-session", "corp", "--start-url", "START", "--sso-region", "us-east-1", "--scopes", "a b"},
			wantCode: 1, wantErr: `error: invalid --scopes "a b": scopes must be separated by commas`},
		{name: "bad name", args: []string{"--sso-session", "../x"}, wantCode: 1, wantErr: `error: invalid --sso-session "../x"`},
		{name: "no profile flags", args: []string{"--sso-session", "corp", "--account-id", "111122223333"}, wantCode: 1, wantErr: "unknown flag: --account-id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			before := strings.ReplaceAll(tt.seed, "START", h.env.StartURL)
			if before != "" {
				h.writeConfig(before)
			}
			args := []string{"configure", "sso-session", "--non-interactive"}
			for _, a := range tt.args {
				args = append(args, strings.ReplaceAll(a, "START", h.env.StartURL))
			}
			code, stdout, stderr := h.run(args...)
			if code != tt.wantCode || stdout != "" || !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("exit %d (want %d), stdout %q, stderr:\n%s", code, tt.wantCode, stdout, stderr)
			}
			if calls := h.env.Server.Stats(); len(calls) != 0 {
				t.Errorf("the emulator was called: %v", calls)
			}
			if tt.golden != "" {
				golden.Check(t, tt.golden, strings.ReplaceAll(h.config(), h.env.StartURL, "START"))
			} else if got := h.config(); got != before {
				t.Errorf("the file changed:\n%s", got)
			}
		})
	}
}

func TestConfigureSSOSessionOnATerminal(t *testing.T) {
	tests := []struct {
		name   string
		seed   string
		steps  []step
		golden string
	}{
		{
			name: "new session, wrong answers asked again",
			seed: "[profile keep]\nregion = us-east-1\n",
			steps: []step{
				{"SSO session name: ", enter},
				{"✗ a value is required", "my corp" + enter},
				{"✗ use letters", "corp" + enter},
				{"SSO start URL: ", "http://d-1234567890.awsapps.com/start" + enter},
				{"✗ the start URL cannot be used: it is not https", "START" + enter},
				{"SSO region: ", "us-east-1" + enter},
				{"SSO registration scopes [sso:account:access]: ", enter},
			},
			golden: "session-new.golden",
		},
		{
			name: "existing session, its values as defaults",
			seed: seed,
			steps: []step{
				{"SSO session name: ", "corp" + enter},
				{"SSO start URL [START]: ", enter},
				{"SSO region [us-east-1]: ", "eu-west-1" + enter},
				{"SSO registration scopes [sso:account:access]: ", "sso:account:access, openid" + enter},
			},
			golden: "session-update.golden",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.writeConfig(strings.ReplaceAll(tt.seed, "START", h.env.StartURL))
			config, screen := drive(t, h, []string{"configure", "sso-session"}, tt.steps, "Sign in to it with: awsso login --sso-session corp")
			if !strings.Contains(screen, "\nCompleted configuring SSO session: corp\n") {
				t.Errorf("the terminal lacks the conclusion:\n%s", screen)
			}
			golden.Check(t, tt.golden, config)
			if calls := h.env.Server.Stats(); len(calls) != 0 {
				t.Errorf("the emulator was called: %v", calls)
			}
		})
	}
}
