package oidc

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/awsso/awsso/internal/tokencache"
)

// API is the part of the SSO OIDC client the flows call; *ssooidc.Client implements it.
type API interface {
	RegisterClient(ctx context.Context, in *ssooidc.RegisterClientInput, optFns ...func(*ssooidc.Options)) (*ssooidc.RegisterClientOutput, error)
	StartDeviceAuthorization(ctx context.Context, in *ssooidc.StartDeviceAuthorizationInput, optFns ...func(*ssooidc.Options)) (*ssooidc.StartDeviceAuthorizationOutput, error)
	CreateToken(ctx context.Context, in *ssooidc.CreateTokenInput, optFns ...func(*ssooidc.Options)) (*ssooidc.CreateTokenOutput, error)
}

// Params name what to sign in to.
type Params struct {
	Session  string   // sso-session name; "" for a legacy profile
	StartURL string   // the AWS access portal URL
	Region   string   // sso_region
	Scopes   []string // sso_registration_scopes; nil when none are set
}

func (p Params) registrationArgs() tokencache.RegistrationArgs {
	return tokencache.RegistrationArgs{StartURL: p.StartURL, Region: p.Region, Scopes: p.Scopes, Session: p.Session}
}

// RegistrationMargin is how long a cached registration must still be valid to be reused.
const RegistrationMargin = 15 * time.Minute

// Client runs the sign-in flows against one SSO OIDC endpoint.
type Client struct {
	API   API
	Cache tokencache.Cache
	// Endpoint is the OIDC base URL the authorize page lives on (https://oidc.REGION.amazonaws.com
	// or the configured endpoint).
	Endpoint string
	// Now is the clock; Sleep waits for d or until ctx ends, returning ctx.Err() then.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// New returns a Client with the real clock.
func New(api API, cache tokencache.Cache, endpoint string) *Client {
	return &Client{API: api, Cache: cache, Endpoint: endpoint, Now: time.Now, Sleep: SleepContext}
}

// SleepContext waits for d or until ctx ends.
func SleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// DefaultEndpoint is the AWS SSO OIDC endpoint of a region.
func DefaultEndpoint(region string) string {
	suffix := "amazonaws.com"
	if len(region) > 3 && region[:3] == "cn-" {
		suffix = "amazonaws.com.cn"
	}
	return "https://oidc." + region + "." + suffix
}

// newToken builds the cache entry for a CreateToken answer, as the AWS CLI v2 lays it out.
func newToken(p Params, reg *tokencache.Registration, out *ssooidc.CreateTokenOutput, now time.Time) *tokencache.Token {
	t := &tokencache.Token{
		StartURL:              p.StartURL,
		Region:                p.Region,
		AccessToken:           deref(out.AccessToken),
		ExpiresAt:             now.Add(time.Duration(out.ExpiresIn) * time.Second).UTC().Truncate(time.Second),
		ClientID:              reg.ClientID,
		ClientSecret:          reg.ClientSecret,
		RegistrationExpiresAt: reg.ExpiresAt,
		RefreshToken:          deref(out.RefreshToken),
	}
	return t
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
