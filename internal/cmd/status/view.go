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
	Source           string   `json:"source"`
	SSOSession       string   `json:"ssoSession,omitempty"`
	StartURL         string   `json:"startUrl,omitempty"`
	Region           string   `json:"region,omitempty"`
	State            string   `json:"state"`
	ExpiresAt        string   `json:"expiresAt,omitempty"`
	RefreshableUntil string   `json:"refreshableUntil,omitempty"`
	Profiles         []string `json:"profiles"`
	Chains           []Chain  `json:"chains,omitempty"`
	CacheFile        string   `json:"cacheFile"`
	Problem          string   `json:"problem,omitempty"`

	expiresAt, refreshableUntil time.Time
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
		e.setState(session.StateOf(tok, err, legacy, now), display)
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
		e.setState(session.StateOf(ce.Token, ce.Err, false, now), display)
		out.Sessions = append(out.Sessions, e)
	}
	return out, nil
}

func (e *Entry) setState(s session.State, display func(string) string) {
	e.State = string(s.Kind)
	e.expiresAt, e.refreshableUntil = s.ExpiresAt, s.RefreshableUntil
	if !s.ExpiresAt.IsZero() {
		e.ExpiresAt = s.ExpiresAt.UTC().Format(timeLayout)
	}
	if !s.RefreshableUntil.IsZero() {
		e.RefreshableUntil = s.RefreshableUntil.UTC().Format(timeLayout)
	}
	if s.Err != nil && e.Problem == "" {
		e.Problem = "the token file is unreadable: a login replaces it"
	}
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
	t := cmdutil.Table{Header: []string{"SSO SESSION", "START URL", "STATE", "EXPIRES", "REFRESHABLE UNTIL", "PROFILES"}}
	for _, e := range out.Sessions {
		state := e.State
		if e.State == string(session.StateValid) {
			state = "valid " + session.Left(e.expiresAt.Sub(now))
		}
		t.Rows = append(t.Rows, []string{e.name(), e.StartURL, state, localTime(e.expiresAt), localTime(e.refreshableUntil), strings.Join(e.users(), ", ")})
	}
	return t
}

// textTable is the --output text view: tab-separated, times in UTC, empty cells as "-".
func textTable(out Output) cmdutil.Table {
	var t cmdutil.Table
	for _, e := range out.Sessions {
		t.Rows = append(t.Rows, []string{e.Source, dash(e.SSOSession), dash(e.StartURL), e.State, dash(e.ExpiresAt),
			dash(e.RefreshableUntil), dash(strings.Join(e.users(), ","))})
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
