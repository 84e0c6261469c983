package populate

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/sso"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/portal"
)

// pacer spaces requests to the rate the portal accepts, which it learns from throttling (429
// TooManyRequestsException): no limit until the first 429, then the successes of the last
// second (a margin below them cost a small organisation a quarter of its run, and the cuts
// below correct an overshoot within a second or two); each later 429 lowers the rate by 15% (at most once per cut window, since the
// requests in flight are refused together), and every success raises it by 1/rate, about one
// request a second per second (additive increase, multiplicative decrease). A 429 before any
// success only pauses every worker, 100 ms doubling up to 2 s.
type pacer struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu      sync.Mutex
	rate    float64 // requests a second; 0: no limit yet
	next    time.Time
	recent  []time.Time // successes in the last second
	lastCut time.Time
	pause   time.Duration // the next pause when a 429 comes before anything was learned
}

// cutWindow is the least time between two cuts of the rate.
const cutWindow = 500 * time.Millisecond

func newPacer(now func() time.Time) *pacer {
	return &pacer{now: now, sleep: awsclient.Sleep}
}

// wait returns when the next request may go.
func (p *pacer) wait(ctx context.Context) error {
	p.mu.Lock()
	now := p.now()
	at := now
	if p.next.After(now) {
		at = p.next
	}
	if p.rate > 0 {
		p.next = at.Add(time.Duration(float64(time.Second) / p.rate))
	}
	p.mu.Unlock()
	return p.sleep(ctx, at.Sub(now))
}

func (p *pacer) success() {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	p.recent = append(p.recent, now)
	i := 0
	for i < len(p.recent) && now.Sub(p.recent[i]) > time.Second {
		i++
	}
	p.recent = p.recent[i:]
	if p.rate > 0 {
		p.rate += 1 / p.rate
	}
}

func (p *pacer) throttled() {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	switch {
	case p.rate == 0 && len(p.recent) >= 2:
		p.rate = float64(len(p.recent))
	case p.rate == 0: // refused before anything succeeded: nothing to learn from yet, so back off
		if !p.next.After(now) { // the requests refused together double the pause once
			p.pause = min(max(2*p.pause, 100*time.Millisecond), 2*time.Second)
			p.next = now.Add(p.pause)
		}
		return
	case now.Sub(p.lastCut) < cutWindow:
		return
	default:
		p.rate = max(p.rate*0.85, 1)
	}
	p.lastCut = now
	p.next = now.Add(time.Duration(float64(time.Second) / p.rate))
}

// Rate is the current pace, for --debug.
func (p *pacer) Rate() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rate
}

// maxThrottles bounds how often one request is refused for the rate before populate gives up:
// far more than pacing ever needs, so only a portal that refuses everything ends the run.
const maxThrottles = 50

// pacedAPI sends the list calls through a pacer and retries those the portal throttles; the
// SDK's own retryer still retries other transient failures (5xx, network), but not throttling,
// which only the pacer can slow down for every worker at once.
type pacedAPI struct {
	portal.API
	p *pacer
}

func (a pacedAPI) ListAccounts(ctx context.Context, in *sso.ListAccountsInput, optFns ...func(*sso.Options)) (*sso.ListAccountsOutput, error) {
	return paced(ctx, a.p, func() (*sso.ListAccountsOutput, error) {
		return a.API.ListAccounts(ctx, in, append(optFns, noThrottleRetries)...)
	})
}

func (a pacedAPI) ListAccountRoles(ctx context.Context, in *sso.ListAccountRolesInput, optFns ...func(*sso.Options)) (*sso.ListAccountRolesOutput, error) {
	return paced(ctx, a.p, func() (*sso.ListAccountRolesOutput, error) {
		return a.API.ListAccountRoles(ctx, in, append(optFns, noThrottleRetries)...)
	})
}

func paced[T any](ctx context.Context, p *pacer, call func() (T, error)) (T, error) {
	for n := 0; ; n++ {
		var zero T
		if err := p.wait(ctx); err != nil {
			return zero, err
		}
		out, err := call()
		if err == nil {
			p.success()
			return out, nil
		}
		if !isThrottle(err) || n >= maxThrottles {
			if isThrottle(err) {
				err = fmt.Errorf("the portal refused %d attempts in a row for its rate limit: %w", n+1, err)
			}
			return zero, err
		}
		p.throttled()
	}
}

var throttles = retry.IsErrorThrottles(retry.DefaultThrottles)

func isThrottle(err error) bool {
	return err != nil && !errors.Is(err, context.Canceled) && throttles.IsErrorThrottle(err) == aws.TrueTernary
}

// noThrottleRetries keeps the client's retryer but stops it retrying throttled calls.
func noThrottleRetries(o *sso.Options) {
	if r, ok := o.Retryer.(aws.RetryerV2); ok {
		o.Retryer = throttleFails{r}
	}
}

type throttleFails struct{ aws.RetryerV2 }

func (r throttleFails) IsErrorRetryable(err error) bool {
	return !isThrottle(err) && r.RetryerV2.IsErrorRetryable(err)
}
