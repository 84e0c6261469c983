package session

import (
	"testing"
	"time"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/tokencache"
)

func TestStateOf(t *testing.T) {
	reg := t0.Add(30 * 24 * time.Hour)
	tok := func(expires time.Duration, refresh bool) *tokencache.Token {
		tk := &tokencache.Token{AccessToken: "a", ExpiresAt: t0.Add(expires)}
		if refresh {
			tk.ClientID, tk.ClientSecret, tk.RefreshToken, tk.RegistrationExpiresAt = "c", "s", "r", reg
		}
		return tk
	}
	corrupt := &cachefile.CorruptError{Path: "x", Err: tokencache.ErrNotFound}
	tests := []struct {
		name        string
		tok         *tokencache.Token
		err         error
		legacy      bool
		want        StateKind
		wantRefresh bool
		short       string
	}{
		{name: "missing", err: tokencache.ErrNotFound, want: StateNotLoggedIn, short: "not logged in"},
		{name: "corrupt", err: corrupt, want: StateUnreadable, short: "unreadable"},
		{name: "valid with refresh", tok: tok(7*time.Hour+5*time.Minute, true), want: StateValid, wantRefresh: true, short: "valid 7h05m"},
		{name: "valid without refresh", tok: tok(42*time.Minute, false), want: StateValid, short: "valid 42m"},
		{name: "expired refreshable", tok: tok(-time.Hour, true), want: StateRefreshable, wantRefresh: true, short: "refreshable"},
		{name: "expired", tok: tok(-time.Hour, false), want: StateExpired, short: "expired"},
		{name: "legacy is never refreshed", tok: tok(-time.Hour, true), legacy: true, want: StateExpired, short: "expired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := StateOf(tt.tok, tt.err, tt.legacy, t0)
			if s.Kind != tt.want || (!s.RefreshableUntil.IsZero()) != tt.wantRefresh || s.Short(t0) != tt.short {
				t.Errorf("StateOf = %+v (%q), want %s refreshable=%v %q", s, s.Short(t0), tt.want, tt.wantRefresh, tt.short)
			}
		})
	}
}

func TestLeft(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Second: "<1m", -time.Hour: "<1m", 59*time.Minute + 59*time.Second: "59m", time.Hour: "1h",
		8*time.Hour + 5*time.Minute: "8h05m", 47 * time.Hour: "47h", 90 * 24 * time.Hour: "90d",
	} {
		if got := Left(d); got != want {
			t.Errorf("Left(%s) = %q, want %q", d, got, want)
		}
	}
}
