package emulator_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc/types"

	"github.com/awsso/awsso/internal/emulator"
)

const deviceGrant = "urn:ietf:params:oauth:grant-type:device_code"

func TestRegisterClient(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	out := r.registerDevice(t, "sso:account:access")
	if aws.ToString(out.ClientId) == "" || aws.ToString(out.ClientSecret) == "" {
		t.Fatalf("empty client id or secret: %+v", out)
	}
	if got := time.Duration(out.ClientSecretExpiresAt-out.ClientIdIssuedAt) * time.Second; got != 90*24*time.Hour {
		t.Errorf("registration lasts %s, want 90 days", got)
	}
	if d := time.Since(time.Unix(out.ClientIdIssuedAt, 0)); d < -time.Minute || d > time.Minute {
		t.Errorf("clientIdIssuedAt is %s away from now", d)
	}
}

func TestRegisterClientErrors(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	pkce := func(in *ssooidc.RegisterClientInput) {
		in.GrantTypes = []string{"authorization_code", "refresh_token"}
		in.RedirectUris = []string{"http://127.0.0.1/oauth/callback"}
		in.IssuerUrl = aws.String(r.env.StartURL)
	}
	tests := []struct {
		name   string
		change func(*ssooidc.RegisterClientInput)
		check  func(*testing.T, error)
	}{
		{"confidential client", func(in *ssooidc.RegisterClientInput) { in.ClientType = aws.String("confidential") },
			func(t *testing.T, err error) { wantErr[*types.InvalidClientMetadataException](t, err) }},
		{"bad scope", func(in *ssooidc.RegisterClientInput) { in.Scopes = []string{"not a scope"} },
			func(t *testing.T, err error) { wantErr[*types.InvalidScopeException](t, err) }},
		{"unknown grant", func(in *ssooidc.RegisterClientInput) { in.GrantTypes = []string{"password"} },
			func(t *testing.T, err error) { wantErr[*types.UnsupportedGrantTypeException](t, err) }},
		{"remote redirect", func(in *ssooidc.RegisterClientInput) {
			pkce(in)
			in.RedirectUris = []string{"https://evil.example/callback"}
		}, func(t *testing.T, err error) { wantErr[*types.InvalidRedirectUriException](t, err) }},
		{"auth code without redirect", func(in *ssooidc.RegisterClientInput) { pkce(in); in.RedirectUris = nil },
			func(t *testing.T, err error) { wantErr[*types.InvalidRedirectUriException](t, err) }},
		{"wrong issuer", func(in *ssooidc.RegisterClientInput) {
			pkce(in)
			in.IssuerUrl = aws.String("https://d-0000000000.awsapps.com/start")
		}, func(t *testing.T, err error) { wantErr[*types.InvalidRequestException](t, err) }},
		{"pkce ok", pkce, func(t *testing.T, err error) {
			if err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &ssooidc.RegisterClientInput{ClientName: aws.String("c"), ClientType: aws.String("public"), Scopes: []string{"sso:account:access"}}
			tt.change(in)
			_, err := r.oidc.RegisterClient(ctx, in)
			tt.check(t, err)
		})
	}
}

// deviceStart registers a client and starts a device authorization.
func (r *rig) deviceStart(t *testing.T, scopes ...string) (*ssooidc.RegisterClientOutput, *ssooidc.StartDeviceAuthorizationOutput) {
	t.Helper()
	reg := r.registerDevice(t, scopes...)
	da, err := r.oidc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: aws.String(r.env.StartURL),
	})
	if err != nil {
		t.Fatalf("StartDeviceAuthorization: %v", err)
	}
	return reg, da
}

func (r *rig) pollDevice(reg *ssooidc.RegisterClientOutput, da *ssooidc.StartDeviceAuthorizationOutput) (*ssooidc.CreateTokenOutput, error) {
	return r.oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: aws.String(deviceGrant), DeviceCode: da.DeviceCode,
	})
}

