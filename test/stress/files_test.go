package stress_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
	"github.com/awsso/awsso/internal/tokencache"
)

// TestSymlinkedConfigStaysLinked keeps ~/.aws/config in a dotfiles folder behind a symbolic
// link: configure, populate and migrate write the file it points to and leave the link.
func TestSymlinkedConfigStaysLinked(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	dotfiles := filepath.Join(t.TempDir(), "dotfiles")
	if err := os.Mkdir(dotfiles, 0o700); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dotfiles, "aws-config")
	if err := os.Rename(w.Home.Config, target); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, w.Home.Config); err != nil {
		t.Fatal(err)
	}
	env := w.ProcessEnv()
	for _, args := range [][]string{
		{"configure", "--non-interactive", "--profile", "added", "--sso-session", "corp", "--account-id", cmdtest.AccountID, "--role-name", cmdtest.RoleName},
		{"populate", "--sso-session", "corp"},
		{"migrate", "--yes"},
	} {
		mustRun(t, env, args...)
		if dest, err := os.Readlink(w.Home.Config); err != nil || dest != target {
			t.Fatalf("after %s, ~/.aws/config is no longer the link to %s: %q, %v", args[0], target, dest, err)
		}
	}
	got := readFile(t, target)
	for _, want := range []string{"[profile added]", "# managed by awsso populate", "[profile old]\nsso_account_id"} {
		if !strings.Contains(got, want) {
			t.Errorf("the linked file lacks %q:\n%s", want, got)
		}
	}
	if info, err := os.Stat(target); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the linked file's mode changed: %v %v", info.Mode(), err)
	}
}

// TestPlantedCacheLinksAreReplaced plants symbolic links where awsso writes its token,
// registration and role credentials, pointing outside ~/.aws: sign-in and credential-process
// replace each link with a private file and never touch what it pointed to. A planted lock
// file link is refused, and its target is not created.
func TestPlantedCacheLinksAreReplaced(t *testing.T) {
	curl := testenv.LookPath(t, "curl")
	w := cmdtest.New(t)
	env := w.ProcessEnv("AWSSO_BROWSER=" + curl + " -fsSL -o /dev/null {url}")
	outside := t.TempDir()
	victim := filepath.Join(outside, "victim")
	writeFile(t, victim, "keep me\n")
	tokens := tokencache.Cache{Dir: tokencache.DefaultDir(w.Home.Dir)}
	credsDir := creds.DefaultCacheDir(w.Home.Dir)
	plant := func(path, dest string) {
		t.Helper()
		os.MkdirAll(filepath.Dir(path), 0o700)
		os.Remove(path)
		if err := os.Symlink(dest, path); err != nil {
			t.Fatal(err)
		}
	}
	planted := []string{
		tokens.TokenPath("corp", ""),
		tokens.RegistrationPath(tokencache.RegistrationArgs{StartURL: w.Env.StartURL, Region: w.Env.Region, Scopes: []string{"sso:account:access"}, Session: "corp"}, tokencache.SlotPKCE),
		filepath.Join(credsDir, cmdtest.DevKey()+".json"),
	}
	plant(planted[0], victim)
	plant(planted[1], filepath.Join(outside, "new-registration"))
	plant(planted[2], victim)

	mustRun(t, env, "login", "--sso-session", "corp")
	mustRun(t, env, "credential-process", "--profile", "dev")
	for _, path := range planted {
		info, err := os.Lstat(path)
		if err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v; want the link replaced by a 0600 file", filepath.Base(path), info.Mode(), err)
		}
	}
	if got := readFile(t, victim); got != "keep me\n" {
		t.Errorf("the link's target was written: %q", got)
	}
	if _, err := os.Lstat(filepath.Join(outside, "new-registration")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a file was created where a link pointed: %v", err)
	}

	// A lock file planted as a link is refused before anything is signed in or fetched.
	lockVictim := filepath.Join(outside, "lock-victim")
	plant(planted[0]+".lock", lockVictim)
	os.RemoveAll(credsDir)
	os.Remove(planted[0])
	w.Env.Server.ResetStats()
	r := run(t, env, "login", "--sso-session", "corp")
	wantFailure(t, r, 1, "refusing to use "+planted[0]+".lock: the lock file is a symbolic link", "hint: remove the link: rm ")
	if calls := w.Env.Server.Stats(); len(calls) != 0 {
		t.Errorf("the refused login called %v", calls)
	}
	if _, err := os.Lstat(lockVictim); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the lock link's target was created: %v", err)
	}
	onlyAWSDir(t, w.Home.Dir)
}

