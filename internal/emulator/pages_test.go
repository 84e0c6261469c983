package emulator_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc/types"
)

// browser is a plain HTTP client that does not follow redirects, for driving the pages
// without Chromium (emutest's Browser tests the same pages in a real one).
func browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func post(t *testing.T, u, body string) {
	t.Helper()
	resp, err := http.Post(u, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: %s", u, resp.Status)
	}
}

func submit(t *testing.T, c *http.Client, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

var ticketRe = regexp.MustCompile(`name="ticket" value="([^"]+)"`)

func ticketOf(t *testing.T, page string) string {
	t.Helper()
	m := ticketRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no ticket in page:\n%s", page)
	}
	return m[1]
}

func TestDevicePage(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	for _, decision := range []string{"allow", "deny"} {
		t.Run(decision, func(t *testing.T) {
			reg, da := r.deviceStart(t, "sso:account:access")
			c := browser()
			resp, err := c.Get(*da.VerificationUriComplete)
			if err != nil {
				t.Fatal(err)
			}
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !strings.Contains(string(page), `value="`+*da.UserCode+`"`) || resp.Header.Get("Content-Security-Policy") == "" {
				t.Fatalf("device page does not carry the code or lacks a CSP:\n%s", page)
			}
			u := r.env.URL + "/device"
			resp, body := submit(t, c, u, url.Values{"user_code": {*da.UserCode}, "username": {"alice"}, "password": {"wrong"}})
			if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `role="alert"`) {
				t.Fatalf("wrong password: %s\n%s", resp.Status, body)
			}
			resp, body = submit(t, c, u, url.Values{"user_code": {"BCDF-GHJK"}, "username": {"alice"}, "password": {r.env.Server.DefaultUser().Password}})
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("unknown code: %s", resp.Status)
			}
			resp, body = submit(t, c, u, url.Values{"user_code": {*da.UserCode}, "username": {"alice"}, "password": {r.env.Server.DefaultUser().Password}})
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, "botocore-client-test") || !strings.Contains(body, "sso:account:access") {
				t.Fatalf("consent page: %s\n%s", resp.Status, body)
			}
			ticket := ticketOf(t, body)
			resp, body = submit(t, c, u+"/consent", url.Values{"ticket": {ticket}, "decision": {decision}})
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("consent: %s\n%s", resp.Status, body)
			}
			_, err = r.pollDevice(reg, da)
			if decision == "allow" && err != nil {
				t.Fatalf("after allow: %v", err)
			}
			if decision == "deny" {
				wantErr[*types.AccessDeniedException](t, err)
			}
			resp, _ = submit(t, c, u+"/consent", url.Values{"ticket": {ticket}, "decision": {"allow"}})
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("second use of a ticket: %s", resp.Status)
			}
		})
	}
}

func TestAuthorizePage(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	const redirect = "http://127.0.0.1:40000/oauth/callback"
	for _, decision := range []string{"allow", "deny"} {
		t.Run(decision, func(t *testing.T) {
			reg := r.pkceClient(t)
			c := browser()
			resp, err := c.Get(r.authorizeURL(reg, redirect, "xyz"))
			if err != nil {
				t.Fatal(err)
			}
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET /authorize: %s\n%s", resp.Status, page)
			}
			resp, body := submit(t, c, r.env.URL+"/authorize", url.Values{"ticket": {ticketOf(t, string(page))}, "username": {"alice"}, "password": {r.env.Server.DefaultUser().Password}})
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("sign in: %s\n%s", resp.Status, body)
			}
			resp, _ = submit(t, c, r.env.URL+"/authorize/consent", url.Values{"ticket": {ticketOf(t, body)}, "decision": {decision}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("consent: %s", resp.Status)
			}
			loc, _ := url.Parse(resp.Header.Get("Location"))
			q := loc.Query()
			if loc.Host != "127.0.0.1:40000" || loc.Path != "/oauth/callback" || q.Get("state") != "xyz" {
				t.Fatalf("redirect to %s", loc)
			}
			if decision == "allow" && q.Get("code") == "" || decision == "deny" && q.Get("error") != "access_denied" {
				t.Fatalf("redirect query %v", q)
			}
		})
	}
}

func TestAuthorizeRejects(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	reg := r.pkceClient(t)
	good := r.authorizeURL(reg, "http://127.0.0.1:40000/oauth/callback", "s")
	change := func(key, value string) string {
		u, _ := url.Parse(good)
		q := u.Query()
		q.Set(key, value)
		u.RawQuery = q.Encode()
		return u.String()
	}
	tests := []struct {
		name      string
		url       string
		status    int
		wantError string // in the redirect
	}{
		{"unknown client", change("client_id", "nope"), 400, ""},
		{"unregistered redirect path", change("redirect_uri", "http://127.0.0.1:40000/other"), 400, ""},
		{"remote redirect", change("redirect_uri", "http://example.com/oauth/callback"), 400, ""},
		{"plain challenge", change("code_challenge_method", "plain"), 302, "invalid_request"},
		{"token response", change("response_type", "token"), 302, "unsupported_response_type"},
		{"unregistered scope", change("scopes", "codewhisperer:completions"), 302, "invalid_scope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := browser().Get(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %s, want %d", resp.Status, tt.status)
			}
			if tt.wantError != "" {
				loc, _ := url.Parse(resp.Header.Get("Location"))
				if loc.Query().Get("error") != tt.wantError || loc.Query().Get("state") != "s" {
					t.Errorf("redirect %s, want error=%s", loc, tt.wantError)
				}
			}
		})
	}
}

func TestHomePage(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	resp, err := http.Get(r.env.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), r.env.StartURL) || !strings.Contains(string(body), aws.ToString(aws.String(r.env.Region))) {
		t.Errorf("home page lacks the start URL or region:\n%s", body)
	}
}
