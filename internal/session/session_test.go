package session

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc/types"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/oidc"
	"github.com/awsso/awsso/internal/tokencache"
)

var t0 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// refreshAPI answers refresh_token grants with err (when set) or a new token, counting calls.
type refreshAPI struct {
	err   error
	calls atomic.Int32
	delay time.Duration
	// keepRefreshToken: answer without a new refresh token, as a server that does not rotate.
	keepRefreshToken bool
	// during runs while the call is under way (another tool writing the cache, say).
	during func()
}

func (a *refreshAPI) RegisterClient(context.Context, *ssooidc.RegisterClientInput, ...func(*ssooidc.Options)) (*ssooidc.RegisterClientOutput, error) {
	return nil, errors.New("unexpected RegisterClient")
}
func (a *refreshAPI) StartDeviceAuthorization(context.Context, *ssooidc.StartDeviceAuthorizationInput, ...func(*ssooidc.Options)) (*ssooidc.StartDeviceAuthorizationOutput, error) {
	return nil, errors.New("unexpected StartDeviceAuthorization")
}
func (a *refreshAPI) CreateToken(ctx context.Context, in *ssooidc.CreateTokenInput, _ ...func(*ssooidc.Options)) (*ssooidc.CreateTokenOutput, error) {
	n := a.calls.Add(1)
	time.Sleep(a.delay)
	if a.during != nil {
		a.during()
	}
	if a.err != nil {
		return nil, a.err
	}
	if aws.ToString(in.GrantType) != oidc.GrantRefreshToken {
		return nil, errors.New("unexpected grant " + aws.ToString(in.GrantType))
	}
	out := &ssooidc.CreateTokenOutput{AccessToken: aws.String("fresh" + string(rune('0'+n))), RefreshToken: aws.String("r2"), ExpiresIn: 3600}
	if a.keepRefreshToken {
		out.RefreshToken = nil
	}
	return out, nil
}

type fixture struct {
	m   *Manager
	api *refreshAPI
	now time.Time
}

func newFixture(t *testing.T) *fixture {
	f := &fixture{api: &refreshAPI{}, now: t0}
	cache := tokencache.Cache{Dir: t.TempDir()}
	f.m = &Manager{
		Cache: cache,
		Now:   func() time.Time { return f.now },
		OIDC: func(Target) (*oidc.Client, error) {
			return &oidc.Client{API: f.api, Cache: cache, Now: func() time.Time { return f.now }}, nil
		},
	}
	return f
}

var corp = Target{Session: "corp", StartURL: "https://d-1.awsapps.com/start", Region: "eu-west-1", Profile: "dev"}
var legacy = Target{StartURL: "https://d-2.awsapps.com/start", Region: "eu-west-1", Profile: "old"}

