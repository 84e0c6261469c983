//go:build unix

package exec_test

import (
	"bufio"
	"os"
	osexec "os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// TestServerOutlivesLifetimes: role credentials live 10 seconds; a boto3 script run by
// `awsso exec --server` calls STS for 25 and never fails, without a key in its environment.
func TestServerOutlivesLifetimes(t *testing.T) {
	t.Parallel()
	python := testenv.Python(t, false)
	const life, run = 10 * time.Second, 25 * time.Second
	w := cmdtest.New(t, func(o *emulator.Options) { o.CredentialsTTL = life })
	w.SignIn(t)
	script := `import boto3, os, sys, time
assert "AWS_ACCESS_KEY_ID" not in os.environ and "AWS_PROFILE" not in os.environ
sts, end, n, keys = boto3.client("sts"), time.time() + float(sys.argv[1]), 0, set()
while True:
    sts.get_caller_identity()
    keys.add(sts._request_signer._credentials.get_frozen_credentials().access_key)
    n += 1
    if time.time() > end:
        break
    time.sleep(0.2)
print(n, len(keys))`
	out := testenv.Run(t, w.ProcessEnv("AWS_PROFILE=dev"), awsso, "exec", "--server", "--", python, "-c", script, strconv.Itoa(int(run.Seconds())))
	fields := strings.Fields(out)
	if len(fields) != 2 {
		t.Fatalf("the script printed %q", out)
	}
	calls, keys := fields[0], fields[1]
	// Two lifetimes and a half, each credential served for half its life: at least 4 keys.
	if n, _ := strconv.Atoi(keys); n < int(run/(life/2)) {
		t.Errorf("%s calls with %s distinct keys: the credentials were not replaced as they aged", calls, keys)
	}
	t.Logf("%s calls over %s with %s keys; emulator %v", calls, run, keys, w.Env.Server.Stats())
}

// TestServerOutlivesInterrupt: a SIGINT ends awsso's own work but not the server while the
// command runs: the command, stopping on the signal, still gets credentials, and its exit
// code is awsso's.
func TestServerOutlivesInterrupt(t *testing.T) {
	t.Parallel()
	curl := testenv.LookPath(t, "curl")
	w := cmdtest.New(t)
	w.SignIn(t)
	script := `trap 'if "$CURL" -sf -H "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" "$AWS_CONTAINER_CREDENTIALS_FULL_URI" > /dev/null; then echo fetched; fi; exit 5' INT
echo ready
while :; do sleep 0.1; done`
	cmd := osexec.Command(awsso, "exec", "--profile", "dev", "--server", "--", "sh", "-c", script)
	cmd.Env = w.ProcessEnv("CURL=" + curl)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // no terminal: awsso forwards the signal
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	out := bufio.NewReader(stdout)
	expect(t, out, "ready")
	cmd.Process.Signal(syscall.SIGINT)
	expect(t, out, "fetched")
	if code := exitCode(t, cmd); code != 5 {
		t.Errorf("exit %d, want the command's 5", code)
	}
}
