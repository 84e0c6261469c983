package resolver

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/creack/pty"

	"github.com/awsso/awsso/internal/testsupport/prompttest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// TestMFAOnATerminal runs the real binary on a pseudo-terminal: it asks for the MFA code as
// the AWS CLI does, sends it with the call, and caches the credentials, which
// credential-process (that never asks) then serves; without them credential-process names
// --mfa-code, and takes it.
func TestMFAOnATerminal(t *testing.T) {
	awsso := awssoBinary(t)
	w, env := interopWorld(t)
	cmd := exec.Command(awsso, "whoami", "--profile", "mfa", "--output", "json")
	cmd.Env = append(env, "NO_COLOR=1")
	tty, err := pty.Start(cmd)
	if err != nil {
		testenv.Missing(t, "cannot start on a pseudo-terminal: %v", err)
	}
	defer tty.Close()
	t.Cleanup(func() { cmd.Process.Kill() }) // a failed Expect must not leave it waiting
	c := prompttest.Attach(t, tty)
	c.Expect("Enter MFA code for arn:aws:iam::111122223333:mfa/alice: ")
	c.Send("12345" + prompttest.Enter) // five digits: asked again
	c.Expect("six digits")
	c.Send("123456" + prompttest.Enter)
	c.Expect(`"Arn": "arn:aws:sts::444455556666:assumed-role/Admin/botocore-session-`)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("whoami: %v\n%s", err, c.Output())
	}
	calls := w.sts.calls()
	if len(calls) != 1 || calls[0].Get("TokenCode") != "123456" || calls[0].Get("SerialNumber") != "arn:aws:iam::111122223333:mfa/alice" {
		t.Fatalf("AssumeRole calls %v", calls)
	}

	// credential-process serves the cached credentials without asking.
	out := testenv.Run(t, env, awsso, "credential-process", "--profile", "mfa")
	if !strings.Contains(out, `"AccessKeyId": "ASIAFAKE0001"`) || len(w.sts.calls()) != 1 {
		t.Errorf("credential-process after the terminal run: %s (%d calls)", out, len(w.sts.calls()))
	}
	if err := removeAll(w.r.CredsCache().Path(w.resolve("mfa").CacheKey())); err != nil {
		t.Fatal(err)
	}
	run := exec.Command(awsso, "credential-process", "--profile", "mfa")
	run.Env = env
	stderr, err := run.CombinedOutput()
	if code := run.ProcessState.ExitCode(); code != 1 || !strings.Contains(string(stderr), "--mfa-code") {
		t.Errorf("credential-process without cached credentials: exit %d, %v\n%s", code, err, stderr)
	}
	out = testenv.Run(t, env, awsso, "credential-process", "--profile", "mfa", "--mfa-code", "654321")
	if calls := w.sts.calls(); len(calls) != 2 || calls[1].Get("TokenCode") != "654321" || !strings.Contains(out, "ASIAFAKE0002") {
		t.Errorf("--mfa-code: %s, calls %v", out, calls)
	}
}
