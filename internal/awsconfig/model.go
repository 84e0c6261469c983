package awsconfig

import (
	"errors"
	"fmt"
	"io/fs"
	"sync"
)

// Profile is a profile as the SDKs see it: the properties of all its sections in both files,
// merged (rules 10 to 12).
type Profile struct {
	Name string
	Properties
	// Location is the header of the profile's first section.
	Location Location
}

// SSOSession is an "[sso-session NAME]" section of the config file, duplicates merged.
type SSOSession struct {
	Name string
	Properties
	Location Location
}

// ServicesSection is a "[services NAME]" section of the config file, duplicates merged: each
// property is a service id ("sts", "sso_oidc") whose sub-properties (endpoint_url) configure
// that service for the profiles with "services = NAME".
type ServicesSection struct {
	Name string
	Properties
	Location Location
}

// Config is the merged view of the config and credentials files.
type Config struct {
	paths       Paths
	config      *Document
	credentials *Document

	profiles   []Profile
	byName     map[string]int
	sessions   []SSOSession
	bySession  map[string]int
	services   []ServicesSection
	byServices map[string]int

	// sessionChecks memoises the value check of each sso-session (name -> error or nil): a
	// config of thousands of profiles shares a few sessions, whose start URL need not be
	// parsed once per profile. Safe for concurrent use, like the rest of Config.
	sessionChecks sync.Map
}

// Load reads and parses the files at p; a missing file reads as empty. When a file has syntax
// errors Load returns a Config built from the lines it could read together with a SyntaxErrors
// error, so that a caller such as doctor can go on; most callers stop at the error.
func Load(p Paths) (*Config, error) {
	cfg, err1 := readDocument(p.Config, p)
	creds, err2 := readDocument(p.Credentials, p)
	var se SyntaxErrors
	for _, err := range []error{err1, err2} {
		var s SyntaxErrors
		switch {
		case errors.As(err, &s):
			se = append(se, s...)
		case err != nil:
			return nil, err
		}
	}
	c := FromDocuments(cfg, creds)
	c.paths = p
	if len(se) > 0 {
		return c, se
	}
	return c, nil
}

// readDocument parses the file at path, or returns an empty document when it does not exist.
func readDocument(path string, p Paths) (*Document, error) {
	if path == "" {
		return Parse("", nil)
	}
	data, err := ReadFile(path, p.Display(path))
	if errors.Is(err, fs.ErrNotExist) {
		data, err = nil, nil
	}
	var tooLarge *TooLargeError
	if errors.As(err, &tooLarge) {
		return nil, err
	}
	if err != nil {
		return nil, &readError{path: p.Display(path), err: err}
	}
	d, err := Parse(path, data)
	for _, e := range d.errs {
		e.display = p.Display(path)
	}
	return d, err
}

type readError struct {
	path string
	err  error
}

func (e *readError) Error() string   { return fmt.Sprintf("read %s: %v", e.path, e.err) }
func (e *readError) Unwrap() error   { return e.err }
func (e *readError) ExitCode() int   { return exitConfig }
func (e *readError) Hints() []string { return []string{"check that you can read " + e.path} }

// FromDocuments builds the merged view of a parsed config file and credentials file; either may
// be nil.
func FromDocuments(config, credentials *Document) *Config {
	c := &Config{config: config, credentials: credentials}
	if c.config == nil {
		c.config, _ = Parse("", nil)
	}
	if c.credentials == nil {
		c.credentials, _ = Parse("", nil)
	}
	n := len(c.config.secs) + len(c.credentials.secs)
	b := builder{profiles: group{list: make([]Profile, 0, n), by: make(map[string]int, n)},
		sessions: group{by: map[string]int{}}, services: group{by: map[string]int{}}}
	profileDefault := false
	for i := 1; i < len(c.config.secs); i++ {
		if c.config.secs[i].ref == ProfileRef("default") {
			profileDefault = true
		}
	}
	b.each(c.config, false, profileDefault, b.add)
	b.each(c.credentials, true, profileDefault, b.add)
	if b.profiles.merge != nil || b.sessions.merge != nil || b.services.merge != nil {
		for _, g := range []*group{&b.profiles, &b.sessions, &b.services} {
			for i := range g.list {
				if g.merge[g.list[i].Name] {
					g.list[i].Properties = nil
				}
			}
		}
		remerge := func(kind SectionKind, name string, s *section, file string) {
			if g := b.group(kind); g.merge[name] {
				p := &g.list[g.by[name]]
				p.Properties = mergeProperties(p.Properties, s.props)
			}
		}
		b.each(c.config, false, profileDefault, remerge)
		b.each(c.credentials, true, profileDefault, remerge)
	}
	c.profiles, c.byName = b.profiles.list, b.profiles.by
	c.sessions, c.bySession = make([]SSOSession, len(b.sessions.list)), b.sessions.by
	for i, s := range b.sessions.list {
		c.sessions[i] = SSOSession(s)
	}
	c.services, c.byServices = make([]ServicesSection, len(b.services.list)), b.services.by
	for i, s := range b.services.list {
		c.services[i] = ServicesSection(s)
	}
	return c
}

