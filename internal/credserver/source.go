package credserver

import (
	"context"
	"fmt"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/creds"
)

// SSOSource serves the IAM Identity Center role profiles of cfg: it resolves the profile a
// request names and asks get for the role's credentials (the shared role-credential cache,
// else the access portal). An unknown profile is an *awsconfig.ProfileNotFoundError, which
// the Server answers with 404.
func SSOSource(cfg *awsconfig.Config, get func(context.Context, *awsconfig.SSO) (*creds.Credentials, error)) Source {
	return func(ctx context.Context, profile string) (*creds.Credentials, error) {
		s, err := cfg.ResolveSSO(profile)
		if err != nil {
			return nil, err
		}
		if err := s.RequireRole(); err != nil {
			return nil, err
		}
		return get(ctx, s)
	}
}

// precedingKeys are the settings that make the AWS SDKs take a profile's credentials from the
// profile itself: botocore, the AWS CLI, aws-sdk-go-v2, the Java and JavaScript SDKs all try a
// profile before container credentials.
var precedingKeys = []string{
	"aws_access_key_id", "credential_process", "role_arn", "credential_source", "web_identity_token_file",
	"sso_session", "sso_start_url", "sso_account_id", "sso_role_name", "login_session",
}

// DefaultProfileFirst reports which setting of the default profile makes SDKs use that
// profile's credentials rather than a credential server, when AWS_PROFILE is unset: the key
// and where it is ("~/.aws/config:3"). ok is false when the default profile has none.
func DefaultProfileFirst(cfg *awsconfig.Config) (key, at string, ok bool) {
	p, found := cfg.Profile("default")
	if !found {
		return "", "", false
	}
	for _, k := range precedingKeys {
		if prop := p.Lookup(k); prop != nil {
			at := cfg.Paths().Display(prop.File)
			if prop.Line > 0 {
				at = fmt.Sprintf("%s:%d", at, prop.Line)
			}
			return k, at, true
		}
	}
	return "", "", false
}
