package awsclient

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

const callerIdentity = `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:sts::111122223333:assumed-role/R/u</Arn><UserId>AROA:u</UserId><Account>111122223333</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`

// stsCall makes one GetCallerIdentity call to endpoint with vars as the environment, and
// returns the retries OnRetry heard of.
func stsCall(t *testing.T, ctx context.Context, endpoint string, vars map[string]string) ([]Retry, error) {
	t.Helper()
	var mu sync.Mutex
	var retries []Retry
	all := map[string]string{"AWS_ENDPOINT_URL_STS": endpoint}
	for k, v := range vars {
		all[k] = v
	}
	cfg, err := Config(Options{Service: ServiceSTS, Region: "us-east-1", LookupEnv: env(all), MaxBackoff: 20 * time.Millisecond,
		OnRetry: func(r Retry) { mu.Lock(); retries = append(retries, r); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Credentials = credentials.NewStaticCredentialsProvider("ASIAEXAMPLE", "secretkey", "sessiontoken")
	_, err = sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	return retries, err
}

// TestOnRetryReportsEachRetry checks what a terminal is told while a call is retried: the
// operation, why, which attempt comes next out of how many, and a wait within the backoff.
func TestOnRetryReportsEachRetry(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			w.WriteHeader(400)
			w.Write([]byte(`<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>`))
		case 2:
			w.WriteHeader(503)
			w.Write([]byte(`<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code></Error></ErrorResponse>`))
		default:
			w.Write([]byte(callerIdentity))
		}
	}))
	defer srv.Close()
	retries, err := stsCall(t, context.Background(), srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		reason  string
		attempt int
	}{{"throttled", 2}, {"failed (HTTP 503)", 3}}
	if len(retries) != len(want) {
		t.Fatalf("heard %d retries, want %d: %+v", len(retries), len(want), retries)
	}
	for i, w := range want {
		r := retries[i]
		if r.Operation != "GetCallerIdentity" || r.Reason != w.reason || r.Attempt != w.attempt || r.MaxAttempts != DefaultMaxAttempts {
			t.Errorf("retry %d = %+v, want GetCallerIdentity %s attempt %d of %d", i, r, w.reason, w.attempt, DefaultMaxAttempts)
		}
		if r.Delay < 0 || r.Delay > 20*time.Millisecond {
			t.Errorf("retry %d waits %s, beyond the 20ms cap", i, r.Delay)
		}
	}
	line := Retry{Operation: "ListAccounts", Reason: "throttled", Attempt: 2, MaxAttempts: 10, Delay: 1340 * time.Millisecond}.String()
	if line != "waiting: ListAccounts throttled, retrying in 1.3s (attempt 2 of 10)" {
		t.Errorf("String() = %q", line)
	}
	if line := (Retry{Operation: "CreateToken", Reason: "failed (HTTP 500)", Attempt: 3, MaxAttempts: 10, Delay: 3 * time.Millisecond}).String(); line != "waiting: CreateToken failed (HTTP 500), retrying now (attempt 3 of 10)" {
		t.Errorf("String() = %q", line)
	}
}

// TestUnreachableGivesUpSooner checks that a refused connection is tried connectAttempts
// times, not DefaultMaxAttempts, and that AWS_MAX_ATTEMPTS lowers both.
func TestUnreachableGivesUpSooner(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now: every dial is refused
	for _, tt := range []struct {
		name     string
		vars     map[string]string
		attempts int
	}{
		{"default", nil, connectAttempts},
		{"AWS_MAX_ATTEMPTS=2", map[string]string{"AWS_MAX_ATTEMPTS": "2"}, 2},
		{"AWS_MAX_ATTEMPTS=1", map[string]string{"AWS_MAX_ATTEMPTS": "1"}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			retries, err := stsCall(t, context.Background(), "http://"+addr, tt.vars)
			if err == nil {
				t.Fatal("the call succeeded with nothing listening")
			}
			if len(retries) != tt.attempts-1 {
				t.Fatalf("heard %d retries, want %d: %+v", len(retries), tt.attempts-1, retries)
			}
			for _, r := range retries {
				if r.Reason != "could not connect (connection refused)" || r.MaxAttempts != tt.attempts {
					t.Errorf("retry = %+v", r)
				}
			}
		})
	}
}

