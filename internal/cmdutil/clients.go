package cmdutil

import (
	"errors"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/oidc"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/resolver"
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

// clientOf is the client settings of the profile a sign-in acts for ("" for none).
func (f *Factory) clientOf(profile string) (resolver.Client, error) {
	cfg, err := f.Config()
	if err != nil {
		return resolver.Client{}, err
	}
	return resolver.ClientOf(cfg, profile, f.LookupEnv)
}

// OIDCClient returns the sign-in client for a target's region, with the client settings of
// the profile it acts for.
func (f *Factory) OIDCClient(t session.Target) (*oidc.Client, error) {
	r, err := f.Resolver()
	if err != nil {
		return nil, err
	}
	c, err := f.clientOf(t.Profile)
	if err != nil {
		return nil, err
	}
	return r.OIDCClient(c, t.Region)
}

// PortalClient returns the access portal client for a target's region, with the client
// settings of the profile it acts for.
func (f *Factory) PortalClient(t session.Target) (portal.API, error) {
	r, err := f.Resolver()
	if err != nil {
		return nil, err
	}
	c, err := f.clientOf(t.Profile)
	if err != nil {
		return nil, err
	}
	return r.PortalClient(c, t.Region)
}

// Sessions returns the token manager over ~/.aws/sso/cache.
func (f *Factory) Sessions() (*session.Manager, error) {
	cache, err := f.TokenCache()
	if err != nil {
		return nil, err
	}
	return &session.Manager{Cache: cache, OIDC: f.OIDCClient, Now: f.Now, Debug: f.DebugWriter()}, nil
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
