package emulator_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc/types"

	"github.com/awsso/awsso/internal/emulator"
)

// pkceClient registers a client as botocore does for the authorization code flow.
func (r *rig) pkceClient(t *testing.T) *ssooidc.RegisterClientOutput {
	t.Helper()
	reg, err := r.oidc.RegisterClient(ctx, &ssooidc.RegisterClientInput{
		ClientName: aws.String("botocore-client-pkce"), ClientType: aws.String("public"),
		Scopes: []string{"sso:account:access"}, GrantTypes: []string{"authorization_code", "refresh_token"},
		RedirectUris: []string{"http://127.0.0.1/oauth/callback"}, IssuerUrl: aws.String(r.env.StartURL),
	})
	if err != nil {
		t.Fatalf("RegisterClient: %v", err)
	}
	return reg
}

const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk0123456789"

func challenge(v string) string {
	sum := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// authorizeURL is the URL a client opens in the browser.
func (r *rig) authorizeURL(reg *ssooidc.RegisterClientOutput, redirect, state string) string {
	q := url.Values{
		"response_type": {"code"}, "client_id": {*reg.ClientId}, "redirect_uri": {redirect}, "state": {state},
		"code_challenge_method": {"S256"}, "scopes": {"sso:account:access"}, "code_challenge": {challenge(verifier)},
	}
	return r.env.URL + "/authorize?" + q.Encode()
}

// authorizeAuto follows GET /authorize under auto-approve and returns the callback query.
func authorizeAuto(t *testing.T, u string) url.Values {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("GET /authorize: %s, want 302", resp.Status)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return loc.Query()
}

func TestAuthorizationCodeFlow(t *testing.T) {
	t.Parallel()
	clk := newClock()
	r := newRig(t, withClock(clk), func(o *emulator.Options) { o.AutoApprove = true })
	const redirect = "http://127.0.0.1:54321/oauth/callback"
	exchange := func(reg *ssooidc.RegisterClientOutput, code, redirectURI, v string) (*ssooidc.CreateTokenOutput, error) {
		return r.oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
			GrantType: aws.String("authorization_code"), Code: aws.String(code), RedirectUri: aws.String(redirectURI), CodeVerifier: aws.String(v)})
	}
	t.Run("exchange once", func(t *testing.T) {
		reg := r.pkceClient(t)
		q := authorizeAuto(t, r.authorizeURL(reg, redirect, "s1"))
		if q.Get("state") != "s1" || q.Get("code") == "" {
			t.Fatalf("callback query %v", q)
		}
		tok, err := exchange(reg, q.Get("code"), redirect, verifier)
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToString(tok.RefreshToken) == "" {
			t.Error("no refresh token")
		}
		_, err = exchange(reg, q.Get("code"), redirect, verifier)
		wantErr[*types.InvalidGrantException](t, err)
		// Reuse revokes what the code gave.
		_, err = r.sso.ListAccounts(ctx, listAccounts(*tok.AccessToken))
		wantUnauthorized(t, err)
	})
	tests := []struct {
		name               string
		redirect, verifier string
		wait               time.Duration
		check              func(*testing.T, error)
	}{
		{"wrong verifier", redirect, strings.Repeat("x", 43), 0, func(t *testing.T, err error) { wantErr[*types.InvalidGrantException](t, err) }},
		{"short verifier", redirect, "abc", 0, func(t *testing.T, err error) { wantErr[*types.InvalidGrantException](t, err) }},
		{"other redirect", "http://127.0.0.1:1/oauth/callback", verifier, 0, func(t *testing.T, err error) { wantErr[*types.InvalidGrantException](t, err) }},
		{"expired", redirect, verifier, 6 * time.Minute, func(t *testing.T, err error) { wantErr[*types.ExpiredTokenException](t, err) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := r.pkceClient(t)
			q := authorizeAuto(t, r.authorizeURL(reg, redirect, "s"))
			clk.Add(tt.wait)
			_, err := exchange(reg, q.Get("code"), tt.redirect, tt.verifier)
			tt.check(t, err)
		})
	}
	t.Run("device client cannot", func(t *testing.T) {
		reg := r.registerDevice(t, "sso:account:access")
		_, err := exchange(reg, "code", redirect, verifier)
		wantErr[*types.UnauthorizedClientException](t, err)
	})
}
