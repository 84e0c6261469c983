package oidc

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc/types"

	"github.com/awsso/awsso/internal/tokencache"
)

// Refresh exchanges the refresh token of tok for a new access token. The new refresh token
// replaces the old one when the service rotates it; when none comes back the result has none
// (the old one is spent). A refusal (InvalidGrant, InvalidClient, expired) is ErrRefreshRejected.
func (c *Client) Refresh(ctx context.Context, p Params, tok *tokencache.Token) (*tokencache.Token, error) {
	if tok.RefreshToken == "" || tok.ClientID == "" {
		return nil, ErrRefreshRejected.with(errors.New("the cached token has no refresh token"))
	}
	out, err := c.API.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId: aws.String(tok.ClientID), ClientSecret: aws.String(tok.ClientSecret),
		GrantType: aws.String(GrantRefreshToken), RefreshToken: aws.String(tok.RefreshToken),
	})
	if err != nil {
		var (
			invalidGrant  *types.InvalidGrantException
			invalidClient *types.InvalidClientException
			expired       *types.ExpiredTokenException
			unauthorized  *types.UnauthorizedClientException
		)
		if errors.As(err, &invalidGrant) || errors.As(err, &invalidClient) || errors.As(err, &expired) || errors.As(err, &unauthorized) {
			return nil, ErrRefreshRejected.with(err)
		}
		return nil, fmt.Errorf("refresh the access token: %w", err)
	}
	reg := &tokencache.Registration{ClientID: tok.ClientID, ClientSecret: tok.ClientSecret, ExpiresAt: tok.RegistrationExpiresAt}
	next := newToken(p, reg, out, c.Now())
	if next.StartURL == "" {
		next.StartURL = tok.StartURL
	}
	if next.Region == "" {
		next.Region = tok.Region
	}
	next.Extra = tok.Extra
	return next, nil
}
