//go:build unix

package exec_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	osexec "os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"

	"github.com/creack/pty"

	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

var awsso string // the binary TestMain built

// childVar makes the test binary act as the counter child instead of running tests.
const childVar = "AWSSO_EXEC_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childVar) == "counter" {
		counter()
	}
	os.Exit(cmdtest.RunWithBinary(m, &awsso))
}

// counter says "ready", acknowledges each SIGINT ("int N") and SIGUSR1 ("usr1"), and exits
// with 40 + the number of SIGINTs at SIGTERM. A Go program sees every delivery that a shell's
// trap would merge.
func counter() {
	sigs := make(chan os.Signal, 16)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGUSR1)
	fmt.Println("ready")
	n := 0
	for sig := range sigs {
		switch sig {
		case syscall.SIGTERM:
			os.Exit(40 + n)
		case syscall.SIGUSR1:
			fmt.Println("usr1")
		default:
			n++
			fmt.Printf("int %d\n", n)
		}
	}
}

// start runs awsso exec -- argv with the counter environment, in a session of its own (no
// controlling terminal, so awsso must forward every signal it gets), and waits for "ready".
func start(t *testing.T, w *cmdtest.World, argv ...string) (*osexec.Cmd, *bufio.Reader) {
	t.Helper()
	cmd := osexec.Command(awsso, append([]string{"exec", "--profile", "dev", "--"}, argv...)...)
	cmd.Env = w.ProcessEnv(childVar + "=counter")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	r := bufio.NewReader(stdout)
	expect(t, r, "ready")
	return cmd, r
}

func expect(t *testing.T, r *bufio.Reader, want string) {
	t.Helper()
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("waiting for %q: %v", want, err)
		}
		if strings.HasSuffix(strings.TrimSpace(line), want) { // a terminal echoes "^C" before it
			return
		}
	}
}

// exitCode waits for awsso and returns its exit code; awsso itself must not die of a signal.
func exitCode(t *testing.T, cmd *osexec.Cmd) int {
	t.Helper()
	err := cmd.Wait()
	var ee *osexec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	if ws := cmd.ProcessState.Sys().(syscall.WaitStatus); ws.Signaled() {
		t.Fatalf("awsso itself was killed by %v", ws.Signal())
	}
	return cmd.ProcessState.ExitCode()
}

func TestSignalsSentToAwssoReachTheChild(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	cmd, out := start(t, w, os.Args[0])
	cmd.Process.Signal(syscall.SIGINT)
	expect(t, out, "int 1")
	cmd.Process.Signal(syscall.SIGINT)
	expect(t, out, "int 2")
	cmd.Process.Signal(syscall.SIGUSR1)
	expect(t, out, "usr1")
	cmd.Process.Signal(syscall.SIGTERM) // the child exits 40 + 2 on it
	if code := exitCode(t, cmd); code != 42 {
		t.Errorf("exit %d, want 42 (the child's own exit code)", code)
	}
}

func TestChildKilledBySignal(t *testing.T) {
	testenv.LookPath(t, "sh")
	w := cmdtest.New(t)
	w.SignIn(t)
	for sig, want := range map[string]int{"KILL": 137, "HUP": 129, "SEGV": 139} {
		cmd, _ := start(t, w, "sh", "-c", "echo ready; kill -"+sig+" $$")
		if code := exitCode(t, cmd); code != want {
			t.Errorf("child killed by SIG%s: awsso exited %d, want %d", sig, code, want)
		}
	}
	cmd, _ := start(t, w, "sh", "-c", "echo ready; exec sleep 60")
	cmd.Process.Signal(syscall.SIGHUP) // forwarded; sleep dies of it
	if code := exitCode(t, cmd); code != 129 {
		t.Errorf("SIGHUP forwarded to a child without a handler: awsso exited %d, want 129", code)
	}
}

// TestCtrlCReachesTheChildOnce types Ctrl-C in a terminal where awsso exec runs in the
// foreground. The terminal sends SIGINT to awsso and the child both; awsso must not send a
// second one (terraform, for one, aborts on the second).
func TestCtrlCReachesTheChildOnce(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	cmd := osexec.Command(awsso, "exec", "--profile", "dev", "--", os.Args[0])
	cmd.Env = w.ProcessEnv(childVar + "=counter")
	ptmx, err := pty.Start(cmd) // a new session whose controlling terminal is the pty
	if err != nil {
		testenv.Missing(t, "no pseudo-terminal here: %v", err)
	}
	defer ptmx.Close()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	r := bufio.NewReader(ptmx)
	expect(t, r, "ready")
	ptmx.Write([]byte{3}) // Ctrl-C
	expect(t, r, "int 1")
	// awsso handles its signals in order: once the child has the USR1 forwarded after the
	// SIGINT, a forwarded SIGINT would have arrived too.
	cmd.Process.Signal(syscall.SIGUSR1)
	expect(t, r, "usr1")
	cmd.Process.Signal(syscall.SIGTERM)
	go io.Copy(io.Discard, r)
	if code := exitCode(t, cmd); code != 41 {
		t.Errorf("exit %d: the child saw %d SIGINTs, want 1", code, code-40)
	}
}
