package stress_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/testsupport/cmdtest"
)

var awsso string // the binary TestMain built

func TestMain(m *testing.M) {
	os.Exit(cmdtest.RunWithBinary(m, &awsso))
}

// result is what one run of the binary did.
type result struct {
	args           []string
	code           int
	stdout, stderr string
	took           time.Duration
}

func (r result) String() string {
	return fmt.Sprintf("$ awsso %s\nexit %d after %s\nstdout:\n%s\nstderr:\n%s", strings.Join(r.args, " "), r.code, r.took.Round(time.Millisecond), r.stdout, r.stderr)
}

// hangLimit ends a run that hangs: every command here must finish far sooner.
const hangLimit = 3 * time.Minute

// run runs the binary with env (and stdin from nowhere) and returns what it did.
func run(t testing.TB, env []string, args ...string) result {
	t.Helper()
	return runProgram(t, env, awsso, args...)
}

// runProgram runs a program with env and returns what it did.
func runProgram(t testing.TB, env []string, name string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	r := result{args: args, stdout: out.String(), stderr: errOut.String(), took: time.Since(start)}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run awsso %s: %v", strings.Join(args, " "), err)
	}
	if ctx.Err() != nil {
		t.Fatalf("awsso %s hung for %s:\n%s", strings.Join(args, " "), hangLimit, r)
	}
	return r
}

// mustRun runs the binary and fails the test unless it exits 0.
func mustRun(t testing.TB, env []string, args ...string) result {
	t.Helper()
	r := run(t, env, args...)
	if r.code != 0 {
		t.Fatalf("%s", r)
	}
	return r
}

// goInternals are what a Go panic, a stack trace or an unexplained SDK error chain print.
var goInternals = regexp.MustCompile(`panic:|goroutine \d|\.go:\d+|runtime\.|operation error |https response error|RequestID:|StatusCode:|\*[a-z]+\.[A-Z]\w+Error`)

// wantFailure checks a failed run: exit code, one "error:" line with the "hint:" lines after
// it and nothing else on stderr (no stack trace, no SDK chain), nothing on stdout, and every
// string of wants in stderr.
func wantFailure(t testing.TB, r result, code int, wants ...string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit %d, want %d\n%s", r.code, code, r)
		return
	}
	if r.stdout != "" {
		t.Errorf("stdout is not empty\n%s", r)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	errorLine := -1
	for i, line := range lines {
		if strings.HasPrefix(line, "error: ") {
			if errorLine >= 0 {
				t.Errorf("two error lines\n%s", r)
			}
			errorLine = i
		}
	}
	if errorLine < 0 {
		t.Errorf("no error line\n%s", r)
		return
	}
	for _, line := range lines[errorLine+1:] {
		if !strings.HasPrefix(line, "hint: ") {
			t.Errorf("stderr goes on after the error with %q\n%s", line, r)
		}
	}
	if len(lines) == errorLine+1 {
		t.Errorf("no hint after the error\n%s", r)
	}
	if m := goInternals.FindString(r.stderr); m != "" {
		t.Errorf("stderr shows Go or SDK internals (%q)\n%s", m, r)
	}
	for _, want := range wants {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q\n%s", want, r)
		}
	}
}

// readFile returns a file's content, failing the test if it cannot be read.
func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
