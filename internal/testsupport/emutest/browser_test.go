package emutest_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"flag"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc/types"

	"github.com/awsso/awsso/internal/testsupport/emutest"
)

var update = flag.Bool("update", false, "rewrite docs/emulator-signin.png")

var ctx = context.Background()

func deviceStart(t *testing.T, env *emutest.Env) (*ssooidc.Client, *ssooidc.RegisterClientOutput, *ssooidc.StartDeviceAuthorizationOutput) {
	t.Helper()
	c := ssooidc.NewFromConfig(env.AWSConfig())
	reg, err := c.RegisterClient(ctx, &ssooidc.RegisterClientInput{
		ClientName: aws.String("botocore-client-browser"), ClientType: aws.String("public"), Scopes: []string{"sso:account:access"},
	})
	if err != nil {
		t.Fatal(err)
	}
	da, err := c.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: aws.String(env.StartURL),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, reg, da
}

func TestBrowserDevicePage(t *testing.T) {
	env := emutest.Start(t)
	b := emutest.NewBrowser(t)
	user := env.Server.DefaultUser()

	t.Run("allow", func(t *testing.T) {
		c, reg, da := deviceStart(t, env)
		b.Open(*da.VerificationUriComplete)
		if got := b.FocusedID(); got != "username" {
			t.Errorf("focus on %q, want username (the code is filled in)", got)
		}
		if *update {
			b.Screenshot(filepath.Join("..", "..", "docs", "emulator-signin.png"))
		}
		if h := b.Device(*da.VerificationUriComplete, "", user, true); h != "Request approved" {
			t.Errorf("heading %q", h)
		}
		if _, err := c.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
			GrantType: aws.String("urn:ietf:params:oauth:grant-type:device_code"), DeviceCode: da.DeviceCode}); err != nil {
			t.Fatalf("token after allowing: %v", err)
		}
	})
	t.Run("deny, code typed", func(t *testing.T) {
		c, reg, da := deviceStart(t, env)
		b.Open(*da.VerificationUri)
		if got := b.FocusedID(); got != "user_code" {
			t.Errorf("focus on %q, want user_code", got)
		}
		if h := b.Device(*da.VerificationUri, *da.UserCode, user, false); h != "Request denied" {
			t.Errorf("heading %q", h)
		}
		_, err := c.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
			GrantType: aws.String("urn:ietf:params:oauth:grant-type:device_code"), DeviceCode: da.DeviceCode})
		var denied *types.AccessDeniedException
		if !errors.As(err, &denied) {
			t.Fatalf("token after denying: %v", err)
		}
	})
}

func TestBrowserAuthorizePage(t *testing.T) {
	env := emutest.Start(t)
	b := emutest.NewBrowser(t)
	c := ssooidc.NewFromConfig(env.AWSConfig())
	reg, err := c.RegisterClient(ctx, &ssooidc.RegisterClientInput{
		ClientName: aws.String("botocore-client-pkce"), ClientType: aws.String("public"), Scopes: []string{"sso:account:access"},
		GrantTypes: []string{"authorization_code", "refresh_token"}, RedirectUris: []string{"http://127.0.0.1/oauth/callback"},
		IssuerUrl: aws.String(env.StartURL),
	})
	if err != nil {
		t.Fatal(err)
	}
	// The client's loopback listener, as awsso login runs it.
	callback := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<!doctype html><title>done</title><p>You can close this window."))
	}))
	defer callback.Close()
	redirect := callback.URL + "/oauth/callback"
	const verifier = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"
	sum := sha256.Sum256([]byte(verifier))
	authorize := env.URL + "/authorize?" + url.Values{
		"response_type": {"code"}, "client_id": {*reg.ClientId}, "redirect_uri": {redirect}, "state": {"st4te"},
		"code_challenge_method": {"S256"}, "scopes": {"sso:account:access"},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])},
	}.Encode()

	t.Run("allow", func(t *testing.T) {
		got, _ := url.Parse(b.Authorize(authorize, env.Server.DefaultUser(), true))
		if got.Path != "/oauth/callback" || got.Query().Get("state") != "st4te" || got.Query().Get("code") == "" {
			t.Fatalf("callback %s", got)
		}
		tok, err := c.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
			GrantType: aws.String("authorization_code"), Code: aws.String(got.Query().Get("code")),
			RedirectUri: aws.String(redirect), CodeVerifier: aws.String(verifier)})
		if err != nil || aws.ToString(tok.RefreshToken) == "" {
			t.Fatalf("exchange: %v", err)
		}
	})
	t.Run("deny", func(t *testing.T) {
		got, _ := url.Parse(b.Authorize(authorize, env.Server.DefaultUser(), false))
		if got.Query().Get("error") != "access_denied" || got.Query().Get("state") != "st4te" || got.Query().Has("code") {
			t.Fatalf("callback %s", got)
		}
	})
}
