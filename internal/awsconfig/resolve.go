package awsconfig

import (
	"strings"
)

// SSO is the IAM Identity Center configuration of a profile or sso-session.
type SSO struct {
	Profile string // "" when resolved from an sso-session alone
	Session string // the sso-session name; "" for a legacy profile

	StartURL string   // sso_start_url
	Region   string   // sso_region
	Scopes   []string // sso_registration_scopes, split on commas and trimmed; sso-session form only

	AccountID string // sso_account_id
	RoleName  string // sso_role_name

	ClientRegion  string // the profile's region, for the AWS calls made with the role
	UseDeviceCode bool   // sso_use_device_code = true in the profile or the session

	at    Location // the profile's header, for RequireRole's message
	paths Paths
}

// Legacy reports whether the profile keeps sso_start_url and sso_region itself instead of
// naming an sso-session. Legacy profiles log in with the device flow and get no refresh token.
func (s *SSO) Legacy() bool { return s.Session == "" }

// HasRole reports whether the settings name an account and a role, so role credentials can be
// had. A profile may hold only the sign-in settings, enough to log in.
func (s *SSO) HasRole() bool { return s.AccountID != "" && s.RoleName != "" }

// RequireRole returns a *MissingKeysError naming sso_account_id and sso_role_name when the
// settings lack them, for commands that need role credentials rather than a sign-in.
func (s *SSO) RequireRole() error {
	if s.HasRole() {
		return nil
	}
	miss := &MissingKeysError{Profile: s.Profile, Session: s.Session}
	for _, kv := range [][2]string{{KeyAccountID, s.AccountID}, {KeyRoleName, s.RoleName}} {
		if kv[1] == "" {
			m := MissingKey{Key: kv[0]}
			if s.Profile != "" {
				m.Section, m.At = ProfileRef(s.Profile), (&Config{paths: s.paths}).display(s.at)
			}
			miss.Missing = append(miss.Missing, m)
		}
	}
	return miss
}

// The keys of IAM Identity Center settings.
const (
	KeySSOSession    = "sso_session"
	KeyStartURL      = "sso_start_url"
	KeySSORegion     = "sso_region"
	KeyScopes        = "sso_registration_scopes"
	KeyAccountID     = "sso_account_id"
	KeyRoleName      = "sso_role_name"
	KeyUseDeviceCode = "sso_use_device_code"
	KeyRegion        = "region"
)

// ResolveSSO returns the IAM Identity Center settings of profile. A profile with sso_session
// takes sso_start_url, sso_region and sso_registration_scopes from that sso-session; a legacy
// profile holds sso_start_url and sso_region itself. Errors: *ProfileNotFoundError,
// *NotSSOError, *SessionNotFoundError, *ConflictError, *MissingKeysError, *InvalidValueError.
// A profile with one of sso_account_id and sso_role_name must have both.
func (c *Config) ResolveSSO(profile string) (*SSO, error) {
	s := new(SSO)
	if err := c.ReadSSO(profile, s); err != nil {
		return nil, err
	}
	return s, nil
}

// ReadSSO is ResolveSSO into s, which the caller owns: a listing of thousands of profiles
// reads each into an SSO of its own instead of allocating one per profile. s is undefined
// after an error.
func (c *Config) ReadSSO(profile string, s *SSO) error {
	if errs := c.resolve(s, profile, resolveMode{needRole: true}); len(errs) > 0 {
		return errs[0]
	}
	return nil
}

// ResolveSignIn is ResolveSSO for commands that only sign in or list (login, logout, accounts):
// like the AWS CLI's sso login, it needs no account or role, so a profile that names only one
// of them still signs in.
func (c *Config) ResolveSignIn(profile string) (*SSO, error) {
	s := new(SSO)
	if errs := c.resolve(s, profile, resolveMode{}); len(errs) > 0 {
		return nil, errs[0]
	}
	return s, nil
}

