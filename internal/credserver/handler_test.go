package credserver

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/creds"
)

func TestRequests(t *testing.T) {
	src := &fakeSource{clock: newClock(), life: time.Hour, profiles: []string{"dev", "my team/dev", "prod"}}
	s, logged := testServer(t, src)
	only, _ := testServer(t, src, func(o *Options) { o.Profiles = []string{"dev"} })
	tests := []struct {
		name     string
		server   http.Handler
		method   string
		host     string
		path     string
		auth     []string // the Authorization headers; nil: the token
		header   []string
		wantCode int
		wantErr  string // the error code; "" for 200
		wantMsg  string // in the message
	}{
		{name: "credentials", path: "/profiles/dev", wantCode: 200},
		{name: "an escaped name", path: ProfileURL("", "my team/dev"), wantCode: 200},
		{name: "localhost", host: "localhost:41234", path: "/profiles/dev", wantCode: 200},
		{name: "IPv6 loopback", host: "[::1]:41234", path: "/profiles/dev", wantCode: 200},
		{name: "no token", path: "/profiles/dev", auth: []string{}, wantCode: 401, wantErr: CodeMissingToken, wantMsg: "AWS_CONTAINER_AUTHORIZATION_TOKEN"},
		{name: "wrong token", path: "/profiles/dev", auth: []string{"the-tokem"}, wantCode: 403, wantErr: CodeInvalidToken},
		{name: "the token and more", path: "/profiles/dev", auth: []string{"the-token "}, wantCode: 403, wantErr: CodeInvalidToken},
		{name: "empty token", path: "/profiles/dev", auth: []string{""}, wantCode: 403, wantErr: CodeInvalidToken},
		{name: "two tokens", path: "/profiles/dev", auth: []string{"the-token", "the-token"}, wantCode: 403, wantErr: CodeInvalidToken},
		{name: "a web page", path: "/profiles/dev", header: []string{"Origin", "https://evil.example"}, wantCode: 403, wantErr: CodeBrowserRefused},
		{name: "a null origin", path: "/profiles/dev", header: []string{"Origin", "null"}, wantCode: 403, wantErr: CodeBrowserRefused},
		{name: "a browser without Origin", path: "/profiles/dev", header: []string{"Sec-Fetch-Site", "same-origin"}, wantCode: 403, wantErr: CodeBrowserRefused},
		{name: "a web page without the token", path: "/profiles/dev", auth: []string{}, header: []string{"Origin", "https://evil.example"}, wantCode: 403, wantErr: CodeBrowserRefused},
		{name: "DNS rebinding", host: "evil.example:41234", path: "/profiles/dev", wantCode: 421, wantErr: CodeHostRefused},
		{name: "POST", method: http.MethodPost, path: "/profiles/dev", wantCode: 405, wantErr: CodeMethodNotAllowed},
		{name: "CORS preflight", method: http.MethodOptions, path: "/profiles/dev", wantCode: 405, wantErr: CodeMethodNotAllowed},
		{name: "the root", path: "/", wantCode: 404, wantErr: CodeNotFound, wantMsg: "/profiles/PROFILE"},
		{name: "no profile", path: "/profiles/", wantCode: 404, wantErr: CodeNotFound},
		{name: "a deeper path", path: "/profiles/dev/x", wantCode: 404, wantErr: CodeNotFound},
		{name: "unknown profile", path: "/profiles/nope", wantCode: 404, wantErr: CodeProfileNotFound, wantMsg: "list profiles with 'awsso profiles'"},
		{name: "another profile than the one served", server: only, path: "/profiles/prod", wantCode: 404, wantErr: CodeProfileNotFound, wantMsg: `serves profile "dev" only`},
		{name: "the one served", server: only, path: "/profiles/dev", wantCode: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server := tt.server
			if server == nil {
				server = s
			}
			method := tt.method
			if method == "" {
				method = http.MethodGet
			}
			r := httptest.NewRequest(method, tt.path, nil)
			r.Host = "127.0.0.1:41234"
			if tt.host != "" {
				r.Host = tt.host
			}
			auth := tt.auth
			if auth == nil {
				auth = []string{"the-token"}
			}
			for _, a := range auth {
				r.Header.Add("Authorization", a)
			}
			for i := 0; i+1 < len(tt.header); i += 2 {
				r.Header.Add(tt.header[i], tt.header[i+1])
			}
			got := do(t, server, r)
			if got.Status != tt.wantCode || got.Code != tt.wantErr || !strings.Contains(got.Message, tt.wantMsg) {
				t.Errorf("got %d %s %q, want %d %s containing %q", got.Status, got.Code, got.Message, tt.wantCode, tt.wantErr, tt.wantMsg)
			}
			if got.ContentType != "application/json" {
				t.Errorf("Content-Type %q: aws-sdk-go-v2 decodes errors only under application/json", got.ContentType)
			}
			if tt.wantCode != 200 && strings.Contains(got.Body, "secret-") {
				t.Errorf("an error response holds a secret key: %s", got.Body)
			}
			if tt.wantCode == 200 && (got.Creds.AccessKeyID == "" || got.Creds.SecretAccessKey == "" || got.Creds.Token == "") {
				t.Errorf("incomplete credentials: %s", got.Body)
			}
		})
	}
	if strings.Contains(logged.String(), "the-token") {
		t.Errorf("the token reached the log:\n%s", logged)
	}
}

