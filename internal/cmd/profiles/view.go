package profiles

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/resolver"
)

// output is the --output json shape docs/design.md documents: every profile, sso-session and
// services section with its properties as the SDKs read them, and each profile's kind and chain.
type output struct {
	Profiles    []entry `json:"profiles"`
	SSOSessions []entry `json:"sso_sessions"`
	Services    []entry `json:"services"` // the [services NAME] sections
}

type entry struct {
	Name string `json:"name"`
	// Kind is how the profile gets credentials (resolver.Kind), "invalid" when it cannot;
	// empty for sso-sessions.
	Kind string `json:"kind,omitempty"`
	// Chain is the path of a role chain to its root: "prod-admin -> hub (sso-session corp)".
	Chain string `json:"chain,omitempty"`
	// State is the STATE column of the table and text output, set through
	// ProfilesOptions.TokenState. JSON and YAML leave it out, so that they need no token
	// file: 'awsso status --output json' is the data.
	State      string     `json:"-" yaml:"-"`
	Properties properties `json:"properties"`

	// The VIA, ACCOUNT and ROLE cells of the table and the text output (describe).
	via, account, role string
}

// properties encode as a JSON object in file order, sub-property blocks as nested objects and
// secret values redacted.
type properties awsconfig.Properties

// Redacted replaces secret values in every output.
const Redacted = "<redacted>"

// MarshalJSON writes the properties as an object in file order.
func (ps properties) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	b := bufio.NewWriter(&buf)
	b.WriteByte('{')
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		writeKey(b, p.Key)
		if p.Sub != nil {
			sub, _ := subProperties(p.Key, p.Sub).MarshalJSON()
			b.Write(sub)
			continue
		}
		writeString(b, shown(p.Key, p.Value))
	}
	b.WriteByte('}')
	b.Flush()
	return buf.Bytes(), nil
}

func writeKey(b *bufio.Writer, k string) {
	writeString(b, k)
	b.WriteByte(':')
}

// writeString writes s as a JSON string. Unlike json.Marshal it leaves <, > and & alone, as
// the rest of awsso's JSON output does (start URLs carry query strings).
func writeString(b *bufio.Writer, s string) {
	b.WriteByte('"')
	if plain(s) {
		b.WriteString(s)
		b.WriteByte('"')
		return
	}
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			b.WriteRune(r) // invalid UTF-8 comes out as U+FFFD
		}
	}
	b.WriteByte('"')
}

// plain reports whether s is printable ASCII without quotes or backslashes: JSON as it is.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// shown is the value as output shows it: redacted under a key that holds a secret
// (awsconfig.SecretKey, whatever its spelling).
func shown(key, value string) string {
	if value != "" && awsconfig.SecretKey(key) {
		return Redacted
	}
	return value
}

// kindInvalid is the kind of a profile that does not resolve (doctor says why).
const kindInvalid = "invalid"

// secretBlock returns the sub-properties of a secret key with every value redacted: a block
// under aws_secret_access_key holds nothing to show, whatever its keys are called.
func secretBlock(sub awsconfig.Properties) properties {
	out := make(properties, len(sub))
	for i, p := range sub {
		out[i] = p
		if p.Value != "" {
			out[i].Value = Redacted
		}
		if p.Sub != nil {
			out[i].Sub = awsconfig.Properties(secretBlock(p.Sub))
		}
	}
	return out
}

// subProperties is what output shows of the block under key.
func subProperties(key string, sub awsconfig.Properties) properties {
	if awsconfig.SecretKey(key) {
		return secretBlock(sub)
	}
	return properties(sub)
}

// view is everything the formats print.
type view struct {
	data  output
	state bool // the STATE column is on
}

