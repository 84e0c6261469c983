package resolver

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/emulator"
)

// TestChainFromSSOColdThenWarm: a cold chain gets the hub's role credentials from the portal
// and assumes Deploy with them (its trust rule admits nothing else), under the AWS CLI's
// generated session name, and caches the answer under the AWS CLI's key; warm, it reads that
// file and nothing of its source, not even the sign-in token.
func TestChainFromSSOColdThenWarm(t *testing.T) {
	w := newWorld(t, "")
	w.signIn()
	c := w.creds("prod", Fetch{})
	if w.calls("AssumeRole") != 1 || w.calls("GetRoleCredentials") != 1 {
		t.Fatalf("cold chain: %v; want one AssumeRole and one GetRoleCredentials", w.env.Server.Stats())
	}
	if c.AccountID != "444455556666" || !strings.HasPrefix(c.AccessKeyID, "ASIA") || time.Until(c.Expiration) < 50*time.Minute {
		t.Errorf("credentials = %+v", c)
	}
	key := w.resolve("prod").CacheKey()
	if key != creds.AssumeRoleKey(creds.AssumeRoleArgs{RoleARN: "arn:aws:iam::444455556666:role/Deploy"}) {
		t.Errorf("cache key %s", key)
	}
	obj, err := cachefile.ReadFile(w.r.CredsCache().Path(key))
	if err != nil || obj.Get("ResponseMetadata") == nil {
		t.Fatalf("assumed-role cache entry %v, %v", obj, err)
	}
	user, _ := obj.Get("AssumedRoleUser").(cachefile.Object)
	if arn, _ := user.String("Arn"); !strings.HasPrefix(arn, "arn:aws:sts::444455556666:assumed-role/Deploy/botocore-session-") {
		t.Errorf("assumed role %q, want the AWS CLI's botocore-session-<seconds> session name", arn)
	}

	// Warm: nothing of the source is read, not even the sign-in token.
	if err := os.RemoveAll(filepath.Join(w.home.Dir, ".aws", "sso")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(w.r.CredsCache().Path(creds.Key("111122223333", "ReadOnly", "corp", ""))); err != nil {
		t.Fatal(err)
	}
	again := w.creds("prod", Fetch{})
	if *again != *c || w.calls("AssumeRole") != 1 {
		t.Errorf("warm chain: %+v after %d AssumeRole calls, want the cached %+v after 1", again, w.calls("AssumeRole"), c)
	}
}

// TestTwoHopsCarryTheirSettings: the second hop is assumed with the first hop's credentials
// and its own external_id (Leaf's trust rule wants both), role_session_name and
// duration_seconds.
func TestTwoHopsCarryTheirSettings(t *testing.T) {
	w := newWorld(t, "")
	w.signIn()
	c := w.creds("leaf", Fetch{})
	if n := w.calls("AssumeRole"); n != 2 {
		t.Fatalf("%d AssumeRole calls, want 2", n)
	}
	if left := time.Until(c.Expiration); c.AccountID != "777788889999" || left > 30*time.Minute || left < 29*time.Minute {
		t.Errorf("leaf credentials %+v (%s left), want account 777788889999 for 1800 seconds", c, left)
	}
	if arn := identity(t, w, "leaf"); arn != "arn:aws:sts::777788889999:assumed-role/Leaf/alice" {
		t.Errorf("leaf is %s", arn)
	}
	// Both hops are cached: a new run makes no call.
	w.creds("leaf", Fetch{})
	w.creds("prod", Fetch{})
	if n := w.calls("AssumeRole"); n != 2 {
		t.Errorf("%d AssumeRole calls after warm runs", n)
	}
	// Without the external id, Leaf refuses.
	writeFile(t, w.home.Config, strings.Replace(readFile(t, w.home.Config), "external_id = ext-1\n", "", 1))
	if _, err := w.r.Credentials(context.Background(), w.resolve("leaf"), Fetch{}); !errors.As(err, new(*AssumeRoleError)) {
		t.Errorf("leaf without external_id: %v, want STS's refusal", err)
	}
}

func TestRefreshAndMargin(t *testing.T) {
	w := newWorld(t, "[profile short]\nrole_arn = arn:aws:iam::444455556666:role/Short\nsource_profile = hub\nduration_seconds = 900\n")
	w.signIn()
	first := w.creds("short", Fetch{})
	// 15 minutes of life is not more than the margin: the AWS CLI would call again, and so does awsso.
	w.creds("short", Fetch{})
	if n := w.calls("AssumeRole"); n != 2 {
		t.Errorf("%d AssumeRole calls for short-lived credentials, want 2", n)
	}
	// A server that renews ahead of expiry accepts less.
	third := w.creds("short", Fetch{Margin: 5 * time.Minute})
	if n := w.calls("AssumeRole"); n != 2 || third.AccessKeyID == first.AccessKeyID {
		t.Errorf("with a 5-minute margin: %d calls, %s", n, third.AccessKeyID)
	}
	forced := w.creds("short", Fetch{Margin: 5 * time.Minute, Refresh: true})
	if n := w.calls("AssumeRole"); n != 3 || forced.AccessKeyID == third.AccessKeyID {
		t.Errorf("Refresh: %d calls, %s", n, forced.AccessKeyID)
	}
	if cached, _ := w.r.CredsCache().Load(w.resolve("short").CacheKey()); cached.AccessKeyID != forced.AccessKeyID {
		t.Errorf("the refreshed credentials were not cached")
	}
}

// TestMFA: a role whose trust rule wants MFA gets the code of the emulator's TOTP device: from
// Fetch.MFACode once, else from AskMFA, and never for cached credentials.
func TestMFA(t *testing.T) {
	w := newWorld(t, "")
	w.signIn()
	p := w.resolve("mfa")
	_, err := w.r.Credentials(context.Background(), p, Fetch{})
	var need *MFARequiredError
	if !errors.As(err, &need) || !strings.Contains(strings.Join(need.Hints(), " "), "--mfa-code") {
		t.Fatalf("without a terminal: %v, want an *MFARequiredError naming --mfa-code", err)
	}
	if _, err := w.r.Credentials(context.Background(), p, Fetch{MFACode: "12345x"}); !errors.As(err, new(*InvalidValueError)) {
		t.Errorf("a code that is not six digits: %v", err)
	}
	if _, err := w.r.Credentials(context.Background(), p, Fetch{MFACode: "000000"}); !errors.As(err, new(*AssumeRoleError)) {
		t.Errorf("a wrong code: %v, want STS's refusal", err)
	}
	now, next, err := w.env.Server.MFACode(emulator.DefaultMFASerial)
	if err != nil {
		t.Fatal(err)
	}
	w.creds("mfa", Fetch{MFACode: now})
	if n := w.calls("AssumeRole"); n != 2 { // the wrong code, then this one
		t.Errorf("%d AssumeRole calls", n)
	}
	// Cached: no question asked.
	asked := 0
	w.r.AskMFA = func(ctx context.Context, profile, serial string) (string, error) { asked++; return next, nil }
	w.creds("mfa", Fetch{})
	if asked != 0 || w.calls("AssumeRole") != 2 {
		t.Errorf("cached MFA credentials: asked %d times, %d calls", asked, w.calls("AssumeRole"))
	}
	w.creds("mfa", Fetch{Refresh: true})
	if asked != 1 || w.calls("AssumeRole") != 3 {
		t.Errorf("a fetch asks AskMFA once: asked %d, %d calls", asked, w.calls("AssumeRole"))
	}
}

// TestFailuresCacheNothing: a role whose trust rule admits nobody is STS's AccessDenied, exit
// 3 with the trust policy named, and nothing is cached.
func TestFailuresCacheNothing(t *testing.T) {
	w := newWorld(t, "")
	w.signIn()
	p := w.resolve("denied")
	_, err := w.r.Credentials(context.Background(), p, Fetch{})
	var denied *AssumeRoleError
	if !errors.As(err, &denied) || denied.ExitCode() != 3 || !strings.Contains(err.Error(), "arn:aws:iam::444455556666:role/Denied") {
		t.Fatalf("refused AssumeRole: %v", err)
	}
	if !strings.Contains(strings.Join(denied.Hints(), " "), "trust policy") {
		t.Errorf("hints %q", denied.Hints())
	}
	if _, err := os.Stat(w.r.CredsCache().Path(p.CacheKey())); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused AssumeRole left a cache file: %v", err)
	}
}

