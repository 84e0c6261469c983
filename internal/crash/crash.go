// Package crash turns panics into ordinary errors that carry no value: a panic's value may hold
// whatever the failing code was handling (a token, a secret key), so awsso never prints it, nor
// a stack trace. The error names the function that panicked, which is enough to find the bug.
package crash

import (
	"fmt"
	"runtime"
	"strings"
)

// Error is a panic turned into an error. It ends a command with exit code 1.
type Error struct {
	// Where is the function that panicked, such as "cmd/populate.listRoles".
	Where string
}

func (e *Error) Error() string {
	return fmt.Sprintf("a bug stopped %s (a panic); nothing it was writing was left half-done", e.Where)
}

// Hints asks for a report.
func (e *Error) Hints() []string {
	return []string{"please report it with the command you ran; the message leaves out the values involved, which may be secrets"}
}

// ExitCode is 1.
func (e *Error) ExitCode() int { return 1 }

// Recover, deferred by a function that returns an error, turns a panic of that function (or
// of what it calls) into an *Error in *err. Deferring it at the top of every goroutine keeps a
// bug in a worker from printing Go's panic message and stack:
//
//	func work() (err error) {
//		defer crash.Recover(&err)
//		...
//	}
func Recover(err *error) {
	if r := recover(); r != nil {
		*err = &Error{Where: Where()}
	}
}

// Where is the function that panicked, for a function deferred during the panic (as Recover
// is) or one it calls directly: the first frame below the runtime's panic machinery.
func Where() string {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(3, pcs) // runtime.Callers, Where, the deferred function
	frames := runtime.CallersFrames(pcs[:n])
	afterPanic := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic" || strings.HasPrefix(f.Function, "runtime.panic"):
			afterPanic = true
		case afterPanic && !strings.HasPrefix(f.Function, "runtime."):
			return strings.TrimPrefix(f.Function, "github.com/awsso/awsso/internal/")
		}
		if !more {
			return "awsso"
		}
	}
}
