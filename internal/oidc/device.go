package oidc

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc/types"

	"github.com/awsso/awsso/internal/tokencache"
)

// DefaultInterval is the polling interval when the service names none (RFC 8628 section 3.2).
const DefaultInterval = 5 * time.Second

// SlowDownStep is added to the interval on each SlowDownException (RFC 8628 section 3.5).
const SlowDownStep = 5 * time.Second

// DeviceCode is what the user needs to approve a device sign-in.
type DeviceCode struct {
	UserCode                string
	VerificationURI         string
	VerificationURIComplete string
	ExpiresAt               time.Time
}

// DeviceLogin signs in with the device code flow. show is called once the user must act (not
// when the service approves at once), with the URL and code to show and open.
func (c *Client) DeviceLogin(ctx context.Context, p Params, show func(DeviceCode)) (*tokencache.Token, error) {
	reg, err := c.register(ctx, p, false)
	if err != nil {
		return nil, err
	}
	auth, err := c.API.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId: aws.String(reg.ClientID), ClientSecret: aws.String(reg.ClientSecret), StartUrl: aws.String(p.StartURL),
	})
	if err != nil {
		return nil, fmt.Errorf("start device authorization: %w", err)
	}
	interval := time.Duration(auth.Interval) * time.Second
	if interval <= 0 {
		interval = DefaultInterval
	}
	deadline := c.Now().Add(time.Duration(auth.ExpiresIn) * time.Second)
	in := &ssooidc.CreateTokenInput{
		ClientId: aws.String(reg.ClientID), ClientSecret: aws.String(reg.ClientSecret),
		GrantType: aws.String(GrantDeviceCode), DeviceCode: auth.DeviceCode,
	}
	shown := false
	for {
		out, err := c.API.CreateToken(ctx, in)
		if err == nil {
			return newToken(p, reg, out, c.Now()), nil
		}
		next, err := pollOutcome(err, interval)
		if err != nil {
			return nil, err
		}
		interval = next
		if !shown {
			shown = true
			show(DeviceCode{UserCode: deref(auth.UserCode), VerificationURI: deref(auth.VerificationUri),
				VerificationURIComplete: deref(auth.VerificationUriComplete), ExpiresAt: deadline})
		}
		if auth.ExpiresIn > 0 && !c.Now().Add(interval).Before(deadline) {
			return nil, ErrCodeExpired
		}
		if err := c.Sleep(ctx, interval); err != nil {
			return nil, err
		}
	}
}

// pollOutcome decides what a failed CreateToken poll means: keep polling (with the interval to
// use next) or stop with an error.
func pollOutcome(err error, interval time.Duration) (time.Duration, error) {
	var (
		pending  *types.AuthorizationPendingException
		slowDown *types.SlowDownException
		expired  *types.ExpiredTokenException
		denied   *types.AccessDeniedException
	)
	switch {
	case errors.As(err, &pending):
		return interval, nil
	case errors.As(err, &slowDown):
		return interval + SlowDownStep, nil
	case errors.As(err, &expired):
		return 0, ErrCodeExpired
	case errors.As(err, &denied):
		return 0, ErrDenied
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return 0, err
	default:
		return 0, fmt.Errorf("create token: %w", err)
	}
}
