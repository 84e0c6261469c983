package emutest

import (
	"context"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
)

// Tokens are what a finished sign-in returns.
type Tokens struct {
	AccessToken  string
	RefreshToken string
	ClientID     string
	ClientSecret string
	ExpiresIn    int32
}

// SignIn signs the default user in through the device flow with the SDK's own client (approved
// through the hook), for tests that need a valid token without exercising awsso's sign-in.
func SignIn(t testing.TB, e *Env) Tokens {
	t.Helper()
	ctx := context.Background()
	c := ssooidc.NewFromConfig(e.AWSConfig())
	reg, err := c.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: aws.String("emutest"), ClientType: aws.String("public"),
		Scopes: []string{"sso:account:access"}})
	if err != nil {
		t.Fatalf("register client: %v", err)
	}
	auth, err := c.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: aws.String(e.StartURL)})
	if err != nil {
		t.Fatalf("start device authorization: %v", err)
	}
	if slices.Contains(e.Server.PendingUserCodes(), aws.ToString(auth.UserCode)) { // not auto-approved
		if err := e.Server.ApproveDevice(aws.ToString(auth.UserCode), e.Server.DefaultUser().Name); err != nil {
			t.Fatalf("approve device: %v", err)
		}
	}
	tok, err := c.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: aws.String("urn:ietf:params:oauth:grant-type:device_code"), DeviceCode: auth.DeviceCode})
	if err != nil {
		t.Fatalf("create token: %v", err)
	}
	return Tokens{AccessToken: aws.ToString(tok.AccessToken), RefreshToken: aws.ToString(tok.RefreshToken),
		ClientID: aws.ToString(reg.ClientId), ClientSecret: aws.ToString(reg.ClientSecret), ExpiresIn: tok.ExpiresIn}
}
