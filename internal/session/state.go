package session

import (
	"fmt"
	"time"

	"github.com/awsso/awsso/internal/tokencache"
)

// StateKind is what the cache holds for a session, as status and profiles show it.
type StateKind string

// The states of a session's token.
const (
	// StateValid: the access token has not expired.
	StateValid StateKind = "valid"
	// StateRefreshable: the access token expired but the next command refreshes it.
	StateRefreshable StateKind = "refreshable"
	// StateExpired: the token expired and cannot be refreshed; a login is needed.
	StateExpired StateKind = "expired"
	// StateNotLoggedIn: no token file.
	StateNotLoggedIn StateKind = "not logged in"
	// StateUnreadable: the token file is corrupt or partial (a login repairs it).
	StateUnreadable StateKind = "unreadable"
)

// State describes a session's cached token without any network call.
type State struct {
	Kind StateKind
	// ExpiresAt is when the access token expires (zero without a token).
	ExpiresAt time.Time
	// RefreshableUntil is how long awsso can refresh the token: the expiry of the client
	// registration it was issued to (AWS may end the sign-in session sooner). Zero when the
	// token cannot be refreshed (legacy profiles, no refresh token).
	RefreshableUntil time.Time
	// Err says why the file is unreadable.
	Err error
}

// StateOf classifies what LoadToken returned for a target at now. Legacy targets are never
// refreshed, whatever the file holds.
func StateOf(tok *tokencache.Token, err error, legacy bool, now time.Time) State {
	switch {
	case err == tokencache.ErrNotFound: // missing; a corrupt file wraps ErrNotFound too
		return State{Kind: StateNotLoggedIn}
	case err != nil:
		return State{Kind: StateUnreadable, Err: err}
	}
	s := State{Kind: StateExpired, ExpiresAt: tok.ExpiresAt}
	if !legacy && tok.Refreshable(now) {
		s.RefreshableUntil = tok.RegistrationExpiresAt
		s.Kind = StateRefreshable
	}
	if tok.Valid(now, 0) {
		s.Kind = StateValid
	}
	return s
}

// State returns the state of t's cached token at m.Now().
func (m *Manager) State(t Target) State {
	tok, err := m.Cached(t)
	return StateOf(tok, err, t.Legacy(), m.Now())
}

// Short is the state in a few words for a table cell: "valid 7h", "refreshable",
// "expired", "not logged in", "unreadable".
func (s State) Short(now time.Time) string {
	if s.Kind == StateValid {
		return "valid " + Left(s.ExpiresAt.Sub(now))
	}
	return string(s.Kind)
}

// Left formats a remaining duration for people: "3d", "7h", "6h05m", "42m", "<1m".
func Left(d time.Duration) string {
	d = d.Truncate(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case d < time.Minute:
		return "<1m"
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case h >= 48:
		return fmt.Sprintf("%dd", h/24)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%02dm", h, m)
}