func TestStartDeviceAuthorization(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	_, da := r.deviceStart(t, "sso:account:access")
	if da.Interval != 5 || da.ExpiresIn != 600 {
		t.Errorf("interval %d expiresIn %d, want 5 and 600", da.Interval, da.ExpiresIn)
	}
	code := aws.ToString(da.UserCode)
	if len(code) != 9 || code[4] != '-' {
		t.Errorf("user code %q, want XXXX-XXXX", code)
	}
	if want := r.env.URL + "/device"; aws.ToString(da.VerificationUri) != want {
		t.Errorf("verificationUri %q, want %q", aws.ToString(da.VerificationUri), want)
	}
	if want := r.env.URL + "/device?user_code=" + code; aws.ToString(da.VerificationUriComplete) != want {
		t.Errorf("verificationUriComplete %q, want %q", aws.ToString(da.VerificationUriComplete), want)
	}

	t.Run("bad secret", func(t *testing.T) {
		reg := r.registerDevice(t)
		_, err := r.oidc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
			ClientId: reg.ClientId, ClientSecret: aws.String("nope"), StartUrl: aws.String(r.env.StartURL),
		})
		wantErr[*types.InvalidClientException](t, err)
	})
	t.Run("other start URL", func(t *testing.T) {
		reg := r.registerDevice(t)
		_, err := r.oidc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
			ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: aws.String("https://d-0000000000.awsapps.com/start"),
		})
		wantErr[*types.InvalidRequestException](t, err)
	})
	t.Run("start URL with trailing slash", func(t *testing.T) {
		reg := r.registerDevice(t)
		_, err := r.oidc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
			ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: aws.String(r.env.StartURL + "/#/"),
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestDeviceFlow(t *testing.T) {
	t.Parallel()
	clk := newClock()
	r := newRig(t, withClock(clk))
	reg, da := r.deviceStart(t, "sso:account:access")

	_, err := r.pollDevice(reg, da)
	e := wantErr[*types.AuthorizationPendingException](t, err)
	if aws.ToString(e.Error_) != "authorization_pending" || aws.ToString(e.Error_description) == "" {
		t.Errorf("error %q description %q", aws.ToString(e.Error_), aws.ToString(e.Error_description))
	}
	_, err = r.pollDevice(reg, da) // no time passed: too fast
	wantErr[*types.SlowDownException](t, err)
	clk.Add(5 * time.Second) // the interval is now 10s: still too fast
	_, err = r.pollDevice(reg, da)
	wantErr[*types.SlowDownException](t, err)
	clk.Add(15 * time.Second)
	_, err = r.pollDevice(reg, da)
	wantErr[*types.AuthorizationPendingException](t, err)

	if err := r.env.Server.ApproveDevice(strings.ToLower(strings.ReplaceAll(*da.UserCode, "-", "")), "alice"); err != nil {
		t.Fatal(err)
	}
	tok, err := r.pollDevice(reg, da)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(tok.TokenType) != "Bearer" || tok.ExpiresIn != 3600 || aws.ToString(tok.RefreshToken) == "" {
		t.Errorf("token type %q expiresIn %d refresh %t", aws.ToString(tok.TokenType), tok.ExpiresIn, tok.RefreshToken != nil)
	}
	_, err = r.pollDevice(reg, da)
	wantErr[*types.InvalidGrantException](t, err)
	if err := r.env.Server.ApproveDevice(*da.UserCode, ""); err == nil {
		t.Error("approving a used code succeeded")
	}
}

func TestDeviceFlowErrors(t *testing.T) {
	t.Parallel()
	clk := newClock()
	r := newRig(t, withClock(clk))

	t.Run("denied", func(t *testing.T) {
		reg, da := r.deviceStart(t)
		if err := r.env.Server.DenyDevice(*da.UserCode, ""); err != nil {
			t.Fatal(err)
		}
		_, err := r.pollDevice(reg, da)
		e := wantErr[*types.AccessDeniedException](t, err)
		if aws.ToString(e.Error_) != "access_denied" {
			t.Errorf("error = %q", aws.ToString(e.Error_))
		}
	})
	t.Run("expired", func(t *testing.T) {
		reg, da := r.deviceStart(t)
		clk.Add(10*time.Minute + time.Second)
		_, err := r.pollDevice(reg, da)
		wantErr[*types.ExpiredTokenException](t, err)
		if err := r.env.Server.ApproveDevice(*da.UserCode, ""); err == nil {
			t.Error("approving an expired code succeeded")
		}
	})
	t.Run("other client's code", func(t *testing.T) {
		_, da := r.deviceStart(t)
		other := r.registerDevice(t)
		_, err := r.pollDevice(other, da)
		wantErr[*types.InvalidGrantException](t, err)
	})
	t.Run("wrong secret", func(t *testing.T) {
		reg, da := r.deviceStart(t)
		reg.ClientSecret = aws.String("forged")
		_, err := r.pollDevice(reg, da)
		wantErr[*types.InvalidClientException](t, err)
	})
	t.Run("registration expired", func(t *testing.T) {
		reg, da := r.deviceStart(t)
		clk.Add(91 * 24 * time.Hour)
		_, err := r.pollDevice(reg, da)
		wantErr[*types.InvalidClientException](t, err)
	})
	t.Run("unsupported grant", func(t *testing.T) {
		reg := r.registerDevice(t)
		_, err := r.oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: aws.String("password")})
		wantErr[*types.UnsupportedGrantTypeException](t, err)
	})
	t.Run("missing device code", func(t *testing.T) {
		reg := r.registerDevice(t)
		_, err := r.oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: aws.String(deviceGrant)})
		wantErr[*types.InvalidRequestException](t, err)
	})
	t.Run("unregistered scope", func(t *testing.T) {
		reg, da := r.deviceStart(t, "sso:account:access")
		_, err := r.oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
			GrantType: aws.String(deviceGrant), DeviceCode: da.DeviceCode, Scope: []string{"codewhisperer:completions"}})
		wantErr[*types.InvalidScopeException](t, err)
	})
}

