package stress_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
	"github.com/awsso/awsso/internal/tokencache"
)

// TestFileModes runs every command that writes, each under a umask of 000 (which would leave
// anything created carelessly readable and writable by all), starting from a home with only the
// config file, and checks after each that every file awsso made under ~/.aws is 0600 and every
// folder 0700, and that the config file kept its own mode.
func TestFileModes(t *testing.T) {
	curl := testenv.LookPath(t, "curl")
	w := cmdtest.New(t)
	if err := os.Chmod(w.Home.Config, 0o640); err != nil { // the user's choice, to be kept
		t.Fatal(err)
	}
	env := w.ProcessEnv("AWSSO_BROWSER=" + curl + " -fsSL -o /dev/null {url}")
	tokens := tokencache.Cache{Dir: tokencache.DefaultDir(w.Home.Dir)}
	steps := []struct {
		name string
		args []string
		prep func()
	}{
		{"login (PKCE)", []string{"login", "--sso-session", "corp"}, nil},
		{"login (device code, legacy)", []string{"login", "--profile", "old", "--use-device-code"}, nil},
		{"credential-process", []string{"credential-process", "--profile", "dev"}, nil},
		{"refresh", []string{"export-credentials", "--profile", "dev"}, func() {
			tok, err := tokens.LoadToken("corp", "")
			if err != nil {
				t.Fatal(err)
			}
			tok.ExpiresAt = time.Now().Add(5 * time.Minute).UTC().Truncate(time.Second)
			tokens.SaveToken("corp", "", tok)
			os.RemoveAll(w.CredsCache().Dir)
		}},
		{"exec", []string{"exec", "--profile", "old", "--", "true"}, nil},
		{"populate", []string{"populate", "--sso-session", "corp"}, nil},
		{"configure", []string{"configure", "--non-interactive", "--profile", "added", "--sso-session", "corp", "--account-id", cmdtest.AccountID, "--role-name", cmdtest.RoleName}, nil},
		{"migrate", []string{"migrate", "--yes"}, nil},
		{"logout", []string{"logout"}, nil},
		{"configure in an empty home", []string{"configure", "--non-interactive", "--profile", "first", "--sso-session", "s", "--start-url", w.Env.StartURL, "--sso-region", w.Env.Region, "--account-id", cmdtest.AccountID, "--role-name", cmdtest.RoleName}, func() {
			os.RemoveAll(w.Home.AWSDir())
		}},
	}
	for _, st := range steps {
		if st.prep != nil {
			st.prep()
		}
		r := runProgram(t, env, "/bin/sh", append([]string{"-c", `umask 000; exec "$0" "$@"`, awsso}, st.args...)...)
		if r.code != 0 {
			t.Fatalf("%s: %s", st.name, r)
		}
		checkModes(t, st.name, w.Home.AWSDir(), w.Home.Config)
	}
}

// checkModes checks every file and folder under dir: 0600 and 0700, except config, which keeps
// the mode it had (0640 here) or, made by awsso, 0600.
func checkModes(t *testing.T, step, dir, config string) {
	t.Helper()
	n := 0
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Errorf("%s: %v", step, err)
			return nil
		}
		info, err := os.Lstat(path)
		if err != nil {
			return nil
		}
		n++
		mode := info.Mode().Perm()
		switch {
		case info.IsDir() && mode != 0o700:
			t.Errorf("%s: folder %s is %04o, want 0700", step, path, mode)
		case path == config && mode != 0o640 && mode != 0o600:
			t.Errorf("%s: the config is %04o, want its own 0640 (or 0600 when awsso made it)", step, mode)
		case !info.IsDir() && path != config && mode != 0o600:
			t.Errorf("%s: %s is %04o, want 0600", step, strings.TrimPrefix(path, dir), mode)
		}
		return nil
	})
	if n < 2 {
		t.Errorf("%s: nothing under %s", step, dir)
	}
}
