package awsclient

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/middleware"

	"github.com/awsso/awsso/internal/region"
)

// Services whose endpoints awsso resolves, named as in AWS_ENDPOINT_URL_<SERVICE> and in the
// config file's services sections (lower-cased).
const (
	ServiceSSO     = "SSO"
	ServiceSSOOIDC = "SSO_OIDC"
	ServiceSTS     = "STS"
	// ServiceSignIn is the console's federation endpoint (AWS_ENDPOINT_URL_SIGNIN).
	ServiceSignIn = "SIGNIN"
)

// DefaultMaxAttempts is how many times a call is tried before it fails: enough to ride out a
// burst of throttling or server faults, bounded so a failing service gives up in well under a
// minute. An endpoint that cannot be reached is tried 3 times (see retry.go).
// AWS_MAX_ATTEMPTS, or the profile's max_attempts, changes it, as in the AWS CLI and SDKs.
const DefaultMaxAttempts = 10

// DefaultTimeout bounds the wait for a response to one request (AWSSO_HTTP_TIMEOUT changes
// it). IAM Identity Center answers in well under a second; a silent endpoint then fails within
// three tries of this.
const DefaultTimeout = 15 * time.Second

// DefaultMaxBackoff caps the delay between two attempts.
const DefaultMaxBackoff = 5 * time.Second

// Options describe the client to build.
type Options struct {
	// Service is one of the Service constants.
	Service string
	// Region is the signing and endpoint region (sso_region for SSO and OIDC).
	Region string
	// LookupEnv reads environment variables.
	LookupEnv func(string) (string, bool)
	// EndpointURL chooses the endpoint of a service from the environment and the active
	// profile (awsconfig's Config.EndpointURL bound to a profile and LookupEnv): the URL, ""
	// for the service's AWS endpoint, and what chose it, for --debug. Nil means the
	// environment alone decides (see Endpoint).
	EndpointURL func(service string) (url, source string, err error)
	// CABundle is the profile's ca_bundle (AWS_CA_BUNDLE wins).
	CABundle string
	// Debug receives a one-line trace per request; nil for none.
	Debug io.Writer
	// MaxAttempts overrides DefaultMaxAttempts when positive (the profile's max_attempts);
	// AWS_MAX_ATTEMPTS overrides both.
	MaxAttempts int
	// OnRetry, when set, hears of each retry just before its wait, to tell a person at a
	// terminal what awsso is waiting for. It may be called from several goroutines.
	OnRetry func(Retry)
	// Timeout bounds the wait for each response (DefaultTimeout when zero); AWSSO_HTTP_TIMEOUT
	// overrides it.
	Timeout time.Duration
	// MaxBackoff caps the jittered delay between attempts (default DefaultMaxBackoff); tests
	// shorten it.
	MaxBackoff time.Duration
	// AppID is added to the User-Agent.
	AppID string
}

// Config builds the aws.Config for one service. Credentials are left empty: SSO OIDC and the
// SSO portal take anonymous calls, STS callers set the role credentials.
func Config(o Options) (aws.Config, error) {
	if !region.ValidHostLabel(o.Region) {
		return aws.Config{}, fmt.Errorf("invalid region %q: a region is a name such as us-east-1", o.Region)
	}
	if o.LookupEnv == nil {
		o.LookupEnv = os.LookupEnv
	}
	attempts, timeout, err := limits(o)
	if err != nil {
		return aws.Config{}, err
	}
	httpClient, err := newHTTPClient(o, timeout)
	if err != nil {
		return aws.Config{}, err
	}
	maxBackoff := o.MaxBackoff
	if maxBackoff <= 0 {
		maxBackoff = DefaultMaxBackoff
	}
	cfg := aws.Config{
		Region:     o.Region,
		HTTPClient: httpClient,
		AppID:      o.AppID,
		Retryer:    func() aws.Retryer { return newRetryer(attempts, maxBackoff, o.OnRetry) },
		APIOptions: []func(*middleware.Stack) error{countAttempts},
	}
	endpoint, source, err := Endpoint(o)
	if err != nil {
		return aws.Config{}, err
	}
	if endpoint != "" {
		cfg.BaseEndpoint = aws.String(endpoint)
	}
	if o.Debug != nil && source != "" {
		fmt.Fprintf(o.Debug, "debug: %s endpoint %s (from %s)\n", o.Service, redactEndpoint(endpoint), source)
	}
	return cfg, nil
}

