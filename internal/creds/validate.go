package creds

import (
	"fmt"
	"time"
)

// MaxLifetime is the longest AWS gives temporary credentials (GetSessionToken and
// GetFederationToken: 36 hours; role sessions: 12). Credentials said to last longer, or already
// expired, are not what the service meant to send.
const MaxLifetime = 36 * time.Hour

// InvalidError reports credentials from a service that cannot be used as they are: a key
// missing, or an expiration outside the window real credentials have. It is a remote error
// (exit code 3), and nothing is cached.
type InvalidError struct {
	// From names the answer: "the access portal's credentials for role ReadOnly in 111122223333".
	From string
	// Problem says what is wrong: "the secret access key is empty".
	Problem string
	// Clock is set when the expiration is past: the machine's clock may be what is wrong.
	Clock bool
}

func (e *InvalidError) Error() string {
	return fmt.Sprintf("%s cannot be used: %s", e.From, e.Problem)
}

// ExitCode is 3: the service answered wrongly.
func (e *InvalidError) ExitCode() int { return 3 }

// Hints says what to check.
func (e *InvalidError) Hints() []string {
	hints := []string{"try again; if it persists, the service or a proxy between answers wrongly (--debug traces each request)"}
	if e.Clock {
		hints = append([]string{"check this machine's clock: awsso doctor compares it with AWS's"}, hints...)
	}
	return hints
}

// Check returns an *InvalidError, naming the answer as from says, when c cannot be real
// credentials at now: an empty access key id, secret access key or session token, or an
// expiration that is not after now or more than MaxLifetime away.
func Check(c *Credentials, from string, now time.Time) error {
	problem := ""
	switch {
	case c.AccessKeyID == "":
		problem = "the access key id is empty"
	case c.SecretAccessKey == "":
		problem = "the secret access key is empty"
	case c.SessionToken == "":
		problem = "the session token is empty"
	case !c.Expiration.After(now):
		return &InvalidError{From: from, Clock: true, Problem: fmt.Sprintf("they expire at %s, which is not after this machine's time (%s)",
			timeString(c.Expiration), now.UTC().Format(time.RFC3339))}
	case c.Expiration.Sub(now) > MaxLifetime:
		problem = fmt.Sprintf("they expire at %s, more than %s from now: no credentials last that long", timeString(c.Expiration), MaxLifetime)
	default:
		return nil
	}
	return &InvalidError{From: from, Problem: problem}
}

// timeString shows a time of any year, however absurd, without Go's formatting surprises.
func timeString(t time.Time) string {
	if y := t.Year(); y < 1 || y > 9999 {
		return fmt.Sprintf("year %d", y)
	}
	return t.UTC().Format(time.RFC3339)
}
