package stress_test

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
)

// TestServerGoneMidCommand closes the emulator while a command is talking to it (connections
// cut in the middle of requests, then refused): the command ends with one line and a hint,
// exit 3, and writes nothing half-done.
func TestServerGoneMidCommand(t *testing.T) {
	tests := []struct {
		name string
		args []string
		// after: the call count at which the emulator goes away.
		op    string
		after int
		login bool // start signed out
	}{
		{"populate", []string{"populate", "--sso-session", "corp"}, "ListAccountRoles", 30, false},
		{"accounts", []string{"accounts", "--profile", "dev"}, "ListAccounts", 3, false},
		{"credential-process", []string{"credential-process", "--profile", "dev"}, "GetRoleCredentials", 1, false},
		{"login", []string{"login", "--sso-session", "corp", "--use-device-code", "--no-browser"}, "CreateToken:device_code", 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := cmdtest.New(t, func(o *emulator.Options) {
				o.Org = emulator.GenerateOrg(1000)
				o.Latency = 150 * time.Millisecond
				o.AutoApprove = false // login polls until the server is gone
				o.Interval = 200 * time.Millisecond
			})
			if !tt.login {
				w.SignIn(t)
			}
			before := readFile(t, w.Home.Config)
			cmd := exec.Command(awsso, tt.args...)
			cmd.Env = w.ProcessEnv()
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			start := time.Now()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(time.Minute)
			for w.Env.Server.Stats()[tt.op] < tt.after {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatalf("%s never reached %d calls: %v", tt.op, tt.after, w.Env.Server.Stats())
				}
				time.Sleep(5 * time.Millisecond)
			}
			w.Env.Server.Close()
			err := cmd.Wait()
			r := result{args: tt.args, stdout: out.String(), stderr: errOut.String(), took: time.Since(start)}
			if ee, ok := err.(*exec.ExitError); ok {
				r.code = ee.ExitCode()
			}
			wantFailure(t, r, 3)
			if !strings.Contains(r.stderr, "connection") {
				t.Errorf("stderr does not say the connection failed\n%s", r)
			}
			if after := readFile(t, w.Home.Config); after != before {
				t.Errorf("the config changed:\n%s", after)
			}
			t.Logf("%s", r)
		})
	}
}
