package resolver

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/creds"
)

func TestChainFromSSOColdThenWarm(t *testing.T) {
	w := newWorld(t, "")
	w.signIn()
	c := w.creds("prod", Fetch{})
	calls := w.sts.calls()
	if len(calls) != 1 || w.calls("GetRoleCredentials") != 1 {
		t.Fatalf("cold chain: %d AssumeRole, %d GetRoleCredentials; want 1 and 1", len(calls), w.calls("GetRoleCredentials"))
	}
	hub, ok := w.r.CredsCache().Load(creds.Key("111122223333", "ReadOnly", "corp", ""))
	if !ok || calls[0].Get("SignedBy") != hub.AccessKeyID {
		t.Errorf("AssumeRole was signed by %q, want the hub's role credentials %v", calls[0].Get("SignedBy"), hub)
	}
	if got := calls[0].Get("RoleSessionName"); !strings.HasPrefix(got, "botocore-session-") {
		t.Errorf("RoleSessionName = %q, want the AWS CLI's botocore-session-<seconds>", got)
	}
	if c.AccessKeyID != "ASIAFAKE0001" || c.AccountID != "444455556666" || time.Until(c.Expiration) < 50*time.Minute {
		t.Errorf("credentials = %+v", c)
	}
	key := w.resolve("prod").CacheKey()
	if key != creds.AssumeRoleKey(creds.AssumeRoleArgs{RoleARN: "arn:aws:iam::444455556666:role/Deploy"}) {
		t.Errorf("cache key %s", key)
	}
	obj, err := cachefile.ReadFile(w.r.CredsCache().Path(key))
	if err != nil || obj.Get("AssumedRoleUser") == nil || obj.Get("ResponseMetadata") == nil {
		t.Fatalf("assumed-role cache entry %v, %v", obj, err)
	}

	// Warm: nothing of the source is read, not even the sign-in token.
	if err := os.RemoveAll(filepath.Join(w.home.Dir, ".aws", "sso")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(w.r.CredsCache().Path(creds.Key("111122223333", "ReadOnly", "corp", ""))); err != nil {
		t.Fatal(err)
	}
	again := w.creds("prod", Fetch{})
	if *again != *c || len(w.sts.calls()) != 1 {
		t.Errorf("warm chain: %+v after %d AssumeRole calls, want the cached %+v after 1", again, len(w.sts.calls()), c)
	}
}

func TestTwoHopsCarryTheirSettings(t *testing.T) {
	w := newWorld(t, "")
	w.signIn()
	c := w.creds("leaf", Fetch{})
	calls := w.sts.calls()
	if len(calls) != 2 {
		t.Fatalf("%d AssumeRole calls, want 2", len(calls))
	}
	prod, leaf := calls[0], calls[1]
	if prod.Get("RoleArn") != "arn:aws:iam::444455556666:role/Deploy" || leaf.Get("RoleArn") != "arn:aws:iam::777788889999:role/Leaf" {
		t.Errorf("roles %s then %s", prod.Get("RoleArn"), leaf.Get("RoleArn"))
	}
	if leaf.Get("SignedBy") != "ASIAFAKE0001" {
		t.Errorf("the second hop was signed by %q, want the first hop's credentials", leaf.Get("SignedBy"))
	}
	if leaf.Get("ExternalId") != "ext-1" || leaf.Get("RoleSessionName") != "alice" || leaf.Get("DurationSeconds") != "1800" {
		t.Errorf("second hop arguments %v", leaf)
	}
	if c.AccountID != "777788889999" {
		t.Errorf("account %s", c.AccountID)
	}
	// Both hops are cached: a new run makes no call.
	w.creds("leaf", Fetch{})
	w.creds("prod", Fetch{})
	if len(w.sts.calls()) != 2 {
		t.Errorf("%d AssumeRole calls after warm runs", len(w.sts.calls()))
	}
}

func TestRefreshAndMargin(t *testing.T) {
	w := newWorld(t, "[profile short]\nrole_arn = arn:aws:iam::444455556666:role/Short\nsource_profile = hub\nduration_seconds = 900\n")
	w.signIn()
	first := w.creds("short", Fetch{})
	// 15 minutes of life is not more than the margin: the AWS CLI would call again, and so does awsso.
	w.creds("short", Fetch{})
	if n := len(w.sts.calls()); n != 2 {
		t.Errorf("%d AssumeRole calls for short-lived credentials, want 2", n)
	}
	// A server that renews ahead of expiry accepts less.
	third := w.creds("short", Fetch{Margin: 5 * time.Minute})
	if n := len(w.sts.calls()); n != 2 || third.AccessKeyID == first.AccessKeyID {
		t.Errorf("with a 5-minute margin: %d calls, %s", n, third.AccessKeyID)
	}
	forced := w.creds("short", Fetch{Margin: 5 * time.Minute, Refresh: true})
	if n := len(w.sts.calls()); n != 3 || forced.AccessKeyID == third.AccessKeyID {
		t.Errorf("Refresh: %d calls, %s", n, forced.AccessKeyID)
	}
	if cached, _ := w.r.CredsCache().Load(w.resolve("short").CacheKey()); cached.AccessKeyID != forced.AccessKeyID {
		t.Errorf("the refreshed credentials were not cached")
	}
}

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
	if len(w.sts.calls()) != 0 {
		t.Fatalf("STS was called without a valid code")
	}
	w.creds("mfa", Fetch{MFACode: "123456"})
	call := w.sts.calls()[0]
	if call.Get("SerialNumber") != "arn:aws:iam::111122223333:mfa/alice" || call.Get("TokenCode") != "123456" {
		t.Errorf("MFA arguments %v", call)
	}
	// Cached: no question asked.
	asked := 0
	w.r.AskMFA = func(ctx context.Context, profile, serial string) (string, error) { asked++; return "654321", nil }
	w.creds("mfa", Fetch{})
	if asked != 0 || len(w.sts.calls()) != 1 {
		t.Errorf("cached MFA credentials: asked %d times, %d calls", asked, len(w.sts.calls()))
	}
	w.creds("mfa", Fetch{Refresh: true})
	if asked != 1 || w.sts.calls()[1].Get("TokenCode") != "654321" {
		t.Errorf("a fetch asks AskMFA once: asked %d, %v", asked, w.sts.calls()[1])
	}
}

func TestFailuresCacheNothing(t *testing.T) {
	w := newWorld(t, "")
	w.signIn()
	w.sts.Fail = "AccessDenied"
	p := w.resolve("prod")
	_, err := w.r.Credentials(context.Background(), p, Fetch{})
	var denied *AssumeRoleError
	if !errors.As(err, &denied) || denied.ExitCode() != 3 || !strings.Contains(err.Error(), "arn:aws:iam::444455556666:role/Deploy") {
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
	if n := len(w.sts.calls()); n != 1 {
		t.Errorf("%d AssumeRole calls for 8 concurrent callers, want 1", n)
	}
	for _, k := range keys {
		if k != keys[0] {
			t.Errorf("callers got different credentials: %v", keys)
		}
	}
}

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
	w.vars["AWS_ACCESS_KEY_ID"], w.vars["AWS_SECRET_ACCESS_KEY"] = "AKIAENV", "envsecret"
	w.creds("envsource", Fetch{})
	if got := w.sts.calls()[0].Get("SignedBy"); got != "AKIAENV" {
		t.Errorf("credential_source Environment signed with %q", got)
	}
}
