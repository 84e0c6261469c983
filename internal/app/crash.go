package app

import (
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/crash"
	"github.com/awsso/awsso/internal/iostreams"
)

// recoverCrash turns a panic of the command into one error line, a hint and exit code 1,
// instead of Go's panic message and stack trace (see package crash). Use it as
// `defer recoverCrash(ios, &code)`. Goroutines that commands start defer crash.Recover and
// hand their panics back as errors.
func recoverCrash(ios *iostreams.IOStreams, code *int) {
	if r := recover(); r == nil {
		return
	}
	printError(ios, &crash.Error{Where: crash.Where()})
	*code = cmdutil.ExitError
}
