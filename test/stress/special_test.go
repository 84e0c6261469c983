//go:build linux

package stress_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/tokencache"
)

// TestCacheEntriesThatAreNotFiles puts a named pipe (nobody writes to it), a socket, a folder
// and a device where the token and the role credentials are cached: status, profiles, doctor,
// credential-process and export-credentials read each as unreadable without waiting on it
// (a plain open of the pipe would wait forever), a login replaces it, and the commands work.
func TestCacheEntriesThatAreNotFiles(t *testing.T) {
	for _, kind := range []string{"pipe", "socket", "folder", "device"} {
		t.Run(kind, func(t *testing.T) {
			w := cmdtest.New(t)
			env := w.ProcessEnv()
			token := tokencache.Cache{Dir: tokencache.DefaultDir(w.Home.Dir)}.TokenPath("corp", "")
			credsFile := filepath.Join(w.CredsCache().Dir, cmdtest.DevKey()+".json")
			for _, path := range []string{token, credsFile} {
				plantSpecial(t, kind, path)
			}
			r := mustRun(t, env, "status", "--output", "text")
			if !strings.Contains(r.stdout, "sso-session\tcorp\t"+w.Env.StartURL+"\tunreadable\t") {
				t.Errorf("status:\n%s", r)
			}
			if r := mustRun(t, env, "profiles", "--output", "text"); !strings.Contains(r.stdout, "\tunreadable\n") {
				t.Errorf("profiles:\n%s", r)
			}
			if r := run(t, env, "doctor", "--offline"); r.code != 1 || !strings.Contains(r.stdout, "it is a "+kind+", not a file") {
				t.Errorf("doctor:\n%s", r)
			}
			for _, cmd := range []string{"credential-process", "export-credentials"} {
				wantFailure(t, run(t, env, cmd, "--profile", "dev"), 2, "error: sso-session corp: not logged in (cached token "+token+" is unreadable: it is a "+
					kind+", not a file)", "hint: run: awsso login --sso-session corp")
			}
			mustRun(t, env, "login", "--sso-session", "corp")
			mustRun(t, env, "credential-process", "--profile", "dev")
			for _, path := range []string{token, credsFile} {
				if info, err := os.Lstat(path); err != nil || !info.Mode().IsRegular() {
					t.Errorf("%s after the login: %v, %v", path, info, err)
				}
			}
		})
	}
}

// plantSpecial puts an entry of the kind at path.
func plantSpecial(t *testing.T, kind, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	var err error
	switch kind {
	case "pipe":
		err = syscall.Mkfifo(path, 0o600)
	case "socket": // a socket file, as a listener leaves it (the path is too long to bind)
		err = syscall.Mknod(path, syscall.S_IFSOCK|0o600, 0)
	case "folder":
		err = os.Mkdir(path, 0o700)
	case "device":
		err = os.Symlink("/dev/zero", path)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestConfigFromProcessSubstitution: a config given as a pipe (AWS_CONFIG_FILE=<(...)) is read
// by every command and never written: a command that would change it says so, exit 1.
func TestConfigFromProcessSubstitution(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	w := cmdtest.New(t)
	w.SignIn(t)
	env := w.ProcessEnv("AWSSO=" + awsso)
	sub := func(args string) result {
		return runProgram(t, env, bash, "-c", `AWS_CONFIG_FILE=<(cat "$HOME/.aws/config") "$AWSSO" `+args)
	}
	if r := sub("profiles --names"); r.code != 0 || !strings.Contains(r.stdout, "dev\n") {
		t.Errorf("profiles from a pipe:\n%s", r)
	}
	if r := sub("credential-process --profile dev"); r.code != 0 || !strings.Contains(r.stdout, `"Version": 1`) {
		t.Errorf("credential-process from a pipe:\n%s", r)
	}
	before := readFile(t, w.Home.Config)
	r := sub("configure sso-session --non-interactive --sso-session extra --start-url " + w.Env.StartURL + " --sso-region us-east-1")
	wantFailure(t, r, 1, "is a pipe, not a file: awsso reads it but does not write to it", "hint: point AWS_CONFIG_FILE")
	if readFile(t, w.Home.Config) != before {
		t.Error("the config changed")
	}
}

// TestSymlinkRaceLosesNothing: 30 processes add an sso-session each at once, half through
// ~/.aws/config, a symbolic link, and half through the file it points to: every section
// survives, the link stays, and no lock file is left.
func TestSymlinkRaceLosesNothing(t *testing.T) {
	w := cmdtest.New(t)
	target := filepath.Join(w.Home.Dir, "dotfiles", "aws-config")
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(w.Home.Config, target); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../dotfiles/aws-config", w.Home.Config); err != nil {
		t.Fatal(err)
	}
	const writers = 30
	var wg sync.WaitGroup
	results := make([]result, writers)
	for i := range writers {
		path := w.Home.Config
		if i%2 == 1 {
			path = target
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = run(t, w.ProcessEnv("AWS_CONFIG_FILE="+path), "configure", "sso-session", "--non-interactive",
				"--sso-session", fmt.Sprintf("race%d", i), "--start-url", w.Env.StartURL, "--sso-region", "us-east-1")
		}()
	}
	wg.Wait()
	for _, r := range results {
		if r.code != 0 {
			t.Fatalf("%s", r)
		}
	}
	got := readFile(t, target)
	for i := range writers {
		if !strings.Contains(got, fmt.Sprintf("[sso-session race%d]\n", i)) {
			t.Errorf("sso-session race%d was lost", i)
		}
	}
	if info, err := os.Lstat(w.Home.Config); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("~/.aws/config is no longer a link: %v", err)
	}
	noLeftovers(t, w.Home.Dir)
}
