package stress_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
	"github.com/awsso/awsso/internal/tokencache"
)

// TestRevokedSession ends every session at the emulator (POST /_emulator/revoke, as a sign-out
// elsewhere or an administrator would), then runs each command that needs a token, with cold
// role credentials: each says to log in again with the exact command and exits 2. The same
// holds when the revoked token is also due for a refresh, which the service refuses. configure,
// which signs in as one of its steps, signs in afresh instead.
func TestRevokedSession(t *testing.T) {
	commands := [][]string{
		{"accounts", "--profile", "dev"},
		{"accounts", "--sso-session", "corp"},
		{"roles", "--profile", "dev"},
		{"populate", "--sso-session", "corp"},
		{"credential-process", "--profile", "dev"},
		{"export-credentials", "--profile", "dev"},
		{"whoami", "--profile", "dev"},
		{"exec", "--profile", "dev", "--", "true"},
		{"console", "--profile", "dev", "--print"},
	}
	curl := testenv.LookPath(t, "curl")
	for _, refresh := range []bool{false, true} {
		name := "token valid"
		if refresh {
			name = "token due for refresh"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			w := cmdtest.New(t)
			w.SignIn(t)
			w.Env.Server.Revoke()
			cache := tokencache.Cache{Dir: tokencache.DefaultDir(w.Home.Dir)}
			config := readFile(t, w.Home.Config)
			// run1 runs a command that must end with the login error of its session: the
			// error line names the session (what) and the hint the command (how).
			run1 := func(args []string, what, login string) {
				t.Helper()
				os.RemoveAll(w.CredsCache().Dir)
				if refresh {
					for _, session := range []string{"corp", ""} {
						tok, err := cache.LoadToken(session, w.Env.StartURL)
						if err != nil {
							t.Fatal(err)
						}
						tok.ExpiresAt = time.Now().Add(5 * time.Minute).UTC().Truncate(time.Second)
						if err := cache.SaveToken(session, w.Env.StartURL, tok); err != nil {
							t.Fatal(err)
						}
					}
				}
				r := run(t, w.ProcessEnv(), args...)
				wantFailure(t, r, 2, "error: "+what+": ", "hint: run: "+login+"\n")
			}
			for _, args := range commands {
				run1(args, "sso-session corp", "awsso login --sso-session corp")
			}
			legacy := "start URL " + w.Env.StartURL
			run1([]string{"credential-process", "--profile", "old"}, legacy, "awsso login --profile old")
			run1([]string{"roles", "--profile", "old"}, legacy, "awsso login --profile old")
			if got := readFile(t, w.Home.Config); got != config {
				t.Errorf("a refused command changed the config:\n%s", got)
			}
			r := run(t, w.ProcessEnv("AWSSO_BROWSER="+curl+" -fsSL -o /dev/null {url}"),
				"configure", "--non-interactive", "--profile", "new", "--sso-session", "corp", "--account-id", cmdtest.AccountID, "--role-name", cmdtest.RoleName)
			if r.code != 0 || !strings.Contains(readFile(t, w.Home.Config), "[profile new]") {
				t.Errorf("configure did not sign in afresh\n%s", r)
			}
		})
	}
}
