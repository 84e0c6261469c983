package stress_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// faultBound is how long one command may take through the faults: far more than it needs
// (the point is that it finishes, not how fast), far less than a hang.
const faultBound = 2 * time.Minute

// TestCommandsRideOutFaults runs the commands that call AWS through an emulator that fails 30%
// of calls, answers slowly, or throttles the portal, and through all three at once: every
// command succeeds, within a bound, and the emulator's counters show the faults were there.
func TestCommandsRideOutFaults(t *testing.T) {
	curl := testenv.LookPath(t, "curl")
	accounts := 200
	if testing.Short() {
		accounts = 40
	}
	scenarios := []struct {
		name   string
		faults emulator.Faults
		// injected is a counter prefix that must be non-zero afterwards.
		injected string
	}{
		{"error rate 0.3", emulator.Faults{ErrorRate: 0.3}, "Fault:"},
		{"latency 300ms", emulator.Faults{Latency: 300 * time.Millisecond}, ""},
		{"throttle 20 per second", emulator.Faults{Throttle: 20}, "Throttled:"},
		{"all at once", emulator.Faults{ErrorRate: 0.3, Latency: 300 * time.Millisecond, Throttle: 20}, "Fault:"},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			w := cmdtest.New(t, func(o *emulator.Options) { o.Org = emulator.GenerateOrg(accounts) })
			cmdtest.AppendConfig(t, w, fmt.Sprintf("[profile gen]\nsso_session = corp\nsso_account_id = %s\nsso_role_name = ReadOnly\nregion = us-east-1\n", w.Env.Server.Org().Accounts[0].ID))
			w.Env.Server.SetFaults(sc.faults)
			// The browser of the PKCE flow: the emulator approves at once and redirects to
			// awsso's loopback callback, which curl follows.
			env := w.ProcessEnv("AWSSO_BROWSER=" + curl + " -fsSL -o /dev/null {url}")
			steps := [][]string{
				{"login", "--sso-session", "corp", "--use-device-code"},
				{"logout"},
				{"login", "--sso-session", "corp"},
				{"accounts", "--profile", "gen", "--output", "json"},
				{"roles", "--profile", "gen", "--output", "json"},
				{"populate", "--sso-session", "corp"},
				{"credential-process", "--profile", "gen"},
				{"whoami", "--profile", "gen"},
			}
			start := time.Now()
			for _, args := range steps {
				if args[0] == "whoami" {
					os.RemoveAll(w.CredsCache().Dir) // cold: role credentials, then STS
				}
				r := run(t, env, args...)
				if r.code != 0 {
					t.Fatalf("failed through %s (emulator counted %v)\n%s", sc.name, w.Env.Server.Stats(), r)
				}
				if r.took > faultBound {
					t.Errorf("took %s, beyond %s\n%s", r.took, faultBound, r)
				}
				if strings.Contains(r.stderr, "waiting:") {
					t.Errorf("retry notices on a stderr that is not a terminal\n%s", r)
				}
			}
			config := readFile(t, w.Home.Config)
			if n := strings.Count(config, "# managed by awsso populate"); n < 2*accounts {
				t.Errorf("populate wrote %d profiles for %d accounts", n, accounts)
			}
			stats := w.Env.Server.Stats()
			injected := 0
			for k, v := range stats {
				if sc.injected != "" && strings.HasPrefix(k, sc.injected) {
					injected += v
				}
			}
			if sc.injected != "" && injected == 0 {
				t.Errorf("no %s calls: the faults were not there (%v)", sc.injected, stats)
			}
			t.Logf("%s: every command succeeded in %s; emulator counted %v", sc.name, time.Since(start).Round(time.Millisecond), stats)
		})
	}
}
