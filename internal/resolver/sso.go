package resolver

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/oidc"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/tokencache"
)

// sso returns the role credentials of an IAM Identity Center hop: cached while more than
// margin remains, else from the portal with the session's token.
func (f *fetch) sso(ctx context.Context, n *Profile, margin time.Duration, refresh bool) (*creds.Credentials, error) {
	p := f.r.RoleProvider(f.top.Client)
	p.MinValid = margin
	role := n.SSORole()
	if refresh {
		f.debugf("%s/%s: fetching fresh credentials from the access portal", role.AccountID, role.RoleName)
		return p.Refresh(ctx, role)
	}
	if c, ok := p.Cached(role); ok {
		f.debugf("%s/%s: cached credentials %s, until %s", role.AccountID, role.RoleName, p.Cache.Path(role.Key()),
			c.Expiration.UTC().Format(time.RFC3339))
		return c, nil
	}
	f.debugf("%s/%s: no cached credentials with %s left; asking the access portal", role.AccountID, role.RoleName, margin)
	return p.Get(ctx, role)
}

// TokenCache is ~/.aws/sso/cache.
func (r *Resolver) TokenCache() tokencache.Cache {
	return tokencache.Cache{Dir: tokencache.DefaultDir(r.Home)}
}

// CredsCache is ~/.aws/cli/cache.
func (r *Resolver) CredsCache() creds.Cache {
	return creds.Cache{Dir: creds.DefaultCacheDir(r.Home)}
}

// Sessions returns the token manager, whose sign-in clients use the client settings c.
func (r *Resolver) Sessions(c Client) *session.Manager {
	return &session.Manager{Cache: r.TokenCache(), Now: r.now, Debug: r.Debug, OIDC: func(t session.Target) (*oidc.Client, error) {
		return r.OIDCClient(c, t.Region)
	}}
}

// RoleProvider returns the IAM Identity Center role credential provider, whose clients use
// the client settings c.
func (r *Resolver) RoleProvider(c Client) *creds.Provider {
	return &creds.Provider{Cache: r.CredsCache(), Sessions: r.Sessions(c), Now: r.now, LockWait: r.LockWait, Debug: r.Debug,
		Portal: func(t session.Target) (portal.API, error) { return r.PortalClient(c, t.Region) }}
}

// OIDCClient returns the sign-in client of a region under the client settings c.
func (r *Resolver) OIDCClient(c Client, region string) (*oidc.Client, error) {
	cfg, err := r.clientConfig(c, awsclient.ServiceSSOOIDC, region)
	if err != nil {
		return nil, err
	}
	endpoint := oidc.DefaultEndpoint(region)
	if cfg.BaseEndpoint != nil {
		endpoint = *cfg.BaseEndpoint
	}
	client := oidc.New(ssooidc.NewFromConfig(cfg), r.TokenCache(), endpoint)
	client.Now = r.now
	return client, nil
}

// PortalClient returns the access portal client of a region under the client settings c.
func (r *Resolver) PortalClient(c Client, region string) (portal.API, error) {
	cfg, err := r.clientConfig(c, awsclient.ServiceSSO, region)
	if err != nil {
		return nil, err
	}
	return sso.NewFromConfig(cfg), nil
}
