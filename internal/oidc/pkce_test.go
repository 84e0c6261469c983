package oidc

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/awsso/awsso/internal/crash"
	"github.com/awsso/awsso/internal/tokencache"
)

// browser plays the user's browser: it checks the authorize URL and visits the callback.
func visit(t *testing.T, authorizeURL string, params func(q url.Values) url.Values) (status int) {
	t.Helper()
	u, err := url.Parse(authorizeURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || redirect.Hostname() != "127.0.0.1" {
		t.Fatalf("redirect_uri %q must be on 127.0.0.1", q.Get("redirect_uri"))
	}
	redirect.RawQuery = params(q).Encode()
	resp, err := http.Get(redirect.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestPKCELogin(t *testing.T) {
	p := Params{Session: "corp", StartURL: "https://d-1.awsapps.com/start", Region: "eu-west-1", Scopes: []string{"sso:account:access"}}
	tests := []struct {
		name    string
		visits  func(t *testing.T, authorizeURL string)
		wantErr error
	}{
		{name: "approved", visits: func(t *testing.T, au string) {
			if s := visit(t, au, func(q url.Values) url.Values { return url.Values{"code": {"c1"}, "state": {q.Get("state")}} }); s != 200 {
				t.Errorf("callback status %d", s)
			}
		}},
		{name: "wrong state refused, then the right one accepted", visits: func(t *testing.T, au string) {
			if s := visit(t, au, func(q url.Values) url.Values { return url.Values{"code": {"evil"}, "state": {"forged"}} }); s != 400 {
				t.Errorf("forged state: status %d, want 400", s)
			}
			visit(t, au, func(q url.Values) url.Values { return url.Values{"code": {"c1"}, "state": {q.Get("state")}} })
		}},
		{name: "denied", wantErr: ErrDenied, visits: func(t *testing.T, au string) {
			visit(t, au, func(q url.Values) url.Values {
				return url.Values{"error": {"access_denied"}, "state": {q.Get("state")}}
			})
		}},
		{name: "no answer", wantErr: ErrTimeout, visits: func(t *testing.T, au string) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &scriptedAPI{}
			c := &Client{API: api, Cache: tokencache.Cache{Dir: t.TempDir()}, Endpoint: "https://oidc.eu-west-1.amazonaws.com", Now: func() time.Time { return t0 }}
			var authorizeURL string
			tok, err := c.PKCELogin(context.Background(), p, PKCEOptions{Timeout: 2 * time.Second, Open: func(u string) {
				authorizeURL = u
				go tt.visits(t, u)
			}})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tok.AccessToken != "access" || tok.ClientID != "cid" {
				t.Errorf("token %+v", tok)
			}
			au, _ := url.Parse(authorizeURL)
			q := au.Query()
			if !strings.HasPrefix(authorizeURL, "https://oidc.eu-west-1.amazonaws.com/authorize?response_type=code&client_id=cid&") ||
				q.Get("code_challenge_method") != "S256" || q.Get("scopes") != "sso:account:access" {
				t.Errorf("authorize URL %s", authorizeURL)
			}
			in := api.lastIn
			sum := sha256.Sum256([]byte(aws.ToString(in.CodeVerifier)))
			if base64.RawURLEncoding.EncodeToString(sum[:]) != q.Get("code_challenge") {
				t.Error("code verifier does not match the challenge")
			}
			if aws.ToString(in.Code) != "c1" || aws.ToString(in.RedirectUri) != q.Get("redirect_uri") || aws.ToString(in.GrantType) != GrantAuthorizationCode {
				t.Errorf("exchange %+v", in)
			}
			reg, err := c.Cache.LoadRegistration(p.registrationArgs(), tokencache.SlotPKCE)
			if err != nil || !fitsPKCE(reg, t0) {
				t.Errorf("PKCE registration not cached with its grant types: %+v, %v", reg, err)
			}
		})
	}
}

func TestPKCELoginHonoursCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	c := &Client{API: &scriptedAPI{}, Cache: tokencache.Cache{Dir: t.TempDir()}, Endpoint: "http://x", Now: func() time.Time { return t0 }}
	_, err := c.PKCELogin(ctx, Params{Session: "s", StartURL: "https://d-1.awsapps.com/start", Region: "us-east-1"},
		PKCEOptions{Open: func(string) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestPKCESecrets(t *testing.T) {
	v1, c1, s1, _ := pkceSecrets()
	v2, _, s2, _ := pkceSecrets()
	if len(v1) != 43 || v1 == v2 || s1 == s2 || len(c1) != 43 {
		t.Errorf("verifier %q (len %d), challenge len %d, states %q %q", v1, len(v1), len(c1), s1, s2)
	}
}

func TestCallbackAcceptsOnlyOne(t *testing.T) {
	cb := newCallback("st")
	for i, want := range []int{200, 400} {
		rec := httptest.NewRecorder()
		cb.ServeHTTP(rec, httptest.NewRequest("GET", "/oauth/callback?code=c&state=st", nil))
		if rec.Code != want {
			t.Errorf("callback %d: status %d, want %d", i+1, rec.Code, want)
		}
	}
	if res := <-cb.result; res.code != "c" {
		t.Errorf("result %+v", res)
	}
	rec := httptest.NewRecorder()
	cb.ServeHTTP(rec, httptest.NewRequest("POST", "/oauth/callback?code=c&state=st", nil))
	if rec.Code != 404 {
		t.Errorf("POST: status %d, want 404", rec.Code)
	}
}

// panickyWriter panics when the page is written, as a bug in answering the browser would.
type panickyWriter struct{ httptest.ResponseRecorder }

func (*panickyWriter) Write([]byte) (int, error) { panic("page bug with token-value") }

// TestCallbackBugEndsTheWait: a panic while answering the browser becomes the sign-in's result,
// a secret-free crash error, instead of a wait until the timeout.
func TestCallbackBugEndsTheWait(t *testing.T) {
	cb := newCallback("st")
	cb.ServeHTTP(&panickyWriter{}, httptest.NewRequest("GET", "/oauth/callback?code=c&state=st", nil))
	select {
	case res := <-cb.result:
		var bug *crash.Error
		if !errors.As(res.err, &bug) || strings.Contains(res.err.Error(), "token-value") {
			t.Errorf("result %+v, want a crash.Error without the panic's value", res)
		}
	default:
		t.Fatal("no result: the sign-in would wait for its timeout")
	}
}
