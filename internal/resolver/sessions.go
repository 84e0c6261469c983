package resolver

import (
	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/creds"
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
	// Chains are the profiles whose role chain starts with this sign-in, each as
	// Profile.String describes it ("prod-admin -> hub (sso-session corp)"), in config order.
	Chains []*Profile
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
		if hasAssumeRole(&p) {
			if chain, err := Resolve(cfg, p.Name, Options{Explicit: true}); err == nil && chain.Root().SSO != nil {
				sso := chain.Root().SSO
				i := sessionIndex(&out, byKey, sso)
				out[i].Chains = append(out[i].Chains, chain)
			}
		}
		sso, err := cfg.ResolveSSO(p.Name)
		if err != nil {
			continue
		}
		i := sessionIndex(&out, byKey, sso)
		out[i].Profiles = append(out[i].Profiles, p.Name)
		if sso.HasRole() {
			out[i].Roles = append(out[i].Roles, RoleOf(sso))
		}
	}
	return out
}

// sessionIndex returns the index in out of the sign-in of sso, adding it when it is new.
func sessionIndex(out *[]ConfiguredSession, byKey map[string]int, sso *awsconfig.SSO) int {
	key := tokencache.TokenKey(sso.Session, sso.StartURL)
	i, ok := byKey[key]
	if !ok {
		i = len(*out)
		byKey[key] = i
		*out = append(*out, ConfiguredSession{SSO: sso})
	}
	return i
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
// network call ("valid 7h", "valid 12m (refresh refused)", "refreshable", "expired: run awsso
// login --sso-session corp", "not logged in", "unreadable"; see session.State.Short). Each call
// reads the token file: the listing asks once per session.
func (r *Resolver) TokenState() func(*awsconfig.SSO) string {
	sessions := r.Sessions(Client{})
	now := r.now()
	return func(s *awsconfig.SSO) string { return sessions.State(TargetOf(s)).Short(now) }
}
