package oidc

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/awsso/awsso/internal/tokencache"
)

// Grant types, as SSO OIDC names them.
const (
	GrantDeviceCode        = tokencache.GrantDeviceCode
	GrantAuthorizationCode = tokencache.GrantAuthorizationCode
	GrantRefreshToken      = tokencache.GrantRefreshToken
)

// DefaultPKCEScopes are the scopes of a PKCE registration and authorization when the session
// names none, the ones the AWS CLI asks for then, so that both tools register alike.
var DefaultPKCEScopes = []string{"sso:account:access"}

// registeredRedirectURI is the loopback redirect a PKCE client registers; the port is chosen at
// sign-in time, which loopback redirects allow (RFC 8252 section 7.3).
const registeredRedirectURI = "http://127.0.0.1/oauth/callback"

// register returns a cached registration that the flow can use, or registers a new client and
// caches it. It reads both registration files first and keeps a PKCE registration out of the
// AWS CLI's file (see package tokencache for why).
func (c *Client) register(ctx context.Context, p Params, pkce bool) (*tokencache.Registration, error) {
	args := p.registrationArgs()
	now := c.Now()
	shared, _ := c.Cache.LoadRegistration(args, tokencache.SlotAWSCLI)
	own, _ := c.Cache.LoadRegistration(args, tokencache.SlotPKCE)
	switch {
	case pkce && fitsPKCE(own, now):
		return own, nil
	case pkce && fitsPKCE(shared, now):
		// A newer AWS CLI's or an older awsso's: an older AWS CLI would reuse it for the device
		// flow and fail, so it moves to awsso's file.
		if err := c.Cache.SaveRegistration(args, tokencache.SlotPKCE, shared); err != nil {
			return nil, fmt.Errorf("save client registration: %w", err)
		}
		if err := c.Cache.DeleteRegistration(args, tokencache.SlotAWSCLI, shared.ClientID); err != nil {
			return nil, err
		}
		return shared, nil
	case !pkce && fitsDevice(shared, now):
		return shared, nil
	case !pkce && fitsPKCE(shared, now) && !fitsPKCE(own, now):
		// The device registration about to be saved replaces it: keep it for PKCE sign-ins.
		if err := c.Cache.SaveRegistration(args, tokencache.SlotPKCE, shared); err != nil {
			return nil, fmt.Errorf("save client registration: %w", err)
		}
	}
	reg, err := c.registerClient(ctx, p, pkce)
	if err != nil {
		return nil, err
	}
	slot := tokencache.SlotAWSCLI
	if pkce {
		slot = tokencache.SlotPKCE
	}
	if err := c.Cache.SaveRegistration(args, slot, reg); err != nil {
		return nil, fmt.Errorf("save client registration: %w", err)
	}
	return reg, nil
}

// registerClient registers a new client for the device flow (no grant types, as every AWS CLI
// registers it) or for the PKCE flow.
func (c *Client) registerClient(ctx context.Context, p Params, pkce bool) (*tokencache.Registration, error) {
	in := &ssooidc.RegisterClientInput{
		ClientName: aws.String(clientName(p, c.Now())),
		ClientType: aws.String("public"),
		Scopes:     p.Scopes,
	}
	if pkce {
		in.GrantTypes = tokencache.PKCEGrantTypes
		in.RedirectUris = []string{registeredRedirectURI}
		in.IssuerUrl = aws.String(p.StartURL)
		in.Scopes = pkceScopes(p)
	}
	out, err := c.API.RegisterClient(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("register client: %w", err)
	}
	reg := &tokencache.Registration{
		ClientID:     deref(out.ClientId),
		ClientSecret: deref(out.ClientSecret),
		ExpiresAt:    time.Unix(out.ClientSecretExpiresAt, 0).UTC(),
		Scopes:       in.Scopes,
		GrantTypes:   in.GrantTypes,
	}
	if reg.ClientID == "" || reg.ClientSecret == "" {
		return nil, errors.New("register client: the answer has no client id or secret")
	}
	return reg, nil
}

// pkceScopes are the scopes of a PKCE registration and authorization.
func pkceScopes(p Params) []string {
	if len(p.Scopes) == 0 {
		return DefaultPKCEScopes
	}
	return p.Scopes
}

// fitsPKCE reports whether a cached registration (nil when there is none) can serve the PKCE
// flow: enough time left, and the authorization code and refresh grants.
func fitsPKCE(reg *tokencache.Registration, now time.Time) bool {
	return reg != nil && reg.Usable(now, RegistrationMargin, GrantAuthorizationCode, GrantRefreshToken)
}

// fitsDevice reports whether a cached registration can serve the device flow.
func fitsDevice(reg *tokencache.Registration, now time.Time) bool {
	return reg != nil && reg.Usable(now, RegistrationMargin, GrantDeviceCode)
}

// clientName follows the AWS CLI: botocore-client-SESSION, or a timestamp for legacy profiles.
func clientName(p Params, now time.Time) string {
	if p.Session != "" {
		return "botocore-client-" + p.Session
	}
	return "botocore-client-" + strconv.FormatInt(now.Unix(), 10)
}
