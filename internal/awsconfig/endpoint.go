package awsconfig

import (
	"fmt"
	"strings"
)

// Keys that choose endpoints.
const (
	KeyEndpointURL          = "endpoint_url"
	KeyServices             = "services"
	KeyIgnoreConfiguredURLs = "ignore_configured_endpoint_urls"
)

// Environment variables that choose endpoints (AWS_ENDPOINT_URL_<SERVICE> adds the service).
const (
	EnvEndpointURL          = "AWS_ENDPOINT_URL"
	EnvIgnoreConfiguredURLs = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"
)

// ServiceKeys returns how the SDKs spell a service id in the environment ("SSO_OIDC", for
// AWS_ENDPOINT_URL_SSO_OIDC) and in a services section ("sso_oidc"). id may be written either
// way, or as the SDK's service id ("SSO OIDC", "sso-oidc").
func ServiceKeys(id string) (env, config string) {
	// By hand, not with a strings.Replacer: every profile a listing resolves asks for each of
	// the services awsso calls, and a Replacer costs its tables on every call.
	b := []byte(strings.TrimSpace(id))
	for i, c := range b {
		if c == ' ' || c == '-' {
			b[i] = '_'
		}
	}
	return strings.ToUpper(string(b)), strings.ToLower(string(b))
}

// EndpointURL returns the endpoint a client of service uses when profile is active, and what
// chose it, as botocore's configured-endpoint provider and the Go SDK decide:
//
//  1. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS when it is set, else the profile's
//     ignore_configured_endpoint_urls: "true" (in any case) turns off everything below, and the
//     service's AWS endpoint is used (url "").
//  2. AWS_ENDPOINT_URL_<SERVICE>.
//  3. AWS_ENDPOINT_URL.
//  4. endpoint_url under the service in the [services NAME] section the profile names with
//     services = NAME.
//  5. The profile's endpoint_url.
//
// Empty values are skipped, as botocore skips them. Where the Go SDK (config v1.33) differs,
// awsso follows botocore: the Go SDK takes an empty endpoint_url in a services section as set
// (and falls back to AWS's endpoint), lets a set-but-empty AWS_ENDPOINT_URL_<SERVICE> hide
// AWS_ENDPOINT_URL, and ignores a services = NAME whose section is missing or empty, which
// botocore refuses; so does this function, once step 4 is reached.
//
// source is "" when nothing is configured, else the variable or "key in [section] at
// file:line". A nil Config or an unknown profile leaves the environment alone to decide.
func (c *Config) EndpointURL(profile, service string, env func(string) (string, bool)) (url, source string, err error) {
	envKey, configKey := ServiceKeys(service)
	var p *Profile
	if c != nil {
		p, _ = c.Profile(profile)
	}
	if v, ok := env(EnvIgnoreConfiguredURLs); ok {
		if strings.EqualFold(strings.TrimSpace(v), "true") {
			return "", EnvIgnoreConfiguredURLs, nil
		}
	} else if prop := p.lookup(KeyIgnoreConfiguredURLs); prop != nil && strings.EqualFold(prop.Value, "true") {
		return "", c.describe(prop, p.Name), nil
	}
	for _, name := range [2]string{EnvEndpointURL + "_" + envKey, EnvEndpointURL} {
		if v, _ := env(name); strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v), name, nil
		}
	}
	s, err := c.ProfileServices(profile)
	if err != nil {
		return "", "", err
	}
	if s != nil {
		if svc := s.Lookup(configKey); svc != nil {
			for i := len(svc.Sub) - 1; i >= 0; i-- {
				if sub := &svc.Sub[i]; sub.Key == KeyEndpointURL && sub.Value != "" {
					return sub.Value, fmt.Sprintf("%s %s in [services %s] at %s", configKey, KeyEndpointURL, s.Name, c.display(sub.Loc())), nil
				}
			}
		}
	}
	if prop := p.lookup(KeyEndpointURL); prop != nil && prop.Value != "" {
		return prop.Value, c.describe(prop, p.Name), nil
	}
	return "", "", nil
}

// ProfileServices returns the services section a profile names with services = NAME, nil when
// it names none (or the profile does not exist), or a *ServicesNotFoundError when the section
// is missing or empty, which botocore refuses.
func (c *Config) ProfileServices(profile string) (*ServicesSection, error) {
	if c == nil {
		return nil, nil
	}
	p, _ := c.Profile(profile)
	prop := p.lookup(KeyServices)
	if prop == nil {
		return nil, nil
	}
	s, ok := c.ServicesSection(prop.Value)
	if !ok || len(s.Properties) == 0 {
		return nil, &ServicesNotFoundError{Profile: p.Name, Services: prop.Value, At: c.display(prop.Loc()), Empty: ok,
			Similar: similar(prop.Value, c.servicesNames())}
	}
	return s, nil
}

// lookup is Lookup on a profile that may be nil.
func (p *Profile) lookup(key string) *Property {
	if p == nil {
		return nil
	}
	return p.Lookup(key)
}

// describe says where a profile's key was written: "endpoint_url in [profile dev] at
// ~/.aws/config:4".
func (c *Config) describe(prop *Property, profile string) string {
	return fmt.Sprintf("%s in [%s] at %s", prop.Key, ProfileRef(profile), c.display(prop.Loc()))
}

func (c *Config) servicesNames() []string {
	names := make([]string, len(c.services))
	for i, s := range c.services {
		names[i] = s.Name
	}
	return names
}

// ServicesNotFoundError is a services section that the config file does not define, or that
// is empty, named by a profile's services key. botocore refuses to build a client for such a
// profile.
type ServicesNotFoundError struct {
	Profile  string
	Services string
	At       string // where the profile names it: "~/.aws/config:12"
	Empty    bool   // the section exists but holds no service
	Similar  []string
}

func (e *ServicesNotFoundError) Error() string {
	if e.Empty {
		return fmt.Sprintf("profile %q names services section %q (%s), but [services %s] configures no service", e.Profile, e.Services, e.At, e.Services)
	}
	return fmt.Sprintf("profile %q names services section %q (%s), but there is no [services %s] section", e.Profile, e.Services, e.At, e.Services)
}

// ExitCode is 1: a config error.
func (e *ServicesNotFoundError) ExitCode() int { return exitConfig }

// Hints suggests close names and the two fixes.
func (e *ServicesNotFoundError) Hints() []string {
	var h []string
	if len(e.Similar) > 0 {
		h = append(h, "did you mean "+quoteList(e.Similar, "or")+"?")
	}
	if e.Empty {
		h = nil
	}
	return append(h, fmt.Sprintf("add a [services %s] section (for example \"sts =\" then \"  endpoint_url = https://...\"), or delete services = %s at %s", e.Services, e.Services, e.At))
}
