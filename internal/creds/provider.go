package creds

import (
	"context"
	"errors"
	"fmt"
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
}

// Cached returns the cached credentials of r when more than MinValid remains, without any
// network or lock: the hot path of credential-process.
func (p *Provider) Cached(r Role) (*Credentials, bool) {
	margin := p.MinValid
	if margin <= 0 {
		margin = Margin
	}
	c, ok := p.Cache.Load(r.Key())
	if !ok || !c.Valid(p.Now(), margin) {
		return nil, false
	}
	if c.AccountID == "" {
		c.AccountID = r.AccountID
	}
	return c, true
}

// Get returns credentials for r: cached ones while more than Margin remains, else fresh ones
// from the portal (refreshing the session's token if needed), then cached. Processes asking for
// the same role at once make one portal call: they queue on the cache file's lock and reread.
func (p *Provider) Get(ctx context.Context, r Role) (*Credentials, error) {
	if c, ok := p.Cached(r); ok {
		return c, nil
	}
	return p.locked(ctx, r, false)
}

// Refresh returns fresh credentials for r from the portal, whatever the cache holds, and
// caches them; under the cache file's lock, like Get.
func (p *Provider) Refresh(ctx context.Context, r Role) (*Credentials, error) {
	return p.locked(ctx, r, true)
}

// locked fetches r's credentials under the cache file's lock: from the cache when another
// process fetched them meanwhile (unless fresh), else from the portal.
func (p *Provider) locked(ctx context.Context, r Role, fresh bool) (*Credentials, error) {
	wait := p.LockWait
	if wait <= 0 {
		wait = DefaultLockWait
	}
	lock, err := cachefile.LockWithin(ctx, p.Cache.Path(r.Key()), wait)
	var busy *cachefile.BusyError
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
	return p.fetch(ctx, r)
}

// fetch gets fresh credentials from the portal and caches them, whatever the cache holds.
func (p *Provider) fetch(ctx context.Context, r Role) (*Credentials, error) {
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
	if err := p.Cache.Save(r.Key(), c); err != nil {
		return nil, fmt.Errorf("cache credentials: %w", err)
	}
	return c, nil
}
