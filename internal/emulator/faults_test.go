package emulator_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/sso/types"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/awsso/awsso/internal/emulator"
)

func TestSDKRetriesInjectedFaults(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	_, tok := r.login(t, "sso:account:access")
	c := r.roleCredentials(t, *tok.AccessToken, "111122223333", "ReadOnly")
	tests := []struct {
		name   string
		status int
		op     string
		call   func() error
	}{
		{"portal 500", 500, "ListAccounts", func() error { _, err := r.sso.ListAccounts(ctx, listAccounts(*tok.AccessToken)); return err }},
		{"portal 429", 429, "ListAccounts", func() error { _, err := r.sso.ListAccounts(ctx, listAccounts(*tok.AccessToken)); return err }},
		{"oidc 500", 500, "RegisterClient", func() error {
			_, err := r.oidc.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: aws.String("c"), ClientType: aws.String("public")})
			return err
		}},
		{"sts 500", 500, "GetCallerIdentity", func() error { _, err := r.sts(c).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); return err }},
		{"sts throttling", 429, "GetCallerIdentity", func() error { _, err := r.sts(c).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r.env.Server.ResetStats()
			r.env.Server.FailNext(2, tt.status) // the SDK makes 3 attempts
			if err := tt.call(); err != nil {
				t.Fatalf("after two faults: %v", err)
			}
			prefix := "Fault:"
			if tt.status == 429 {
				prefix = "Throttled:"
			}
			stats := r.env.Server.Stats()
			if stats[tt.op] != 3 || stats[prefix+tt.op] != 2 {
				t.Errorf("stats %v, want 3 %s and 2 %s%s", stats, tt.op, prefix, tt.op)
			}
		})
	}
}

func TestErrorRateExhaustsRetries(t *testing.T) {
	t.Parallel()
	r := newRig(t, func(o *emulator.Options) { o.ErrorRate = 1 })
	_, err := r.oidc.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: aws.String("c"), ClientType: aws.String("public")})
	e := wantErr[*types.InternalServerException](t, err)
	if aws.ToString(e.Error_) != "server_error" {
		t.Errorf("error = %q", aws.ToString(e.Error_))
	}
	if got := r.env.Server.Stats()["Fault:RegisterClient"]; got != 3 {
		t.Errorf("Fault:RegisterClient = %d, want 3 attempts", got)
	}
	r.env.Server.SetFaults(emulator.Faults{})
	r.login(t)
}

func TestThrottle(t *testing.T) {
	t.Parallel()
	clk := newClock()
	r := newRig(t, withClock(clk), func(o *emulator.Options) { o.Throttle = 2 })
	_, tok := r.login(t, "sso:account:access") // OIDC calls are not throttled
	noRetry := func(o *sso.Options) { o.Retryer = aws.NopRetryer{} }
	for i := range 2 {
		if _, err := r.sso.ListAccounts(ctx, listAccounts(*tok.AccessToken), noRetry); err != nil {
			t.Fatalf("call %d within the burst: %v", i, err)
		}
	}
	_, err := r.sso.ListAccounts(ctx, listAccounts(*tok.AccessToken), noRetry)
	wantErr[*ssotypes.TooManyRequestsException](t, err)
	clk.Add(500 * time.Millisecond) // one token back at 2 per second
	if _, err := r.sso.ListAccounts(ctx, listAccounts(*tok.AccessToken), noRetry); err != nil {
		t.Fatalf("after refill: %v", err)
	}
	// The SDK's own retryer backs off and retries throttled calls until the bucket refills.
	retries := func(o *sso.Options) {
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = 5
			so.RateLimiter = ratelimit.None
			so.Backoff = backoffFunc(func(int, error) (time.Duration, error) { clk.Add(time.Second); return time.Millisecond, nil })
		})
	}
	if _, err := r.sso.ListAccounts(ctx, listAccounts(*tok.AccessToken), retries); err != nil {
		t.Fatalf("with retries: %v", err)
	}
	if got := r.env.Server.Stats()["Throttled:ListAccounts"]; got != 2 {
		t.Errorf("Throttled:ListAccounts = %d, want 2", got)
	}
}

type backoffFunc func(int, error) (time.Duration, error)

func (f backoffFunc) BackoffDelay(attempt int, err error) (time.Duration, error) {
	return f(attempt, err)
}

func TestLatency(t *testing.T) {
	t.Parallel()
	r := newRig(t, func(o *emulator.Options) { o.Latency = 150 * time.Millisecond })
	start := time.Now()
	r.registerDevice(t)
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("call took %s, want at least the 150ms latency", d)
	}
	// A client that gives up early is not kept waiting.
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err := r.oidc.RegisterClient(short, &ssooidc.RegisterClientInput{ClientName: aws.String("c"), ClientType: aws.String("public")},
		func(o *ssooidc.Options) { o.Retryer = aws.NopRetryer{} })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error = %v, want deadline exceeded", err)
	}
}

func TestStatsEndpoint(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.login(t, "sso:account:access")
	var got struct {
		Calls map[string]int `json:"calls"`
	}
	getJSON(t, r.env.URL+"/_emulator/stats", &got)
	want := map[string]int{"RegisterClient": 1, "StartDeviceAuthorization": 1, "CreateToken:device_code": 1}
	for k, v := range want {
		if got.Calls[k] != v {
			t.Errorf("calls[%s] = %d, want %d (all: %v)", k, got.Calls[k], v, got.Calls)
		}
	}
	if len(got.Calls) != len(r.env.Server.Stats()) {
		t.Errorf("endpoint %v and Stats() %v differ", got.Calls, r.env.Server.Stats())
	}
	post(t, r.env.URL+"/_emulator/stats/reset", "")
	if len(r.env.Server.Stats()) != 0 {
		t.Errorf("stats after reset: %v", r.env.Server.Stats())
	}
	post(t, r.env.URL+"/_emulator/faults", `{"latencyMillis": 5, "errorRate": 0.25, "throttle": 10}`)
	if f := r.env.Server.Faults(); f != (emulator.Faults{Latency: 5 * time.Millisecond, ErrorRate: 0.25, Throttle: 10}) {
		t.Errorf("faults = %+v", f)
	}
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// TestLogsCarryNoSecret runs a whole session with a logger and looks for every secret in it.
func TestLogsCarryNoSecret(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var logs strings.Builder
	r := newRig(t, func(o *emulator.Options) {
		o.Logf = func(format string, args ...any) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(&logs, format+"\n", args...)
		}
	})
	reg, tok := r.login(t, "sso:account:access")
	c := r.roleCredentials(t, *tok.AccessToken, "111122223333", "ReadOnly")
	if _, err := r.sts(c).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	r.sso.Logout(ctx, &sso.LogoutInput{AccessToken: tok.AccessToken})
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(logs.String(), "GetCallerIdentity") {
		t.Fatalf("nothing logged:\n%s", logs.String())
	}
	for name, secret := range map[string]string{"client secret": *reg.ClientSecret, "access token": *tok.AccessToken,
		"refresh token": *tok.RefreshToken, "secret key": *c.SecretAccessKey, "session token": *c.SessionToken} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the log holds the %s", name)
		}
	}
}
