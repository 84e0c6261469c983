package doctor

import (
	"errors"
	"fmt"
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
)

// ssoKeys are the keys that make a profile an IAM Identity Center profile for doctor.
var ssoKeys = []string{awsconfig.KeySSOSession, awsconfig.KeyStartURL, awsconfig.KeySSORegion, awsconfig.KeyAccountID, awsconfig.KeyRoleName}

// checkSSO resolves every profile that has SSO keys and every sso-session, and reports what
// stops them from working: a missing session, keys that disagree, missing keys. Every problem
// at once: values are checkValues' part, so a bad region cannot hide a missing role.
func checkSSO(in *configFiles) []Finding {
	var out []Finding
	for i := range in.cfg.Profiles() {
		p := &in.cfg.Profiles()[i]
		if !hasAny(p.Properties, ssoKeys) || hasHyphenated(p.Properties) {
			continue // checkKeys reports the hyphenated key, the cause of whatever else fails
		}
		for _, err := range in.cfg.SSOProblems(p.Name) {
			at := p.Location
			var nf *awsconfig.SessionNotFoundError
			var conflict *awsconfig.ConflictError
			var mk *awsconfig.MissingKeysError
			switch {
			case errors.As(err, &nf):
				at = p.Lookup(awsconfig.KeySSOSession).Loc()
			case errors.As(err, &conflict):
				at = p.Lookup(conflict.Key).Loc()
			case errors.As(err, &mk):
				if err = profileKeys(mk); err == nil {
					continue // the session's own check reports its missing keys, once
				}
			}
			out = append(out, finding(at, SeverityError, err))
		}
	}
	for i := range in.cfg.SSOSessions() {
		s := &in.cfg.SSOSessions()[i]
		for _, err := range in.cfg.SessionProblems(s.Name) {
			out = append(out, finding(s.Location, SeverityError, err))
		}
	}
	return out
}

// profileKeys returns mk with only the keys missing from the profile, or nil when all of them
// belong in its sso-session.
func profileKeys(mk *awsconfig.MissingKeysError) error {
	var keep []awsconfig.MissingKey
	for _, m := range mk.Missing {
		if m.Section.Type != awsconfig.TypeSSOSession {
			keep = append(keep, m)
		}
	}
	if keep == nil {
		return nil
	}
	return &awsconfig.MissingKeysError{Profile: mk.Profile, Session: mk.Session, Missing: keep}
}

// finding turns an error with hints into a finding at a location.
func finding(at awsconfig.Location, sev Severity, err error) Finding {
	var fix []string
	var h interface{ Hints() []string }
	if errors.As(err, &h) {
		fix = h.Hints()
	}
	return Finding{File: at.File, Line: at.Line, Severity: sev, Problem: err.Error(), Fix: strings.Join(fix, "; ")}
}

// checkLegacy suggests moving legacy profiles (sso_start_url in the profile) to an
// sso-session: one warning per start URL and region, on its first profile.
func checkLegacy(in *configFiles) []Finding {
	type group struct {
		first *awsconfig.Profile
		names []string
	}
	var order []string
	groups := map[string]*group{}
	for i := range in.cfg.Profiles() {
		p := &in.cfg.Profiles()[i]
		if p.Lookup(awsconfig.KeySSOSession) != nil || p.Lookup(awsconfig.KeyStartURL) == nil {
			continue
		}
		startURL, _ := p.Get(awsconfig.KeyStartURL)
		region, _ := p.Get(awsconfig.KeySSORegion)
		key := startURL + "\x00" + region
		if groups[key] == nil {
			groups[key] = &group{first: p}
			order = append(order, key)
		}
		groups[key].names = append(groups[key].names, p.Name)
	}
	var out []Finding
	for _, key := range order {
		g := groups[key]
		startURL, _ := g.first.Get(awsconfig.KeyStartURL)
		who := fmt.Sprintf("profile %s keeps", g.names[0])
		if n := len(g.names); n > 1 {
			who = fmt.Sprintf("%d profiles (%s) keep", n, list(g.names, 4))
		}
		fix := "run 'awsso migrate' to move legacy profiles to an [sso-session]"
		for _, s := range in.cfg.SSOSessions() {
			if u, _ := s.Get(awsconfig.KeyStartURL); u == startURL {
				fix += "; [sso-session " + s.Name + "] already signs in to this URL"
				break
			}
		}
		at := g.first.Lookup(awsconfig.KeyStartURL)
		out = append(out, Finding{File: at.File, Line: at.Line, Severity: SeverityWarning,
			Problem: fmt.Sprintf("%s sso_start_url %s without an sso-session (legacy form): no refresh token, and each start URL signs in on its own", who, startURL),
			Fix:     fix})
	}
	return out
}

// hasHyphenated reports whether props spell an SSO key with hyphens ("sso-session").
func hasHyphenated(props awsconfig.Properties) bool {
	for _, p := range props {
		if strings.HasPrefix(p.Key, "sso-") {
			return true
		}
	}
	return false
}

func hasAny(props awsconfig.Properties, keys []string) bool {
	for _, k := range keys {
		if props.Lookup(k) != nil {
			return true
		}
	}
	return false
}

// list names up to max items: "a, b, c and 2 more".
func list(names []string, max int) string {
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:max], ", "), len(names)-max)
}
