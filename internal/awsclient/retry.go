package awsclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go/middleware"
)

// Retry is a call about to be tried again after a failure, as Options.OnRetry hears of it
// just before the wait.
type Retry struct {
	// Operation is the API operation, such as ListAccounts.
	Operation string
	// Reason says how the last attempt failed: "throttled", "failed (HTTP 503)", "timed out",
	// "could not connect (connection refused)".
	Reason string
	// Attempt is the attempt about to be made (2 for the first retry) out of MaxAttempts.
	Attempt, MaxAttempts int
	// Delay is the wait before it.
	Delay time.Duration
}

// String is the line a terminal shows: "waiting: ListAccounts throttled, retrying in 1.3s
// (attempt 2 of 10)".
func (r Retry) String() string {
	when := "retrying in " + roundDelay(r.Delay).String()
	if roundDelay(r.Delay) == 0 {
		when = "retrying now"
	}
	return fmt.Sprintf("waiting: %s %s, %s (attempt %d of %d)", r.Operation, r.Reason, when, r.Attempt, r.MaxAttempts)
}

func roundDelay(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(100 * time.Millisecond)
}

// Retry policy. A service that answers with throttling or a server error is tried up to
// DefaultMaxAttempts times: at an error rate of 30% a call then fails once in 170,000. A
// failure to connect (refused, unreachable, DNS, TLS) or a timeout is tried up to
// connectAttempts times, since an endpoint that is down rarely comes back within seconds and
// the user should hear so quickly. Waits are "full jitter" (uniform from 0 to
// min(DefaultMaxBackoff, baseDelay * 2^n)), so processes that fail together retry apart; the
// longest possible run of waits for one call is about 33 s.
const (
	connectAttempts = 3
	baseDelay       = 500 * time.Millisecond
)

// retryer is the SDK's standard retryer (which decides what is retryable) with awsso's policy:
// its own jittered waits, fewer attempts for connection failures, and a report of each retry.
// The SDK asks the retryer for a retry token just before it sleeps, with the operation's
// context, and then for the delay without it; so the wait happens in GetRetryToken, where the
// context, the operation and the attempt are known, and RetryDelay returns 0. A middleware in
// the retry loop counts the attempts of each operation.
type retryer struct {
	aws.RetryerV2
	maxAttempts int
	maxBackoff  time.Duration
	onRetry     func(Retry)
	sleep       func(ctx context.Context, d time.Duration) error
	random      func() float64
}

func newRetryer(maxAttempts int, maxBackoff time.Duration, onRetry func(Retry)) *retryer {
	std := retry.NewStandard(func(so *retry.StandardOptions) {
		so.MaxAttempts = maxAttempts
		so.MaxBackoff = maxBackoff
		// The client-side retry quota would give up during a long burst of faults; the
		// attempt limit and backoff already bound the work.
		so.RateLimiter = ratelimit.None
	})
	return &retryer{RetryerV2: std, maxAttempts: maxAttempts, maxBackoff: maxBackoff, onRetry: onRetry, sleep: Sleep, random: rand.Float64}
}

// callKey holds the *call of one operation in its context (a stack value).
type callKey struct{}

// call counts the attempts of one operation.
type call struct{ attempts int }

// countAttempts gives each operation a *call in its context, and after each attempt marks a
// failure to reach the endpoint as final once it has happened connectAttempts times.
func countAttempts(stack *middleware.Stack) error {
	err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc("AwsssoCountAttempts",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			return next.HandleInitialize(middleware.WithStackValue(ctx, callKey{}, &call{}), in)
		}), middleware.Before)
	if err != nil {
		return err
	}
	// Inside the retry loop: once per attempt.
	return stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc("AwsssoAttempt",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			c := callOf(ctx)
			if c == nil {
				return next.HandleFinalize(ctx, in)
			}
			c.attempts++
			out, md, err := next.HandleFinalize(ctx, in)
			if err != nil && c.attempts >= connectAttempts {
				if _, connection := failure(err); connection {
					err = &unreachable{err}
				}
			}
			return out, md, err
		}), "Retry", middleware.After)
}

func callOf(ctx context.Context) *call {
	c, _ := middleware.GetStackValue(ctx, callKey{}).(*call)
	return c
}

// unreachable marks the last attempt at an endpoint that could not be reached: not retried.
type unreachable struct{ err error }

func (u *unreachable) Error() string { return u.err.Error() }
func (u *unreachable) Unwrap() error { return u.err }

// IsErrorRetryable is the standard retryer's answer, except for an endpoint given up on and
// a certificate that is not trusted (which no retry changes).
func (r *retryer) IsErrorRetryable(err error) bool {
	var (
		u       *unreachable
		verify  *tls.CertificateVerificationError
		unknown x509.UnknownAuthorityError
		host    x509.HostnameError
		invalid x509.CertificateInvalidError
	)
	if errors.As(err, &u) || errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &host) || errors.As(err, &invalid) {
		return false
	}
	return r.RetryerV2.IsErrorRetryable(err)
}

// RetryDelay is 0: GetRetryToken has waited already.
func (r *retryer) RetryDelay(int, error) (time.Duration, error) { return 0, nil }

// GetRetryToken is called after a retryable failure, just before the next attempt: it reports
// the retry and waits.
func (r *retryer) GetRetryToken(ctx context.Context, opErr error) (func(error) error, error) {
	attempts := 1
	if c := callOf(ctx); c != nil {
		attempts = c.attempts
	}
	reason, connection := failure(opErr)
	ceiling := min(r.maxBackoff, baseDelay<<min(attempts-1, 16))
	delay := time.Duration(r.random() * float64(ceiling))
	if r.onRetry != nil {
		limit := r.maxAttempts
		if connection {
			limit = min(connectAttempts, limit)
		}
		r.onRetry(Retry{Operation: awsmiddleware.GetOperationName(ctx), Reason: reason, Attempt: attempts + 1, MaxAttempts: limit, Delay: delay})
	}
	if err := r.sleep(ctx, delay); err != nil {
		return nil, err
	}
	return r.RetryerV2.GetRetryToken(ctx, opErr)
}

var isThrottle = retry.IsErrorThrottles(retry.DefaultThrottles)

// failure says how an attempt failed, and whether it failed to reach the service at all.
func failure(err error) (reason string, connection bool) {
	var (
		respErr *awshttp.ResponseError
		dnsErr  *net.DNSError
		netErr  net.Error
	)
	switch {
	case isThrottle.IsErrorThrottle(err) == aws.TrueTernary:
		return "throttled", false
	case errors.As(err, &respErr) && respErr.HTTPStatusCode() > 0: // 0: no response at all
		return "failed (HTTP " + strconv.Itoa(respErr.HTTPStatusCode()) + ")", false
	case errors.As(err, &dnsErr):
		return "could not connect (cannot resolve " + dnsErr.Name + ")", true
	case errors.Is(err, syscall.ECONNREFUSED):
		return "could not connect (connection refused)", true
	case errors.As(err, &netErr) && netErr.Timeout():
		return "timed out", true
	case errors.Is(err, syscall.ECONNRESET), strings.Contains(err.Error(), "connection reset"):
		return "lost its connection", false
	default:
		return "could not connect", true
	}
}

// Sleep waits for d or until ctx ends, whichever comes first, and returns ctx's error if it
// ended (at once for d <= 0 when it already has).
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
