package credserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/crash"
	"github.com/awsso/awsso/internal/creds"
)

// Replacement policy.
const (
	// maxLead: credentials are replaced five minutes before they expire, the window in which
	// aws-sdk-go-v2 already treats them as expired and asks again.
	maxLead = 5 * time.Minute
	// noExpiry is how long credentials without an expiry (long-term keys) are served before
	// the Source is asked again: clients need an Expiration (botocore fails without one).
	noExpiry = time.Hour
	// firstRetry and maxRetry bound the wait before a failed replacement is tried again while
	// the credentials in memory are still valid.
	firstRetry = 2 * time.Second
	maxRetry   = time.Minute
)

// replaceLead is how long before expiry credentials that live for life are replaced: five
// minutes, or half their life when they live less than ten minutes, so that short-lived ones
// are served for half their life rather than replaced as soon as they arrive.
func replaceLead(life time.Duration) time.Duration {
	return min(maxLead, life/2)
}

// snapshot is a profile's credentials as served: the response body, encoded once, and when to
// replace them.
type snapshot struct {
	body    []byte
	expires time.Time
	replace time.Time
}

// wireCredentials is the response of the container credentials protocol.
type wireCredentials struct {
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string `json:"SecretAccessKey"`
	Token           string `json:"Token"`
	Expiration      string `json:"Expiration"`
	AccountID       string `json:"AccountId,omitempty"`
}

func newSnapshot(c *creds.Credentials, now time.Time) (*snapshot, error) {
	if c == nil || c.AccessKeyID == "" || c.SecretAccessKey == "" {
		return nil, errors.New("the credentials came without a key")
	}
	expires := c.Expiration
	if expires.IsZero() {
		expires = now.Add(noExpiry)
	}
	if !now.Before(expires) {
		return nil, fmt.Errorf("the credentials came expired (at %s)", expires.UTC().Format(time.RFC3339))
	}
	body, err := json.Marshal(wireCredentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey,
		Token: c.SessionToken, Expiration: expires.UTC().Format(time.RFC3339), AccountID: c.AccountID})
	if err != nil {
		return nil, err
	}
	return &snapshot{body: body, expires: expires, replace: expires.Add(-replaceLead(expires.Sub(now)))}, nil
}

// entry is one profile's credentials and the fetch under way for it.
type entry struct {
	profile string
	snap    atomic.Pointer[snapshot] // read without the lock: the path of nearly every request

	mu      sync.Mutex
	flight  *flight   // the fetch under way, nil when none
	retryAt time.Time // after a failed replacement, no new fetch before this
	backoff time.Duration
	logged  string // the failure last logged, so retries do not repeat it
}

// flight is one call of the Source; every request that needs it waits on done.
type flight struct {
	done chan struct{}
	snap *snapshot
	err  error
}

func (s *Server) entry(profile string) *entry {
	if e, ok := s.entries.Load(profile); ok {
		return e.(*entry)
	}
	e, _ := s.entries.LoadOrStore(profile, &entry{profile: profile})
	return e.(*entry)
}

// credentials returns the snapshot to serve for profile and, for --debug, where it came from.
func (s *Server) credentials(ctx context.Context, profile string) (*snapshot, string, error) {
	e := s.entry(profile)
	if sn := e.snap.Load(); sn != nil && s.opts.Now().Before(sn.replace) {
		return sn, "from memory", nil
	}
	valid, f := s.due(e)
	if f == nil {
		return valid, "from memory (replaced meanwhile, or the replacement waits for its retry)", nil
	}
	if valid != nil {
		t := time.NewTimer(s.opts.ReplaceWait)
		defer t.Stop()
		select {
		case <-f.done:
			if f.err == nil {
				return f.snap, "replaced", nil
			}
		case <-t.C:
		case <-ctx.Done():
		}
		if s.opts.Now().Before(valid.expires) {
			return valid, "from memory (due for replacement, still valid)", nil
		}
	}
	select {
	case <-f.done:
		return f.snap, "fetched", f.err
	case <-ctx.Done():
		return nil, "", ctx.Err()
	}
}

// due is for credentials due for replacement: it returns the ones in memory while they are
// valid, and the fetch to wait for: the one under way, or a new one unless a failed
// replacement is waiting for its retry.
func (s *Server) due(e *entry) (valid *snapshot, f *flight) {
	now := s.opts.Now()
	e.mu.Lock()
	defer e.mu.Unlock()
	valid = e.snap.Load()
	if valid != nil && now.Before(valid.replace) {
		return valid, nil // replaced meanwhile
	}
	if valid != nil && !now.Before(valid.expires) {
		valid = nil
	}
	if e.flight != nil {
		return valid, e.flight
	}
	if valid != nil && now.Before(e.retryAt) {
		return valid, nil
	}
	e.flight = &flight{done: make(chan struct{})}
	go s.fetch(e, e.flight)
	return valid, e.flight
}

// fetch calls the Source for e and publishes the outcome to e and to everyone waiting on f.
func (s *Server) fetch(e *entry, f *flight) {
	ctx, cancel := context.WithTimeout(s.base, s.opts.FetchTimeout)
	c, err := s.call(ctx, e.profile)
	cancel()
	now := s.opts.Now()
	var sn *snapshot
	if err == nil {
		sn, err = newSnapshot(c, now)
	}
	e.mu.Lock()
	if err == nil {
		e.snap.Store(sn)
		e.backoff, e.retryAt = 0, time.Time{}
	} else {
		e.backoff = min(max(2*e.backoff, firstRetry), maxRetry)
		e.retryAt = now.Add(e.backoff)
	}
	f.snap, f.err = sn, err
	e.flight = nil
	// A fetch ended by shutdown is no news, and a name that is no profile the client's mistake.
	var notFound *awsconfig.ProfileNotFoundError
	logLine := e.noteOutcome(err) && s.base.Err() == nil && !errors.As(err, &notFound)
	backoff := e.backoff
	e.mu.Unlock()

	if errors.As(err, &notFound) && e.snap.Load() == nil {
		s.entries.CompareAndDelete(e.profile, e) // no memory kept for names that are no profile
	}
	// Logged before the waiters go on, so that a line about a fetch comes before what they say.
	if logLine {
		s.logf("profile %s: %s", e.profile, message(err))
	}
	if err != nil {
		s.debugf("profile %s: fetch failed; next try after %s", e.profile, backoff)
	} else {
		s.debugf("profile %s: credentials until %s, to be replaced from %s", e.profile,
			sn.expires.UTC().Format(time.RFC3339), sn.replace.UTC().Format(time.RFC3339))
	}
	close(f.done)
}

// noteOutcome records a fetch's outcome for the log, under e.mu, and reports whether to log
// it: each distinct failure once, until a success.
func (e *entry) noteOutcome(err error) bool {
	if err == nil {
		e.logged = ""
		return false
	}
	msg := message(err)
	if msg == e.logged {
		return false
	}
	e.logged = msg
	return true
}

// call runs the Source, turning a panic into an error that carries no value.
func (s *Server) call(ctx context.Context, profile string) (c *creds.Credentials, err error) {
	defer crash.Recover(&err)
	return s.source(ctx, profile)
}
