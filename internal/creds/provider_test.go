package creds_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/oidc"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/testsupport/emutest"
	"github.com/awsso/awsso/internal/tokencache"
)

type world struct {
	env      *emutest.Env
	provider *creds.Provider
	role     creds.Role
}

func newWorld(t *testing.T) *world {
	env := emutest.Start(t)
	signed := emutest.SignIn(t, env)
	home := t.TempDir()
	tc := tokencache.Cache{Dir: filepath.Join(home, "sso", "cache")}
	target := session.Target{Session: "corp", StartURL: env.StartURL, Region: env.Region}
	tc.SaveToken("corp", env.StartURL, &tokencache.Token{StartURL: env.StartURL, Region: env.Region, AccessToken: signed.AccessToken,
		ExpiresAt: time.Now().Add(time.Hour), ClientID: signed.ClientID, ClientSecret: signed.ClientSecret,
		RegistrationExpiresAt: time.Now().Add(24 * time.Hour), RefreshToken: signed.RefreshToken})
	lookup := func(k string) (string, bool) {
		if k == "AWS_ENDPOINT_URL" {
			return env.URL, true
		}
		return "", false
	}
	cfg := func(service string) awsclient.Options {
		return awsclient.Options{Service: service, Region: env.Region, LookupEnv: lookup, MaxBackoff: 5 * time.Millisecond}
	}
	sessions := &session.Manager{Cache: tc, Now: time.Now, OIDC: func(session.Target) (*oidc.Client, error) {
		c, err := awsclient.Config(cfg(awsclient.ServiceSSOOIDC))
		return oidc.New(ssooidc.NewFromConfig(c), tc, env.URL), err
	}}
	env.Server.ResetStats()
	return &world{
		env: env,
		provider: &creds.Provider{Cache: creds.Cache{Dir: filepath.Join(home, "cli", "cache")}, Sessions: sessions, Now: time.Now,
			Portal: func(session.Target) (portal.API, error) {
				c, err := awsclient.Config(cfg(awsclient.ServiceSSO))
				return sso.NewFromConfig(c), err
			}},
		role: creds.Role{Target: target, AccountID: "111122223333", RoleName: "ReadOnly"},
	}
}

func TestProviderCachesAndSharesOneCall(t *testing.T) {
	w := newWorld(t)
	var wg sync.WaitGroup
	got := make([]*creds.Credentials, 10)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := w.provider.Get(context.Background(), w.role)
			if err != nil {
				t.Error(err)
			}
			got[i] = c
		}()
	}
	wg.Wait()
	if calls := w.env.Server.Stats()["GetRoleCredentials"]; calls != 1 {
		t.Errorf("10 concurrent callers made %d portal calls, want 1", calls)
	}
	for _, c := range got[1:] {
		if c == nil || got[0] == nil || c.AccessKeyID != got[0].AccessKeyID {
			t.Fatal("callers got different credentials")
		}
	}
	if got[0].AccountID != "111122223333" {
		t.Errorf("account %q", got[0].AccountID)
	}
	// A warm cache answers with no network at all.
	w.env.Server.ResetStats()
	if _, ok := w.provider.Cached(w.role); !ok {
		t.Fatal("credentials not cached")
	}
	if _, err := w.provider.Get(context.Background(), w.role); err != nil {
		t.Fatal(err)
	}
	if stats := w.env.Server.Stats(); len(stats) != 0 {
		t.Errorf("warm cache made calls: %v", stats)
	}
}

func TestProviderFetchesAgainNearExpiry(t *testing.T) {
	w := newWorld(t)
	w.provider.Now = func() time.Time { return time.Now().Add(50 * time.Minute) } // 1h credentials, 10 min left
	w.provider.Get(context.Background(), w.role)
	w.provider.Get(context.Background(), w.role)
	if calls := w.env.Server.Stats()["GetRoleCredentials"]; calls != 2 {
		t.Errorf("portal calls = %d, want 2 (credentials within 15 minutes of expiry are not reused)", calls)
	}
}

func TestProviderRevokedSessionNeedsLogin(t *testing.T) {
	w := newWorld(t)
	w.env.Server.Revoke()
	_, err := w.provider.Get(context.Background(), w.role)
	var login *session.LoginRequiredError
	if !errors.As(err, &login) || login.Hints()[0] != "run: awsso login --sso-session corp" {
		t.Fatalf("err = %v, want a login-required error with the command", err)
	}
}
