package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/testsupport/cmdtest"
)

// TestPanicIsOneLineWithoutSecrets makes the clock panic with a secret in its message, in a
// command of the fast path and one of the command tree: each ends with exit 1, an error line
// that names the failing function, a hint, and neither the secret nor a stack trace.
func TestPanicIsOneLineWithoutSecrets(t *testing.T) {
	const secret = "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	w := cmdtest.New(t)
	w.SignIn(t)
	for _, args := range [][]string{{"credential-process", "--profile", "dev"}, {"status"}, {"--debug", "export-credentials", "--profile", "dev"}} {
		f, s := w.Factory(nil)
		f.Now = func() time.Time { panic("cannot go on with " + secret) }
		code := Run(context.Background(), f, args)
		stderr := s.Err.String()
		if code != 1 || s.Out.Len() != 0 {
			t.Errorf("%q: exit %d, stdout %q", args, code, s.Out)
		}
		var lines []string
		for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
			if !strings.HasPrefix(line, "debug: ") {
				lines = append(lines, line)
			}
		}
		if len(lines) != 2 || !strings.HasPrefix(lines[0], "error: a bug stopped app.TestPanicIsOneLineWithoutSecrets") ||
			!strings.HasPrefix(lines[1], "hint: please report it") {
			t.Errorf("%q: stderr:\n%s", args, stderr)
		}
		if strings.Contains(stderr, "wJalrXUtnFEMI") || strings.Contains(stderr, "goroutine") || strings.Contains(stderr, ".go:") {
			t.Errorf("%q: stderr shows the secret or a trace:\n%s", args, stderr)
		}
	}
}
