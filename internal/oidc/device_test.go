package oidc

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc/types"

	"github.com/awsso/awsso/internal/tokencache"
)

// scriptedAPI answers CreateToken from a script of errors (nil = success) and records calls.
type scriptedAPI struct {
	script     []error
	interval   int32
	expiresIn  int32
	registered int
	polls      int
	lastIn     *ssooidc.CreateTokenInput
}

func (s *scriptedAPI) RegisterClient(ctx context.Context, in *ssooidc.RegisterClientInput, _ ...func(*ssooidc.Options)) (*ssooidc.RegisterClientOutput, error) {
	s.registered++
	return &ssooidc.RegisterClientOutput{ClientId: aws.String("cid"), ClientSecret: aws.String("csecret"),
		ClientSecretExpiresAt: t0.Add(90 * 24 * time.Hour).Unix()}, nil
}

func (s *scriptedAPI) StartDeviceAuthorization(ctx context.Context, in *ssooidc.StartDeviceAuthorizationInput, _ ...func(*ssooidc.Options)) (*ssooidc.StartDeviceAuthorizationOutput, error) {
	return &ssooidc.StartDeviceAuthorizationOutput{DeviceCode: aws.String("dev"), UserCode: aws.String("ABCD-EFGH"),
		VerificationUri: aws.String("https://device.example/"), VerificationUriComplete: aws.String("https://device.example/?user_code=ABCD-EFGH"),
		ExpiresIn: s.expiresIn, Interval: s.interval}, nil
}

func (s *scriptedAPI) CreateToken(ctx context.Context, in *ssooidc.CreateTokenInput, _ ...func(*ssooidc.Options)) (*ssooidc.CreateTokenOutput, error) {
	s.lastIn = in
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	i := s.polls
	s.polls++
	if i < len(s.script) && s.script[i] != nil {
		return nil, s.script[i]
	}
	return &ssooidc.CreateTokenOutput{AccessToken: aws.String("access"), RefreshToken: aws.String("refresh"), ExpiresIn: 3600}, nil
}

var t0 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// fakeClock advances only when the flow sleeps, and records the sleeps.
type fakeClock struct {
	now    time.Time
	sleeps []time.Duration
	cancel func() // called on the nth sleep when set
	nth    int
}

func (c *fakeClock) Now() time.Time { return c.now }
func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.sleeps = append(c.sleeps, d)
	if c.cancel != nil && len(c.sleeps) == c.nth {
		c.cancel()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c.now = c.now.Add(d)
	return nil
}

func TestDevicePoller(t *testing.T) {
	pending := &types.AuthorizationPendingException{}
	slow := &types.SlowDownException{}
	tests := []struct {
		name       string
		script     []error
		interval   int32
		expiresIn  int32
		cancelAt   int
		wantErr    error
		wantSleeps []time.Duration
		wantShown  bool
	}{
		{name: "approved at once", script: nil, interval: 1, expiresIn: 600, wantSleeps: nil, wantShown: false},
		{name: "pending then approved", script: []error{pending, pending}, interval: 2, expiresIn: 600,
			wantSleeps: []time.Duration{2 * time.Second, 2 * time.Second}, wantShown: true},
		{name: "default interval", script: []error{pending}, interval: 0, expiresIn: 600,
			wantSleeps: []time.Duration{5 * time.Second}, wantShown: true},
		{name: "slow down adds five seconds each time", script: []error{pending, slow, slow, pending}, interval: 1, expiresIn: 600,
			wantSleeps: []time.Duration{1 * time.Second, 6 * time.Second, 11 * time.Second, 11 * time.Second}, wantShown: true},
		{name: "expired code", script: []error{pending, &types.ExpiredTokenException{}}, interval: 1, expiresIn: 600,
			wantErr: ErrCodeExpired, wantSleeps: []time.Duration{time.Second}, wantShown: true},
		{name: "denied", script: []error{pending, &types.AccessDeniedException{}}, interval: 1, expiresIn: 600,
			wantErr: ErrDenied, wantSleeps: []time.Duration{time.Second}, wantShown: true},
		{name: "local expiry without server answer", script: []error{pending, pending, pending, pending}, interval: 5, expiresIn: 12,
			wantErr: ErrCodeExpired, wantSleeps: []time.Duration{5 * time.Second, 5 * time.Second}, wantShown: true},
		{name: "ctrl-c while waiting", script: []error{pending, pending, pending}, interval: 5, expiresIn: 600, cancelAt: 2,
			wantErr: context.Canceled, wantSleeps: []time.Duration{5 * time.Second, 5 * time.Second}, wantShown: true},
		{name: "other errors stop", script: []error{&types.InvalidClientException{}}, interval: 1, expiresIn: 600,
			wantErr: &types.InvalidClientException{}, wantShown: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			api := &scriptedAPI{script: tt.script, interval: tt.interval, expiresIn: tt.expiresIn}
			clock := &fakeClock{now: t0}
			if tt.cancelAt > 0 {
				clock.cancel, clock.nth = cancel, tt.cancelAt
			}
			c := &Client{API: api, Cache: tokencache.Cache{Dir: t.TempDir()}, Now: clock.Now, Sleep: clock.Sleep}
			shown := false
			tok, err := c.DeviceLogin(ctx, Params{Session: "corp", StartURL: "https://d-1.awsapps.com/start", Region: "eu-west-1"}, func(d DeviceCode) {
				shown = true
				if d.UserCode != "ABCD-EFGH" || d.VerificationURIComplete == "" {
					t.Errorf("shown %+v", d)
				}
			})
			if tt.wantErr != nil {
				var invalid *types.InvalidClientException
				if !errors.Is(err, tt.wantErr) && !(errors.As(tt.wantErr, &invalid) && errors.As(err, &invalid)) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			} else {
				want := clock.now.Add(time.Hour)
				if tok.AccessToken != "access" || tok.RefreshToken != "refresh" || !tok.ExpiresAt.Equal(want) || tok.ClientID != "cid" || tok.Region != "eu-west-1" {
					t.Errorf("token %+v", tok)
				}
			}
			if len(clock.sleeps) != len(tt.wantSleeps) {
				t.Fatalf("sleeps = %v, want %v", clock.sleeps, tt.wantSleeps)
			}
			for i := range clock.sleeps {
				if clock.sleeps[i] != tt.wantSleeps[i] {
					t.Errorf("sleeps = %v, want %v", clock.sleeps, tt.wantSleeps)
				}
			}
			if shown != tt.wantShown {
				t.Errorf("shown = %v, want %v", shown, tt.wantShown)
			}
			if aws.ToString(api.lastIn.GrantType) != GrantDeviceCode && api.polls > 0 {
				t.Errorf("grant type %q", aws.ToString(api.lastIn.GrantType))
			}
		})
	}
}

