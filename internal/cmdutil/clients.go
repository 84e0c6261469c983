package cmdutil

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/oidc"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/tokencache"
)

// Paths returns where the config and credentials files are (AWS_CONFIG_FILE,
// AWS_SHARED_CREDENTIALS_FILE, else under ~/.aws).
func (f *Factory) Paths() (awsconfig.Paths, error) {
	return awsconfig.PathsFromEnv(f.LookupEnv)
}

// Config loads the config and credentials files, once per process.
func (f *Factory) Config() (*awsconfig.Config, error) {
	if f.config != nil || f.configErr != nil {
		return f.config, f.configErr
	}
	paths, err := f.Paths()
	if err == nil {
		f.config, err = awsconfig.Load(paths)
	}
	f.configErr = err
	return f.config, err
}

// HomeDir is the home folder that holds ~/.aws (HOME, or USERPROFILE on Windows).
func (f *Factory) HomeDir() (string, error) {
	for _, key := range []string{"HOME", "USERPROFILE"} {
		if v := f.Getenv(key); v != "" {
			return v, nil
		}
	}
	return "", WithHint(errors.New("cannot find the home folder: HOME is not set"), ExitError, "set HOME to your home folder")
}

// TokenCache is ~/.aws/sso/cache.
func (f *Factory) TokenCache() (tokencache.Cache, error) {
	home, err := f.HomeDir()
	return tokencache.Cache{Dir: tokencache.DefaultDir(home)}, err
}

// CredsCache is ~/.aws/cli/cache.
func (f *Factory) CredsCache() (creds.Cache, error) {
	home, err := f.HomeDir()
	return creds.Cache{Dir: creds.DefaultCacheDir(home)}, err
}

// ClientConfig builds the SDK configuration for one service in a region, with the endpoint
// the environment and the named profile (services section, endpoint_url) choose, --debug
// tracing, and retries.
func (f *Factory) ClientConfig(service, region, profile string) (aws.Config, error) {
	o := awsclient.Options{Service: service, Region: region, LookupEnv: f.LookupEnv, AppID: "awsso", OnRetry: f.retryNotice()}
	if f.Debug {
		o.Debug = f.IOStreams.ErrOut
	}
	if profile != "" {
		if cfg, err := f.Config(); err == nil {
			if p, ok := cfg.Profile(profile); ok {
				o.EndpointURL = func(service string) (string, string, error) { return cfg.EndpointURL(p.Name, service, f.LookupEnv) }
				o.CABundle, _ = p.Get("ca_bundle")
				if v, ok := p.Get("max_attempts"); ok {
					n, err := strconv.Atoi(v)
					if err != nil || n < 1 {
						return aws.Config{}, WithHint(fmt.Errorf("profile %s: invalid max_attempts %q", profile, v), ExitError, "max_attempts is a whole number of attempts, 1 or more")
					}
					o.MaxAttempts = n
				}
			}
		}
	}
	cfg, err := awsclient.Config(o)
	var missing *awsconfig.ServicesNotFoundError
	if errors.As(err, &missing) {
		return aws.Config{}, err // it names the line and the fix
	}
	if err != nil {
		return aws.Config{}, WithHint(err, ExitError, "check sso_region, region, endpoint_url and services in your config, and the AWS_ENDPOINT_URL, AWS_MAX_ATTEMPTS and AWSSO_HTTP_TIMEOUT variables")
	}
	return cfg, nil
}

// OIDCClient returns the sign-in client for a target's region.
func (f *Factory) OIDCClient(t session.Target) (*oidc.Client, error) {
	cfg, err := f.ClientConfig(awsclient.ServiceSSOOIDC, t.Region, t.Profile)
	if err != nil {
		return nil, err
	}
	cache, err := f.TokenCache()
	if err != nil {
		return nil, err
	}
	endpoint := oidc.DefaultEndpoint(t.Region)
	if cfg.BaseEndpoint != nil {
		endpoint = *cfg.BaseEndpoint
	}
	c := oidc.New(ssooidc.NewFromConfig(cfg), cache, endpoint)
	c.Now = f.Now
	return c, nil
}

// PortalClient returns the access portal client for a target's region.
func (f *Factory) PortalClient(t session.Target) (portal.API, error) {
	cfg, err := f.ClientConfig(awsclient.ServiceSSO, t.Region, t.Profile)
	if err != nil {
		return nil, err
	}
	return sso.NewFromConfig(cfg), nil
}

// Sessions returns the token manager over ~/.aws/sso/cache.
func (f *Factory) Sessions() (*session.Manager, error) {
	cache, err := f.TokenCache()
	if err != nil {
		return nil, err
	}
	return &session.Manager{Cache: cache, OIDC: f.OIDCClient, Now: f.Now, Debug: f.DebugWriter()}, nil
}

// Credentials returns the role credential provider over ~/.aws/cli/cache.
func (f *Factory) Credentials() (*creds.Provider, error) {
	sessions, err := f.Sessions()
	if err != nil {
		return nil, err
	}
	cache, err := f.CredsCache()
	if err != nil {
		return nil, err
	}
	return &creds.Provider{Cache: cache, Sessions: sessions, Portal: f.PortalClient, Now: f.Now, Debug: f.DebugWriter()}, nil
}

// Target is the session a resolved profile (or sso-session) signs in to.
func Target(s *awsconfig.SSO) session.Target {
	return session.Target{Session: s.Session, StartURL: s.StartURL, Region: s.Region, Scopes: s.Scopes, Profile: s.Profile}
}

// Role is the role a resolved profile gets credentials for.
func Role(s *awsconfig.SSO) creds.Role {
	return creds.Role{Target: Target(s), AccountID: s.AccountID, RoleName: s.RoleName}
}

// ResolveTarget finds what a command acts on: the sso-session named by sessionFlag, else the
// profile (--profile, AWS_PROFILE, default). It is a usage error to name both.
func (f *Factory) ResolveTarget(sessionFlag string) (*awsconfig.SSO, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	if sessionFlag != "" {
		if f.ProfileFlag != "" {
			return nil, FlagErrorf("use --profile or --sso-session, not both")
		}
		return cfg.ResolveSession(sessionFlag)
	}
	return cfg.ResolveSignIn(f.ProfileName()) // its errors name the profile
}
