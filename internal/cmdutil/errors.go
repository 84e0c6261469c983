package cmdutil

import (
	"errors"
	"fmt"

	"github.com/aws/smithy-go"
)

// Exit codes, as the README and docs/design.md document them.
const (
	ExitOK            = 0 // success
	ExitError         = 1 // usage or config error, or problems found
	ExitLoginRequired = 2 // not logged in, or the session expired
	ExitRemote        = 3 // a remote call failed after retries
)

// ExitCoder is implemented by errors that choose the process exit code. Domain packages
// implement it on their own error types so they need not import this package.
type ExitCoder interface{ ExitCode() int }

// Hinter is implemented by errors that carry advice for the user, printed as "hint:" lines.
type Hinter interface{ Hints() []string }

// HintedError wraps an error with an exit code and hint lines.
type HintedError struct {
	Err  error
	Code int
	Hint []string
}

// WithHint wraps err so that it exits with code and prints hints after the error line.
func WithHint(err error, code int, hints ...string) error {
	if err == nil {
		return nil
	}
	return &HintedError{Err: err, Code: code, Hint: hints}
}

func (e *HintedError) Error() string   { return e.Err.Error() }
func (e *HintedError) Unwrap() error   { return e.Err }
func (e *HintedError) ExitCode() int   { return e.Code }
func (e *HintedError) Hints() []string { return e.Hint }

// FlagError is a usage error: a bad flag, a missing argument, flags that exclude each other.
type FlagError struct{ Err error }

// FlagErrorf returns a FlagError with a formatted message.
func FlagErrorf(format string, args ...any) error {
	return &FlagError{Err: fmt.Errorf(format, args...)}
}

func (e *FlagError) Error() string { return e.Err.Error() }
func (e *FlagError) Unwrap() error { return e.Err }

// ExitCode is 1 for usage errors.
func (e *FlagError) ExitCode() int { return ExitError }

// SilentError ends a command with an exit code when the command has already said everything
// (for example doctor, after listing the problems it found).
type SilentError struct{ Code int }

func (e *SilentError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// ExitCode returns the code to exit with.
func (e *SilentError) ExitCode() int { return e.Code }

// ExitCodeOf returns the exit code for err: 0 for nil, the code an error in the chain chooses,
// 3 for an AWS call that failed (the SDK has retried it), else 1.
func ExitCodeOf(err error) int {
	if err == nil {
		return ExitOK
	}
	var c ExitCoder
	if errors.As(err, &c) {
		return c.ExitCode()
	}
	var op *smithy.OperationError
	if errors.As(err, &op) {
		return ExitRemote
	}
	return ExitError
}

// HintsOf collects the hint lines of every error in the chain, outermost first, without
// repeating a line.
func HintsOf(err error) []string {
	var hints []string
	seen := map[string]bool{}
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		if h, ok := e.(Hinter); ok {
			for _, line := range h.Hints() {
				if !seen[line] {
					seen[line] = true
					hints = append(hints, line)
				}
			}
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				walk(inner)
			}
		}
	}
	walk(err)
	return hints
}
