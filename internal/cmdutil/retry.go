package cmdutil

import (
	"fmt"
	"time"

	"github.com/awsso/awsso/internal/awsclient"
)

// retryNotice returns what the SDK clients call before each retry: on a terminal, a line on
// stderr that says what awsso is waiting for ("waiting: ListAccounts throttled, retrying in
// 1.3s (attempt 2 of 10)"); elsewhere nothing, so scripts and the tools that run
// credential-process see only the outcome. Calls from concurrent requests (populate) print
// at most one line a second.
func (f *Factory) retryNotice() func(awsclient.Retry) {
	if !f.IOStreams.IsStderrTTY() {
		return nil
	}
	return func(r awsclient.Retry) {
		now := time.Now()
		f.retryMu.Lock()
		defer f.retryMu.Unlock()
		if !f.retryLast.IsZero() && now.Sub(f.retryLast) < time.Second {
			return
		}
		f.retryLast = now
		// \r and erase-line: a progress line being drawn is replaced, not run into.
		fmt.Fprintf(f.IOStreams.ErrOut, "\r\x1b[K%s\n", f.IOStreams.ColorSchemeErr().Yellow(r.String()))
	}
}