func buildView(cfg *awsconfig.Config, tokenState func(*awsconfig.SSO) string) *view {
	v := &view{state: tokenState != nil}
	st := newStates(tokenState)
	v.data.Profiles = make([]entry, 0, len(cfg.Profiles()))
	for i := range cfg.Profiles() {
		v.data.Profiles = append(v.data.Profiles, profileEntry(cfg, &cfg.Profiles()[i], st))
	}
	v.data.SSOSessions = make([]entry, 0, len(cfg.SSOSessions()))
	for _, s := range cfg.SSOSessions() {
		v.data.SSOSessions = append(v.data.SSOSessions, sessionEntry(s))
	}
	v.data.Services = make([]entry, 0, len(cfg.ServicesSections()))
	for _, s := range cfg.ServicesSections() {
		v.data.Services = append(v.data.Services, entry{Name: s.Name, Properties: properties(s.Properties)})
	}
	return v
}

// profileEntry summarises one profile into its entry, with the cells the table and the text
// show.
func profileEntry(cfg *awsconfig.Config, p *awsconfig.Profile, st *states) entry {
	e := entry{Name: p.Name, Kind: kindInvalid, Properties: properties(p.Properties)}
	// What the profile itself says, whatever this shell's environment holds.
	sum, err := resolver.Summarize(cfg, p)
	if err == nil {
		e.Kind = string(sum.Kind)
		e.via, e.account, e.role = describe(&sum)
		if sum.Profile != nil && sum.Profile.Source != nil {
			e.Chain = sum.Profile.String()
		}
		if root := sum.Root(); root != nil {
			e.State = st.of(root)
		}
		return e
	}
	e.via, e.account, e.role = asWritten(p.Properties)
	if s, err := cfg.ResolveSignIn(p.Name); err == nil && s.AccountID == "" && s.RoleName == "" {
		// Sign-in settings alone: no credentials, but it logs in.
		e.Kind = string(resolver.KindSSO)
		e.State = st.of(s)
	}
	return e
}

func sessionEntry(s awsconfig.SSOSession) entry {
	return entry{Name: s.Name, Properties: properties(s.Properties)}
}

// states gives the STATE cell of each sign-in, asking tokenState once per session however
// many profiles share it. Safe for the listing's goroutines.
type states struct {
	tokenState func(*awsconfig.SSO) string // nil: no STATE column
	mu         sync.Mutex
	seen       map[signIn]string
}

// signIn names a token file: an sso-session, or a legacy profile's start URL.
type signIn struct{ session, startURL string }

func newStates(tokenState func(*awsconfig.SSO) string) *states {
	return &states{tokenState: tokenState, seen: map[signIn]string{}}
}

func (st *states) of(s *awsconfig.SSO) string {
	if st.tokenState == nil {
		return ""
	}
	key := signIn{s.Session, s.StartURL}
	st.mu.Lock()
	defer st.mu.Unlock()
	if state, ok := st.seen[key]; ok {
		return state
	}
	c := *s // tokenState may keep what it is given: a copy once per session, not per profile
	state := st.tokenState(&c)
	st.seen[key] = state
	return state
}

// writeText streams the text output. Summarising is most of a listing's cost, so the profiles
// are summarised in one chunk per CPU: the first chunk prints straight to w while the others
// print into buffers of their own, written after it in order.
func writeText(w io.Writer, cfg *awsconfig.Config, tokenState func(*awsconfig.SSO) string) error {
	profiles := cfg.Profiles()
	st := newStates(tokenState)
	chunks := min(runtime.GOMAXPROCS(0), max(len(profiles)/minChunk, 1))
	later := make([]bytes.Buffer, chunks)
	print := func(c int, out io.Writer) error {
		tw := cmdutil.NewTextWriter(out)
		row := make([]string, 0, 8)
		for i := c * len(profiles) / chunks; i < (c+1)*len(profiles)/chunks; i++ {
			e := profileEntry(cfg, &profiles[i], st)
			tw.Row(e.profileCells(row[:0], true, tokenState != nil)...)
		}
		return tw.Flush()
	}
	var wg sync.WaitGroup
	for c := 1; c < chunks; c++ {
		wg.Go(func() {
			later[c].Grow((len(profiles) / chunks) * rowSize)
			print(c, &later[c]) // into memory: cannot fail
		})
	}
	err := print(0, w)
	wg.Wait()
	if err != nil {
		return err
	}
	for c := 1; c < chunks; c++ {
		if _, err := later[c].WriteTo(w); err != nil {
			return err
		}
	}
	tw := cmdutil.NewTextWriter(w)
	row := make([]string, 0, 5)
	for _, s := range cfg.SSOSessions() {
		e := sessionEntry(s)
		tw.Row(e.sessionCells(row[:0], true)...)
	}
	return tw.Flush()
}

