package creds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/session"
)

// Margin: cached credentials are used while more than this remains, as the AWS CLI does.
const Margin = 15 * time.Minute

// DefaultLockWait bounds the wait for another process fetching the same role. It outlasts the
// session's own wait (session.DefaultLockWait), so that a waiter hears the fetcher's verdict,
// such as "log in", rather than a timeout of its own.
const DefaultLockWait = session.DefaultLockWait + 15*time.Second

// Role names the credentials to get: a role in an account, through a session.
type Role struct {
	Target    session.Target
	AccountID string
	RoleName  string
}

// Key is the credential cache key of the role.
func (r Role) Key() string {
	return Key(r.AccountID, r.RoleName, r.Target.Session, r.Target.StartURL)
}

// Provider hands out role credentials.
type Provider struct {
	Cache    Cache
	Sessions *session.Manager
	// Portal returns the portal client for the session's region; called only on a cache miss.
	Portal   func(t session.Target) (portal.API, error)
	Now      func() time.Time
	LockWait time.Duration
	// MinValid is how much time cached credentials must have left to be used (Margin when
	// zero).
	MinValid time.Duration
	// Debug hears, one line each, why a call waits or goes on with the cached credentials
	// (nil: silent).
	Debug io.Writer
}

// Timing of the path that still holds usable credentials, but fewer than Margin: it may
// renew them, but it never waits long for that, since it can go on with what it has.
const (
	// usableMargin: cached credentials with less than this left are not handed out.
	usableMargin = time.Minute
	// usableLockWait bounds the wait for another process renewing the same credentials.
	usableLockWait = 2 * time.Second
	// usableFetchWait bounds the portal call that renews them.
	usableFetchWait = 5 * time.Second
)

// Cached returns the cached credentials of r when more than MinValid remains, without any
// network or lock: the hot path of credential-process.
func (p *Provider) Cached(r Role) (*Credentials, bool) {
	margin := p.MinValid
	if margin <= 0 {
		margin = Margin
	}
	return p.cachedWith(r, margin)
}

func (p *Provider) cachedWith(r Role, margin time.Duration) (*Credentials, bool) {
	c, ok := p.Cache.Load(r.Key())
	if !ok || !c.Valid(p.Now(), margin) {
		return nil, false
	}
	if c.AccountID == "" {
		c.AccountID = r.AccountID
	}
	return c, true
}

// Get returns credentials for r: cached ones while more than MinValid remains, else fresh ones
// from the portal (refreshing the session's token if needed), then cached. Processes asking for
// the same role at once make one portal call: they queue on the cache file's lock and reread.
// While the cached credentials still have more than a minute, nothing waits long: a busy lock
// (2 s) or a portal that fails or is slow (5 s) leaves the caller with the cached ones.
func (p *Provider) Get(ctx context.Context, r Role) (*Credentials, error) {
	if c, ok := p.Cached(r); ok {
		return c, nil
	}
	return p.locked(ctx, r, false)
}

// Refresh returns fresh credentials for r from the portal, whatever the cache holds, and
// caches them; under the cache file's lock, like Get, but never settling for the cached ones.
func (p *Provider) Refresh(ctx context.Context, r Role) (*Credentials, error) {
	return p.locked(ctx, r, true)
}

// locked fetches r's credentials under the cache file's lock: from the cache when another
// process fetched them meanwhile (unless fresh), else from the portal.
func (p *Provider) locked(ctx context.Context, r Role, fresh bool) (*Credentials, error) {
	var usable *Credentials
	if !fresh {
		usable, _ = p.cachedWith(r, usableMargin)
	}
	wait := p.LockWait
	if wait <= 0 {
		wait = DefaultLockWait
	}
	if usable != nil {
		wait = min(wait, usableLockWait)
	}
	path := p.Cache.Path(r.Key())
	lock, err := cachefile.LockWithin(ctx, path, wait, func() {
		p.debugf("%s/%s: another awsso process is getting these credentials; waiting up to %s", r.AccountID, r.RoleName, wait)
	})
	var busy *cachefile.BusyError
	if errors.As(err, &busy) && usable != nil {
		p.debugf("%s/%s: the lock stayed busy for %s; using the cached credentials, valid until %s", r.AccountID, r.RoleName, wait, stamp(usable))
		return usable, nil
	}
	if errors.As(err, &busy) {
		return nil, fmt.Errorf("get the credentials of %s in %s: %w", r.RoleName, r.AccountID, err)
	}
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	if c, ok := p.Cached(r); ok && !fresh {
		return c, nil
	}
	got, err := p.fetch(ctx, r, usable != nil)
	var login *session.LoginRequiredError
	if err != nil && usable != nil && ctx.Err() == nil && !errors.As(err, &login) {
		why := fmt.Sprintf("(%v)", err)
		if errors.Is(err, context.DeadlineExceeded) {
			why = fmt.Sprintf("within %s", usableFetchWait)
		}
		p.debugf("%s/%s: could not renew the credentials %s; using the cached ones, valid until %s", r.AccountID, r.RoleName, why, stamp(usable))
		return usable, nil
	}
	return got, err
}

// fetch gets fresh credentials from the portal, checks them and caches them, whatever the cache
// holds. With bounded set (the caller holds usable credentials) it gives up after
// usableFetchWait, token refresh included.
func (p *Provider) fetch(ctx context.Context, r Role, bounded bool) (*Credentials, error) {
	if bounded {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, usableFetchWait)
		defer cancel()
	}
	tok, err := p.Sessions.Token(ctx, r.Target)
	if err != nil {
		return nil, err
	}
	api, err := p.Portal(r.Target)
	if err != nil {
		return nil, err
	}
	pc, err := portal.RoleCredentials(ctx, api, tok.AccessToken, r.AccountID, r.RoleName)
	if errors.Is(err, portal.ErrUnauthorized) {
		return nil, &session.LoginRequiredError{Target: r.Target, Reason: "the access portal refused the session's token (signed out, revoked or expired)"}
	}
	if err != nil {
		return nil, err
	}
	c := &Credentials{AccessKeyID: pc.AccessKeyID, SecretAccessKey: pc.SecretAccessKey, SessionToken: pc.SessionToken,
		Expiration: pc.Expiration, AccountID: r.AccountID}
	if err := Check(c, fmt.Sprintf("the access portal's credentials for role %s in %s", r.RoleName, r.AccountID), p.Now()); err != nil {
		return nil, err
	}
	if err := p.Cache.Save(r.Key(), c); err != nil {
		return nil, fmt.Errorf("cache credentials: %w", err)
	}
	return c, nil
}

func (p *Provider) debugf(format string, args ...any) {
	if p.Debug != nil {
		fmt.Fprintf(p.Debug, "debug: "+format+"\n", args...)
	}
}

func stamp(c *Credentials) string { return c.Expiration.UTC().Format(time.RFC3339) }
