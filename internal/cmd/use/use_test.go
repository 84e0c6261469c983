package use_test

import (
	"context"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/app"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/tokencache"
)

// run runs awsso in the world with stdin, stdout and stderr set as terminals or not.
func run(w *cmdtest.World, env map[string]string, tty [3]bool, args ...string) (int, cmdtest.Streams) {
	f, s := w.Factory(env)
	f.IOStreams.SetTTY(tty[0], tty[1], tty[2])
	f.IOStreams.DisableColor()
	return app.Run(context.Background(), f, args), s
}

var (
	pipes    = [3]bool{}                  // under eval, in a script: no terminal
	function = [3]bool{true, false, true} // the shell function: stdout captured, the rest the terminal
	terminal = [3]bool{true, true, true}  // typed without the function
)

func lines(code string) map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(code, "\n") {
		m[l] = true
	}
	return m
}

func TestUseSignedIn(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	w.Env.Server.ResetStats()
	code, s := run(w, nil, function, "use", "dev", "--shell", "bash")
	got := lines(s.Out.String())
	for _, want := range []string{
		"unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_CREDENTIAL_EXPIRATION AWS_SESSION_EXPIRATION",
		"export AWS_PROFILE=dev", "export AWS_DEFAULT_PROFILE=dev", "export AWSSO_PROFILE=dev", "export AWSSO_ACCOUNT=111122223333",
		"export AWSSO_ROLE=ReadOnly", "export AWSSO_REGION=eu-west-1", "export AWSSO_REFRESHABLE=1",
	} {
		if !got[want] {
			t.Errorf("no line %q in:\n%s", want, s.Out)
		}
	}
	if code != 0 || s.Err.Len() != 0 || !strings.Contains(s.Out.String(), "export AWSSO_EXPIRES=") {
		t.Errorf("exit %d, stderr %q, stdout:\n%s", code, s.Err, s.Out)
	}
	if calls := w.Env.Server.Stats(); len(calls) != 0 {
		t.Errorf("use called %v; it reads the cache only", calls)
	}
}

func TestUseWithoutTheShellFunction(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	for _, tt := range []struct {
		shell, want string
	}{
		{"/bin/bash", `add to ~/.bashrc: eval "$(awsso shell-init bash)"`},
		{"/usr/bin/zsh", `add to ~/.zshrc: eval "$(awsso shell-init zsh)"`},
		{"/usr/bin/fish", `add to ~/.config/fish/config.fish: awsso shell-init fish | source`},
		{"", `add to ~/.config/fish/config.fish`},
	} {
		for _, args := range [][]string{{"use", "dev"}, {"use"}, {"use", "dev", "--export"}, {"unuse"}} {
			code, s := run(w, map[string]string{"SHELL": tt.shell}, terminal, args...)
			if code != 1 || s.Out.Len() != 0 || !strings.Contains(s.Err.String(), "only through the awsso shell function") ||
				!strings.Contains(s.Err.String(), tt.want) {
				t.Errorf("SHELL=%s awsso %v: exit %d, stdout %q, stderr:\n%s", tt.shell, args, code, s.Out, s.Err)
			}
		}
	}
}

func TestUseRefusals(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	for _, tt := range []struct {
		name string
		tty  [3]bool
		args []string
		code int
		want string
	}{
		{"unknown profile names close matches", function, []string{"use", "devv", "--shell", "bash"}, 1, `did you mean "dev"?`},
		{"no profile and no terminal", pipes, []string{"use", "--shell", "zsh"}, 1, "awsso use needs a PROFILE argument"},
		{"export onto a terminal", terminal, []string{"use", "dev", "--export", "--shell", "bash"}, 1, "would print the credentials on this terminal"},
		{"unknown shell", function, []string{"use", "dev", "--shell", "cmd"}, 1, `invalid --shell "cmd"`},
		{"bad region", function, []string{"use", "dev", "--region", "eu-west-1/../x", "--shell", "bash"}, 1, "invalid --region"},
		{"export of a profile without a role", function, []string{"use", "static", "--export", "--shell", "bash"}, 1, "static"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, s := run(w, nil, tt.tty, tt.args...)
			if code != tt.code || s.Out.Len() != 0 || !strings.Contains(s.Err.String(), tt.want) {
				t.Errorf("exit %d, stdout %q, stderr:\n%s", code, s.Out, s.Err)
			}
		})
	}
}

