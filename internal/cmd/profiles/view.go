package profiles

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
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
	data     output
	resolved []*resolver.Profile // per profile, nil when it does not resolve
	state    bool                // the STATE column is on
}

func buildView(cfg *awsconfig.Config, tokenState func(*awsconfig.SSO) string) *view {
	v := &view{state: tokenState != nil}
	v.data.Profiles = make([]entry, 0, len(cfg.Profiles()))
	v.data.SSOSessions = make([]entry, 0, len(cfg.SSOSessions()))
	v.resolved = make([]*resolver.Profile, len(cfg.Profiles()))
	for i := range cfg.Profiles() {
		p := &cfg.Profiles()[i]
		e := entry{Name: p.Name, Kind: kindInvalid, Properties: properties(p.Properties)}
		// Explicit: what the profile itself says, whatever this shell's environment holds.
		if r, err := resolver.Resolve(cfg, p.Name, resolver.Options{Explicit: true, NoEndpoints: true}); err == nil {
			v.resolved[i] = r
			e.Kind = string(r.Kind)
			if r.Source != nil {
				e.Chain = r.String()
			}
			if root := r.Root(); tokenState != nil && root.SSO != nil {
				e.State = tokenState(root.SSO)
			}
		} else if s, err := cfg.ResolveSignIn(p.Name); err == nil && s.AccountID == "" && s.RoleName == "" {
			// Sign-in settings alone: no credentials, but it logs in.
			e.Kind = string(resolver.KindSSO)
			if tokenState != nil {
				e.State = tokenState(s)
			}
		}
		v.data.Profiles = append(v.data.Profiles, e)
	}
	for _, s := range cfg.SSOSessions() {
		v.data.SSOSessions = append(v.data.SSOSessions, entry{Name: s.Name, Properties: properties(s.Properties)})
	}
	v.data.Services = make([]entry, 0, len(cfg.ServicesSections()))
	for _, s := range cfg.ServicesSections() {
		v.data.Services = append(v.data.Services, entry{Name: s.Name, Properties: properties(s.Properties)})
	}
	return v
}

func (v *view) profileHeader() []string {
	h := []string{"PROFILE", "KIND", "VIA", "ACCOUNT", "ROLE", "REGION"}
	if v.state {
		h = append(h, "STATE")
	}
	return h
}

// profileRows are the profiles' cells; text output starts each row with "PROFILE".
func (v *view) profileRows(text bool) [][]string {
	rows := make([][]string, 0, len(v.data.Profiles))
	for i, e := range v.data.Profiles {
		props := awsconfig.Properties(e.Properties)
		region, _ := props.Get(awsconfig.KeyRegion)
		via, account, role := describe(v.resolved[i], props)
		// One allocation a row: 10,000 profiles make 10,000 rows.
		row := make([]string, 0, 8)
		if text {
			row = append(row, "PROFILE")
		}
		row = append(row, e.Name, e.Kind, via, account, role, region)
		if v.state {
			row = append(row, e.State)
		}
		rows = append(rows, row)
	}
	return rows
}

// describe gives the VIA, ACCOUNT and ROLE cells of a profile: its sign-in (sso-session or
// start URL), or its chain to the root, and the account and role its credentials are for.
func describe(r *resolver.Profile, props awsconfig.Properties) (via, account, role string) {
	switch {
	case r == nil: // as written, even when incomplete
		via, _ = props.Get(awsconfig.KeySSOSession)
		if via == "" {
			via, _ = props.Get(awsconfig.KeyStartURL)
		}
		account, _ = props.Get(awsconfig.KeyAccountID)
		role, _ = props.Get(awsconfig.KeyRoleName)
	case r.SSO != nil:
		via, account, role = r.SSO.Session, r.SSO.AccountID, r.SSO.RoleName
		if r.SSO.Legacy() {
			via = r.SSO.StartURL
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

// roleOf is the account and role name of a role ARN.
func roleOf(arn string) (account, role string) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 {
		return "", ""
	}
	return parts[4], parts[5][strings.LastIndexByte(parts[5], '/')+1:]
}

// sessionRows are the sso-sessions' cells; text output starts each row with "SSO_SESSION".
func (v *view) sessionRows(text bool) [][]string {
	rows := make([][]string, 0, len(v.data.SSOSessions))
	for _, e := range v.data.SSOSessions {
		props := awsconfig.Properties(e.Properties)
		url, _ := props.Get(awsconfig.KeyStartURL)
		region, _ := props.Get(awsconfig.KeySSORegion)
		scopes, _ := props.Get(awsconfig.KeyScopes)
		row := []string{e.Name, url, region, scopes}
		if text {
			row = append([]string{"SSO_SESSION"}, row...)
		}
		rows = append(rows, row)
	}
	return rows
}
