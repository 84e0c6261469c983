package oidc

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/awsso/awsso/internal/tokencache"
)

// Grant types, as SSO OIDC names them.
const (
	GrantDeviceCode        = "urn:ietf:params:oauth:grant-type:device_code"
	GrantAuthorizationCode = "authorization_code"
	GrantRefreshToken      = "refresh_token"
)

// registeredRedirectURI is the loopback redirect a PKCE client registers; the port is chosen at
// sign-in time, which loopback redirects allow (RFC 8252 section 7.3).
const registeredRedirectURI = "http://127.0.0.1/oauth/callback"

// register returns a cached registration that fits the flow, or registers a new client and
// caches it.
func (c *Client) register(ctx context.Context, p Params, pkce bool) (*tokencache.Registration, error) {
	args := p.registrationArgs()
	if reg, err := c.Cache.LoadRegistration(args); err == nil && fits(reg, pkce, c.Now()) {
		return reg, nil
	}
	in := &ssooidc.RegisterClientInput{
		ClientName: aws.String(clientName(p, c.Now())),
		ClientType: aws.String("public"),
		Scopes:     p.Scopes,
	}
	if pkce {
		in.GrantTypes = []string{GrantAuthorizationCode, GrantRefreshToken}
		in.RedirectUris = []string{registeredRedirectURI}
		in.IssuerUrl = aws.String(p.StartURL)
	}
	out, err := c.API.RegisterClient(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("register client: %w", err)
	}
	reg := &tokencache.Registration{
		ClientID:     deref(out.ClientId),
		ClientSecret: deref(out.ClientSecret),
		ExpiresAt:    time.Unix(out.ClientSecretExpiresAt, 0).UTC(),
		Scopes:       p.Scopes,
		GrantTypes:   in.GrantTypes,
	}
	if reg.ClientID == "" || reg.ClientSecret == "" {
		return nil, errors.New("register client: the answer has no client id or secret")
	}
	if err := c.Cache.SaveRegistration(args, reg); err != nil {
		return nil, fmt.Errorf("save client registration: %w", err)
	}
	return reg, nil
}

// fits reports whether a cached registration can serve a flow: enough time left, and the
// grant types of that flow (a device-code registration lists none).
func fits(reg *tokencache.Registration, pkce bool, now time.Time) bool {
	if pkce {
		return reg.Usable(now, RegistrationMargin, []string{GrantAuthorizationCode, GrantRefreshToken})
	}
	return reg.Usable(now, RegistrationMargin, nil) &&
		(len(reg.GrantTypes) == 0 || slices.Contains(reg.GrantTypes, GrantDeviceCode))
}

// clientName follows the AWS CLI: botocore-client-SESSION, or a timestamp for legacy profiles.
func clientName(p Params, now time.Time) string {
	if p.Session != "" {
		return "botocore-client-" + p.Session
	}
	return "botocore-client-" + strconv.FormatInt(now.Unix(), 10)
}
