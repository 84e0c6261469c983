package creds_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sso"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/tokencache"
)

// fakePortal answers GetRoleCredentials with body, as a broken portal (or a proxy) could; the
// emulator stays faithful and never does.
func fakePortal(t *testing.T, body string) (*creds.Provider, creds.Role) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/federation/credentials" {
			http.Error(w, "unexpected "+r.URL.Path, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	home := t.TempDir()
	tc := tokencache.Cache{Dir: filepath.Join(home, "sso", "cache")}
	target := session.Target{Session: "corp", StartURL: "https://d-1.awsapps.com/start", Region: "us-east-1"}
	if err := tc.SaveToken("corp", "", &tokencache.Token{StartURL: target.StartURL, Region: target.Region, AccessToken: "token",
		ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	lookup := endpoint(srv.URL)
	return &creds.Provider{Cache: creds.Cache{Dir: filepath.Join(home, "cli", "cache")}, Now: time.Now,
		Sessions: &session.Manager{Cache: tc, Now: time.Now},
		Portal: func(session.Target) (portal.API, error) {
			c, err := awsclient.Config(awsclient.Options{Service: awsclient.ServiceSSO, Region: target.Region, LookupEnv: lookup, MaxBackoff: time.Millisecond})
			return sso.NewFromConfig(c), err
		}}, creds.Role{Target: target, AccountID: "111122223333", RoleName: "ReadOnly"}
}

// endpoint is an environment that sends every AWS call to url.
func endpoint(url string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		if k == "AWS_ENDPOINT_URL" {
			return url, true
		}
		return "", false
	}
}

// TestProviderRejectsInvalidCredentials: credentials a portal answers with that cannot be real
// (a key missing, an expiration in 1970, before year 1 or centuries away) are a remote error
// (exit code 3), and nothing is cached where SDKs would choke on it.
func TestProviderRejectsInvalidCredentials(t *testing.T) {
	hour := time.Now().Add(time.Hour).UnixMilli()
	for _, tt := range []struct {
		name, creds, want string
	}{
		{"empty access key", fmt.Sprintf(`"accessKeyId": "", "secretAccessKey": "s", "sessionToken": "t", "expiration": %d`, hour), "the access key id is empty"},
		{"empty secret", fmt.Sprintf(`"accessKeyId": "ASIA", "secretAccessKey": "", "sessionToken": "t", "expiration": %d`, hour), "the secret access key is empty"},
		{"no session token", fmt.Sprintf(`"accessKeyId": "ASIA", "secretAccessKey": "s", "expiration": %d`, hour), "the session token is empty"},
		{"epoch 1000 ms", `"accessKeyId": "ASIA", "secretAccessKey": "s", "sessionToken": "t", "expiration": 1000`, "they expire at 1970-01-01T00:00:01Z, which is not after"},
		{"negative", `"accessKeyId": "ASIA", "secretAccessKey": "s", "sessionToken": "t", "expiration": -99999999999999999`, "they expire at year -3166904"},
		{"no expiration", `"accessKeyId": "ASIA", "secretAccessKey": "s", "sessionToken": "t"`, "they expire at 1970-01-01T00:00:00Z"},
		{"far future", `"accessKeyId": "ASIA", "secretAccessKey": "s", "sessionToken": "t", "expiration": 32503680000000`, "they expire at 3000-01-01T00:00:00Z, more than 36h"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, role := fakePortal(t, `{"roleCredentials": {`+tt.creds+`}}`)
			_, err := p.Get(context.Background(), role)
			var invalid *creds.InvalidError
			if !errors.As(err, &invalid) || invalid.ExitCode() != 3 || !strings.Contains(err.Error(),
				"the access portal's credentials for role ReadOnly in 111122223333 cannot be used: "+tt.want) {
				t.Fatalf("err = %v, want an InvalidError saying %q", err, tt.want)
			}
			if entries, _ := os.ReadDir(p.Cache.Dir); len(entries) != 0 {
				t.Errorf("cached something: %v", entries)
			}
		})
	}
}

// TestProviderUsableCredentialsNeverWaitLong: with cached credentials that still work but are
// due for renewal (10 minutes left), a lock another process holds for as long as it likes, or a
// portal that cannot be reached, leaves the caller with the cached credentials after a short,
// bounded wait that --debug explains, instead of the long waits of a cold fetch.
func TestProviderUsableCredentialsNeverWaitLong(t *testing.T) {
	w := newWorld(t)
	c, err := w.provider.Get(context.Background(), w.role)
	if err != nil {
		t.Fatal(err)
	}
	var debug bytes.Buffer
	w.provider.Debug = &debug
	w.provider.LockWait = time.Hour
	w.provider.Now = func() time.Time { return c.Expiration.Add(-10 * time.Minute) }
	w.env.Server.ResetStats()

	held, err := cachefile.Lock(context.Background(), w.provider.Cache.Path(w.role.Key()))
	if err != nil {
		t.Fatal(err)
	}
	// An hour of LockWait would outlast this context: only the bound lets the call end first.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	got, err := w.provider.Get(ctx, w.role)
	held.Release()
	if err != nil || got.AccessKeyID != c.AccessKeyID {
		t.Fatalf("with the lock held: %v, %v; want the cached credentials", got, err)
	}
	for _, want := range []string{"another awsso process is getting these credentials; waiting up to 2s",
		"the lock stayed busy for 2s; using the cached credentials, valid until "} {
		if !strings.Contains(debug.String(), want) {
			t.Errorf("debug lacks %q:\n%s", want, debug.String())
		}
	}

	debug.Reset()
	w.provider.Portal = func(session.Target) (portal.API, error) {
		cfg, err := awsclient.Config(awsclient.Options{Service: awsclient.ServiceSSO, Region: w.env.Region,
			LookupEnv: endpoint("http://127.0.0.1:1"), MaxBackoff: time.Millisecond})
		return sso.NewFromConfig(cfg), err
	}
	got, err = w.provider.Get(ctx, w.role)
	if err != nil || got.AccessKeyID != c.AccessKeyID {
		t.Fatalf("with the portal unreachable: %v, %v; want the cached credentials", got, err)
	}
	if !strings.Contains(debug.String(), "could not renew the credentials (") || !strings.Contains(debug.String(), "); using the cached ones, valid until ") {
		t.Errorf("debug:\n%s", debug.String())
	}

	// With less than a minute left, nothing is handed out: the failure is the answer.
	w.provider.Now = func() time.Time { return c.Expiration.Add(-30 * time.Second) }
	if _, err := w.provider.Get(ctx, w.role); err == nil {
		t.Error("credentials with 30 s left were handed out with the portal unreachable")
	}
}