// Endpoint returns the endpoint URL configured for o.Service, or "" for the AWS default, and
// what chose it: o.EndpointURL when set, else the environment alone, in the order the SDKs
// give it without a profile: AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns the others off,
// then AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL. The URL must be http(s).
func Endpoint(o Options) (url, source string, err error) {
	if o.EndpointURL != nil {
		url, source, err = o.EndpointURL(o.Service)
	} else {
		url, source = envEndpoint(o.Service, o.LookupEnv)
	}
	if err == nil && url != "" {
		err = checkEndpoint(url)
	}
	return url, source, err
}

func envEndpoint(service string, lookup func(string) (string, bool)) (url, source string) {
	if lookup == nil {
		lookup = os.LookupEnv
	}
	if v, ok := lookup("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"); ok && strings.EqualFold(strings.TrimSpace(v), "true") {
		return "", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"
	}
	for _, name := range []string{"AWS_ENDPOINT_URL_" + service, "AWS_ENDPOINT_URL"} {
		if v, _ := lookup(name); strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v), name
		}
	}
	return "", ""
}

func checkEndpoint(raw string) error {
	if !strings.HasPrefix(raw, "https://") && !strings.HasPrefix(raw, "http://") {
		return fmt.Errorf("invalid endpoint URL %q: it must start with https:// (or http:// for a local emulator)", raw)
	}
	return nil
}

// limits are the attempts and the response timeout: AWS_MAX_ATTEMPTS and AWSSO_HTTP_TIMEOUT,
// else the options, else the defaults.
func limits(o Options) (attempts int, timeout time.Duration, err error) {
	attempts, timeout = o.MaxAttempts, o.Timeout
	if v, _ := o.LookupEnv("AWS_MAX_ATTEMPTS"); v != "" {
		if attempts, err = strconv.Atoi(v); err != nil || attempts < 1 {
			return 0, 0, fmt.Errorf("invalid AWS_MAX_ATTEMPTS %q: it is a whole number of attempts, 1 or more", v)
		}
	}
	if v, _ := o.LookupEnv("AWSSO_HTTP_TIMEOUT"); v != "" {
		if timeout, err = time.ParseDuration(v); err != nil || timeout <= 0 {
			return 0, 0, fmt.Errorf("invalid AWSSO_HTTP_TIMEOUT %q: it is a duration such as 15s", v)
		}
	}
	if attempts <= 0 {
		attempts = DefaultMaxAttempts
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return attempts, timeout, nil
}

func newHTTPClient(o Options, timeout time.Duration) (*http.Client, error) {
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: min(timeout, 10*time.Second), KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   min(timeout, 10*time.Second),
		ResponseHeaderTimeout: timeout,
		IdleConnTimeout:       30 * time.Second,
		MaxIdleConnsPerHost:   16,
		ForceAttemptHTTP2:     true,
	}
	bundle := o.CABundle
	if v, _ := o.LookupEnv("AWS_CA_BUNDLE"); v != "" {
		bundle = v
	}
	if bundle != "" {
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		pem, err := os.ReadFile(bundle)
		if err != nil {
			return nil, fmt.Errorf("read CA bundle: %w", err)
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("CA bundle %s holds no PEM certificates", bundle)
		}
		transport.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	var rt http.RoundTripper = transport
	if o.Debug != nil {
		rt = &tracingTransport{next: transport, w: o.Debug}
	}
	return &http.Client{Transport: rt}, nil
}
