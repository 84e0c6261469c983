package awsconfig

import (
	"strconv"
	"strings"
)

// Location is a line in a file.
type Location struct {
	File string // the path the file was read from
	Line int    // 1-based; 0 when unknown
}

// String is "file:line", or the file alone when the line is unknown.
func (l Location) String() string {
	if l.Line == 0 {
		return l.File
	}
	return l.File + ":" + strconv.Itoa(l.Line)
}

// Property is one key as the SDKs read it, and where it was written.
type Property struct {
	Key   string // lower-cased
	Value string // trimmed, inline comment removed, continuation lines joined by "\n"
	// Comment is an inline comment after the value ("; prod"), which the SDKs drop and the AWS
	// CLI keeps as part of the value. Empty when there is none.
	Comment string
	// Sub is the sub-property block of a key written as "key =" followed by indented
	// "name = value" lines, in file order; nil when the key has none.
	Sub []Property
	// File and Line say where the key was written.
	File string
	Line int
}

// Loc returns where the property was written.
func (p *Property) Loc() Location { return Location{File: p.File, Line: p.Line} }

// SubValue returns the value of a sub-property (the last one of that name).
func (p *Property) SubValue(key string) (string, bool) {
	for i := len(p.Sub) - 1; i >= 0; i-- {
		if p.Sub[i].Key == key {
			return p.Sub[i].Value, true
		}
	}
	return "", false
}

// SubMap returns the sub-property block as a map, or nil when the key has none.
func (p *Property) SubMap() map[string]string {
	if p.Sub == nil {
		return nil
	}
	m := make(map[string]string, len(p.Sub))
	for _, s := range p.Sub {
		m[s.Key] = s.Value
	}
	return m
}

// Properties is a list of properties in file order.
type Properties []Property

// Lookup returns the property named key (lower-case), or nil. When the list holds the key more
// than once (a section as written), the last one is returned, as the SDKs read it.
func (ps Properties) Lookup(key string) *Property {
	for i := len(ps) - 1; i >= 0; i-- {
		if ps[i].Key == key {
			return &ps[i]
		}
	}
	return nil
}

// Get returns the value of key (lower-case) and whether it is set.
func (ps Properties) Get(key string) (string, bool) {
	if p := ps.Lookup(key); p != nil {
		return p.Value, true
	}
	return "", false
}

// SectionType is the shape of a section header.
type SectionType uint8

// Section header shapes.
const (
	// TypeBare is "[NAME]": a credentials-file profile, "[default]", or a config-file section
	// that is not a profile, such as "[plugins]".
	TypeBare SectionType = iota
	// TypeProfile is "[profile NAME]". The ref ProfileRef("default") also stands for the
	// "[default]" section of the config file (see SectionRef).
	TypeProfile
	// TypeSSOSession is "[sso-session NAME]".
	TypeSSOSession
	// TypeOther is any other header; Name holds its text between the brackets, trimmed.
	TypeOther
	// TypeServices is "[services NAME]".
	TypeServices
)

// SectionRef names a section of a file. Refs built by ProfileRef and SSOSessionRef are for the
// config file and CredentialsRef for the credentials file.
//
// ProfileRef("default") is the default profile: in a file that has "[profile default]" it is
// that section (the SDKs ignore "[default]" then), otherwise "[default]", and a new default
// section is written "[default]" as the AWS CLI writes it.
type SectionRef struct {
	Type SectionType
	Name string
}

// ProfileRef is the config-file section of profile name: "[profile name]", or "[default]".
func ProfileRef(name string) SectionRef { return SectionRef{Type: TypeProfile, Name: name} }

// SSOSessionRef is the config-file section "[sso-session name]".
func SSOSessionRef(name string) SectionRef { return SectionRef{Type: TypeSSOSession, Name: name} }

// ServicesRef is the config-file section "[services name]".
func ServicesRef(name string) SectionRef { return SectionRef{Type: TypeServices, Name: name} }

// CredentialsRef is the credentials-file section of profile name: "[name]".
func CredentialsRef(name string) SectionRef { return SectionRef{Type: TypeBare, Name: name} }

// String is the header's text without brackets: "profile dev", "sso-session corp", "default".
func (r SectionRef) String() string {
	switch r.Type {
	case TypeProfile:
		if r.Name == "default" {
			return "default"
		}
		return "profile " + r.Name
	case TypeSSOSession:
		return "sso-session " + r.Name
	case TypeServices:
		return "services " + r.Name
	default:
		return r.Name
	}
}

// Header is the section header line awsso writes for r: "[profile dev]".
func (r SectionRef) Header() string { return "[" + r.String() + "]" }

// ValidName reports whether name can name a profile or sso-session that every AWS tool reads
// the same way: non-empty, with no blanks, quotes, backslashes, '#', ';', '[', ']' or control
// characters.
func ValidName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c <= ' ' || c == 0x7f || strings.IndexByte("'\"\\#;[]", c) >= 0 {
			return false
		}
	}
	return true
}
