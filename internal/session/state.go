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
	// StateRefreshable: the access token expired, and the next command that needs it tries a
	// refresh, which works while the organisation's sign-in session lasts.
	StateRefreshable StateKind = "refreshable"
	// StateExpired: the token expired and cannot be refreshed (a legacy profile, no refresh
	// token, an expired client registration, or a refresh the service refused): a login is due.
	StateExpired StateKind = "expired"
	// StateNotLoggedIn: no token file.
	StateNotLoggedIn StateKind = "not logged in"
	// StateUnreadable: the token file is corrupt or partial, or not a file (a login repairs it).
	StateUnreadable StateKind = "unreadable"
)

// RefreshKind says whether a token can be renewed without a sign-in.
type RefreshKind string

// How a token can be renewed.
const (
	// RefreshSession: awsso refreshes it when due, for as long as the organisation's sign-in
	// session lasts. The service tells no client when that is (IAM Identity Center allows 15
	// minutes to 90 days, 8 hours by default); it is at most until the client registration
	// expires, and a refused refresh is how awsso learns it ended.
	RefreshSession RefreshKind = "session"
	// RefreshRefused: the service refused a refresh of this token; it serves until it expires
	// and then a login is due.
	RefreshRefused RefreshKind = "refused"
	// RefreshNone: the token cannot be refreshed (a legacy profile, no refresh token, or a
	// client registration that expired).
	RefreshNone RefreshKind = "none"
)

// State describes a session's cached token without any network call. It claims only what the
// cache file tells: when the access token expires, whether a refresh may work, and when a
// refresh was refused.
type State struct {
	Kind StateKind
	// ExpiresAt is when the access token expires (zero without a token).
	ExpiresAt time.Time
	// Refresh says whether the token can be renewed ("" without a token).
	Refresh RefreshKind
	// RefreshRefusedAt is when the service refused a refresh (Refresh is RefreshRefused).
	RefreshRefusedAt time.Time
	// RegistrationExpiresAt is the latest a refresh could work, the expiry of the client
	// registration (Refresh is RefreshSession). The sign-in session usually ends long before.
	RegistrationExpiresAt time.Time
	// Login is the command that signs in again when one is due (Kind expired, not logged in
	// or unreadable, or a valid token whose refresh was refused), when the target is known.
	Login string
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
	s := State{Kind: StateExpired, ExpiresAt: tok.ExpiresAt, Refresh: RefreshNone}
	switch {
	case !tok.RefreshRefusedAt.IsZero():
		s.Refresh, s.RefreshRefusedAt = RefreshRefused, tok.RefreshRefusedAt
	case !legacy && tok.Refreshable(now):
		s.Refresh, s.RegistrationExpiresAt = RefreshSession, tok.RegistrationExpiresAt
		s.Kind = StateRefreshable
	}
	if tok.Valid(now, 0) {
		s.Kind = StateValid
	}
	return s
}

// StateFor is StateOf for target t, with the command that signs it in again when one is due.
func StateFor(t Target, tok *tokencache.Token, err error, now time.Time) State {
	s := StateOf(tok, err, t.Legacy(), now)
	if s.LoginDue() {
		s.Login = t.LoginCommand()
	}
	return s
}

// LoginDue reports whether only a sign-in helps: no usable token, or one that expired (or will)
// without a refresh.
func (s State) LoginDue() bool {
	return s.Kind == StateExpired || s.Kind == StateNotLoggedIn || s.Kind == StateUnreadable || s.Refresh == RefreshRefused
}

// State returns the state of t's cached token at m.Now().
func (m *Manager) State(t Target) State {
	tok, err := m.Cached(t)
	return StateFor(t, tok, err, m.Now())
}

// Short is the state in a few words for a table cell: "valid 7h", "valid 12m (refresh
// refused)", "refreshable", "expired: run awsso login --sso-session corp", "not logged in",
// "unreadable".
func (s State) Short(now time.Time) string {
	switch {
	case s.Kind == StateValid && s.Refresh == RefreshRefused:
		return "valid " + Left(s.ExpiresAt.Sub(now)) + " (refresh refused)"
	case s.Kind == StateValid:
		return "valid " + Left(s.ExpiresAt.Sub(now))
	case s.Kind == StateExpired && s.Login != "":
		return "expired: run " + s.Login
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
