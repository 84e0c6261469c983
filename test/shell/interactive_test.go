package shell_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/creack/pty"

	"github.com/awsso/awsso/internal/shellquote"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/prompttest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// interactive is a shell a person would use: interactive, on a pseudo-terminal, with the rc
// line the README gives. Each step types a command line, then has the shell save its whole
// environment and what awsso_prompt prints, and waits for that.
type interactive struct {
	t     *testing.T
	name  string
	c     *prompttest.Console
	dumps string // where the shell saves its environment
	cwd   string // the shell's working folder, which nothing may write into
	quote func(string) string
	n     int
}

// rc files: the README's install line, a plain prompt, and __t, which saves the environment
// and the prompt segment and then prints a marker the typed line does not contain.
const (
	posixRC = `%s
__t() { command env -0 > "$DUMPS/$1.env"; awsso_prompt > "$DUMPS/$1.prompt"; printf '%%s\n' "@@ $1 @@"; }
`
	fishRC = `awsso shell-init fish | source
function __t; command env -0 > $DUMPS/$argv[1].env; awsso_prompt > $DUMPS/$argv[1].prompt; printf '%s\n' "@@ $argv[1] @@"; end
function fish_prompt; printf '$ '; end
set -g fish_greeting ''
`
)

// startShell starts the shell with env, its rc file ending with rcExtra.
func startShell(t *testing.T, name string, env []string, rcExtra string) *interactive {
	t.Helper()
	path := testenv.LookPath(t, name)
	dir := t.TempDir()
	s := &interactive{t: t, name: name, dumps: filepath.Join(dir, "dumps"), cwd: t.TempDir(), quote: shellquote.POSIX}
	os.Mkdir(s.dumps, 0o700)
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var cmd *exec.Cmd
	switch name {
	case "bash":
		// Debian's /etc/bash.bashrc loads bash-completion, which completion needs, before ~/.bashrc.
		completion := "/usr/share/bash-completion/bash_completion"
		if _, err := os.Stat(completion); err != nil {
			testenv.Missing(t, "bash-completion is not installed (apt-get install bash-completion)")
		}
		rc := write("bashrc", fmt.Sprintf(posixRC, ". "+completion+"\neval \"$(awsso shell-init bash)\"\nPS1='$ '")+rcExtra)
		cmd = exec.Command(path, "--noprofile", "--rcfile", rc, "-i")
	case "zsh":
		write(".zshrc", fmt.Sprintf(posixRC, "autoload -Uz compinit && compinit -u -d "+filepath.Join(dir, "zcompdump")+
			"\neval \"$(awsso shell-init zsh)\"\nPROMPT='$ '\nunsetopt zle_bracketed_paste")+rcExtra)
		cmd = exec.Command(path, "-i")
		env = append(env, "ZDOTDIR="+dir)
	case "fish":
		rc := write("config.fish", fishRC+rcExtra)
		cmd = exec.Command(path, "--no-config", "--init-command", "source "+rc)
		s.quote = shellquote.Fish
	}
	cmd.Dir = s.cwd
	cmd.Env = append(env, "DUMPS="+s.dumps, "TERM=xterm", "LANG=C.UTF-8", "HISTFILE="+filepath.Join(dir, "history"))
	for _, xdg := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"} {
		if !slices.ContainsFunc(env, func(kv string) bool { return strings.HasPrefix(kv, xdg+"=") }) {
			cmd.Env = append(cmd.Env, xdg+"="+filepath.Join(dir, strings.ToLower(xdg)))
		}
	}
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 250})
	if err != nil {
		testenv.Missing(t, "cannot start %s on a pseudo-terminal: %v", name, err)
	}
	s.c = prompttest.Attach(t, tty)
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	s.c.Expect("$ ")
	return s
}

// step types line, then saves the environment and the prompt segment, and returns them.
func (s *interactive) step(line string) (map[string]string, string) {
	s.t.Helper()
	s.n++
	s.c.Send(fmt.Sprintf("%s; __t %d\r", line, s.n))
	return s.wait()
}

// wait waits for the marker of the current step and reads what it saved.
func (s *interactive) wait() (map[string]string, string) {
	s.t.Helper()
	s.c.Expect(fmt.Sprintf("@@ %d @@", s.n))
	env, err := os.ReadFile(filepath.Join(s.dumps, fmt.Sprint(s.n)+".env"))
	if err != nil {
		s.t.Fatal(err)
	}
	prompt, err := os.ReadFile(filepath.Join(s.dumps, fmt.Sprint(s.n)+".prompt"))
	if err != nil {
		s.t.Fatal(err)
	}
	if entries, _ := os.ReadDir(s.cwd); len(entries) > 0 {
		s.t.Errorf("%s: step %d created %s in the working folder", s.name, s.n, entries[0].Name())
	}
	return parseEnv(env), string(prompt)
}

var keyVars = []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION"}

// check compares variables: "" wants the variable unset.
func check(t *testing.T, step string, env map[string]string, want map[string]string) {
	t.Helper()
	for k, v := range want {
		got, ok := env[k]
		switch {
		case v == "" && ok:
			t.Errorf("%s: %s is still set (%q)", step, k, got)
		case v != "" && got != v:
			t.Errorf("%s: %s = %q, want %q", step, k, got, v)
		}
	}
}

