package awsclient

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func env(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
}

// TestEndpointFromEnvironment: without a profile the environment alone decides, in the order
// the SDKs give it (the config file's part is awsconfig's Config.EndpointURL).
func TestEndpointFromEnvironment(t *testing.T) {
	tests := []struct {
		name, service string
		vars          map[string]string
		want, source  string
	}{
		{"nothing configured", ServiceSSO, nil, "", ""},
		{"service variable wins", ServiceSSOOIDC, map[string]string{"AWS_ENDPOINT_URL_SSO_OIDC": "http://svc-env", "AWS_ENDPOINT_URL": "http://global"}, "http://svc-env", "AWS_ENDPOINT_URL_SSO_OIDC"},
		{"global variable", ServiceSTS, map[string]string{"AWS_ENDPOINT_URL": " http://global "}, "http://global", "AWS_ENDPOINT_URL"},
		{"empty service variable skipped", ServiceSTS, map[string]string{"AWS_ENDPOINT_URL_STS": "", "AWS_ENDPOINT_URL": "http://global"}, "http://global", "AWS_ENDPOINT_URL"},
		{"other service variable ignored", ServiceSTS, map[string]string{"AWS_ENDPOINT_URL_SSO": "http://sso"}, "", ""},
		{"ignore variable", ServiceSSO, map[string]string{"AWS_ENDPOINT_URL_SSO": "http://x", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "TRUE"}, "", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"},
		{"ignore variable false", ServiceSSO, map[string]string{"AWS_ENDPOINT_URL_SSO": "http://x", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false"}, "http://x", "AWS_ENDPOINT_URL_SSO"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, source, err := Endpoint(Options{Service: tt.service, LookupEnv: env(tt.vars)})
			if err != nil || got != tt.want || source != tt.source {
				t.Errorf("Endpoint = %q, %q, %v; want %q, %q", got, source, err, tt.want, tt.source)
			}
		})
	}
	if _, _, err := Endpoint(Options{Service: ServiceSSO, LookupEnv: env(map[string]string{"AWS_ENDPOINT_URL_SSO": "ftp://x"})}); err == nil {
		t.Error("ftp endpoint accepted")
	}
}

// TestEndpointURLOption: a configured resolver replaces the environment rule, its errors stop
// the client, its URLs are checked, and --debug says what chose the endpoint.
func TestEndpointURLOption(t *testing.T) {
	resolver := func(url string, err error) func(string) (string, string, error) {
		return func(service string) (string, string, error) {
			return url, service + " endpoint_url in [services x] at config:3", err
		}
	}
	var trace bytes.Buffer
	cfg, err := Config(Options{Service: ServiceSTS, Region: "us-east-1", LookupEnv: env(map[string]string{"AWS_ENDPOINT_URL_STS": "http://ignored"}),
		EndpointURL: resolver("http://user:pw@127.0.0.1:1/?token=s3cr3t", nil), Debug: &trace})
	if err != nil || aws.ToString(cfg.BaseEndpoint) != "http://user:pw@127.0.0.1:1/?token=s3cr3t" {
		t.Fatalf("BaseEndpoint %v, %v", cfg.BaseEndpoint, err)
	}
	if got := trace.String(); got != "debug: STS endpoint http://127.0.0.1:1/?token=REDACTED (from STS endpoint_url in [services x] at config:3)\n" {
		t.Errorf("trace %q", got)
	}
	if _, err := Config(Options{Service: ServiceSTS, Region: "us-east-1", EndpointURL: resolver("", errors.New("no [services x]"))}); err == nil || err.Error() != "no [services x]" {
		t.Errorf("resolver error: %v", err)
	}
	if _, err := Config(Options{Service: ServiceSTS, Region: "us-east-1", EndpointURL: resolver("localhost:4566", nil)}); err == nil {
		t.Error("an endpoint without a scheme was accepted")
	}
}

func TestConfigRefusesRegionsOutsideAHostLabel(t *testing.T) {
	for _, r := range []string{"", "us-east-1.evil.example#", "US-EAST-1", "us east", "a/b", "-x", strings.Repeat("a", 64)} {
		if _, err := Config(Options{Service: ServiceSSO, Region: r, LookupEnv: env(nil)}); err == nil {
			t.Errorf("Config accepted region %q", r)
		}
	}
}

// TestRetriesThroughThrottlingAndFaults serves two throttling errors and a server fault before
// answering, and checks that one STS call succeeds through them.
func TestRetriesThroughThrottlingAndFaults(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1, 2:
			w.WriteHeader(400)
			w.Write([]byte(`<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>`))
		case 3:
			w.WriteHeader(500)
			w.Write([]byte(`<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code></Error></ErrorResponse>`))
		default:
			w.Write([]byte(`<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:sts::111122223333:assumed-role/R/u</Arn><UserId>AROA:u</UserId><Account>111122223333</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`))
		}
	}))
	defer srv.Close()
	var trace bytes.Buffer
	cfg, err := Config(Options{Service: ServiceSTS, Region: "us-east-1", LookupEnv: env(map[string]string{"AWS_ENDPOINT_URL_STS": srv.URL}), Debug: &trace, MaxBackoff: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Credentials = credentials.NewStaticCredentialsProvider("ASIAEXAMPLE", "secretkey", "sessiontoken")
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity through faults: %v", err)
	}
	if aws.ToString(out.Account) != "111122223333" || calls.Load() != 4 {
		t.Errorf("account %q after %d calls, want 111122223333 after 4", aws.ToString(out.Account), calls.Load())
	}
	if n := strings.Count(trace.String(), "debug: POST"); n != 4 {
		t.Errorf("trace has %d request lines, want 4:\n%s", n, trace.String())
	}
	for _, secret := range []string{"secretkey", "sessiontoken"} {
		if strings.Contains(trace.String(), secret) {
			t.Errorf("trace leaks %q", secret)
		}
	}
}

func TestRedactURL(t *testing.T) {
	u, _ := url.Parse("https://user:pw@signin.aws.amazon.com/federation?Action=getSigninToken&Session=%7B%22sessionKey%22%3A%22s3cr3t%22%7D&role_name=Admin")
	got := RedactURL(u)
	want := "https://signin.aws.amazon.com/federation?Action=getSigninToken&Session=REDACTED&role_name=Admin"
	if got != want {
		t.Errorf("RedactURL = %s\nwant %s", got, want)
	}
}

func TestCABundleErrors(t *testing.T) {
	_, err := Config(Options{Service: ServiceSSO, Region: "us-east-1", LookupEnv: env(map[string]string{"AWS_CA_BUNDLE": "/nonexistent/ca.pem"})})
	if err == nil || !strings.Contains(err.Error(), "CA bundle") {
		t.Errorf("missing CA bundle: err = %v", err)
	}
}
