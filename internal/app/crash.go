package app

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
)

// recoverCrash turns a panic of the command into one error line, a hint and exit code 1,
// instead of Go's panic message and stack trace: the panic's value is never printed, since it
// may hold whatever the failing code was handling (a token, a key). The line names the
// function that failed, which is enough to find the bug. Use it as
// `defer recoverCrash(ios, &code)`. Panics in other goroutines are out of its reach.
func recoverCrash(ios *iostreams.IOStreams, code *int) {
	r := recover()
	if r == nil {
		return
	}
	where := "awsso"
	if fn := panicking(); fn != "" {
		where = fn
	}
	cs := ios.ColorSchemeErr()
	fmt.Fprintf(ios.ErrOut, "%s awsso stopped on a bug (a panic in %s); nothing it was writing was left half-done\n", cs.Red("error:"), where)
	fmt.Fprintf(ios.ErrOut, "%s please report it with the command you ran; the message leaves out the values involved, which may be secrets\n", cs.Yellow("hint:"))
	*code = cmdutil.ExitError
}

// panicking is the function that panicked: the first frame of the recovering goroutine's stack
// below the runtime's panic machinery.
func panicking() string {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(3, pcs) // runtime.Callers, panicking, recoverCrash
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
			return ""
		}
	}
}
