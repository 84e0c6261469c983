package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/oidc"
	"github.com/awsso/awsso/internal/shellquote"
	"github.com/awsso/awsso/internal/tokencache"
)

// Timing of the token life cycle.
const (
	// RefreshWindow: a token with less than this left is refreshed (as the AWS CLI does).
	RefreshWindow = 15 * time.Minute
	// DefaultLockWait bounds the wait for another process's refresh or sign-in when the cached
	// token has expired and only that process's result can help.
	DefaultLockWait = 30 * time.Second
	// validTokenLockWait bounds that wait while the cached token is still valid: a refresh
	// takes milliseconds, and a caller that can go on with the old token should not queue
	// behind a sign-in that waits for a browser.
	validTokenLockWait = 2 * time.Second
	// validTokenRefreshWait bounds a refresh while the cached token is still valid: the caller
	// can go on with the old token, so a slow or unreachable service must not hold it up for
	// the retries a refresh of an expired token deserves.
	validTokenRefreshWait = 5 * time.Second
)

// Target is the token a caller needs: an sso-session, or a legacy profile's start URL.
type Target struct {
	Session  string // "" for a legacy profile
	StartURL string
	Region   string
	Scopes   []string
	// Profile is the profile the caller acts for; the login hint of a legacy profile names it.
	Profile string
}

// Legacy reports whether the target is a legacy profile (no sso-session).
func (t Target) Legacy() bool { return t.Session == "" }

// LoginCommand is the command that logs this target in, ready to paste into a shell: a name
// another tool wrote with shell characters in it is quoted.
func (t Target) LoginCommand() string {
	switch {
	case !t.Legacy():
		return "awsso login --sso-session " + shellquote.POSIX(t.Session)
	case t.Profile != "" && t.Profile != "default":
		return "awsso login --profile " + shellquote.POSIX(t.Profile)
	default:
		return "awsso login"
	}
}

// Params returns the sign-in parameters of the target.
func (t Target) Params() oidc.Params {
	return oidc.Params{Session: t.Session, StartURL: t.StartURL, Region: t.Region, Scopes: t.Scopes}
}

// String names the sign-in for messages: "sso-session corp", or "start URL
// https://d-1234567890.awsapps.com/start" for a legacy profile.
func (t Target) String() string {
	if t.Legacy() {
		return "start URL " + t.StartURL
	}
	return "sso-session " + t.Session
}

// Manager hands out valid tokens.
type Manager struct {
	Cache tokencache.Cache
	// OIDC returns a client for the target's region; it is called only when a refresh or a
	// sign-in needs the network.
	OIDC func(t Target) (*oidc.Client, error)
	Now  func() time.Time
	// LockWait bounds the wait for another process's refresh (DefaultLockWait when zero).
	LockWait time.Duration
	// Debug hears, one line each, why a call waits or goes on without a refresh (nil: silent).
	Debug io.Writer
}

// debugf writes one --debug line.
func (m *Manager) debugf(format string, args ...any) {
	if m.Debug != nil {
		fmt.Fprintf(m.Debug, "debug: "+format+"\n", args...)
	}
}

// Cached returns the cached token of t without refreshing it: ErrNotFound-wrapping errors
// for missing or unreadable files.
func (m *Manager) Cached(t Target) (*tokencache.Token, error) {
	return m.Cache.LoadToken(t.Session, t.StartURL)
}

// Token returns a token for t with more than RefreshWindow left when it can, refreshing it
// if needed. A token that cannot be refreshed but is still valid is returned as is. No usable
// token is a *LoginRequiredError.
func (m *Manager) Token(ctx context.Context, t Target) (*tokencache.Token, error) {
	tok, err := m.Cached(t)
	if err != nil {
		return nil, m.notLoggedIn(t, err)
	}
	now := m.Now()
	if tok.Valid(now, RefreshWindow) {
		return tok, nil
	}
	if t.Legacy() || !tok.Refreshable(now) {
		return m.stillValid(t, tok, nil)
	}
	return m.refreshUnderLock(ctx, t, tok)
}

