package doctor

import (
	"context"
	"net/http"
	"slices"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/doctor"
	"github.com/awsso/awsso/internal/oidc"
	"github.com/awsso/awsso/internal/region"
	"github.com/awsso/awsso/internal/resolver"
)

// signInChecks are the checks of the caches and the clock, for the sign-ins the config names.
func signInChecks(f *cmdutil.Factory, opts *DoctorOptions) []doctor.Check {
	return []doctor.Check{
		func() ([]doctor.Finding, error) {
			tokens, err := f.TokenCache()
			if err != nil {
				return nil, err
			}
			credsCache, err := f.CredsCache()
			if err != nil {
				return nil, err
			}
			return doctor.CheckCaches(doctor.Caches{Tokens: tokens, Creds: credsCache.Dir, Sessions: cachedSessions(f), Now: f.Now()})
		},
		func() ([]doctor.Finding, error) {
			if opts.Offline {
				return nil, nil
			}
			clock := doctor.Clock{Endpoints: oidcEndpoints(f), Now: f.Now, Explain: func(err error) string { return cmdutil.Explain(err).Error() },
				Client: &http.Client{Transport: &http.Transport{Proxy: http.ProxyFromEnvironment}, Timeout: doctor.DefaultClockTimeout}}
			return clock.Check(context.Background())
		},
	}
}

// cachedSessions are the sign-ins of the config; a config with syntax errors still names some.
func cachedSessions(f *cmdutil.Factory) []doctor.CachedSession {
	cfg, _ := f.Config()
	if cfg == nil {
		return nil
	}
	var out []doctor.CachedSession
	for _, cs := range resolver.ConfiguredSessions(cfg) {
		if cs.SSO == nil {
			continue
		}
		t := resolver.TargetOf(cs.SSO)
		if t.Legacy() && len(cs.Profiles) > 0 {
			t.Profile = cs.Profiles[0]
		}
		out = append(out, doctor.CachedSession{Name: t.String(), Session: t.Session, StartURL: t.StartURL,
			Region: t.Region, Scopes: t.Scopes, LoginCommand: t.LoginCommand()})
	}
	return out
}

// oidcEndpoints are the sign-in endpoints of the configured regions, as the SDK resolves them
// (AWS_ENDPOINT_URL_SSO_OIDC and friends), each once.
func oidcEndpoints(f *cmdutil.Factory) []string {
	var out []string
	for _, s := range cachedSessions(f) {
		if !region.ValidHostLabel(s.Region) {
			continue
		}
		endpoint, _, err := awsclient.Endpoint(awsclient.Options{Service: awsclient.ServiceSSOOIDC, Region: s.Region, LookupEnv: f.LookupEnv})
		if err != nil {
			continue
		}
		if endpoint == "" {
			endpoint = oidc.DefaultEndpoint(s.Region)
		}
		if !slices.Contains(out, endpoint) {
			out = append(out, endpoint)
		}
	}
	return out
}