func TestRegistrationReuse(t *testing.T) {
	api := &scriptedAPI{interval: 1, expiresIn: 600}
	clock := &fakeClock{now: t0}
	c := &Client{API: api, Cache: tokencache.Cache{Dir: t.TempDir()}, Now: clock.Now, Sleep: clock.Sleep}
	p := Params{Session: "corp", StartURL: "https://d-1.awsapps.com/start", Region: "eu-west-1", Scopes: []string{"sso:account:access"}}
	for range 2 {
		if _, err := c.DeviceLogin(context.Background(), p, func(DeviceCode) {}); err != nil {
			t.Fatal(err)
		}
	}
	if api.registered != 1 {
		t.Errorf("registered %d times for two logins, want 1 (cached registration reused)", api.registered)
	}
	reg, _ := c.Cache.LoadRegistration(p.registrationArgs(), tokencache.SlotAWSCLI)
	// Within 15 minutes of the registration's expiry it is not reused.
	clock.now = reg.ExpiresAt.Add(-10 * time.Minute)
	if _, err := c.DeviceLogin(context.Background(), p, func(DeviceCode) {}); err != nil {
		t.Fatal(err)
	}
	if api.registered != 2 {
		t.Errorf("registered %d times, want a new registration near expiry", api.registered)
	}
}

func TestRefresh(t *testing.T) {
	tok := &tokencache.Token{StartURL: "https://d-1.awsapps.com/start", Region: "eu-west-1", AccessToken: "old",
		ExpiresAt: t0, ClientID: "cid", ClientSecret: "cs", RegistrationExpiresAt: t0.Add(time.Hour), RefreshToken: "r1"}
	p := Params{Session: "corp", StartURL: tok.StartURL, Region: tok.Region}
	t.Run("rotates", func(t *testing.T) {
		api := &scriptedAPI{}
		c := &Client{API: api, Now: func() time.Time { return t0 }}
		got, err := c.Refresh(context.Background(), p, tok)
		if err != nil {
			t.Fatal(err)
		}
		if got.AccessToken != "access" || got.RefreshToken != "refresh" || !got.RegistrationExpiresAt.Equal(tok.RegistrationExpiresAt) {
			t.Errorf("refreshed %+v", got)
		}
		if aws.ToString(api.lastIn.RefreshToken) != "r1" || aws.ToString(api.lastIn.GrantType) != GrantRefreshToken {
			t.Errorf("request %+v", api.lastIn)
		}
	})
	t.Run("rejected", func(t *testing.T) {
		c := &Client{API: &scriptedAPI{script: []error{&types.InvalidGrantException{}}}, Now: func() time.Time { return t0 }}
		if _, err := c.Refresh(context.Background(), p, tok); !errors.Is(err, ErrRefreshRejected) {
			t.Errorf("err = %v, want ErrRefreshRejected", err)
		}
	})
	t.Run("network error is not a rejection", func(t *testing.T) {
		c := &Client{API: &scriptedAPI{script: []error{errors.New("connection refused")}}, Now: func() time.Time { return t0 }}
		if _, err := c.Refresh(context.Background(), p, tok); err == nil || errors.Is(err, ErrRefreshRejected) {
			t.Errorf("err = %v, want a plain error", err)
		}
	})
}