func unset(names ...string) map[string]string {
	m := map[string]string{}
	for _, n := range names {
		m[n] = ""
	}
	return m
}

func merge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// TestShells drives bash, zsh and fish as a person would: use (which removes the stale keys
// another tool left), use --export, a switch from exported keys to another profile, hostile
// names, unuse, the picker and completion.
func TestShells(t *testing.T) {
	for _, name := range []string{"bash", "zsh", "fish"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			w, env := world(t)
			s := startShell(t, name, env, "")
			timeLeft := regexp.MustCompile(`^dev \(111122223333/ReadOnly eu-west-1 (\d+h|\d+h\d\dm|\d+m|<1m)\)$`)
			if name == "fish" {
				timeLeft = regexp.MustCompile(`^dev \(111122223333/ReadOnly eu-west-1 until \d\d:\d\d\)$`)
			}

			got, prompt := s.step("awsso use dev")
			check(t, "use dev", got, merge(unset(keyVars...), map[string]string{"AWS_PROFILE": "dev", "AWS_DEFAULT_PROFILE": "dev",
				"AWSSO_PROFILE": "dev", "AWSSO_ACCOUNT": cmdtest.AccountID, "AWSSO_ROLE": cmdtest.RoleName, "AWSSO_REGION": "eu-west-1", "AWSSO_REFRESHABLE": "1"}))
			if !timeLeft.MatchString(prompt) {
				t.Errorf("use dev: awsso_prompt printed %q", prompt)
			}

			got, prompt = s.step("awsso use dev --export")
			c := w.Cached(t)
			check(t, "use --export", got, merge(unset("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN", "AWSSO_REFRESHABLE"), map[string]string{
				"AWS_ACCESS_KEY_ID": c.AccessKeyID, "AWS_SECRET_ACCESS_KEY": c.SecretAccessKey, "AWS_SESSION_TOKEN": c.SessionToken,
				"AWS_CREDENTIAL_EXPIRATION": c.ExpirationString(), "AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-1", "AWSSO_PROFILE": "dev"}))
			if !timeLeft.MatchString(prompt) {
				t.Errorf("use --export: awsso_prompt printed %q", prompt)
			}

			got, prompt = s.step("awsso --output json use old") // global flags first
			check(t, "from exported keys to old", got, merge(unset(keyVars...), unset("AWS_REGION", "AWS_DEFAULT_REGION"),
				map[string]string{"AWS_PROFILE": "old", "AWSSO_PROFILE": "old"}))
			if !strings.HasPrefix(prompt, "old (111122223333/ReadOnly ") {
				t.Errorf("use old: awsso_prompt printed %q", prompt)
			}

			for _, hostile := range hostileNames {
				got, prompt = s.step("awsso use " + s.quote(hostile))
				check(t, "use "+hostile, got, map[string]string{"AWS_PROFILE": hostile, "AWS_DEFAULT_PROFILE": hostile, "AWSSO_PROFILE": hostile})
				if prompt != hostile+" (us-east-2)" {
					t.Errorf("use %s: awsso_prompt printed %q", hostile, prompt)
				}
			}

			before := got
			got, _ = s.step("awsso use devv") // unknown: an error, and no change
			if got["AWS_PROFILE"] != before["AWS_PROFILE"] || got["AWSSO_VARS"] != before["AWSSO_VARS"] {
				t.Errorf("use of an unknown profile changed AWS_PROFILE from %q to %q", before["AWS_PROFILE"], got["AWS_PROFILE"])
			}
			if !strings.Contains(s.c.Output(), `hint: did you mean "dev"?`) {
				t.Error("use of an unknown profile named no close match")
			}

			got, prompt = s.step("awsso unuse")
			check(t, "unuse", got, merge(unset(keyVars...), unset("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWSSO_PROFILE",
				"AWSSO_ACCOUNT", "AWSSO_ROLE", "AWSSO_REGION", "AWSSO_EXPIRES", "AWSSO_EXPIRES_AT", "AWSSO_VARS")))
			if got["AWS_CONFIG_FILE"] != w.Home.Config || prompt != "" {
				t.Errorf("unuse: AWS_CONFIG_FILE %q, awsso_prompt %q", got["AWS_CONFIG_FILE"], prompt)
			}

			pickAndComplete(t, s)
		})
	}
}

// pickAndComplete picks a profile in the list use opens on the shell's terminal, then completes
// a profile name with Tab.
func pickAndComplete(t *testing.T, s *interactive) {
	t.Helper()
	s.n++
	s.c.Send(fmt.Sprintf("awsso use; __t %d\r", s.n))
	s.c.Expect("Profile: ")
	s.c.Send("old")
	s.c.Expect("> old")
	s.c.Send(prompttest.Enter)
	got, _ := s.wait()
	check(t, "picker", got, map[string]string{"AWS_PROFILE": "old", "AWSSO_PROFILE": "old"})

	s.c.Send("awsso use sig\t")
	s.c.Expect("signin")
	s.c.Send(prompttest.CtrlC)
}