func (f *fixture) save(t *testing.T, target Target, expiresIn time.Duration, refresh string) *tokencache.Token {
	tok := &tokencache.Token{StartURL: target.StartURL, Region: target.Region, AccessToken: "old",
		ExpiresAt: f.now.Add(expiresIn), ClientID: "cid", ClientSecret: "cs", RegistrationExpiresAt: f.now.Add(90 * 24 * time.Hour), RefreshToken: refresh}
	if err := f.m.Cache.SaveToken(target.Session, target.StartURL, tok); err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestToken(t *testing.T) {
	tests := []struct {
		name         string
		target       Target
		expiresIn    time.Duration // 0: no token file
		refresh      string
		corrupt      bool
		apiErr       error
		wantToken    string
		wantLogin    string // the hint's command when login is required
		wantCalls    int32
		wantOtherErr bool
	}{
		{name: "not logged in", target: corp, wantLogin: "awsso login --sso-session corp"},
		{name: "corrupt cache file", target: corp, corrupt: true, wantLogin: "awsso login --sso-session corp"},
		{name: "valid token used as is", target: corp, expiresIn: time.Hour, refresh: "r1", wantToken: "old"},
		{name: "near expiry refreshed", target: corp, expiresIn: 10 * time.Minute, refresh: "r1", wantToken: "fresh1", wantCalls: 1},
		{name: "expired refreshed", target: corp, expiresIn: -time.Hour, refresh: "r1", wantToken: "fresh1", wantCalls: 1},
		{name: "refused refresh keeps a valid token", target: corp, expiresIn: 10 * time.Minute, refresh: "r1", apiErr: &types.InvalidGrantException{}, wantToken: "old", wantCalls: 1},
		{name: "refused refresh of expired token", target: corp, expiresIn: -time.Minute, refresh: "r1", apiErr: &types.InvalidGrantException{}, wantLogin: "awsso login --sso-session corp", wantCalls: 1},
		{name: "network failure of expired token", target: corp, expiresIn: -time.Minute, refresh: "r1", apiErr: errors.New("dial tcp: connection refused"), wantOtherErr: true, wantCalls: 1},
		{name: "no refresh token, still valid", target: corp, expiresIn: 5 * time.Minute, wantToken: "old"},
		{name: "no refresh token, expired", target: corp, expiresIn: -time.Minute, wantLogin: "awsso login --sso-session corp"},
		{name: "legacy expired", target: legacy, expiresIn: -time.Minute, refresh: "r1", wantLogin: "awsso login --profile old"},
		{name: "legacy never refreshed", target: legacy, expiresIn: 5 * time.Minute, refresh: "r1", wantToken: "old"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.api.err = tt.apiErr
			if tt.expiresIn != 0 {
				f.save(t, tt.target, tt.expiresIn, tt.refresh)
			}
			if tt.corrupt {
				os.MkdirAll(f.m.Cache.Dir, 0o700)
				os.WriteFile(f.m.Cache.TokenPath(tt.target.Session, tt.target.StartURL), []byte(`{"accessToken": "x`), 0o600)
			}
			tok, err := f.m.Token(context.Background(), tt.target)
			var login *LoginRequiredError
			switch {
			case tt.wantLogin != "":
				if !errors.As(err, &login) {
					t.Fatalf("err = %v, want LoginRequiredError", err)
				}
				if got := login.Hints()[0]; got != "run: "+tt.wantLogin {
					t.Errorf("hint = %q, want run: %s", got, tt.wantLogin)
				}
				if login.ExitCode() != 2 {
					t.Errorf("exit code %d", login.ExitCode())
				}
			case tt.wantOtherErr:
				if err == nil || errors.As(err, &login) {
					t.Fatalf("err = %v, want a network error", err)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				if tok.AccessToken != tt.wantToken {
					t.Errorf("token %q, want %q", tok.AccessToken, tt.wantToken)
				}
			}
			if got := f.api.calls.Load(); got != tt.wantCalls {
				t.Errorf("refresh calls = %d, want %d", got, tt.wantCalls)
			}
		})
	}
}

func TestRefreshRotatesAndSaves(t *testing.T) {
	f := newFixture(t)
	f.save(t, corp, 5*time.Minute, "r1")
	if _, err := f.m.Token(context.Background(), corp); err != nil {
		t.Fatal(err)
	}
	saved, err := f.m.Cached(corp)
	if err != nil {
		t.Fatal(err)
	}
	if saved.AccessToken != "fresh1" || saved.RefreshToken != "r2" || !saved.ExpiresAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("saved %+v", saved)
	}
}

func TestRefreshWithoutNewRefreshTokenDropsTheOldOne(t *testing.T) {
	f := newFixture(t)
	f.api.keepRefreshToken = true
	f.save(t, corp, 5*time.Minute, "r1")
	if _, err := f.m.Token(context.Background(), corp); err != nil {
		t.Fatal(err)
	}
	saved, err := f.m.Cached(corp)
	if err != nil {
		t.Fatal(err)
	}
	if saved.AccessToken != "fresh1" || saved.RefreshToken != "" {
		t.Errorf("saved access token %q, refresh token %q; want fresh1 and none (a used refresh token is spent)", saved.AccessToken, saved.RefreshToken)
	}
}

