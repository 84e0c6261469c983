package emulator_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/sso/types"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/smithy-go"

	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/emutest"
)

// clock is a settable clock for Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Now()} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// withClock is an emutest.Start option that installs c.
func withClock(c *clock) func(*emulator.Options) {
	return func(o *emulator.Options) { o.Now = c.Now }
}

// rig is an emulator with the SDK clients pointed at it.
type rig struct {
	env  *emutest.Env
	cfg  aws.Config
	oidc *ssooidc.Client
	sso  *sso.Client
}

func newRig(t *testing.T, opts ...func(*emulator.Options)) *rig {
	t.Helper()
	env := emutest.Start(t, opts...)
	cfg := env.AWSConfig()
	// The SDK's standard retryer decides what to retry and how often (3 attempts); only its
	// waits are cut short, so the retry tests do not sleep.
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.Backoff = backoffFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
			o.RateLimiter = ratelimit.None
		})
	}
	return &rig{env: env, cfg: cfg, oidc: ssooidc.NewFromConfig(cfg), sso: sso.NewFromConfig(cfg)}
}

var ctx = context.Background()

// registerDevice registers a client as botocore does for an sso-session (scopes, no grant
// types).
func (r *rig) registerDevice(t *testing.T, scopes ...string) *ssooidc.RegisterClientOutput {
	t.Helper()
	out, err := r.oidc.RegisterClient(ctx, &ssooidc.RegisterClientInput{
		ClientName: aws.String("botocore-client-test"), ClientType: aws.String("public"), Scopes: scopes,
	})
	if err != nil {
		t.Fatalf("RegisterClient: %v", err)
	}
	return out
}

// login runs the device flow, approving through the hook, and returns the token.
func (r *rig) login(t *testing.T, scopes ...string) (*ssooidc.RegisterClientOutput, *ssooidc.CreateTokenOutput) {
	t.Helper()
	reg := r.registerDevice(t, scopes...)
	da, err := r.oidc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: aws.String(r.env.StartURL),
	})
	if err != nil {
		t.Fatalf("StartDeviceAuthorization: %v", err)
	}
	if err := r.env.Server.ApproveDevice(aws.ToString(da.UserCode), ""); err != nil {
		t.Fatalf("ApproveDevice: %v", err)
	}
	tok, err := r.oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: aws.String("urn:ietf:params:oauth:grant-type:device_code"), DeviceCode: da.DeviceCode,
	})
	if err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	return reg, tok
}

// roleCredentials gets credentials for a role of the default organisation.
func (r *rig) roleCredentials(t *testing.T, accessToken, account, role string) *ssotypes.RoleCredentials {
	t.Helper()
	out, err := r.sso.GetRoleCredentials(ctx, &sso.GetRoleCredentialsInput{
		AccessToken: aws.String(accessToken), AccountId: aws.String(account), RoleName: aws.String(role),
	})
	if err != nil {
		t.Fatalf("GetRoleCredentials: %v", err)
	}
	return out.RoleCredentials
}

// wantErr fails unless err is of type T (a pointer to an SDK exception type).
func wantErr[T error](t *testing.T, err error) T {
	t.Helper()
	var target T
	if !errors.As(err, &target) {
		t.Fatalf("error = %v (%T), want %T", err, err, target)
	}
	return target
}

// wantCode fails unless err is an API error with code, for errors the SDK does not model.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != code {
		t.Fatalf("error = %v, want API error %s", err, code)
	}
}