// group collects the sections of one kind by name, in order of first appearance.
type group struct {
	list  []Profile
	by    map[string]int
	merge map[string]bool // names whose sections must be merged
}

type builder struct{ profiles, sessions, services group }

func (b *builder) group(kind SectionKind) *group {
	switch kind {
	case KindSSOSession:
		return &b.sessions
	case KindServices:
		return &b.services
	}
	return &b.profiles
}

// each calls fn for every section of d that is a profile, an sso-session or a services section.
func (b *builder) each(d *Document, credentials, profileDefault bool, fn func(SectionKind, string, *section, string)) {
	for i := 1; i < len(d.secs); i++ {
		s := &d.secs[i]
		kind, name, _ := Classify(s.ref, credentials)
		if kind != KindProfile && kind != KindSSOSession && kind != KindServices {
			continue
		}
		if !credentials && profileDefault && s.ref == CredentialsRef("default") {
			continue // rule 11: [profile default] hides [default]
		}
		fn(kind, name, s, d.file)
	}
}

func (b *builder) add(kind SectionKind, name string, s *section, file string) {
	g := b.group(kind)
	if _, ok := g.by[name]; !ok {
		g.by[name] = len(g.list)
		g.list = append(g.list, Profile{Name: name, Properties: s.props, Location: Location{File: file, Line: s.num}})
		if !s.dupKeys {
			return
		}
	}
	if g.merge == nil {
		g.merge = map[string]bool{}
	}
	g.merge[name] = true
}

// mergeProperties adds src to dst: a key already in dst takes src's property in place, a new
// key goes at the end (rules 10 and 12).
func mergeProperties(dst, src Properties) Properties {
	for _, p := range src {
		found := false
		for i := range dst {
			if dst[i].Key == p.Key {
				dst[i], found = p, true
				break
			}
		}
		if !found {
			dst = append(dst, p)
		}
	}
	return dst
}

// Paths returns the files the Config was loaded from (zero for FromDocuments).
func (c *Config) Paths() Paths { return c.paths }

// ConfigDocument returns the parsed config file.
func (c *Config) ConfigDocument() *Document { return c.config }

// CredentialsDocument returns the parsed credentials file.
func (c *Config) CredentialsDocument() *Document { return c.credentials }

// Profiles returns every profile: the config file's in order of first appearance, then those
// only the credentials file defines. The slice is shared: do not modify it.
func (c *Config) Profiles() []Profile { return c.profiles }

// Profile returns the named profile.
func (c *Config) Profile(name string) (*Profile, bool) {
	i, ok := c.byName[name]
	if !ok {
		return nil, false
	}
	return &c.profiles[i], true
}

// ProfileNames returns the profile names in the order of Profiles, as 'aws configure
// list-profiles' prints them.
func (c *Config) ProfileNames() []string {
	names := make([]string, len(c.profiles))
	for i := range c.profiles {
		names[i] = c.profiles[i].Name
	}
	return names
}

// SSOSessions returns every sso-session in order of first appearance. The slice is shared: do
// not modify it.
func (c *Config) SSOSessions() []SSOSession { return c.sessions }

// SSOSession returns the named sso-session.
func (c *Config) SSOSession(name string) (*SSOSession, bool) {
	i, ok := c.bySession[name]
	if !ok {
		return nil, false
	}
	return &c.sessions[i], true
}

// display is how messages show a location: "~/.aws/config:12".
func (c *Config) display(l Location) string {
	f := c.paths.Display(l.File)
	if l.Line == 0 {
		return f
	}
	return Location{File: f, Line: l.Line}.String()
}

// ServicesSections returns every "[services NAME]" section in order of first appearance. The
// slice is shared: do not modify it.
func (c *Config) ServicesSections() []ServicesSection { return c.services }

// ServicesSection returns the named services section.
func (c *Config) ServicesSection(name string) (*ServicesSection, bool) {
	i, ok := c.byServices[name]
	if !ok {
		return nil, false
	}
	return &c.services[i], true
}
