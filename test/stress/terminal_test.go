package stress_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/creack/pty"

	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/prompttest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// onTerminal starts the binary with stdin and stderr on a new pseudo-terminal, and stdout on
// it too unless stdout is given; it returns the terminal and a function that waits for the
// exit code.
func onTerminal(t *testing.T, env []string, stdout *bytes.Buffer, args ...string) (*prompttest.Console, func() int) {
	t.Helper()
	master, tty, err := pty.Open()
	if err != nil {
		testenv.Missing(t, "cannot open a pseudo-terminal: %v", err)
	}
	pty.Setsize(master, &pty.Winsize{Rows: 30, Cols: 120})
	cmd := exec.Command(awsso, args...)
	cmd.Env = append(env, "TERM=xterm")
	cmd.Stdin, cmd.Stderr, cmd.Stdout = tty, tty, tty
	if stdout != nil {
		cmd.Stdout = stdout
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	console := prompttest.Attach(t, master)
	return console, func() int {
		err := cmd.Wait()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	}
}

// TestRetriesShownOnTerminal: on a terminal each command says what it waits for while a call
// is retried; credential-process says it on stderr and keeps stdout to the one JSON document.
func TestRetriesShownOnTerminal(t *testing.T) {
	w := cmdtest.New(t)
	env := w.ProcessEnv()

	// Sign-in: the client registration fails once.
	w.Env.Server.FailNext(1, 500)
	term, wait := onTerminal(t, env, nil, "login", "--sso-session", "corp", "--use-device-code", "--no-browser")
	term.Expect("waiting: RegisterClient failed (HTTP 500), retrying ")
	term.Expect("(attempt 2 of 10)")
	if code := wait(); code != 0 {
		t.Fatalf("login exit %d:\n%s", code, term.Output())
	}

	// The portal throttles the account list.
	w.Env.Server.FailNext(1, 429)
	term, wait = onTerminal(t, env, nil, "accounts", "--profile", "dev")
	term.Expect("waiting: ListAccounts throttled, retrying ")
	term.Expect("Production")
	if code := wait(); code != 0 {
		t.Fatalf("accounts exit %d:\n%s", code, term.Output())
	}

	// populate: the account list fails once, before the progress bar.
	w.Env.Server.FailNext(1, 500)
	term, wait = onTerminal(t, env, nil, "populate", "--sso-session", "corp")
	term.Expect("waiting: ListAccounts failed (HTTP 500), retrying ")
	term.Expect("sso-session corp: 8 roles in 3 accounts; added 7 profiles") // profile dev serves the eighth
	if code := wait(); code != 0 {
		t.Fatalf("populate exit %d:\n%s", code, term.Output())
	}

	// credential-process with a cold cache, stderr on the terminal, stdout to the caller.
	var stdout bytes.Buffer
	w.Env.Server.FailNext(1, 500)
	term, wait = onTerminal(t, env, &stdout, "credential-process", "--profile", "dev")
	term.Expect("waiting: GetRoleCredentials failed (HTTP 500), retrying ")
	if code := wait(); code != 0 {
		t.Fatalf("credential-process exit %d:\n%s", code, term.Output())
	}
	var doc map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil || doc["Version"] != float64(1) {
		t.Errorf("stdout is not the one credential_process document (%v):\n%s", err, stdout.String())
	}
	if strings.Contains(stdout.String(), "waiting") {
		t.Errorf("the retry notice reached stdout:\n%s", stdout.String())
	}

	// whoami with a cold cache: role credentials, then STS, which fails once.
	w.Env.Server.FailNext(1, 500) // GetRoleCredentials is warm now: STS takes this fault
	term, wait = onTerminal(t, env, nil, "whoami", "--profile", "dev")
	term.Expect("waiting: GetCallerIdentity failed (HTTP 500), retrying ")
	if code := wait(); code != 0 {
		t.Fatalf("whoami exit %d:\n%s", code, term.Output())
	}
}