func TestAutoApproveDevice(t *testing.T) {
	t.Parallel()
	r := newRig(t, func(o *emulator.Options) { o.AutoApprove = true })
	reg, da := r.deviceStart(t)
	if da.Interval != 1 {
		t.Errorf("interval = %d, want 1 with auto-approve", da.Interval)
	}
	tok, err := r.pollDevice(reg, da)
	if err != nil {
		t.Fatal(err)
	}
	// A registration without scopes is a legacy one: AWS gives it no refresh token, and the
	// access token lasts the session.
	if tok.RefreshToken != nil || tok.ExpiresIn != 8*3600 {
		t.Errorf("legacy token: refresh %t, expiresIn %d, want none and 8h", tok.RefreshToken != nil, tok.ExpiresIn)
	}
}

func TestRefreshTokenRotates(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	reg, tok := r.login(t, "sso:account:access")
	refresh := func(token *string) (*ssooidc.CreateTokenOutput, error) {
		return r.oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
			GrantType: aws.String("refresh_token"), RefreshToken: token})
	}
	next, err := refresh(tok.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(next.RefreshToken) == "" || *next.RefreshToken == *tok.RefreshToken || *next.AccessToken == *tok.AccessToken {
		t.Fatal("refresh did not return new tokens")
	}
	_, err = refresh(tok.RefreshToken)
	wantErr[*types.InvalidGrantException](t, err)
	if _, err := refresh(next.RefreshToken); err != nil {
		t.Fatalf("newest refresh token: %v", err)
	}
	_, err = refresh(aws.String("aor-unknown"))
	wantErr[*types.InvalidGrantException](t, err)
	if got := r.env.Server.Stats()["CreateToken:refresh_token"]; got != 4 {
		t.Errorf("CreateToken:refresh_token = %d, want 4", got)
	}
}

func TestRefreshAfterSessionEnds(t *testing.T) {
	t.Parallel()
	clk := newClock()
	r := newRig(t, withClock(clk), func(o *emulator.Options) { o.SessionTTL = 2 * time.Hour })
	reg, tok := r.login(t, "sso:account:access")
	clk.Add(90 * time.Minute)
	next, err := r.oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: aws.String("refresh_token"), RefreshToken: tok.RefreshToken})
	if err != nil {
		t.Fatal(err)
	}
	if next.ExpiresIn != 1800 {
		t.Errorf("expiresIn = %d, want 1800 (capped by the session)", next.ExpiresIn)
	}
	clk.Add(31 * time.Minute)
	_, err = r.oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: aws.String("refresh_token"), RefreshToken: next.RefreshToken})
	wantErr[*types.InvalidGrantException](t, err)
}

func TestPendingUserCodes(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	reg, da := r.deviceStart(t)
	_, da2 := r.deviceStart(t)
	got := r.env.Server.PendingUserCodes()
	if len(got) != 2 || !slices.Contains(got, *da.UserCode) || !slices.Contains(got, *da2.UserCode) || !slices.IsSorted(got) {
		t.Fatalf("pending %v", got)
	}
	if err := r.env.Server.ApproveDevice(got[0], "nobody"); err == nil {
		t.Error("approved for an unknown user")
	}
	if err := r.env.Server.ApproveDevice(*da.UserCode, ""); err != nil {
		t.Fatal(err)
	}
	if got := r.env.Server.PendingUserCodes(); len(got) != 1 || got[0] != *da2.UserCode {
		t.Errorf("pending after approval %v", got)
	}
	if _, err := r.pollDevice(reg, da); err != nil {
		t.Fatal(err)
	}
}
