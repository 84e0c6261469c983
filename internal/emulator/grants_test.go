package emulator_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc/types"

	"github.com/awsso/awsso/internal/emulator"
)

// TestGrantTypesRestrictFlows: a client registered with grantTypes may use only those grants;
// one registered without them (the device flow of every AWS CLI) may use the device code and
// refresh grants; a registration that asks for both sign-in grants is refused, as Identity
// Center refuses it.
func TestGrantTypesRestrictFlows(t *testing.T) {
	t.Parallel()
	r := newRig(t, func(o *emulator.Options) { o.AutoApprove = true })
	const redirect = "http://127.0.0.1:54321/oauth/callback"
	register := func(grants ...string) (*ssooidc.RegisterClientOutput, error) {
		in := &ssooidc.RegisterClientInput{ClientName: aws.String("c"), ClientType: aws.String("public"),
			Scopes: []string{"sso:account:access"}, GrantTypes: grants}
		for _, g := range grants {
			if g == "authorization_code" {
				in.RedirectUris = []string{"http://127.0.0.1/oauth/callback"}
				in.IssuerUrl = aws.String(r.env.StartURL)
			}
		}
		return r.oidc.RegisterClient(ctx, in)
	}
	// signIn runs one sign-in grant and returns the token, or the error of the first refused step.
	signIn := func(reg *ssooidc.RegisterClientOutput, grant string) (*ssooidc.CreateTokenOutput, error) {
		if grant == deviceGrant {
			da, err := r.oidc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
				ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: aws.String(r.env.StartURL)})
			if err != nil {
				return nil, err
			}
			return r.pollDevice(reg, da)
		}
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := c.Get(r.authorizeURL(reg, redirect, "s"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		code := "none" // the authorize page refused the client: the token endpoint must refuse it too
		if resp.StatusCode == http.StatusFound {
			loc, err := url.Parse(resp.Header.Get("Location"))
			if err != nil {
				t.Fatal(err)
			}
			code = loc.Query().Get("code")
		}
		return r.oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
			GrantType: aws.String("authorization_code"), Code: aws.String(code), RedirectUri: aws.String(redirect), CodeVerifier: aws.String(verifier)})
	}
	tests := []struct {
		name          string
		grants        []string
		device, pkce  bool // may sign in with that grant
		refreshTokens bool // the device sign-in's token comes with a refresh token that works
	}{
		{"no grant types (AWS CLI device flow)", nil, true, false, true},
		{"authorization code (AWS CLI PKCE flow)", []string{"authorization_code", "refresh_token"}, false, true, false},
		{"device code listed", []string{deviceGrant, "refresh_token"}, true, false, true},
		{"device code without refresh", []string{deviceGrant}, true, false, false},
		{"refresh only", []string{"refresh_token"}, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, err := register(tt.grants...)
			if err != nil {
				t.Fatalf("register: %v", err)
			}
			var tok *ssooidc.CreateTokenOutput
			for grant, allowed := range map[string]bool{deviceGrant: tt.device, "authorization_code": tt.pkce} {
				got, err := signIn(reg, grant)
				switch {
				case allowed && err != nil:
					t.Errorf("%s sign-in: %v", grant, err)
				case !allowed:
					wantErr[*types.UnauthorizedClientException](t, err)
				case grant == deviceGrant:
					tok = got
				}
			}
			if tok == nil {
				return
			}
			_, err = r.oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
				GrantType: aws.String("refresh_token"), RefreshToken: tok.RefreshToken})
			if tt.refreshTokens && err != nil {
				t.Errorf("refresh: %v", err)
			}
			if !tt.refreshTokens && err == nil {
				t.Error("a client registered without the refresh grant refreshed a token")
			}
		})
	}
	t.Run("both sign-in grants refused", func(t *testing.T) {
		for _, grants := range [][]string{
			{"authorization_code", deviceGrant},
			{"authorization_code", deviceGrant, "refresh_token"},
		} {
			_, err := register(grants...)
			wantErr[*types.InvalidScopeException](t, err)
		}
	})
}