// SSOProblems returns every problem ResolveSSO finds in profile's settings, where ResolveSSO
// stops at the first: each key that differs between the profile and its sso-session, and the
// missing keys, after a missing profile or session. It leaves out the checks of values (start
// URL, region names), for a caller that checks them itself: doctor, which must not let a bad
// region hide a missing role. It returns nil when the profile resolves.
func (c *Config) SSOProblems(profile string) []error {
	return c.resolve(new(SSO), profile, resolveMode{needRole: true, problems: true})
}

// SessionProblems is SSOProblems for an sso-session: its missing keys, or
// *SessionNotFoundError.
func (c *Config) SessionProblems(name string) []error {
	_, errs := c.session(name, resolveMode{problems: true})
	return errs
}

// resolveMode says what resolve asks of a profile.
type resolveMode struct {
	needRole bool // one of sso_account_id and sso_role_name needs the other
	problems bool // doctor's mode: no value checks, and every problem wanted, not just the first
}

// first is the error of a resolution in the order ResolveSSO reports them: values, then
// conflicts, then missing keys.
func first(s *SSO, errs []error) (*SSO, error) {
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return s, nil
}

// resolve reads profile's settings into s, or returns its problems: one when the profile or
// its session is missing, else the invalid value (outside problems mode), the conflicts and
// the missing keys.
func (c *Config) resolve(s *SSO, profile string, mode resolveMode) []error {
	p, ok := c.Profile(profile)
	if !ok {
		return []error{&ProfileNotFoundError{Name: profile, Similar: similar(profile, c.ProfileNames()), Files: c.files()}}
	}
	get := func(key string) string { v, _ := p.Get(key); return v }
	sessProp := p.Lookup(KeySSOSession)
	if sessProp != nil && strings.TrimSpace(sessProp.Value) == "" {
		sessProp = nil // "sso_session =" is no session, for botocore and the Go SDK alike
	}
	if sessProp == nil && p.Lookup(KeyStartURL) == nil && p.Lookup(KeyAccountID) == nil && p.Lookup(KeyRoleName) == nil {
		return []error{&NotSSOError{Profile: profile, At: c.display(p.Location), Lacks: []string{KeySSOSession, KeyStartURL, KeyAccountID, KeyRoleName}}}
	}
	*s = SSO{
		Profile:       profile,
		AccountID:     get(KeyAccountID),
		RoleName:      get(KeyRoleName),
		ClientRegion:  get(KeyRegion),
		UseDeviceCode: isTrue(get(KeyUseDeviceCode)),
		at:            p.Location,
		paths:         c.paths,
	}
	ref := ProfileRef(profile)
	var missing []MissingKey // the error is made only when a key is missing
	need := func(key, value string, sec SectionRef, at Location) {
		if value == "" {
			missing = append(missing, MissingKey{Key: key, Section: sec, At: c.display(at)})
		}
	}
	var errs []error
	if sessProp != nil {
		name := strings.TrimSpace(sessProp.Value)
		sess, ok := c.SSOSession(name)
		if !ok {
			return []error{&SessionNotFoundError{Profile: profile, Session: name, At: c.display(sessProp.Loc()), Similar: similar(name, c.sessionNames())}}
		}
		missing = c.fromSession(s, sess, missing)
		if err := c.sessionValueError(mode, sess); err != nil {
			errs = append(errs, err)
		} else {
			errs = c.valueErrors(errs, mode, p.Properties)
		}
		errs = append(errs, c.conflicts(p, sess)...)
	} else {
		errs = c.valueErrors(errs, mode, p.Properties)
		s.StartURL, s.Region = get(KeyStartURL), get(KeySSORegion)
		need(KeyStartURL, s.StartURL, ref, p.Location)
		need(KeySSORegion, s.Region, ref, p.Location)
	}
	if mode.needRole && (s.AccountID != "" || s.RoleName != "") { // one without the other; neither is a sign-in-only profile
		need(KeyAccountID, s.AccountID, ref, p.Location)
		need(KeyRoleName, s.RoleName, ref, p.Location)
	}
	if len(missing) > 0 {
		errs = append(errs, &MissingKeysError{Profile: profile, Session: s.Session, Missing: missing})
	}
	return errs
}

