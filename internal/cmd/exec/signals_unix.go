//go:build unix

package exec

import (
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

// forwarded are the signals awsso passes on to the command. SIGTSTP, SIGCONT, SIGTTIN and
// SIGTTOU keep their default action: job control stops and resumes awsso and the command
// together.
var forwarded = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT,
	syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGWINCH, syscall.SIGALRM}

// runForwarding starts cmd, forwards signals to it until it ends, and returns its exit code
// (128+N when signal N killed it).
func runForwarding(cmd *exec.Cmd) (int, error) {
	sigs := make(chan os.Signal, 16)
	signal.Notify(sigs, forwarded...)
	defer signal.Stop(sigs)
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case sig := <-sigs:
				if !fromTerminal(sig) {
					cmd.Process.Signal(sig)
				}
			case <-done:
				return
			}
		}
	}()
	err := cmd.Wait()
	close(done)
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		return 0, err
	}
	return exitCode(cmd.ProcessState), nil
}

// fromTerminal reports whether sig is one a terminal sends to its whole foreground process
// group (Ctrl-C, Ctrl-\, a resize) while awsso is in that group: the command, in the same
// group, got it already, and a second SIGINT would make tools such as terraform abort
// instead of stopping cleanly.
func fromTerminal(sig os.Signal) bool {
	if sig != syscall.SIGINT && sig != syscall.SIGQUIT && sig != syscall.SIGWINCH {
		return false
	}
	tty, err := os.Open("/dev/tty")
	if err != nil {
		return false // no controlling terminal: someone sent it to awsso alone
	}
	defer tty.Close()
	fg, err := unix.IoctlGetInt(int(tty.Fd()), unix.TIOCGPGRP)
	return err == nil && fg == unix.Getpgrp()
}

func exitCode(ps *os.ProcessState) int {
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}
