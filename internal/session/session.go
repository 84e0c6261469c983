package session

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/fsutil"
	"github.com/awsso/awsso/internal/oidc"
	"github.com/awsso/awsso/internal/tokencache"
)

// Timing of the token life cycle.
const (
	// RefreshWindow: a token with less than this left is refreshed (as the AWS CLI does).
	RefreshWindow = 15 * time.Minute
	// RefreshEvery: at most one refresh attempt per session in this time, across processes.
	RefreshEvery = time.Minute
	// DefaultLockWait bounds the wait for another process's refresh or sign-in when the cached
	// token has expired and only that process's result can help.
	DefaultLockWait = 30 * time.Second
	// validTokenLockWait bounds that wait while the cached token is still valid: a refresh
	// takes milliseconds, and a caller that can go on with the old token should not queue
	// behind a sign-in that waits for a browser.
	validTokenLockWait = 2 * time.Second
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
		return "awsso login --sso-session " + shellWord(t.Session)
	case t.Profile != "" && t.Profile != "default":
		return "awsso login --profile " + shellWord(t.Profile)
	default:
		return "awsso login"
	}
}

// shellWord returns s as a POSIX shell reads it literally: as it is when it holds only
// letters, digits and . _ - @ + = , : % /, else in single quotes.
func shellWord(s string) string {
	plain := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-@+=,:%/", r)) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
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
	lock, err := cachefile.LockWithin(ctx, m.Cache.TokenPath(t.Session, t.StartURL), wait)
	var busy *cachefile.BusyError
	if errors.As(err, &busy) {
		if tok.Valid(m.Now(), 0) {
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
	if !tok.Refreshable(now) || recentAttempt(lock, now) {
		return m.stillValid(t, tok, nil)
	}
	if err := lock.SetState([]byte(attemptPrefix + strconv.FormatInt(now.Unix(), 10))); err != nil {
		return nil, fmt.Errorf("record refresh attempt: %w", err)
	}
	client, err := m.OIDC(t)
	if err != nil {
		return nil, err
	}
	fresh, err := client.Refresh(ctx, t.Params(), tok)
	if err != nil {
		return m.stillValid(t, tok, err)
	}
	if err := m.Cache.SaveToken(t.Session, t.StartURL, fresh); err != nil {
		return nil, fmt.Errorf("save refreshed token: %w", err)
	}
	return fresh, nil
}

// stillValid returns tok when it has not expired yet (a failed or skipped refresh leaves a valid
// token in place); otherwise the user must log in, or, when the refresh failed for a reason
// other than refusal (the network), that failure is the error.
func (m *Manager) stillValid(t Target, tok *tokencache.Token, refreshErr error) (*tokencache.Token, error) {
	if tok.Valid(m.Now(), 0) {
		return tok, nil
	}
	if refreshErr != nil && !errors.Is(refreshErr, oidc.ErrRefreshRejected) {
		return nil, fmt.Errorf("%s expired and could not be refreshed: %w", t.String(), refreshErr)
	}
	reason := expiredReason(tok.ExpiresAt)
	if refreshErr != nil {
		// The refusal itself (InvalidGrant...) says nothing the user can act on beyond logging
		// in, and its SDK text would bury the hint; --debug shows the 400.
		reason += " and its refresh token was refused"
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

// attemptPrefix starts the lock file's record of the last refresh attempt. The record is
// deliberately not JSON: the AWS CLI's logout reads every file of the cache folder as JSON and
// fails on a bare number.
const attemptPrefix = "last refresh attempt: "

// recentAttempt reports whether a refresh was tried less than RefreshEvery ago, by any process.
func recentAttempt(lock *fsutil.Lock, now time.Time) bool {
	state, err := lock.State()
	if err != nil || len(state) == 0 {
		return false
	}
	last, err := strconv.ParseInt(strings.TrimPrefix(string(state), attemptPrefix), 10, 64)
	if err != nil {
		return false
	}
	since := now.Sub(time.Unix(last, 0))
	return since >= 0 && since < RefreshEvery
}