// valueErrors appends the first value checkValues refuses in props, except in problems mode.
func (c *Config) valueErrors(errs []error, mode resolveMode, props ...Properties) []error {
	if mode.problems {
		return errs
	}
	if err := c.checkValues(props...); err != nil {
		return append(errs, err)
	}
	return errs
}

// sessionValueError is valueErrors of an sso-session's own properties, checked once per Config.
func (c *Config) sessionValueError(mode resolveMode, sess *SSOSession) error {
	if mode.problems {
		return nil
	}
	if v, ok := c.sessionChecks.Load(sess.Name); ok {
		err, _ := v.(error)
		return err
	}
	err := c.checkValues(sess.Properties)
	c.sessionChecks.Store(sess.Name, err)
	return err
}

// conflicts returns a *ConflictError for each of sso_start_url and sso_region that the profile
// sets to another value than its sso-session.
func (c *Config) conflicts(p *Profile, sess *SSOSession) []error {
	var errs []error
	for _, key := range []string{KeyStartURL, KeySSORegion} {
		pv, sv := p.Lookup(key), sess.Lookup(key)
		if pv != nil && sv != nil && pv.Value != sv.Value {
			errs = append(errs, &ConflictError{Profile: p.Name, Session: sess.Name, Key: key, ProfileValue: pv.Value, SessionValue: sv.Value,
				ProfileAt: c.display(pv.Loc()), SessionAt: c.display(sv.Loc())})
		}
	}
	return errs
}

// ResolveSession returns the settings of an sso-session on its own (for --sso-session): no
// profile, account or role. Errors: *SessionNotFoundError, *MissingKeysError,
// *InvalidValueError.
func (c *Config) ResolveSession(name string) (*SSO, error) {
	return first(c.session(name, resolveMode{}))
}

func (c *Config) session(name string, mode resolveMode) (*SSO, []error) {
	sess, ok := c.SSOSession(name)
	if !ok {
		return nil, []error{&SessionNotFoundError{Session: name, Similar: similar(name, c.sessionNames())}}
	}
	s := &SSO{}
	missing := c.fromSession(s, sess, nil)
	errs := c.valueErrors(nil, mode, sess.Properties)
	if len(missing) > 0 {
		errs = append(errs, &MissingKeysError{Session: name, Missing: missing})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return s, nil
}

// fromSession fills s from an sso-session and returns missing with the session's missing keys
// added.
func (c *Config) fromSession(s *SSO, sess *SSOSession, missing []MissingKey) []MissingKey {
	s.Session = sess.Name
	s.StartURL, _ = sess.Get(KeyStartURL)
	s.Region, _ = sess.Get(KeySSORegion)
	if v, ok := sess.Get(KeyScopes); ok {
		s.Scopes = SplitScopes(v)
	}
	if v, _ := sess.Get(KeyUseDeviceCode); isTrue(v) {
		s.UseDeviceCode = true
	}
	for _, kv := range [][2]string{{KeyStartURL, s.StartURL}, {KeySSORegion, s.Region}} {
		if kv[1] == "" {
			missing = append(missing, MissingKey{Key: kv[0], Section: SSOSessionRef(sess.Name), At: c.display(sess.Location)})
		}
	}
	return missing
}

// SplitScopes splits sso_registration_scopes on commas, trimming each and dropping empty ones.
func SplitScopes(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func isTrue(v string) bool { return strings.EqualFold(strings.TrimSpace(v), "true") }

func (c *Config) sessionNames() []string {
	names := make([]string, len(c.sessions))
	for i := range c.sessions {
		names[i] = c.sessions[i].Name
	}
	return names
}

// files names the two files for messages.
func (c *Config) files() string {
	if c.paths.Config == "" && c.paths.Credentials == "" {
		return "the config or credentials file"
	}
	return c.paths.Display(c.paths.Config) + " or " + c.paths.Display(c.paths.Credentials)
}
