package oidc

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode"
)

// FuzzCallback sends the loopback listener any request: it never panics, gives a result only
// for the awaited state and only once, and the error it reports (printed on the terminal)
// holds no control characters.
func FuzzCallback(f *testing.F) {
	f.Add("GET", "/oauth/callback?state=S&code=C", "GET", "/oauth/callback?state=S&code=D")
	f.Add("GET", "/oauth/callback?state=S&error=access_denied", "GET", "/")
	f.Add("GET", "/oauth/callback?state=S&error=%1b%5d0%3bpwned%07", "POST", "/oauth/callback?state=S&code=C")
	f.Add("GET", "/oauth/callback?state=T&code=C", "GET", "/oauth/callback?state=S")
	f.Fuzz(func(t *testing.T, m1, u1, m2, u2 string) {
		cb := newCallback("S")
		awaited := false
		for _, req := range [][2]string{{m1, u1}, {m2, u2}} {
			if !strings.HasPrefix(req[1], "/") || strings.ContainsAny(req[0], " \t\r\n") || req[0] == "" {
				continue
			}
			r, err := newRequest(req[0], req[1])
			if err != nil {
				continue
			}
			cb.ServeHTTP(httptest.NewRecorder(), r)
			awaited = awaited || r.Method == http.MethodGet && r.URL.Path == callbackPath && r.URL.Query().Get("state") == "S"
		}
		select {
		case res := <-cb.result:
			if !awaited {
				t.Fatal("a result without a request of the awaited state")
			}
			if res.err == nil && res.code == "" {
				t.Fatal("a result with neither a code nor an error")
			}
			if res.err != nil && strings.IndexFunc(res.err.Error(), unicode.IsControl) >= 0 {
				t.Fatalf("the error holds control characters: %q", res.err)
			}
			select {
			case <-cb.result:
				t.Fatal("two results for one sign-in")
			default:
			}
		default:
		}
	})
}

// newRequest builds a request, or an error for a method or target no client could send.
func newRequest(method, target string) (r *http.Request, err error) {
	defer func() {
		if recover() != nil {
			r, err = nil, errors.New("not a request")
		}
	}()
	return httptest.NewRequest(method, "http://127.0.0.1"+target, nil), nil
}