func TestUseNotSignedIn(t *testing.T) {
	w := cmdtest.New(t)
	// Without a terminal: it switches, and warns with the login command.
	for _, tt := range []struct {
		name string
		tty  [3]bool
		args []string
	}{
		{"no terminal", pipes, []string{"use", "dev"}},
		{"--no-login", function, []string{"use", "dev", "--no-login", "--shell", "bash"}},
	} {
		code, s := run(w, nil, tt.tty, tt.args...)
		if code != 0 || !lines(s.Out.String())["export AWS_PROFILE=dev"] || strings.Contains(s.Out.String(), "export AWSSO_EXPIRES") ||
			!strings.Contains(s.Err.String(), "warning: sso-session corp: not logged in\nhint: run: awsso login --sso-session corp\n") {
			t.Errorf("%s: exit %d, stdout:\n%s\nstderr:\n%s", tt.name, code, s.Out, s.Err)
		}
	}
	// With --export it cannot: exit 2, nothing switched.
	code, s := run(w, nil, pipes, "use", "dev", "--export")
	if code != 2 || s.Out.Len() != 0 || !strings.Contains(s.Err.String(), "hint: run: awsso login --sso-session corp") {
		t.Errorf("--export: exit %d, stdout %q, stderr:\n%s", code, s.Out, s.Err)
	}
	if calls := w.Env.Server.Stats(); len(calls) != 0 {
		t.Errorf("calls %v", calls)
	}
}

// TestUseSignsInOnATerminal: on a terminal, a session that is not signed in is signed in first,
// as awsso login does (the world's browser approves), then use switches.
func TestUseSignsInOnATerminal(t *testing.T) {
	w := cmdtest.New(t)
	code, s := run(w, nil, function, "use", "dev", "--shell", "fish")
	if code != 0 || !lines(s.Out.String())["set -gx AWS_PROFILE dev"] || !strings.Contains(s.Out.String(), "set -gx AWSSO_EXPIRES ") ||
		!strings.Contains(s.Err.String(), "Sign in to "+w.Env.StartURL) || strings.Contains(s.Err.String(), "warning") {
		t.Fatalf("exit %d, stdout:\n%s\nstderr:\n%s", code, s.Out, s.Err)
	}
	cache := tokencache.Cache{Dir: tokencache.DefaultDir(w.Home.Dir)}
	if _, err := cache.LoadToken("corp", ""); err != nil {
		t.Errorf("no token after the sign-in: %v", err)
	}
}

func TestUseExport(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	code, s := run(w, map[string]string{"AWS_PROFILE": "old", "AWSSO_VARS": "AWS_PROFILE AWS_DEFAULT_PROFILE"}, function,
		"--debug", "use", "dev", "--export", "--shell", "bash")
	c := w.Cached(t)
	got := lines(s.Out.String())
	for _, want := range []string{
		"export AWS_ACCESS_KEY_ID=" + c.AccessKeyID, "export AWS_SECRET_ACCESS_KEY=" + c.SecretAccessKey,
		"export AWS_SESSION_TOKEN=" + c.SessionToken, "export AWS_CREDENTIAL_EXPIRATION=" + c.ExpirationString(),
		"export AWS_REGION=eu-west-1", "export AWSSO_PROFILE=dev",
		"unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SECURITY_TOKEN AWS_SESSION_EXPIRATION AWSSO_REFRESHABLE",
	} {
		if !got[want] {
			t.Errorf("no line %q", want)
		}
	}
	if code != 0 {
		t.Fatalf("exit %d: %s", code, s.Err)
	}
	for _, secret := range []string{c.SecretAccessKey, c.SessionToken} {
		if strings.Contains(s.Err.String(), secret) {
			t.Errorf("--debug printed a secret on stderr:\n%s", s.Err)
		}
	}
}

func TestHelpGoesToStderr(t *testing.T) {
	w := cmdtest.New(t)
	for _, args := range [][]string{{"use", "--help"}, {"unuse", "-h"}, {"help", "use"}} {
		code, s := run(w, nil, function, args...)
		if code != 0 || s.Out.Len() != 0 || !strings.Contains(s.Err.String(), "Usage:") {
			t.Errorf("%v: exit %d, stdout %q (the shell function would run it), stderr %q", args, code, s.Out, s.Err)
		}
	}
}

func TestUnuse(t *testing.T) {
	w := cmdtest.New(t)
	code, s := run(w, map[string]string{"AWSSO_VARS": "AWS_PROFILE AWS_REGION PATH"}, function, "unuse", "--shell", "fish")
	want := "set -e -g AWS_PROFILE AWS_REGION AWSSO_PROFILE AWSSO_ACCOUNT AWSSO_ROLE AWSSO_REGION AWSSO_EXPIRES AWSSO_EXPIRES_AT AWSSO_REFRESHABLE AWSSO_VARS\n"
	if code != 0 || s.Out.String() != want {
		t.Errorf("exit %d, stdout %q, stderr %q", code, s.Out, s.Err)
	}
}

func TestCompletion(t *testing.T) {
	w := cmdtest.New(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "use", ""}, "dev\nold\nsignin\nstatic\nloop\n:4\n"},
		{[]string{"__complete", "use", "dev", "--shell", ""}, "bash\nzsh\nfish\npowershell\n:4\n"},
		{[]string{"__complete", "shell-init", ""}, "bash\nzsh\nfish\ndirenv\n:4\n"},
	} {
		_, s := run(w, nil, pipes, tt.args...)
		if !strings.HasPrefix(s.Out.String(), tt.want) {
			t.Errorf("%v: %q, want %q", tt.args, s.Out, tt.want)
		}
	}
}
