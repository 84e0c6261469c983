//go:build !unix

package exec

import (
	"os"
	"os/exec"
	"os/signal"
)

// runForwarding starts cmd and returns its exit code. A console's Ctrl-C reaches every process
// attached to it, the command too, so awsso only keeps it from ending awsso first.
func runForwarding(cmd *exec.Cmd) (int, error) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			return 0, err
		}
	}
	return cmd.ProcessState.ExitCode(), nil
}
