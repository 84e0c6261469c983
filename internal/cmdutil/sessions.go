package cmdutil

import (
	"context"
	"errors"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/tokencache"
)

// ConfiguredSession is one sign-in the config names: an sso-session, or the start URL of
// legacy profiles (which share one token per start URL), with the profiles that use it.
type ConfiguredSession struct {
	// Name is the sso-session name; "" for a legacy start URL.
	Name string
	// SSO holds the sign-in settings (for a legacy start URL, those of its first profile);
	// nil when the sso-session cannot be resolved.
	SSO *awsconfig.SSO
	// Err is why the sso-session cannot be resolved (a missing sso_start_url, say).
	Err error
	// Profiles sign in through it, in config order.
	Profiles []string
	// Roles are the account and role of each of those profiles that names them.
	Roles []creds.Role
}

// Key is the token cache key of the sign-in.
func (c ConfiguredSession) Key() string {
	if c.SSO == nil {
		return tokencache.TokenKey(c.Name, "")
	}
	return tokencache.TokenKey(c.SSO.Session, c.SSO.StartURL)
}

// ConfiguredSessions lists every sso-session of cfg in config order, then every start URL of
// legacy profiles in order of first use. Profiles that cannot be resolved are left out (doctor
// reports them).
func ConfiguredSessions(cfg *awsconfig.Config) []ConfiguredSession {
	var out []ConfiguredSession
	byKey := map[string]int{}
	for _, s := range cfg.SSOSessions() {
		cs := ConfiguredSession{Name: s.Name}
		cs.SSO, cs.Err = cfg.ResolveSession(s.Name)
		if cs.Err != nil {
			cs.SSO = nil
		}
		byKey[cs.Key()] = len(out)
		out = append(out, cs)
	}
	for _, p := range cfg.Profiles() {
		sso, err := cfg.ResolveSSO(p.Name)
		if err != nil {
			continue
		}
		key := tokencache.TokenKey(sso.Session, sso.StartURL)
		i, ok := byKey[key]
		if !ok {
			i = len(out)
			byKey[key] = i
			out = append(out, ConfiguredSession{SSO: sso})
		}
		out[i].Profiles = append(out[i].Profiles, p.Name)
		if sso.HasRole() {
			out[i].Roles = append(out[i].Roles, resolver.RoleOf(sso))
		}
	}
	return out
}

// FindSession returns the configured sign-in that s logs in to (same token file), and
// whether the config names one.
func FindSession(cfg *awsconfig.Config, s *awsconfig.SSO) (ConfiguredSession, bool) {
	key := tokencache.TokenKey(s.Session, s.StartURL)
	for _, cs := range ConfiguredSessions(cfg) {
		if cs.Key() == key {
			return cs, true
		}
	}
	return ConfiguredSession{SSO: s}, false
}

// TokenState returns the function that gives the profiles command its STATE column: the
// state of the cached token of each profile's session, read from the cache without any
// network call ("valid 7h", "refreshable", "expired", "not logged in", "unreadable").
func (f *Factory) TokenState() func(*awsconfig.SSO) string {
	sessions, err := f.Sessions()
	if err != nil {
		return nil
	}
	now := f.Now()
	seen := map[string]string{}
	return func(s *awsconfig.SSO) string {
		key := tokencache.TokenKey(s.Session, s.StartURL)
		if state, ok := seen[key]; ok {
			return state
		}
		state := sessions.State(resolver.TargetOf(s)).Short(now)
		seen[key] = state
		return state
	}
}

// LoginRequired turns the portal's refusal of a token into the error that says to log in again
// (exit code 2, with the login command).
func LoginRequired(t session.Target) error {
	return &session.LoginRequiredError{Target: t, Reason: "the access portal refused the session's token (signed out, revoked or expired)"}
}

// Remote marks an error from a remote call that carries no exit code of its own (the network,
// an AWS error after retries) as exit code 3 with hints; errors that choose their own exit
// code (not logged in, sign-in denied, config) and interruptions pass through.
func Remote(err error, hints ...string) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	var c ExitCoder
	if errors.As(err, &c) {
		return err
	}
	if explained := Explain(err); explained != err {
		return explained // a network failure, said in one line with what to check
	}
	if len(hints) == 0 {
		hints = []string{"check the network connection and the sso_region of the session; --debug traces each request"}
	}
	return WithHint(err, ExitRemote, hints...)
}

// PortalSession is what the portal commands need: a client for the session's region and a
// valid access token, refreshed if needed.
type PortalSession struct {
	API    portal.API
	Token  string
	Target session.Target
}

// Portal returns a portal client and a valid token for the session of s. No usable token is
// a *session.LoginRequiredError (exit 2 with the login command).
func (f *Factory) Portal(ctx context.Context, s *awsconfig.SSO) (*PortalSession, error) {
	sessions, err := f.Sessions()
	if err != nil {
		return nil, err
	}
	t := resolver.TargetOf(s)
	tok, err := sessions.Token(ctx, t)
	if err != nil {
		return nil, Remote(err)
	}
	api, err := f.PortalClient(t)
	if err != nil {
		return nil, err
	}
	return &PortalSession{API: api, Token: tok.AccessToken, Target: t}, nil
}

// Check turns an error of a portal call into what the user must do: the portal's refusal of
// the token is a *session.LoginRequiredError, other failures are remote errors (exit 3).
func (p *PortalSession) Check(err error) error {
	if errors.Is(err, portal.ErrUnauthorized) {
		return LoginRequired(p.Target)
	}
	return Remote(err)
}

// ProfileOutput is the output key of the profile s was resolved from ("" for an sso-session
// on its own, or when the config cannot be read), for OutputFormat.
func ProfileOutput(config func() (*awsconfig.Config, error), s *awsconfig.SSO) string {
	if s == nil || s.Profile == "" {
		return ""
	}
	cfg, err := config()
	if err != nil {
		return ""
	}
	p, ok := cfg.Profile(s.Profile)
	if !ok {
		return ""
	}
	out, _ := p.Get("output")
	return out
}
