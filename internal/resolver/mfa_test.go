package resolver

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/creack/pty"

	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/prompttest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// TestMFAOnATerminal runs the real binary on a pseudo-terminal against a role whose trust rule
// wants MFA: it asks for the code as the AWS CLI does, takes the current code of the
// emulator's TOTP device, and caches the credentials, which credential-process (that never
// asks) then serves; without them credential-process names --mfa-code, and takes it.
func TestMFAOnATerminal(t *testing.T) {
	awsso := awssoBinary(t)
	w, env, _ := interopWorld(t)
	cmd := exec.Command(awsso, "whoami", "--profile", "mfa", "--output", "json")
	cmd.Env = append(env, "NO_COLOR=1")
	tty, err := pty.Start(cmd)
	if err != nil {
		testenv.Missing(t, "cannot start on a pseudo-terminal: %v", err)
	}
	defer tty.Close()
	t.Cleanup(func() { cmd.Process.Kill() }) // a failed Expect must not leave it waiting
	c := prompttest.Attach(t, tty)
	c.Expect("Enter MFA code for " + emulator.DefaultMFASerial + ": ")
	c.Send("12345" + prompttest.Enter) // five digits: asked again
	c.Expect("six digits")
	code, next, err := w.env.Server.MFACode(emulator.DefaultMFASerial)
	if err != nil {
		t.Fatal(err)
	}
	c.Send(code + prompttest.Enter)
	c.Expect(`"Arn": "arn:aws:sts::444455556666:assumed-role/Admin/botocore-session-`)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("whoami: %v\n%s", err, c.Output())
	}
	if n := w.calls("AssumeRole"); n != 1 {
		t.Fatalf("%d AssumeRole calls, want 1", n)
	}

	// credential-process serves the cached credentials without asking.
	cached, _ := w.r.CredsCache().Load(w.resolve("mfa").CacheKey())
	out := testenv.Run(t, env, awsso, "credential-process", "--profile", "mfa")
	if cached == nil || !strings.Contains(out, `"AccessKeyId": "`+cached.AccessKeyID+`"`) || w.calls("AssumeRole") != 1 {
		t.Errorf("credential-process after the terminal run: %s (%d calls)", out, w.calls("AssumeRole"))
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
	// The device's next code: each code is good for one call.
	out = testenv.Run(t, env, awsso, "credential-process", "--profile", "mfa", "--mfa-code", next)
	if fresh, _ := w.r.CredsCache().Load(w.resolve("mfa").CacheKey()); fresh == nil || !strings.Contains(out, fresh.AccessKeyID) || w.calls("AssumeRole") != 2 {
		t.Errorf("--mfa-code: %s after %d calls", out, w.calls("AssumeRole"))
	}
}