func TestRefreshKeepsFieldsOfOtherTools(t *testing.T) {
	f := newFixture(t)
	path := f.m.Cache.TokenPath(corp.Session, corp.StartURL)
	written := `{"startUrl": "https://d-1.awsapps.com/start", "region": "eu-west-1", "accessToken": "old", ` +
		`"expiresAt": "2026-11-23T10:05:00Z", "clientId": "cid", "clientSecret": "cs", ` +
		`"registrationExpiresAt": "2027-02-21T10:00:00Z", "refreshToken": "r1", "otherTool": {"k": [1, 2]}}`
	if err := os.WriteFile(path, []byte(written), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := f.m.Token(context.Background(), corp); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"otherTool": {"k": [1, 2]}`) || !strings.Contains(string(data), `"accessToken": "fresh1"`) {
		t.Errorf("refreshed file lost another tool's field or kept the old token:\n%s", data)
	}
}

// A sign-in waiting for its browser holds the token's lock for minutes. A caller whose cached
// token is still valid goes on with it at once; one whose token expired is told to log in,
// with what blocked it, instead of a network error.
func TestHeldLockNeverStallsAValidToken(t *testing.T) {
	f := newFixture(t)
	held, err := cachefile.Lock(context.Background(), f.m.Cache.TokenPath(corp.Session, corp.StartURL))
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()

	// However long the manager would wait for a refresh, a valid token caps the wait (at
	// validTokenLockWait): with an hour here, only that cap lets the call end before ctx does.
	f.m.LockWait = time.Hour
	f.save(t, corp, 10*time.Minute, "r1")
	ctx, cancel := context.WithTimeout(context.Background(), 4*validTokenLockWait)
	defer cancel()
	tok, err := f.m.Token(ctx, corp)
	if err != nil || tok.AccessToken != "old" {
		t.Fatalf("with a valid token and a held lock: %v, %v; want the cached token", tok, err)
	}

	f.m.LockWait = 200 * time.Millisecond
	f.save(t, corp, -time.Minute, "r1")
	_, err = f.m.Token(context.Background(), corp)
	var login *LoginRequiredError
	var busy *cachefile.BusyError
	if !errors.As(err, &login) || !errors.As(err, &busy) {
		t.Fatalf("with an expired token and a held lock: %v; want a LoginRequiredError saying another awsso holds the lock", err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("the error reads as a timeout, which cmdutil explains as a network failure: %v", err)
	}
	if f.api.calls.Load() != 0 {
		t.Errorf("refreshed %d times without the lock", f.api.calls.Load())
	}
}

// TestNetworkFailureIsNotRemembered: a refresh that fails for a network reason is a network
// error (exit 3 at the top) while the token has expired, the old token while it still works,
// and never keeps the next call from trying again.
func TestNetworkFailureIsNotRemembered(t *testing.T) {
	f := newFixture(t)
	f.api.err = errors.New("dial tcp: connection refused")
	f.save(t, corp, 5*time.Minute, "r1")
	for i := range 3 {
		tok, err := f.m.Token(context.Background(), corp)
		if err != nil || tok.AccessToken != "old" {
			t.Fatalf("still-valid token not returned: %v", err)
		}
		if got := f.api.calls.Load(); got != int32(i+1) {
			t.Fatalf("after %d calls, %d refresh attempts: each call must try again", i+1, got)
		}
	}
	f.save(t, corp, -time.Minute, "r1")
	_, err := f.m.Token(context.Background(), corp)
	var login *LoginRequiredError
	if err == nil || errors.As(err, &login) {
		t.Fatalf("expired token, network down: %v; want the network error, not a login", err)
	}
	f.api.err = nil // the network is back
	tok, err := f.m.Token(context.Background(), corp)
	if err != nil || tok.AccessToken != "fresh5" {
		t.Fatalf("after the network came back: %v, %v; want a refreshed token at once", tok, err)
	}
	if st := f.m.State(corp); st.Kind != StateValid || st.Refresh != RefreshSession {
		t.Errorf("state %+v", st)
	}
}

// TestRefusalIsRecorded: a refresh the service refuses is recorded in the token file, so that
// no process asks again and every view says a login is due, until a sign-in replaces the file.
func TestRefusalIsRecorded(t *testing.T) {
	f := newFixture(t)
	f.api.err = &types.InvalidGrantException{}
	f.save(t, corp, -time.Minute, "r1")
	_, err := f.m.Token(context.Background(), corp)
	var login *LoginRequiredError
	if !errors.As(err, &login) || !strings.Contains(err.Error(), "its refresh was refused at 2026-11-23 10:00 UTC") {
		t.Fatalf("err = %v", err)
	}
	f.now = f.now.Add(time.Hour)
	_, err = f.m.Token(context.Background(), corp)
	if !errors.As(err, &login) || f.api.calls.Load() != 1 {
		t.Fatalf("second call: %v after %d refresh attempts; want a login without asking again", err, f.api.calls.Load())
	}
	st := f.m.State(corp)
	if st.Kind != StateExpired || st.Refresh != RefreshRefused || !st.RefreshRefusedAt.Equal(t0) || st.Short(f.now) != "expired: run awsso login --sso-session corp" {
		t.Errorf("state after the refusal: %+v", st)
	}
	data, _ := os.ReadFile(f.m.Cache.TokenPath(corp.Session, corp.StartURL))
	if !strings.Contains(string(data), `"awsso": {"refreshRefusedAt": "2026-11-23T10:00:00Z", "accessTokenHash": "`) {
		t.Errorf("token file:\n%s", data)
	}
	f.api.err = nil
	f.save(t, corp, 8*time.Hour, "r9") // a sign-in, by any tool, writes a new file
	if st := f.m.State(corp); st.Kind != StateValid || st.Refresh != RefreshSession {
		t.Errorf("state after a new sign-in: %+v", st)
	}
}

// TestRefusalLeavesANewerSignInAlone: when another tool (the AWS CLI takes no lock) signs in
// while a refresh is under way, the refusal of the old token is not written over the new one.
func TestRefusalLeavesANewerSignInAlone(t *testing.T) {
	f := newFixture(t)
	f.api.err = &types.InvalidGrantException{}
	f.save(t, corp, -time.Minute, "r1")
	f.api.during = func() {
		tok := &tokencache.Token{StartURL: corp.StartURL, Region: corp.Region, AccessToken: "signed-in-elsewhere", ExpiresAt: f.now.Add(8 * time.Hour)}
		if err := f.m.Cache.SaveToken(corp.Session, corp.StartURL, tok); err != nil {
			t.Error(err)
		}
	}
	f.m.Token(context.Background(), corp)
	tok, err := f.m.Cached(corp)
	if err != nil || tok.AccessToken != "signed-in-elsewhere" || !tok.RefreshRefusedAt.IsZero() {
		t.Fatalf("token after the refusal: %+v, %v; want the other sign-in's, without a record", tok, err)
	}
}

// TestRefusalOfAValidTokenKeepsIt: a refused refresh leaves a token that still works in use
// until it expires, and is not asked again.
func TestRefusalOfAValidTokenKeepsIt(t *testing.T) {
	f := newFixture(t)
	f.api.err = &types.InvalidGrantException{}
	f.save(t, corp, 10*time.Minute, "r1")
	for range 2 {
		if tok, err := f.m.Token(context.Background(), corp); err != nil || tok.AccessToken != "old" {
			t.Fatalf("%v, %v", tok, err)
		}
	}
	if f.api.calls.Load() != 1 {
		t.Errorf("refresh attempts = %d, want 1", f.api.calls.Load())
	}
	if st := f.m.State(corp); st.Kind != StateValid || st.Refresh != RefreshRefused || st.Login != "awsso login --sso-session corp" {
		t.Errorf("state %+v", st)
	}
}

// TestStaleRefusalIsIgnored: a record written for another access token (a tool that keeps
// unknown keys refreshed the token since) neither stops a refresh nor survives a rewrite.
func TestStaleRefusalIsIgnored(t *testing.T) {
	f := newFixture(t)
	path := f.m.Cache.TokenPath(corp.Session, corp.StartURL)
	written := `{"startUrl": "https://d-1.awsapps.com/start", "region": "eu-west-1", "accessToken": "old", ` +
		`"expiresAt": "2026-11-23T09:00:00Z", "clientId": "cid", "clientSecret": "cs", ` +
		`"registrationExpiresAt": "2027-02-21T10:00:00Z", "refreshToken": "r1", ` +
		`"awsso": {"refreshRefusedAt": "2026-11-23T08:00:00Z", "accessTokenHash": "0123456789abcdef"}}`
	os.MkdirAll(f.m.Cache.Dir, 0o700)
	if err := os.WriteFile(path, []byte(written), 0o600); err != nil {
		t.Fatal(err)
	}
	if st := f.m.State(corp); st.Kind != StateRefreshable {
		t.Errorf("state %+v, want refreshable", st)
	}
	if tok, err := f.m.Token(context.Background(), corp); err != nil || tok.AccessToken != "fresh1" {
		t.Fatalf("%v, %v", tok, err)
	}
	if data, _ := os.ReadFile(path); strings.Contains(string(data), "awsso") {
		t.Errorf("the stale record survived the refresh:\n%s", data)
	}
}

func TestConcurrentCallersRefreshOnce(t *testing.T) {
	f := newFixture(t)
	f.api.delay = 50 * time.Millisecond
	f.save(t, corp, -time.Minute, "r1")
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok, err := f.m.Token(context.Background(), corp)
			if err == nil && tok.AccessToken != "fresh1" {
				err = errors.New("got token " + tok.AccessToken)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := f.api.calls.Load(); got != 1 {
		t.Errorf("refresh calls = %d, want exactly 1", got)
	}
}

func TestLoginReusesConcurrentLogin(t *testing.T) {
	f := newFixture(t)
	var runs atomic.Int32
	run := func(ctx context.Context, c *oidc.Client) (*tokencache.Token, error) {
		runs.Add(1)
		time.Sleep(50 * time.Millisecond)
		return &tokencache.Token{StartURL: corp.StartURL, Region: corp.Region, AccessToken: "signed-in", ExpiresAt: f.now.Add(8 * time.Hour)}, nil
	}
	var wg sync.WaitGroup
	var reused atomic.Int32
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok, fromOther, err := f.m.Login(context.Background(), corp, run, LoginOptions{ReuseFresh: true})
			if err != nil || tok.AccessToken != "signed-in" {
				t.Errorf("login: %v %v", tok, err)
			}
			if fromOther {
				reused.Add(1)
			}
		}()
	}
	wg.Wait()
	if runs.Load() != 1 || reused.Load() != 4 {
		t.Errorf("sign-ins run %d, reused %d; want 1 and 4", runs.Load(), reused.Load())
	}
}

// TestLoginCommandIsSafeToPaste: the hint's command quotes names with shell characters, which
// other tools may have written in the config, so pasting it runs awsso and nothing else.
func TestLoginCommandIsSafeToPaste(t *testing.T) {
	for _, tt := range []struct {
		target Target
		want   string
	}{
		{Target{Session: "corp"}, "awsso login --sso-session corp"},
		{Target{Session: "team/prod.eu-1"}, "awsso login --sso-session team/prod.eu-1"},
		{Target{Session: "$(reboot)"}, "awsso login --sso-session '$(reboot)'"},
		{Target{StartURL: "https://x", Profile: "a&b"}, "awsso login --profile 'a&b'"},
		{Target{StartURL: "https://x", Profile: "it's"}, `awsso login --profile 'it'\''s'`},
		{Target{StartURL: "https://x", Profile: "default"}, "awsso login"},
	} {
		if got := tt.target.LoginCommand(); got != tt.want {
			t.Errorf("LoginCommand(%+v) = %s, want %s", tt.target, got, tt.want)
		}
	}
}
