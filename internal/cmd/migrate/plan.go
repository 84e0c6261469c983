package migrate

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/awsso/awsso/internal/awsconfig"
)

// group is the legacy profiles of one start URL and region, and the session they move to.
type group struct {
	StartURL string // as the first profile writes it
	Region   string
	Session  string
	New      bool // the session section must be written
	Profiles []string
}

// defaultScopes are the registration scopes of a new session, as the AWS CLI's wizard writes
// them: they give the session a refresh token.
const defaultScopes = "sso:account:access"

type groupKey struct{ url, region string }

// plan finds the legacy profiles of the config file d and the session each moves to: an
// existing sso-session with the same start URL and region, else a new one named after the
// start URL's subdomain, made unique.
func plan(d *awsconfig.Document) []*group {
	taken := map[string]bool{}
	existing := map[groupKey]string{}
	var profiles []string
	seen := map[string]bool{}
	for _, ref := range d.Sections() {
		kind, name, _ := awsconfig.Classify(ref, false)
		switch {
		case kind == awsconfig.KindSSOSession:
			taken[name] = true
			u, _ := d.Get(ref, awsconfig.KeyStartURL)
			r, _ := d.Get(ref, awsconfig.KeySSORegion)
			if k := (groupKey{normURL(u), r}); u != "" && r != "" && existing[k] == "" {
				existing[k] = name
			}
		case kind == awsconfig.KindProfile && !seen[name]:
			seen[name] = true
			profiles = append(profiles, name)
		}
	}
	var groups []*group
	byKey := map[groupKey]*group{}
	for _, name := range profiles {
		ref := awsconfig.ProfileRef(name)
		if s, _ := d.Get(ref, awsconfig.KeySSOSession); strings.TrimSpace(s) != "" {
			continue
		}
		u, _ := d.Get(ref, awsconfig.KeyStartURL)
		r, _ := d.Get(ref, awsconfig.KeySSORegion)
		if u == "" || r == "" {
			continue
		}
		k := groupKey{normURL(u), r}
		g := byKey[k]
		if g == nil {
			g = &group{StartURL: u, Region: r, Session: existing[k]}
			if g.Session == "" {
				g.Session, g.New = uniqueName(SessionName(u), r, taken), true
				taken[g.Session] = true
			}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.Profiles = append(g.Profiles, name)
	}
	return groups
}

// apply rewrites the profiles of groups and appends the new sessions.
func apply(d *awsconfig.Document, groups []*group) error {
	for _, g := range groups {
		for _, name := range g.Profiles {
			ref := awsconfig.ProfileRef(name)
			if err := d.Set(ref, awsconfig.KeySSOSession, g.Session); err != nil {
				return err
			}
			d.Delete(ref, awsconfig.KeyStartURL)
			d.Delete(ref, awsconfig.KeySSORegion)
		}
	}
	for _, g := range groups {
		if !g.New {
			continue
		}
		ref := awsconfig.SSOSessionRef(g.Session)
		for _, kv := range [][2]string{{awsconfig.KeyStartURL, g.StartURL}, {awsconfig.KeySSORegion, g.Region}, {awsconfig.KeyScopes, defaultScopes}} {
			if err := d.Set(ref, kv[0], kv[1]); err != nil {
				return err
			}
		}
	}
	return nil
}

// normURL compares start URLs as users write them: case of the host, a trailing "/" or "#/"
// do not matter.
func normURL(s string) string {
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(s), "#/"), "/")
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		u.Host = strings.ToLower(u.Host)
		u.Scheme = strings.ToLower(u.Scheme)
		return u.String()
	}
	return s
}

// SessionName derives a session name from a start URL: the first label of its host
// ("https://my-company.awsapps.com/start" -> "my-company", "https://d-1234567890.awsapps.com/start"
// -> "d-1234567890"), lower-cased and cut to letters, digits, '-' and '_'; "sso" when nothing
// is left.
func SessionName(startURL string) string {
	host := startURL
	if u, err := url.Parse(strings.TrimSpace(startURL)); err == nil && u.Host != "" {
		host = u.Hostname()
	} else if i := strings.Index(host, "://"); i >= 0 {
		host = host[i+3:]
	}
	if i := strings.IndexAny(host, "./:?#"); i >= 0 {
		host = host[:i]
	}
	var b strings.Builder
	for _, r := range strings.ToLower(host) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
			b.WriteRune(r)
		}
	}
	name := strings.Trim(b.String(), "-_")
	if name == "" {
		return "sso"
	}
	return name
}

// uniqueName returns base when no session has that name, else base-REGION, else base-2, -3...
func uniqueName(base, region string, taken map[string]bool) string {
	if !taken[base] {
		return base
	}
	if n := base + "-" + region; awsconfig.ValidName(n) && !taken[n] {
		return n
	}
	for i := 2; ; i++ {
		if n := base + "-" + strconv.Itoa(i); !taken[n] {
			return n
		}
	}
}