func TestConcurrentCallersShareOneAssumeRole(t *testing.T) {
	w := newWorld(t, "")
	w.signIn()
	p := w.resolve("prod")
	var wg sync.WaitGroup
	keys := make([]string, 8)
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := w.r.Credentials(context.Background(), p, Fetch{})
			if err != nil {
				t.Error(err)
				return
			}
			keys[i] = c.AccessKeyID
		}()
	}
	wg.Wait()
	if n := w.calls("AssumeRole"); n != 1 {
		t.Errorf("%d AssumeRole calls for 8 concurrent callers, want 1", n)
	}
	for _, k := range keys {
		if k != keys[0] {
			t.Errorf("callers got different credentials: %v", keys)
		}
	}
}

// TestStaticAndEnvironment: static keys are returned as written, with no call; credential_source
// Environment signs with the environment's keys (FromEnv trusts alice's alone).
func TestStaticAndEnvironment(t *testing.T) {
	w := newWorld(t, "[profile keys]\naws_access_key_id = AKIAKEYS\naws_secret_access_key = s3cret\n"+
		"[profile envsource]\nrole_arn = arn:aws:iam::444455556666:role/FromEnv\ncredential_source = Environment\n")
	c := w.creds("keys", Fetch{})
	if c.AccessKeyID != "AKIAKEYS" || c.SessionToken != "" || !c.Expiration.IsZero() {
		t.Errorf("static = %+v", c)
	}
	if _, err := w.r.Credentials(context.Background(), w.resolve("envsource"), Fetch{}); !errors.As(err, new(*SourceUnavailableError)) {
		t.Errorf("credential_source Environment without keys: %v", err)
	}
	w.vars["AWS_ACCESS_KEY_ID"], w.vars["AWS_SECRET_ACCESS_KEY"] = emulator.DefaultAccessKeyID, emulator.DefaultSecretAccessKey
	if c := w.creds("envsource", Fetch{}); c.AccountID != "444455556666" || w.calls("AssumeRole") != 1 {
		t.Errorf("credential_source Environment: %+v", c)
	}
}

// TestCredentialSourceECS: credential_source EcsContainer takes the container endpoint's
// credentials (sent with its authorization token) and assumes the role with them.
func TestCredentialSourceECS(t *testing.T) {
	var auth string
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		rw.Write([]byte(`{"AccessKeyId": "` + emulator.DefaultAccessKeyID + `", "SecretAccessKey": "` + emulator.DefaultSecretAccessKey + `"}`))
	}))
	defer srv.Close()
	w := newWorld(t, "[profile task]\nrole_arn = arn:aws:iam::444455556666:role/Task\ncredential_source = EcsContainer\n")
	p := w.resolve("task")
	if _, err := w.r.Credentials(context.Background(), p, Fetch{}); !errors.As(err, new(*SourceUnavailableError)) {
		t.Errorf("EcsContainer outside a container: %v", err)
	}
	w.vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = srv.URL + "/creds"
	w.vars["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "Bearer abc"
	if c := w.creds("task", Fetch{}); c.AccountID != "444455556666" || auth != "Bearer abc" {
		t.Errorf("task: %+v, authorization %q", c, auth)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
