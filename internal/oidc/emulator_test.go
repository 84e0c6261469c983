package oidc_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/oidc"
	"github.com/awsso/awsso/internal/testsupport/emutest"
	"github.com/awsso/awsso/internal/tokencache"
)

// newClient builds the real SSO OIDC client, through awsclient, pointed at the emulator.
func newClient(t *testing.T, env *emutest.Env) *oidc.Client {
	t.Helper()
	cfg, err := awsclient.Config(awsclient.Options{Service: awsclient.ServiceSSOOIDC, Region: env.Region,
		LookupEnv: func(k string) (string, bool) {
			if k == "AWS_ENDPOINT_URL_SSO_OIDC" {
				return env.URL, true
			}
			return "", false
		}, MaxBackoff: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	c := oidc.New(ssooidc.NewFromConfig(cfg), tokencache.Cache{Dir: t.TempDir()}, env.URL)
	c.Sleep = func(ctx context.Context, d time.Duration) error { return oidc.SleepContext(ctx, 10*time.Millisecond) }
	return c
}

func params(env *emutest.Env, session string) oidc.Params {
	p := oidc.Params{Session: session, StartURL: env.StartURL, Region: env.Region}
	if session != "" {
		p.Scopes = []string{"sso:account:access"}
	}
	return p
}

func TestDeviceLoginAgainstEmulator(t *testing.T) {
	tests := []struct {
		name        string
		session     string
		allow       bool
		wantErr     error
		wantRefresh bool
	}{
		{name: "sso-session approved", session: "corp", allow: true, wantRefresh: true},
		{name: "legacy approved", allow: true, wantRefresh: false},
		{name: "denied", session: "corp", allow: false, wantErr: oidc.ErrDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := emutest.Start(t)
			c := newClient(t, env)
			user := env.Server.DefaultUser().Name
			tok, err := c.DeviceLogin(context.Background(), params(env, tt.session), func(d oidc.DeviceCode) {
				if tt.allow {
					err := env.Server.ApproveDevice(d.UserCode, user)
					if err != nil {
						t.Error(err)
					}
				} else if err := env.Server.DenyDevice(d.UserCode, user); err != nil {
					t.Error(err)
				}
			})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tok.AccessToken == "" || (tok.RefreshToken != "") != tt.wantRefresh || tok.StartURL != env.StartURL {
				t.Errorf("token: access %v, refresh %v, start URL %s", tok.AccessToken != "", tok.RefreshToken != "", tok.StartURL)
			}
			stats := env.Server.Stats()
			if stats["RegisterClient"] != 1 || stats["StartDeviceAuthorization"] != 1 {
				t.Errorf("stats %v", stats)
			}
		})
	}
}

// TestPKCELoginAgainstEmulator plays an auto-approving browser: following the authorize
// redirect lands on the loopback callback.
func TestPKCELoginAgainstEmulator(t *testing.T) {
	env := emutest.Start(t, emutest.AutoApprove)
	c := newClient(t, env)
	p := params(env, "corp")
	login := func() {
		tok, err := c.PKCELogin(context.Background(), p, oidc.PKCEOptions{Timeout: 30 * time.Second, Open: func(u string) {
			go func() {
				resp, err := http.Get(u)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
			}()
		}})
		if err != nil {
			t.Fatal(err)
		}
		if tok.RefreshToken == "" || tok.ClientID == "" {
			t.Errorf("PKCE token lacks refresh token or client")
		}
		refreshed, err := c.Refresh(context.Background(), p, tok)
		if err != nil {
			t.Fatal(err)
		}
		if refreshed.AccessToken == tok.AccessToken || refreshed.RefreshToken == tok.RefreshToken {
			t.Error("refresh did not rotate the tokens")
		}
		if _, err := c.Refresh(context.Background(), p, tok); !errors.Is(err, oidc.ErrRefreshRejected) {
			t.Errorf("the rotated-out refresh token still works: %v", err)
		}
	}
	login()
	login()
	stats := env.Server.Stats()
	if stats["RegisterClient"] != 1 || stats["CreateToken:authorization_code"] != 2 || stats["Authorize"] < 2 {
		t.Errorf("two logins with a cached registration: stats %v", stats)
	}
}

// TestPKCELoginInChromium clicks through the emulator's sign-in and consent pages in headless
// Chromium, allowing and denying.
func TestPKCELoginInChromium(t *testing.T) {
	for _, allow := range []bool{true, false} {
		env := emutest.Start(t)
		browser := emutest.NewBrowser(t)
		c := newClient(t, env)
		user := env.Server.DefaultUser()
		_, err := c.PKCELogin(context.Background(), params(env, "corp"), oidc.PKCEOptions{Timeout: time.Minute, Open: func(u string) {
			go browser.Authorize(u, user, allow)
		}})
		switch {
		case allow && err != nil:
			t.Fatalf("allowed: %v", err)
		case !allow && !errors.Is(err, oidc.ErrDenied):
			t.Fatalf("denied: err = %v, want ErrDenied", err)
		}
		if got := browser.Text("h1"); allow && got != "Signed in to awsso" {
			t.Errorf("callback page heading %q", got)
		}
	}
}

// TestSwitchingFlowsRegistersOnceEach: device, PKCE, device, PKCE against an emulator that
// holds each client to its grant types: every sign-in works and refreshes, and each flow
// registers one client in all, whichever ran before.
func TestSwitchingFlowsRegistersOnceEach(t *testing.T) {
	env := emutest.Start(t, emutest.AutoApprove)
	c := newClient(t, env)
	p := params(env, "corp")
	p.Scopes = nil // the PKCE flow asks for sso:account:access itself, as the AWS CLI does
	for i, pkce := range []bool{false, true, false, true} {
		var tok *tokencache.Token
		var err error
		if pkce {
			tok, err = c.PKCELogin(context.Background(), p, oidc.PKCEOptions{Timeout: 30 * time.Second, Open: func(u string) {
				go func() {
					if resp, err := http.Get(u); err == nil {
						resp.Body.Close()
					}
				}()
			}})
		} else {
			tok, err = c.DeviceLogin(context.Background(), p, func(oidc.DeviceCode) {})
		}
		if err != nil {
			t.Fatalf("sign-in %d (pkce %v): %v", i+1, pkce, err)
		}
		if pkce && tok.RefreshToken == "" {
			t.Fatalf("sign-in %d: a PKCE sign-in without scopes in the config got no refresh token", i+1)
		}
		if pkce {
			if _, err := c.Refresh(context.Background(), p, tok); err != nil {
				t.Errorf("refresh after sign-in %d: %v", i+1, err)
			}
		}
	}
	if stats := env.Server.Stats(); stats["RegisterClient"] != 2 || stats["CreateToken:device_code"] != 2 || stats["CreateToken:authorization_code"] != 2 {
		t.Errorf("stats %v, want 2 registrations for 4 sign-ins", stats)
	}
}