func TestResponseShape(t *testing.T) {
	src := &fakeSource{clock: newClock(), life: time.Hour, profiles: []string{"dev"}}
	s, _ := testServer(t, src)
	got := get(t, s, "/profiles/dev", "the-token")
	want := `{"AccessKeyId":"ASIAKEY001","SecretAccessKey":"secret-001-` + strings.Repeat("s", 30) +
		`","Token":"session-token-001","Expiration":"2026-11-23T11:00:00Z","AccountId":"111122223333"}`
	if got.Body != want {
		t.Errorf("body\n%s\nwant\n%s", got.Body, want)
	}
}

func TestFailures(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		wantCode int
		wantErr  string
		wantMsg  string
	}{
		{name: "signed out", err: loginRequired(), wantCode: 503, wantErr: CodeLoginRequired,
			wantMsg: "sso-session corp: the session expired at 2026-11-23 18:00 UTC; run: awsso login --sso-session corp"},
		{name: "the portal failed", err: errors.New("get role credentials: the portal answered 500"), wantCode: 500, wantErr: CodeCredentialsUnavailable,
			wantMsg: "get role credentials: the portal answered 500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &fakeSource{clock: newClock(), life: time.Hour, profiles: []string{"dev"}}
			src.setFail(tt.err)
			s, logged := testServer(t, src, func(o *Options) { o.Debugf = nil })
			for range 3 {
				got := get(t, s, "/profiles/dev", "the-token")
				if got.Status != tt.wantCode || got.Code != tt.wantErr || got.Message != tt.wantMsg {
					t.Fatalf("got %d %s %q, want %d %s %q", got.Status, got.Code, got.Message, tt.wantCode, tt.wantErr, tt.wantMsg)
				}
			}
			// Logged as the client hears it, once for repeated failures.
			if want := "profile dev: " + tt.wantMsg; logged.String() != want {
				t.Errorf("logged\n%s\nwant\n%s", logged, want)
			}
		})
	}
}

// TestPanics: a bug in the source answers 500 without the panic's value (which may be a
// secret), and the server goes on.
func TestPanics(t *testing.T) {
	src := &fakeSource{clock: newClock(), life: time.Hour, profiles: []string{"dev"}}
	logged := &lines{}
	s := New(func(ctx context.Context, profile string) (*creds.Credentials, error) {
		if profile == "bug" {
			panic("secret-value")
		}
		return src.get(ctx, profile)
	}, func(o *Options) { o.Token = "the-token"; o.Now = src.clock.Now; o.Logf = logged.add })
	defer s.Close()
	got := get(t, s, "/profiles/bug", "the-token")
	if got.Status != 500 || !strings.Contains(got.Message, "a bug stopped") || strings.Contains(got.Body+logged.String(), "secret-value") {
		t.Errorf("got %d %s; logged %s", got.Status, got.Body, logged)
	}
	if got := get(t, s, "/profiles/dev", "the-token"); got.Status != 200 {
		t.Errorf("after the panic: %d %s", got.Status, got.Body)
	}
}
