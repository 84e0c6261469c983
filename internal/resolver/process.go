package resolver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/shellwords"
)

// DefaultProcessTimeout bounds a credential_process, as the Go SDK's processcreds does
// (botocore waits forever).
const DefaultProcessTimeout = time.Minute

// maxProcessOutput bounds what a credential_process may print on stdout.
const maxProcessOutput = 1 << 20

// process runs n's credential_process as botocore does (split with shell rules, no shell,
// stdin inherited) and reads the credentials it prints. They are not cached, as by botocore.
// Its stderr goes to Resolver.Stderr and into the error when it fails.
func (f *fetch) process(ctx context.Context, n *Profile) (*creds.Credentials, error) {
	argv := shellwords.Split(n.Process.Command)
	fail := func(why string, err error) error {
		return &ProcessError{Profile: n.Name, Command: n.Process.Command, Where: n.Process.Where, Why: why, Err: err}
	}
	if len(argv) == 0 {
		return nil, fail("it holds no command", nil)
	}
	chain, err := NextProfileChain(f.r.LookupEnv, n.Name)
	if err != nil {
		return nil, err
	}
	timeout := f.r.ProcessTimeout
	if timeout <= 0 {
		timeout = DefaultProcessTimeout
	}
	runCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(runCtx, argv[0], argv[1:]...)
	cmd.Env = withVar(f.r.environ(), ProfileChainVar, chain)
	cmd.WaitDelay = time.Second // a child that leaves the pipes open must not hold us up
	var stdout bytes.Buffer
	stderr := &tail{max: 2000}
	cmd.Stdout = &limitWriter{w: &stdout, n: maxProcessOutput}
	cmd.Stderr = stderr
	if f.r.Stderr != nil {
		cmd.Stderr = io.MultiWriter(stderr, f.r.Stderr)
	}
	f.debugf("%s: running credential_process %s", n.Name, argv[0])
	err = cmd.Run()
	switch {
	case runCtx.Err() == context.DeadlineExceeded && ctx.Err() == nil:
		return nil, fail(fmt.Sprintf("it did not finish within %s and was stopped", timeout), nil)
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.Is(err, exec.ErrNotFound), errors.Is(err, exec.ErrDot):
		return nil, fail("the command "+argv[0]+" was not found", err)
	case err != nil:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			why := fmt.Sprintf("it exited with status %d", exit.ExitCode())
			if s := stderr.String(); s != "" {
				why += "; it said: " + s
			}
			return nil, fail(why, nil)
		}
		return nil, fail("it could not run", err)
	}
	c, err := parseProcessOutput(stdout.Bytes(), f.r.now())
	if err != nil {
		return nil, fail(err.Error(), nil)
	}
	return c, nil
}

// parseProcessOutput reads credential_process JSON (Version 1; Expiration optional, in any
// layout botocore's date parser reads).
func parseProcessOutput(out []byte, now time.Time) (*creds.Credentials, error) {
	var doc struct {
		Version         json.RawMessage `json:"Version"`
		AccessKeyID     *string         `json:"AccessKeyId"`
		SecretAccessKey *string         `json:"SecretAccessKey"`
		SessionToken    *string         `json:"SessionToken"`
		Expiration      *string         `json:"Expiration"`
	}
	if err := json.Unmarshal(bytes.TrimSpace(out), &doc); err != nil {
		if len(bytes.TrimSpace(out)) == 0 {
			return nil, errors.New("it printed nothing on stdout")
		}
		return nil, errors.New("what it printed is not a JSON object of credentials")
	}
	if string(doc.Version) != "1" {
		return nil, fmt.Errorf("its JSON has Version %s; only Version 1 exists", versionText(doc.Version))
	}
	if doc.AccessKeyID == nil || doc.SecretAccessKey == nil || *doc.AccessKeyID == "" || *doc.SecretAccessKey == "" {
		return nil, errors.New("its JSON lacks AccessKeyId or SecretAccessKey")
	}
	c := &creds.Credentials{AccessKeyID: *doc.AccessKeyID, SecretAccessKey: *doc.SecretAccessKey}
	if doc.SessionToken != nil {
		c.SessionToken = *doc.SessionToken
	}
	if doc.Expiration != nil {
		t, err := cachefile.ParseTime(*doc.Expiration)
		if err != nil {
			return nil, fmt.Errorf("its Expiration %q is not a time", *doc.Expiration)
		}
		if !t.After(now) {
			return nil, fmt.Errorf("the credentials it printed expired at %s", t.Format(time.RFC3339))
		}
		c.Expiration = t
	}
	return c, nil
}

func versionText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "missing"
	}
	if len(raw) > 20 {
		return string(raw[:20]) + "..."
	}
	return string(raw)
}

// ProcessError is a credential_process that failed: not found, a non-zero exit, a timeout, or
// output that is not credentials. Its message never holds what the command printed on
// stdout, which may hold secrets.
type ProcessError struct {
	Profile, Command string
	Where
	Why string
	Err error
}

func (e *ProcessError) Error() string {
	return fmt.Sprintf("profile %s: credential_process %q%s failed: %s", e.Profile, e.Command, where(e.At), e.Why)
}

func (e *ProcessError) Unwrap() error { return e.Err }

// ExitCode is 1: the command or its setup must change.
func (e *ProcessError) ExitCode() int { return exitConfig }

// Hints says how to try the command alone.
func (e *ProcessError) Hints() []string {
	return []string{"run the command yourself to see what it does: it must print {\"Version\": 1, \"AccessKeyId\": ..., \"SecretAccessKey\": ...} on stdout and exit 0; fix credential_process" + where(e.At)}
}

// environ is the environment of child processes.
func (r *Resolver) environ() []string {
	if r.Environ == nil {
		return nil
	}
	return r.Environ()
}

// withVar returns env with key set to value, replacing any earlier value.
func withVar(env []string, key, value string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return append(out, key+"="+value)
}

// tail keeps the last max bytes written to it, on one line.
type tail struct {
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = t.buf[len(t.buf)-t.max:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	return strings.Join(strings.Fields(string(t.buf)), " ")
}

// limitWriter fails a write beyond n bytes.
type limitWriter struct {
	w io.Writer
	n int
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if len(p) > l.n {
		return 0, fmt.Errorf("more than %d bytes of output", maxProcessOutput)
	}
	l.n -= len(p)
	return l.w.Write(p)
}
