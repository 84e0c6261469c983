package oidc

// SignInError is a sign-in that did not complete. It ends the command with exit code 2 (not
// logged in) and says what to do.
type SignInError struct {
	msg  string
	hint string
	err  error
}

func (e *SignInError) Error() string {
	if e.err != nil {
		return e.msg + ": " + e.err.Error()
	}
	return e.msg
}

// Unwrap returns the underlying API error, if any.
func (e *SignInError) Unwrap() error { return e.err }

// ExitCode is 2: the user is not logged in.
func (e *SignInError) ExitCode() int { return 2 }

// Hints says what to do next.
func (e *SignInError) Hints() []string { return []string{e.hint} }

// Is matches sign-in errors of the same kind, so callers can test with errors.Is(err, ErrDenied).
func (e *SignInError) Is(target error) bool {
	t, ok := target.(*SignInError)
	return ok && t.msg == e.msg
}

func (e *SignInError) with(err error) *SignInError {
	c := *e
	c.err = err
	return &c
}

// Kinds of failed sign-in.
var (
	ErrDenied = &SignInError{msg: "sign-in was denied in the browser",
		hint: "run the login again and choose Allow on the consent page"}
	ErrCodeExpired = &SignInError{msg: "the sign-in code expired before it was approved",
		hint: "run the login again and approve the request within the time shown"}
	ErrTimeout = &SignInError{msg: "no answer from the browser sign-in",
		hint: "finish the sign-in in the browser sooner, or use --use-device-code to sign in on another device"}
	ErrRefreshRejected = &SignInError{msg: "the session's refresh token was refused",
		hint: "log in again"}
)
