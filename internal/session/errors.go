package session

import (
	"fmt"
	"time"
)

// LoginRequiredError means there is no usable token: the user must log in. It ends a command
// with exit code 2 and the exact login command to run.
type LoginRequiredError struct {
	Target Target
	// Reason says why, e.g. "not logged in" or "the session expired at 2026-11-23 18:00 UTC".
	Reason string
	// Err is an underlying cause, such as an unreadable cache file or a refused refresh.
	Err error
}

func (e *LoginRequiredError) Error() string {
	msg := fmt.Sprintf("%s: %s", e.Target.String(), e.Reason)
	if e.Err != nil {
		msg += " (" + e.Err.Error() + ")"
	}
	return msg
}

// Unwrap returns the underlying cause.
func (e *LoginRequiredError) Unwrap() error { return e.Err }

// ExitCode is 2: not logged in or session expired.
func (e *LoginRequiredError) ExitCode() int { return 2 }

// Hints gives the login command for this session or profile.
func (e *LoginRequiredError) Hints() []string {
	return []string{"run: " + e.Target.LoginCommand()}
}

func expiredReason(at time.Time) string {
	return "the session expired at " + at.UTC().Format("2006-01-02 15:04 UTC")
}
