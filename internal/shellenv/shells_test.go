package shellenv

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// shell is a shell the tests run code in.
type shell struct {
	name    string
	dialect Dialect
	argv    []string // before the script
	source  string   // the command that runs a file of code
}

var shells = []shell{
	{"bash", Bash, []string{"--norc", "--noprofile", "-c"}, "."},
	{"zsh", Zsh, []string{"-f", "-c"}, "."},
	{"fish", Fish, []string{"--no-config", "-c"}, "source"},
}

// run runs script with the shell, in a folder of its own, with env as the whole environment
// (HOME aside), and returns its stdout. Nothing the script does may create a file there.
func (sh shell) run(t *testing.T, script string, env map[string]string) string {
	t.Helper()
	path := testenv.LookPath(t, sh.name)
	dir, home := t.TempDir(), t.TempDir()
	cmd := exec.Command(path, append(sh.argv, script)...)
	cmd.Dir = dir
	cmd.Env = []string{"HOME=" + home, "LC_ALL=C.UTF-8"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\nstderr: %s\nscript:\n%s", sh.name, err, stderr.String(), script)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("%s created %s", sh.name, filepath.Join(dir, entries[0].Name()))
	}
	return string(out)
}

// initFile writes the shell's shell-init script to a file and returns its path.
func (sh shell) initFile(t *testing.T) string {
	t.Helper()
	script, err := Init(sh.name)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "init."+sh.name)
	if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// parseEnv reads the output of `env -0`.
func parseEnv(out string) map[string]string {
	env := map[string]string{}
	for _, kv := range strings.Split(strings.TrimSuffix(out, "\x00"), "\x00") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	return env
}

// hostileValues hold characters each shell would act on unquoted.
var hostileValues = []string{
	"x$(touch${IFS}f)|y>z&w", "`touch f`", "a'b\"c\\d", "'", "$HOME ${HOME}", "line\nbreak", "*?[a]{b,c}~", "=ls",
	"%F{red}", "; touch f &", "-n", "émoji ☁", "", "!!",
}

// TestScriptInRealShells evaluates the code of a use in each shell, with hostile values, and
// reads the environment that results: every value exactly, the removed variables gone, and
// nothing run.
func TestScriptInRealShells(t *testing.T) {
	var changes []Change
	want := map[string]string{}
	for i, v := range hostileValues {
		name := "AWSSO_TEST_" + string(rune('A'+i))
		changes = append(changes, Set(name, v))
		want[name] = v
	}
	changes = append(changes, Unset("AWS_ACCESS_KEY_ID"), Unset("AWS_NOT_SET"))
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			t.Parallel()
			code, err := Script(sh.dialect, changes)
			if err != nil {
				t.Fatal(err)
			}
			env := parseEnv(sh.run(t, code+"env -0\n", map[string]string{"AWS_ACCESS_KEY_ID": "AKIASTALE", "PATH": os.Getenv("PATH")}))
			for k, v := range want {
				if got, ok := env[k]; !ok || got != v {
					t.Errorf("%s = %q (set: %v), want %q", k, got, ok, v)
				}
			}
			if _, ok := env["AWS_ACCESS_KEY_ID"]; ok {
				t.Error("AWS_ACCESS_KEY_ID is still set")
			}
		})
	}
}

func TestScriptForms(t *testing.T) {
	changes := []Change{Unset("AWS_ACCESS_KEY_ID"), Set("AWS_PROFILE", "dev"), Unset("AWSSO_ROLE"), Set("AWSSO_VARS", "AWS_PROFILE AWS_DEFAULT_PROFILE")}
	for _, tt := range []struct {
		d    Dialect
		want string
	}{
		{Bash, "unset AWS_ACCESS_KEY_ID AWSSO_ROLE\nexport AWS_PROFILE=dev\nexport AWSSO_VARS='AWS_PROFILE AWS_DEFAULT_PROFILE'\n"},
		{Fish, "set -e -g AWS_ACCESS_KEY_ID AWSSO_ROLE\nset -gx AWS_PROFILE dev\nset -gx AWSSO_VARS 'AWS_PROFILE AWS_DEFAULT_PROFILE'\n"},
		{PowerShell, "Remove-Item -ErrorAction SilentlyContinue -Path Env:AWS_ACCESS_KEY_ID, Env:AWSSO_ROLE\n" +
			"$Env:AWS_PROFILE = 'dev'\n$Env:AWSSO_VARS = 'AWS_PROFILE AWS_DEFAULT_PROFILE'\n"},
	} {
		if got, err := Script(tt.d, changes); err != nil || got != tt.want {
			t.Errorf("%s:\n%s(%v)\nwant:\n%s", tt.d, got, err, tt.want)
		}
	}
	for _, bad := range []Change{Set("A", "x\x00y"), Set("A B", "x"), Set("1A", "x"), Unset("$(x)")} {
		if _, err := Script(Bash, []Change{bad}); err == nil {
			t.Errorf("Script took %+v", bad)
		}
	}
	if _, err := ParseDialect("cmd"); err == nil {
		t.Error("ParseDialect took cmd")
	}
}

// TestPowerShellScript runs the powershell code where pwsh is installed (it is not a CI peer).
func TestPowerShellScript(t *testing.T) {
	pwsh, err := exec.LookPath("pwsh")
	if err != nil {
		t.Skip("pwsh is not installed; the powershell code is checked where it is (not a CI requirement)")
	}
	code, err := Script(PowerShell, []Change{Set("AWSSO_TEST", hostileValues[0]+"'\u2019"), Unset("AWS_ACCESS_KEY_ID")})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pwsh, "-NoProfile", "-NonInteractive", "-Command", code+"[Console]::Write($Env:AWSSO_TEST + '|' + [string]$Env:AWS_ACCESS_KEY_ID)").Output()
	if err != nil || string(out) != hostileValues[0]+"'\u2019|" {
		t.Errorf("pwsh: %q, %v", out, err)
	}
}
