package awsconfig

import (
	"errors"
	"strings"
	"testing"
)

// endpointConfig is the config file of the endpoint precedence cases.
const endpointConfig = `[profile dev]
services = local
endpoint_url = http://profile
[services local]
sts =
  endpoint_url = http://svc-sts
sso_oidc =
  endpoint_url = http://svc-oidc
sso =
  endpoint_url =
[profile plain]
endpoint_url = http://profile
[profile none]
region = us-east-1
[profile ignore]
services = local
endpoint_url = http://profile
ignore_configured_endpoint_urls = TRUE
[profile dangling]
services = loca
[profile empty]
services = bare
[services bare]
# nothing yet
`

// endpointCases are the precedence rules, as botocore applies them (want, or wantErr) and as
// the Go SDK does where it differs (goSDK; "" when it agrees; "-" for its AWS default).
var endpointCases = []struct {
	name, profile, service string
	env                    map[string]string
	want, source           string
	wantErr                bool
	goSDK                  string
}{
	{name: "nothing configured", profile: "none", service: "sts"},
	{name: "services section", profile: "dev", service: "sts", want: "http://svc-sts", source: "sts endpoint_url in [services local] at config:6"},
	{name: "services section, another service", profile: "dev", service: "sso_oidc", want: "http://svc-oidc", source: "sso_oidc endpoint_url in [services local] at config:8"},
	{name: "an empty endpoint_url in the section falls through", profile: "dev", service: "sso", want: "http://profile", source: "endpoint_url in [profile dev] at config:3", goSDK: "-"},
	{name: "AWS_ENDPOINT_URL beats the services section", profile: "dev", service: "sts", env: map[string]string{"AWS_ENDPOINT_URL": "http://global"},
		want: "http://global", source: "AWS_ENDPOINT_URL"},
	{name: "service variable beats the services section", profile: "dev", service: "sts", env: map[string]string{"AWS_ENDPOINT_URL_STS": "http://env-sts"},
		want: "http://env-sts", source: "AWS_ENDPOINT_URL_STS"},
	{name: "an empty service variable is skipped", profile: "dev", service: "sts", env: map[string]string{"AWS_ENDPOINT_URL_STS": "", "AWS_ENDPOINT_URL": "http://global"},
		want: "http://global", source: "AWS_ENDPOINT_URL", goSDK: "http://svc-sts"},
	{name: "AWS_ENDPOINT_URL beats endpoint_url", profile: "plain", service: "sts", env: map[string]string{"AWS_ENDPOINT_URL": "http://global"},
		want: "http://global", source: "AWS_ENDPOINT_URL"},
	{name: "endpoint_url last", profile: "plain", service: "sso_oidc", want: "http://profile", source: "endpoint_url in [profile plain] at config:12"},
	{name: "ignore_configured_endpoint_urls", profile: "ignore", service: "sts",
		source: "ignore_configured_endpoint_urls in [profile ignore] at config:18"},
	{name: "ignore_configured_endpoint_urls turns off the service variable", profile: "ignore", service: "sts", env: map[string]string{"AWS_ENDPOINT_URL_STS": "http://env-sts"},
		source: "ignore_configured_endpoint_urls in [profile ignore] at config:18"},
	{name: "the ignore variable set false wins over the profile", profile: "ignore", service: "sts", env: map[string]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false"},
		want: "http://svc-sts", source: "sts endpoint_url in [services local] at config:6"},
	{name: "the ignore variable", profile: "plain", service: "sts", env: map[string]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL_STS": "http://env-sts"},
		source: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"},
	{name: "a missing services section", profile: "dangling", service: "sts", wantErr: true, goSDK: "-"},
	{name: "an empty services section", profile: "empty", service: "sts", wantErr: true, goSDK: "-"},
	{name: "a missing services section behind a service variable", profile: "dangling", service: "sts", env: map[string]string{"AWS_ENDPOINT_URL_STS": "http://env-sts"},
		want: "http://env-sts", source: "AWS_ENDPOINT_URL_STS"},
}

func TestEndpointURL(t *testing.T) {
	t.Parallel()
	d, err := Parse("config", []byte(endpointConfig))
	if err != nil {
		t.Fatal(err)
	}
	c := FromDocuments(d, nil)
	for _, tt := range endpointCases {
		t.Run(tt.name, func(t *testing.T) {
			env := func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }
			url, source, err := c.EndpointURL(tt.profile, tt.service, env)
			if tt.wantErr && tt.profile == "empty" {
				var nf *ServicesNotFoundError
				if !errors.As(err, &nf) || !nf.Empty || err.Error() != `profile "empty" names services section "bare" (config:22), but [services bare] configures no service` {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if tt.wantErr {
				var nf *ServicesNotFoundError
				if !errors.As(err, &nf) || nf.At != "config:20" || len(nf.Similar) != 1 || nf.Similar[0] != "local" {
					t.Fatalf("err = %#v", err)
				}
				if !strings.Contains(err.Error(), `profile "dangling" names services section "loca" (config:20), but there is no [services loca] section`) ||
					!strings.Contains(strings.Join(nf.Hints(), "\n"), `did you mean "local"?`) {
					t.Errorf("message %q, hints %q", err, nf.Hints())
				}
				return
			}
			if err != nil || url != tt.want || source != tt.source {
				t.Errorf("EndpointURL = %q, %q, %v; want %q, %q", url, source, err, tt.want, tt.source)
			}
		})
	}
}

func TestEndpointURLWithoutProfile(t *testing.T) {
	t.Parallel()
	env := func(k string) (string, bool) {
		v, ok := map[string]string{"AWS_ENDPOINT_URL_SSO_OIDC": "http://oidc", "AWS_ENDPOINT_URL": "http://global"}[k]
		return v, ok
	}
	var none *Config
	for _, tt := range []struct {
		c                      *Config
		profile, service, want string
	}{
		{none, "", "SSO_OIDC", "http://oidc"},
		{none, "dev", "sso-oidc", "http://oidc"},
		{FromDocuments(nil, nil), "missing", "SSO OIDC", "http://oidc"},
		{FromDocuments(nil, nil), "", "STS", "http://global"},
	} {
		if url, _, err := tt.c.EndpointURL(tt.profile, tt.service, env); err != nil || url != tt.want {
			t.Errorf("EndpointURL(%q, %q) = %q, %v; want %q", tt.profile, tt.service, url, err, tt.want)
		}
	}
}

func TestServiceKeys(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"SSO_OIDC", "sso_oidc", "sso-oidc", "SSO OIDC", " Sso-Oidc "} {
		if env, cfg := ServiceKeys(id); env != "SSO_OIDC" || cfg != "sso_oidc" {
			t.Errorf("ServiceKeys(%q) = %q, %q", id, env, cfg)
		}
	}
}

// TestServicesSectionsMerge: duplicate [services NAME] sections merge key by key, a later
// service block replacing an earlier one whole, as a later key wins (rule 10).
func TestServicesSectionsMerge(t *testing.T) {
	t.Parallel()
	d, _ := Parse("config", []byte("[services s]\nsts =\n  endpoint_url = http://a\n  x = 1\nsso =\n  endpoint_url = http://sso\n[profile p]\nservices = s\n[services s]\nsts =\n  endpoint_url = http://b\n"))
	c := FromDocuments(d, d)
	if n := len(c.ServicesSections()); n != 1 {
		t.Fatalf("%d services sections", n)
	}
	s, _ := c.ServicesSection("s")
	if got := s.Lookup("sts").SubMap(); len(got) != 1 || got["endpoint_url"] != "http://b" || s.Location.Line != 1 {
		t.Errorf("sts block %v at line %d", got, s.Location.Line)
	}
	if url, _, _ := c.EndpointURL("p", "sso", func(string) (string, bool) { return "", false }); url != "http://sso" {
		t.Errorf("sso endpoint %q", url)
	}
}
