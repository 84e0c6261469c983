package status

import (
	"strings"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/tokencache"
)

// Sources of a status entry.
const (
	SourceSSOSession = "sso-session" // an [sso-session] of the config
	SourceLegacy     = "legacy"      // the start URL of legacy profiles
	SourceCache      = "cache"       // a token file the config does not name
)

// Entry is one sign-in and the state of its token: the --output json shape.
type Entry struct {
	Source     string `json:"source"`
	SSOSession string `json:"ssoSession,omitempty"`
	StartURL   string `json:"startUrl,omitempty"`
	Region     string `json:"region,omitempty"`
	State      string `json:"state"`
	ExpiresAt  string `json:"expiresAt,omitempty"`
	// Refresh is "session" (refreshed while the organisation's sign-in session lasts),
	// "refused" (the service refused a refresh: a login is due) or "none".
	Refresh          string `json:"refresh,omitempty"`
	RefreshRefusedAt string `json:"refreshRefusedAt,omitempty"`
	// RegistrationExpiresAt bounds a "session" refresh: the client registration's expiry. The
	// sign-in session usually ends first, and no service call tells when.
	RegistrationExpiresAt string   `json:"registrationExpiresAt,omitempty"`
	LoginCommand          string   `json:"loginCommand,omitempty"`
	Profiles              []string `json:"profiles"`
	Chains                []Chain  `json:"chains,omitempty"`
	CacheFile             string   `json:"cacheFile"`
	Problem               string   `json:"problem,omitempty"`

	state session.State
}

// Chain is a profile whose role chain starts with the entry's sign-in.
type Chain struct {
	Profile string `json:"profile"`
	Kind    string `json:"kind"`
	// Path is the chain to its root: "prod-admin -> hub (sso-session corp)".
	Path string `json:"path"`
}

// Output is the --output json and yaml document.
type Output struct {
	Sessions []Entry `json:"sessions"`
}

const timeLayout = "2006-01-02T15:04:05Z"

func collect(cfg *awsconfig.Config, cache tokencache.Cache, now time.Time, display func(string) string) (Output, error) {
	out := Output{Sessions: []Entry{}}
	known := map[string]bool{}
	for _, cs := range resolver.ConfiguredSessions(cfg) {
		e := Entry{Source: SourceSSOSession, SSOSession: cs.Name, Profiles: cs.Profiles}
		legacy := cs.Name == ""
		if legacy {
			e.Source = SourceLegacy
		}
		if cs.SSO != nil {
			e.StartURL, e.Region = cs.SSO.StartURL, cs.SSO.Region
		}
		if cs.Err != nil {
			e.Problem = cs.Err.Error()
		}
		for _, p := range cs.Chains {
			e.Chains = append(e.Chains, Chain{Profile: p.Name, Kind: string(p.Kind), Path: p.String()})
		}
		path := cache.TokenPath(cs.Name, e.StartURL)
		known[path] = true
		tok, err := cache.LoadToken(cs.Name, e.StartURL)
		t := session.Target{Session: cs.Name, StartURL: e.StartURL}
		if legacy && len(cs.Profiles) > 0 {
			t.Profile = cs.Profiles[0]
		}
		e.setState(session.StateFor(t, tok, err, now))
		e.CacheFile = display(path)
		if e.Profiles == nil {
			e.Profiles = []string{}
		}
		out.Sessions = append(out.Sessions, e)
	}
	entries, err := cache.Scan()
	if err != nil {
		return out, err
	}
	for _, ce := range entries {
		if known[ce.Path] {
			continue
		}
		e := Entry{Source: SourceCache, Profiles: []string{}, CacheFile: display(ce.Path)}
		if ce.Token != nil {
			e.StartURL, e.Region = ce.Token.StartURL, ce.Token.Region
		}
		e.setState(session.StateOf(ce.Token, ce.Err, false, now))
		out.Sessions = append(out.Sessions, e)
	}
	return out, nil
}

func (e *Entry) setState(s session.State) {
	e.state = s
	e.State = string(s.Kind)
	e.ExpiresAt = utc(s.ExpiresAt)
	e.Refresh = string(s.Refresh)
	e.RefreshRefusedAt = utc(s.RefreshRefusedAt)
	e.RegistrationExpiresAt = utc(s.RegistrationExpiresAt)
	e.LoginCommand = s.Login
	if s.Err != nil && e.Problem == "" {
		e.Problem = "the token file is unreadable: a login replaces it"
	}
}

func utc(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

// name is how tables show the sign-in: the sso-session, or what kind it is.
func (e Entry) name() string {
	switch e.Source {
	case SourceSSOSession:
		return e.SSOSession
	case SourceLegacy:
		return "(legacy)"
	}
	return "(not in config)"
}

// table is the terminal view: one line per sign-in, times in local time.
func table(out Output, now time.Time) cmdutil.Table {
	t := cmdutil.Table{Header: []string{"SSO SESSION", "START URL", "STATE", "EXPIRES", "REFRESH", "PROFILES"}}
	for _, e := range out.Sessions {
		t.Rows = append(t.Rows, []string{e.name(), e.StartURL, stateCell(e.state, now), localTime(e.state.ExpiresAt),
			refreshCell(e.state), strings.Join(e.users(), ", ")})
	}
	return t
}

// stateCell is the state with the time left, and the command to run when a login is due.
func stateCell(s session.State, now time.Time) string {
	cell := string(s.Kind)
	switch {
	case s.Kind == session.StateValid && s.Refresh == session.RefreshRefused:
		cell = "valid " + session.Left(s.ExpiresAt.Sub(now)) + ", refresh refused"
	case s.Kind == session.StateValid:
		cell = "valid " + session.Left(s.ExpiresAt.Sub(now))
	}
	if s.Login != "" {
		cell += ": run " + s.Login
	}
	return cell
}

// refreshCell says what is known of the token's renewal, and nothing more.
func refreshCell(s session.State) string {
	switch s.Refresh {
	case session.RefreshSession:
		if s.RegistrationExpiresAt.IsZero() {
			return "while session lasts"
		}
		return "while session lasts, ≤ " + s.RegistrationExpiresAt.Local().Format("2006-01-02")
	case session.RefreshRefused:
		return "refused " + localTime(s.RefreshRefusedAt)
	case session.RefreshNone:
		return "none"
	}
	return ""
}

// textTable is the --output text view: tab-separated, times in UTC, empty cells as "-".
func textTable(out Output) cmdutil.Table {
	var t cmdutil.Table
	for _, e := range out.Sessions {
		t.Rows = append(t.Rows, []string{e.Source, dash(e.SSOSession), dash(e.StartURL), e.State, dash(e.ExpiresAt),
			dash(e.Refresh), dash(strings.Join(e.users(), ","))})
	}
	return t
}

// users are the profiles that use the sign-in: its own, then the chains through them, each
// with its path up to the sign-in's profile ("prod-admin -> hub").
func (e Entry) users() []string {
	out := append([]string(nil), e.Profiles...)
	for _, c := range e.Chains {
		path, _, _ := strings.Cut(c.Path, " (")
		out = append(out, path)
	}
	return out
}

func localTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04 MST")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
