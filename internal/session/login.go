package session

import (
	"context"
	"errors"
	"fmt"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/fsutil"
	"github.com/awsso/awsso/internal/oidc"
	"github.com/awsso/awsso/internal/tokencache"
)

// SignIn runs one sign-in flow with a client and returns the new token.
type SignIn func(ctx context.Context, c *oidc.Client) (*tokencache.Token, error)

// LoginOptions tune Login.
type LoginOptions struct {
	// ReuseFresh: when another process logs the target in while this one waits for the lock,
	// use its token instead of signing in again (for processes that merely need a login).
	ReuseFresh bool
	// Waiting is called when another process holds the lock, before waiting for it.
	Waiting func()
}

// Login signs t in with run under the token's lock and saves the token. It reports whether
// the token came from another process's concurrent login (only with ReuseFresh).
func (m *Manager) Login(ctx context.Context, t Target, run SignIn, o LoginOptions) (*tokencache.Token, bool, error) {
	path := m.Cache.TokenPath(t.Session, t.StartURL)
	before, _ := m.Cached(t)
	lock, err := m.acquireNotifying(ctx, path, o.Waiting)
	if err != nil {
		return nil, false, err
	}
	defer lock.Release()
	if o.ReuseFresh {
		if now, _ := m.Cached(t); now != nil && now.Valid(m.Now(), RefreshWindow) &&
			(before == nil || now.AccessToken != before.AccessToken) {
			return now, true, nil
		}
	}
	client, err := m.OIDC(t)
	if err != nil {
		return nil, false, err
	}
	tok, err := run(ctx, client)
	if err != nil {
		return nil, false, err
	}
	if err := m.Cache.SaveToken(t.Session, t.StartURL, tok); err != nil {
		return nil, false, fmt.Errorf("save token: %w", err)
	}
	return tok, false, nil
}

// acquireNotifying takes the lock, calling waiting first when it is held elsewhere.
func (m *Manager) acquireNotifying(ctx context.Context, path string, waiting func()) (*fsutil.Lock, error) {
	quick, cancel := context.WithTimeout(ctx, 0)
	lock, err := cachefile.Lock(quick, path)
	cancel()
	var unsafe *fsutil.UnsafePathError
	if err == nil || errors.As(err, &unsafe) {
		return lock, err
	}
	if waiting != nil {
		waiting()
	}
	lock, err = cachefile.Lock(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("wait for another awsso login: %w", err)
	}
	return lock, nil
}
