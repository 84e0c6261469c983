package emulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/awsso/awsso/internal/emulator"
)

func getBody(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestFederation(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	_, tok := r.login(t, "sso:account:access")
	c := r.roleCredentials(t, *tok.AccessToken, "444455556666", "DataScientist")
	session := func(secret string) string {
		s, _ := json.Marshal(map[string]string{"sessionId": *c.AccessKeyId, "sessionKey": secret, "sessionToken": *c.SessionToken})
		return string(s)
	}
	status, body := getBody(t, r.env.URL+"/federation?"+url.Values{"Action": {"getSigninToken"}, "Session": {session(*c.SecretAccessKey)}}.Encode())
	var out struct{ SigninToken string }
	if status != 200 || json.Unmarshal([]byte(body), &out) != nil || out.SigninToken == "" {
		t.Fatalf("getSigninToken: %d %s", status, body)
	}
	status, body = getBody(t, r.env.URL+"/federation?"+url.Values{"Action": {"login"}, "Issuer": {"awsso"},
		"Destination": {"https://console.aws.amazon.com/ec2/"}, "SigninToken": {out.SigninToken}}.Encode())
	for _, want := range []string{"Staging (444455556666)", "DataScientist", "alice", "https://console.aws.amazon.com/ec2/"} {
		if status != 200 || !strings.Contains(body, want) {
			t.Errorf("login page (%d) lacks %q:\n%s", status, want, body)
		}
	}

	for _, tt := range []struct{ name, query string }{
		{"forged secret", url.Values{"Action": {"getSigninToken"}, "Session": {session("forged")}}.Encode()},
		{"bad duration", url.Values{"Action": {"getSigninToken"}, "Session": {session(*c.SecretAccessKey)}, "SessionDuration": {"60"}}.Encode()},
		{"not JSON", "Action=getSigninToken&Session=nope"},
		{"unknown action", "Action=frobnicate"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if status, body := getBody(t, r.env.URL+"/federation?"+tt.query); status != 400 || !strings.Contains(body, `"__type"`) {
				t.Errorf("%d %s", status, body)
			}
		})
	}
	if status, _ := getBody(t, r.env.URL+"/federation?Action=login&SigninToken=forged"); status != 400 {
		t.Errorf("login with a forged token: %d", status)
	}
	stats := r.env.Server.Stats()
	if stats["Federation:getSigninToken"] != 4 || stats["Federation:login"] != 2 {
		t.Errorf("stats %v", stats)
	}
}

// TestHandlerWithoutStart serves the emulator from another http.Server: links and
// verification URIs follow the Host the client used.
//
// Not parallel: closing an httptest server closes http.DefaultTransport's idle connections, which
// breaks a request that the package's parallel tests have in flight on the default client.
func TestHandlerWithoutStart(t *testing.T) {
	s := emulator.New(emulator.Options{})
	ts := httptest.NewServer(s)
	defer ts.Close()
	if s.URL() != "" {
		t.Errorf("URL() = %q before Start", s.URL())
	}
	oidc := ssooidc.New(ssooidc.Options{Region: s.Region(), BaseEndpoint: aws.String(ts.URL)})
	reg, err := oidc.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: aws.String("c"), ClientType: aws.String("public")})
	if err != nil {
		t.Fatal(err)
	}
	da, err := oidc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: aws.String(s.StartURL())})
	if err != nil {
		t.Fatal(err)
	}
	if *da.VerificationUri != ts.URL+"/device" {
		t.Errorf("verificationUri %s, want on %s", *da.VerificationUri, ts.URL)
	}
}

func TestStartRefusesNonLoopback(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:80", "example.com:80", "nonsense"} {
		if _, err := emulator.New(emulator.Options{}).Start(addr); err == nil {
			t.Errorf("Start(%q) succeeded", addr)
		}
	}
	s := emulator.New(emulator.Options{})
	u, err := s.Start("")
	if err != nil || !strings.HasPrefix(u, "http://127.0.0.1:") || s.URL() != u {
		t.Fatalf("Start(\"\") = %q, %v", u, err)
	}
	if _, err := s.Start(""); err == nil {
		t.Error("second Start succeeded")
	}
	if err := s.Close(); err != nil {
		t.Error(err)
	}
}
