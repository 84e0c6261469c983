package emulator

import (
	"context"
	"math/rand/v2"
	"net/http"
	"time"
)

// Faults are the failures the emulator injects into API calls (OIDC, portal and STS; never
// into the pages or the /_emulator endpoints).
type Faults struct {
	// Latency is added to every API call.
	Latency time.Duration
	// ErrorRate is the fraction of API calls, from 0 to 1, that fail with a retryable 500
	// InternalServerException (InternalFailure for STS).
	ErrorRate float64
	// Throttle is how many requests per second the portal APIs accept before answering 429
	// TooManyRequestsException; 0 means no limit.
	Throttle float64
}

// SetFaults changes the injected faults while the server runs.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
}

// Faults returns the faults in force.
func (s *Server) Faults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}

// FailNext makes the next n API calls fail with status: 429 (throttled) or 500 (a fault; any
// other status is taken as 500). Tests use it to prove a client retries, deterministically.
func (s *Server) FailNext(n int, status int) {
	if status != http.StatusTooManyRequests {
		status = http.StatusInternalServerError
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failNext = append(s.failNext, status)
	}
}

// injectFault decides whether this API call fails: 429, 500, or 0 for no fault. Only portal
// calls are rate limited, as the issue and AWS's portal quotas have it.
func (s *Server) injectFault(portal bool) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.failNext) > 0 {
		status := s.failNext[0]
		s.failNext = s.failNext[1:]
		return status
	}
	if portal && s.faults.Throttle > 0 && !s.bucket.take(s.now(), s.faults.Throttle) {
		return http.StatusTooManyRequests
	}
	if s.faults.ErrorRate > 0 && rand.Float64() < s.faults.ErrorRate {
		return http.StatusInternalServerError
	}
	return 0
}

// latency is the delay to add to an API call.
func (s *Server) latency() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults.Latency
}

// sleep waits d or until ctx ends, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
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

// tokenBucket is a rate limiter holding up to max(1, rate) tokens, refilled at rate per second.
type tokenBucket struct {
	tokens float64
	last   time.Time
	rate   float64
}

// take spends a token if there is one.
func (b *tokenBucket) take(now time.Time, rate float64) bool {
	burst := max(rate, 1)
	if b.last.IsZero() || b.rate != rate {
		b.tokens, b.last, b.rate = burst, now, rate
	}
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = min(burst, b.tokens+elapsed*rate)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// faultsJSON is Faults on the wire of /_emulator/faults.
type faultsJSON struct {
	LatencyMillis int64   `json:"latencyMillis"`
	ErrorRate     float64 `json:"errorRate"`
	Throttle      float64 `json:"throttle"`
}

func (f faultsJSON) faults() Faults {
	return Faults{Latency: time.Duration(f.LatencyMillis) * time.Millisecond, ErrorRate: f.ErrorRate, Throttle: f.Throttle}
}

func toFaultsJSON(f Faults) faultsJSON {
	return faultsJSON{LatencyMillis: f.Latency.Milliseconds(), ErrorRate: f.ErrorRate, Throttle: f.Throttle}
}