func (m *Manager) refreshUnderLock(ctx context.Context, t Target, tok *tokencache.Token) (*tokencache.Token, error) {
	wait := m.LockWait
	if wait <= 0 {
		wait = DefaultLockWait
	}
	if tok.Valid(m.Now(), 0) {
		wait = min(wait, validTokenLockWait)
	}
	path := m.Cache.TokenPath(t.Session, t.StartURL)
	lock, err := cachefile.LockWithin(ctx, path, wait, func() {
		m.debugf("%s: another awsso process holds the lock of %s (a refresh or a sign-in); waiting up to %s",
			t.String(), filepath.Base(path), wait)
	})
	var busy *cachefile.BusyError
	if errors.As(err, &busy) {
		if tok.Valid(m.Now(), 0) {
			m.debugf("%s: another awsso process held the token's lock for %s; using the cached token, valid until %s",
				t.String(), wait, tok.ExpiresAt.UTC().Format(time.RFC3339))
			return tok, nil
		}
		return nil, &LoginRequiredError{Target: t, Reason: expiredReason(tok.ExpiresAt), Err: err}
	}
	if err != nil {
		return nil, err
	}
	defer lock.Release()

	// Another process may have refreshed while this one waited.
	tok, err = m.Cached(t)
	if err != nil {
		return nil, m.notLoggedIn(t, err)
	}
	now := m.Now()
	if tok.Valid(now, RefreshWindow) {
		return tok, nil
	}
	if !tok.Refreshable(now) {
		return m.stillValid(t, tok, nil)
	}
	fresh, err := m.refresh(ctx, t, tok)
	if errors.Is(err, oidc.ErrRefreshRejected) {
		m.recordRefusal(t, tok, now)
	}
	if err != nil {
		return m.stillValid(t, tok, err)
	}
	if err := m.Cache.SaveToken(t.Session, t.StartURL, fresh); err != nil {
		return nil, fmt.Errorf("save refreshed token: %w", err)
	}
	return fresh, nil
}

// refresh asks the service for a new token. While the cached one still works the attempt is
// bounded (validTokenRefreshWait): the caller goes on with the old token if it fails.
func (m *Manager) refresh(ctx context.Context, t Target, tok *tokencache.Token) (*tokencache.Token, error) {
	client, err := m.OIDC(t)
	if err != nil {
		return nil, err
	}
	if !tok.Valid(m.Now(), 0) {
		return client.Refresh(ctx, t.Params(), tok)
	}
	bounded, cancel := context.WithTimeout(ctx, validTokenRefreshWait)
	defer cancel()
	fresh, err := client.Refresh(bounded, t.Params(), tok)
	if err != nil && ctx.Err() == nil && !errors.Is(err, oidc.ErrRefreshRejected) {
		m.debugf("%s: refresh failed (%v); using the cached token, valid until %s, and the next command tries again",
			t.String(), err, tok.ExpiresAt.UTC().Format(time.RFC3339))
	}
	return fresh, err
}

// recordRefusal writes into the token file that the service refused its refresh, so that no
// process tries it again and every view of the session says a login is due, until a sign-in
// replaces the file. A tool that takes no lock (the AWS CLI) may have signed in while the
// refresh was under way: a file that holds another token by now is left alone. A failure to
// write only loses the knowledge.
func (m *Manager) recordRefusal(t Target, tok *tokencache.Token, now time.Time) {
	tok.RefreshRefusedAt = now
	if cur, err := m.Cached(t); err != nil || cur.AccessToken != tok.AccessToken {
		return
	}
	if err := m.Cache.SaveToken(t.Session, t.StartURL, tok); err != nil {
		m.debugf("%s: could not record the refused refresh: %v", t.String(), err)
	}
}

// stillValid returns tok when it has not expired yet (a failed or skipped refresh leaves a valid
// token in place); otherwise the user must log in, or, when the refresh failed for a reason
// other than refusal (the network), that failure is the error: nothing is remembered of it, and
// the next command tries again.
func (m *Manager) stillValid(t Target, tok *tokencache.Token, refreshErr error) (*tokencache.Token, error) {
	if tok.Valid(m.Now(), 0) {
		return tok, nil
	}
	if refreshErr != nil && !errors.Is(refreshErr, oidc.ErrRefreshRejected) {
		return nil, fmt.Errorf("%s expired and could not be refreshed: %w", t.String(), refreshErr)
	}
	reason := expiredReason(tok.ExpiresAt)
	if !tok.RefreshRefusedAt.IsZero() {
		// The refusal itself (InvalidGrant...) says nothing the user can act on beyond logging
		// in, and its SDK text would bury the hint; --debug shows the 400.
		reason += " and its refresh was refused at " + tok.RefreshRefusedAt.UTC().Format("2006-01-02 15:04 UTC")
	}
	return nil, &LoginRequiredError{Target: t, Reason: reason}
}

func (m *Manager) notLoggedIn(t Target, err error) error {
	if errors.Is(err, tokencache.ErrNotFound) {
		le := &LoginRequiredError{Target: t, Reason: "not logged in"}
		if err != tokencache.ErrNotFound {
			le.Err = err // say which file was unreadable
		}
		return le
	}
	return err
}
