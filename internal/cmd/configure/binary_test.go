package configure_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creack/pty"

	"github.com/awsso/awsso/internal/testsupport/prompttest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "awsso-configure-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "awsso")
	if out, err := exec.Command("go", "build", "-o", binary, "github.com/awsso/awsso/cmd/awsso").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestBinaryOnATerminal runs the real binary with stdin, stdout and stderr on a pseudo-terminal,
// as a user's shell starts it: terminal detection, raw mode and the device code sign-in (no
// display, so no browser) all happen for real.
func TestBinaryOnATerminal(t *testing.T) {
	h := newHarness(t, oneAccountOrg)
	cmd := exec.Command(binary, "configure", "--profile", "solo")
	cmd.Env = append(append(testenv.CleanEnv(), h.home.Env()...), "AWS_ENDPOINT_URL="+h.env.URL, "DISPLAY=", "WAYLAND_DISPLAY=", "NO_COLOR=1")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 100})
	if err != nil {
		testenv.Missing(t, "cannot start on a pseudo-terminal: %v", err)
	}
	defer tty.Close()
	c := prompttest.Attach(t, tty)
	for _, s := range []step{
		{"SSO session name (Recommended): ", "solo" + enter},
		{"SSO start URL: ", h.env.StartURL + enter},
		{"SSO region: ", "us-east-1" + enter},
		{"SSO registration scopes [sso:account:access]: ", enter},
		{"The only AWS account available to you is: Solo, solo@example.com (123456789012)", ""},
		{"The only role available to you is: ReadOnly", ""},
		{"Default client Region: ", "eu-north-1" + enter},
		{"CLI default output format (json if not specified): ", enter},
		{"Check it with: awsso whoami --profile solo", ""},
	} {
		c.Expect(s.expect)
		c.Send(s.keys)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("awsso configure: %v\n%s", err, c.Screen())
	}
	if strings.Contains(c.Raw(), "\x1b[3") {
		t.Error("colour drawn although NO_COLOR is set")
	}
	want := "[profile solo]\nsso_session = solo\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = eu-north-1\n\n" +
		"[sso-session solo]\nsso_start_url = " + h.env.StartURL + "\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n"
	if got := h.config(); got != want {
		t.Errorf("config:\n%s\nwant:\n%s", got, want)
	}
}
