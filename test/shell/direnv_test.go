package shell_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// TestDirenv: with the README's direnvrc line and direnv's hook in bash, entering a folder whose
// .envrc says `use awsso dev` switches to dev, another folder's `use awsso dev --export` puts
// the keys in, leaving restores the environment from before (stale keys included: they were
// the user's), and an edit of the config reloads the folder's profile.
func TestDirenv(t *testing.T) {
	direnv := testenv.LookPath(t, "direnv")
	w, env := world(t)
	root := t.TempDir()
	xdg := filepath.Join(root, "xdg")
	env = append(env, "AWS_PROFILE=outer", "XDG_CONFIG_HOME="+xdg+"/config", "XDG_DATA_HOME="+xdg+"/data", "XDG_CACHE_HOME="+xdg+"/cache",
		"DIRENV_LOG_FORMAT=")
	write := func(path, text string) {
		os.MkdirAll(filepath.Dir(path), 0o700)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(xdg, "config", "direnv", "direnvrc"), `eval "$(awsso shell-init direnv)"`+"\n")
	project, exported := filepath.Join(root, "project"), filepath.Join(root, "exported")
	write(filepath.Join(project, ".envrc"), "use awsso dev\n")
	write(filepath.Join(exported, ".envrc"), "use awsso dev --export\n")
	for _, dir := range []string{project, exported} {
		testenv.Run(t, env, direnv, "allow", dir)
	}

	s := startShell(t, "bash", env, `eval "$(direnv hook bash)"`+"\n")
	// The hook runs before each prompt, so each cd is followed by a line that saves the result.
	enter := func(dir string) (map[string]string, string) {
		s.c.Send("cd " + dir + "\r")
		return s.step(":")
	}
	before, _ := s.step(":")
	got, prompt := enter(project)
	check(t, "enter", got, merge(unset(keyVars...), map[string]string{"AWS_PROFILE": "dev", "AWSSO_PROFILE": "dev", "AWSSO_REGION": "eu-west-1"}))
	if !strings.HasPrefix(prompt, "dev (111122223333/ReadOnly eu-west-1 ") {
		t.Errorf("in the folder, awsso_prompt printed %q", prompt)
	}

	config, _ := os.ReadFile(w.Home.Config)
	write(w.Home.Config, strings.Replace(string(config), "region = eu-west-1", "region = eu-central-1", 1))
	later := time.Now().Add(2 * time.Second)
	os.Chtimes(w.Home.Config, later, later) // direnv compares modification times
	got, _ = s.step(":")
	got, _ = s.step(":")
	check(t, "edit", got, map[string]string{"AWS_PROFILE": "dev", "AWSSO_REGION": "eu-central-1"})

	got, _ = enter(exported)
	c := w.Cached(t)
	check(t, "exported", got, merge(unset("AWS_PROFILE"), map[string]string{"AWS_ACCESS_KEY_ID": c.AccessKeyID, "AWS_SESSION_TOKEN": c.SessionToken,
		"AWS_REGION": "eu-central-1", "AWSSO_PROFILE": "dev"}))

	got, prompt = enter(root)
	for _, k := range append(keyVars, "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWSSO_PROFILE", "AWSSO_REGION", "AWSSO_VARS") {
		if got[k] != before[k] {
			t.Errorf("after leaving, %s = %q, was %q", k, got[k], before[k])
		}
	}
	if got["AWS_ACCESS_KEY_ID"] != "AKIASTALE" || prompt != "outer" {
		t.Errorf("after leaving: key %q, prompt %q", got["AWS_ACCESS_KEY_ID"], prompt)
	}
}