// TestCacheFolderOfAnotherUser gives the token cache, then the credential cache, to another
// user (nobody), then makes one writable by every user: awsso refuses to read or write them,
// says how to make them safe, contacts nothing, and writes nothing into them; following the
// hint makes it work again.
func TestCacheFolderOfAnotherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root can give a folder to another user (CI runs as root)")
	}
	w := cmdtest.New(t)
	w.SignIn(t)
	env := w.ProcessEnv()
	tokenDir := tokencache.DefaultDir(w.Home.Dir)
	credsDir := creds.DefaultCacheDir(w.Home.Dir)
	if err := os.MkdirAll(credsDir, 0o700); err != nil {
		t.Fatal(err)
	}
	commands := [][]string{
		{"credential-process", "--profile", "dev"},
		{"export-credentials", "--profile", "dev"},
		{"login", "--sso-session", "corp", "--use-device-code", "--no-browser"},
		{"accounts", "--profile", "dev"},
		{"whoami", "--profile", "dev"},
		{"populate", "--sso-session", "corp"},
		{"configure", "--non-interactive", "--sso-session", "corp", "--account-id", cmdtest.AccountID, "--role-name", cmdtest.RoleName, "--profile", "fresh"},
		{"logout"},
	}
	// tokenOnly are the commands that never use the credential cache.
	tokenOnly := map[string]bool{"login": true, "accounts": true, "populate": true, "configure": true}
	for _, c := range []struct {
		name   string
		dir    string
		uid    int
		mode   os.FileMode
		reason string
		hint   string
	}{
		{"token cache of nobody", tokenDir, 65534, 0o700, "it belongs to user nobody (uid 65534), not to you (user root (uid 0))", "hint: move it aside"},
		{"credential cache of nobody", credsDir, 65534, 0o700, "it belongs to user nobody (uid 65534)", "hint: move it aside"},
		{"token cache every user may write", tokenDir, 0, 0o777, "every user may write in it (mode 0777)", "hint: make it private: chmod 700 " + tokenDir},
	} {
		t.Run(c.name, func(t *testing.T) {
			os.RemoveAll(credsDir)
			os.MkdirAll(credsDir, 0o700)
			if err := os.Chown(c.dir, c.uid, c.uid); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(c.dir, c.mode); err != nil {
				t.Fatal(err)
			}
			before := listDir(t, c.dir)
			for _, args := range commands {
				if c.dir == credsDir && tokenOnly[args[0]] {
					continue
				}
				w.Env.Server.ResetStats()
				r := run(t, env, args...)
				wantFailure(t, r, 1, "refusing to use "+c.dir+": "+c.reason, c.hint)
				if calls := w.Env.Server.Stats(); len(calls) != 0 {
					t.Errorf("the refused command called %v\n%s", calls, r)
				}
			}
			if after := listDir(t, c.dir); after != before {
				t.Errorf("files appeared in the refused folder:\n%s\nwas:\n%s", after, before)
			}
			os.Chown(c.dir, 0, 0)
			os.Chmod(c.dir, 0o700)
			mustRun(t, env, "credential-process", "--profile", "dev")
		})
	}
}

// listDir lists a folder's names, one a line.
func listDir(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, "\n")
}