// TestSilentEndpointTimesOut checks that a server that accepts and never answers fails the
// call after AWSSO_HTTP_TIMEOUT per attempt and connectAttempts attempts.
func TestSilentEndpointTimesOut(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	retries, err := stsCall(t, context.Background(), srv.URL, map[string]string{"AWSSO_HTTP_TIMEOUT": "200ms"})
	var netErr net.Error
	if !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if len(retries) != connectAttempts-1 || retries[0].Reason != "timed out" {
		t.Errorf("retries = %+v, want %d timeouts", retries, connectAttempts-1)
	}
}

// TestRetryWaitEndsWithContext checks that cancelling the context ends a retry wait at once.
func TestRetryWaitEndsWithContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
		w.Write([]byte(`<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code></Error></ErrorResponse>`))
	}))
	defer srv.Close()
	r := newRetryer(DefaultMaxAttempts, time.Hour, nil)
	r.random = func() float64 { return 1 } // every wait is the full ceiling
	cfg, err := Config(Options{Service: ServiceSTS, Region: "us-east-1", LookupEnv: env(map[string]string{"AWS_ENDPOINT_URL_STS": srv.URL})})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Credentials = credentials.NewStaticCredentialsProvider("ASIAEXAMPLE", "secretkey", "sessiontoken")
	ctx, cancel := context.WithCancel(context.Background())
	client := sts.NewFromConfig(cfg, func(o *sts.Options) { o.Retryer = r })
	done := make(chan error, 1)
	go func() {
		_, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestBackoffIsJitteredAndCapped checks the waits of one call: each within
// [0, min(cap, base*2^n)), and spread rather than equal.
func TestBackoffIsJitteredAndCapped(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
		w.Write([]byte(`<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code></Error></ErrorResponse>`))
	}))
	defer srv.Close()
	var delays []time.Duration
	r := newRetryer(DefaultMaxAttempts, DefaultMaxBackoff, func(r Retry) { delays = append(delays, r.Delay) })
	r.sleep = func(context.Context, time.Duration) error { return nil }
	cfg, err := Config(Options{Service: ServiceSTS, Region: "us-east-1", LookupEnv: env(map[string]string{"AWS_ENDPOINT_URL_STS": srv.URL})})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Credentials = credentials.NewStaticCredentialsProvider("ASIAEXAMPLE", "secretkey", "sessiontoken")
	_, err = sts.NewFromConfig(cfg, func(o *sts.Options) { o.Retryer = r }).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err == nil || !strings.Contains(err.Error(), "500") {
		t.Fatalf("err = %v, want the 500 after every attempt", err)
	}
	if len(delays) != DefaultMaxAttempts-1 {
		t.Fatalf("%d waits, want %d", len(delays), DefaultMaxAttempts-1)
	}
	var total time.Duration
	distinct := map[time.Duration]bool{}
	for i, d := range delays {
		ceiling := min(DefaultMaxBackoff, baseDelay<<i)
		if d < 0 || d >= ceiling {
			t.Errorf("wait %d = %s, want in [0, %s)", i, d, ceiling)
		}
		total += d
		distinct[d] = true
	}
	if len(distinct) < len(delays)/2 {
		t.Errorf("waits %v are not jittered", delays)
	}
	t.Logf("waits %v, %s in all", delays, total)
}

func TestInvalidLimits(t *testing.T) {
	for _, vars := range []map[string]string{{"AWS_MAX_ATTEMPTS": "0"}, {"AWS_MAX_ATTEMPTS": "many"}, {"AWSSO_HTTP_TIMEOUT": "15"}, {"AWSSO_HTTP_TIMEOUT": "-1s"}} {
		if _, err := Config(Options{Service: ServiceSSO, Region: "us-east-1", LookupEnv: env(vars)}); err == nil {
			t.Errorf("Config accepted %v", vars)
		}
	}
}

// TestUntrustedCertificateIsNotRetried: no retry changes a certificate, so none is made.
func TestUntrustedCertificateIsNotRetried(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	retries, err := stsCall(t, context.Background(), srv.URL, nil)
	if err == nil || len(retries) != 0 || calls.Load() != 0 {
		t.Errorf("err %v after %d retries and %d requests served; want a failure at once", err, len(retries), calls.Load())
	}
}
