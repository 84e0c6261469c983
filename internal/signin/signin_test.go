package signin

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

var creds = Credentials{AccessKeyID: "ASIAKEY", SecretAccessKey: "s3cr3t/key", SessionToken: "tok+en=="}

func TestURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var s map[string]string
		if q.Get("Action") != "getSigninToken" || json.Unmarshal([]byte(q.Get("Session")), &s) != nil ||
			s["sessionId"] != "ASIAKEY" || s["sessionKey"] != "s3cr3t/key" || s["sessionToken"] != "tok+en==" {
			w.WriteHeader(400)
			return
		}
		w.Write([]byte(`{"SigninToken":"SIGNIN-TOKEN"}`))
	}))
	defer srv.Close()
	got, err := URL(context.Background(), srv.Client(), Request{Federation: srv.URL + "/federation",
		Destination: "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1", Issuer: "awsso", Credentials: creds})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(got)
	q := u.Query()
	if u.Path != "/federation" || q.Get("Action") != "login" || q.Get("SigninToken") != "SIGNIN-TOKEN" ||
		q.Get("Issuer") != "awsso" || !strings.HasPrefix(q.Get("Destination"), "https://eu-west-1.console") {
		t.Errorf("login URL %s", got)
	}
}

func TestURLErrorsKeepSecrets(t *testing.T) {
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(403) }))
	defer failing.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	for name, endpoint := range map[string]string{"refused": failing.URL + "/federation", "connection refused": closed.URL + "/federation"} {
		_, err := URL(context.Background(), http.DefaultClient, Request{Federation: endpoint, Credentials: creds})
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		for _, secret := range []string{"s3cr3t", "tok+en", "tok%2Ben"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("%s: error leaks a secret: %v", name, err)
			}
		}
	}
}

func TestPartitionOf(t *testing.T) {
	tests := map[string]string{
		"us-east-1":     "https://signin.aws.amazon.com/federation",
		"cn-north-1":    "https://signin.amazonaws.cn/federation",
		"us-gov-west-1": "https://signin.amazonaws-us-gov.com/federation",
	}
	for region, want := range tests {
		if got := PartitionOf(region).Federation; got != want {
			t.Errorf("PartitionOf(%s).Federation = %s, want %s", region, got, want)
		}
	}
	if got := PartitionOf("eu-west-2").Console; got != "https://eu-west-2.console.aws.amazon.com/console/home?region=eu-west-2" {
		t.Errorf("console %s", got)
	}
}