// rowSize is about the length of a profile's text row, to size a chunk's buffer once.
const rowSize = 128

// minChunk is the fewest profiles worth a goroutine of their own.
const minChunk = 500

func (v *view) profileHeader() []string {
	h := []string{"PROFILE", "KIND", "VIA", "ACCOUNT", "ROLE", "REGION"}
	if v.state {
		h = append(h, "STATE")
	}
	return h
}

// profileRows are the profiles' cells for the table.
func (v *view) profileRows() [][]string {
	rows := make([][]string, 0, len(v.data.Profiles))
	for _, e := range v.data.Profiles {
		// One allocation a row: 10,000 profiles make 10,000 rows.
		rows = append(rows, e.profileCells(make([]string, 0, 7), false, v.state))
	}
	return rows
}

// profileCells appends a profile's cells to row; text output starts them with "PROFILE" and
// state adds the STATE cell.
func (e *entry) profileCells(row []string, text, state bool) []string {
	region, _ := awsconfig.Properties(e.Properties).Get(awsconfig.KeyRegion)
	if text {
		row = append(row, "PROFILE")
	}
	row = append(row, e.Name, e.Kind, e.via, e.account, e.role, region)
	if state {
		row = append(row, e.State)
	}
	return row
}

// describe gives the VIA, ACCOUNT and ROLE cells of a profile: its sign-in (sso-session or
// start URL), or its chain to the root, and the account and role its credentials are for.
func describe(sum *resolver.Summary) (via, account, role string) {
	s, r := &sum.SSO, sum.Profile
	if r != nil {
		s = r.SSO
	}
	switch {
	case s != nil:
		via, account, role = s.Session, s.AccountID, s.RoleName
		if s.Legacy() {
			via = s.StartURL
		}
	case r.Role != nil:
		if r.Source != nil {
			via = r.String()
		} else if r.CredentialSource != "" {
			via = "credential_source " + r.CredentialSource
		}
		account, role = roleOf(r.Role.ARN)
	}
	return via, account, role
}

// asWritten gives the VIA, ACCOUNT and ROLE cells of a profile that does not resolve, as its
// settings are written, even when incomplete.
func asWritten(props awsconfig.Properties) (via, account, role string) {
	via, _ = props.Get(awsconfig.KeySSOSession)
	if via == "" {
		via, _ = props.Get(awsconfig.KeyStartURL)
	}
	account, _ = props.Get(awsconfig.KeyAccountID)
	role, _ = props.Get(awsconfig.KeyRoleName)
	return via, account, role
}

// roleOf is the account and role name of a role ARN.
func roleOf(arn string) (account, role string) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 {
		return "", ""
	}
	return parts[4], parts[5][strings.LastIndexByte(parts[5], '/')+1:]
}

// sessionRows are the sso-sessions' cells for the table.
func (v *view) sessionRows() [][]string {
	rows := make([][]string, 0, len(v.data.SSOSessions))
	for _, e := range v.data.SSOSessions {
		rows = append(rows, e.sessionCells(nil, false))
	}
	return rows
}

// sessionCells appends an sso-session's cells to row; text output starts them with
// "SSO_SESSION".
func (e *entry) sessionCells(row []string, text bool) []string {
	props := awsconfig.Properties(e.Properties)
	url, _ := props.Get(awsconfig.KeyStartURL)
	region, _ := props.Get(awsconfig.KeySSORegion)
	scopes, _ := props.Get(awsconfig.KeyScopes)
	if text {
		row = append(row, "SSO_SESSION")
	}
	return append(row, e.Name, url, region, scopes)
}
