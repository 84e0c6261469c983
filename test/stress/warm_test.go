//go:build linux

package stress_test

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/tokencache"
)

// hangingServer accepts every request and answers none until the test ends.
func hangingServer(t *testing.T) string {
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-done:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(done); srv.Close() })
	return srv.URL
}

// TestWarmPathNeverWaits: with valid cached credentials, credential-process and
// export-credentials answer while another process holds the token's lock and the credentials'
// lock and every endpoint accepts requests but never answers (with an hour's HTTP timeout):
// the warm path takes no lock and makes no call, so nothing can hold it up. --debug says where
// the credentials came from and nothing else.
func TestWarmPathNeverWaits(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	mustRun(t, w.ProcessEnv(), "credential-process", "--profile", "dev")
	tokens := tokencache.Cache{Dir: tokencache.DefaultDir(w.Home.Dir)}
	credsFile := filepath.Join(w.CredsCache().Dir, cmdtest.DevKey()+".json")
	hold(t, tokens.TokenPath("corp", ""))
	hold(t, credsFile)
	env := append(w.ProcessEnv("AWSSO_HTTP_TIMEOUT=1h"), endpointAt(hangingServer(t))...)
	for range 10 {
		for _, cmd := range []string{"credential-process", "export-credentials"} {
			r := mustRun(t, env, cmd, "--profile", "dev", "--debug")
			if !strings.HasPrefix(r.stderr, "debug: "+cmdtest.AccountID+"/"+cmdtest.RoleName+": cached credentials ") || strings.Count(r.stderr, "\n") != 1 {
				t.Fatalf("%s", r)
			}
		}
	}
}

// TestRenewalWaitsAreBounded: credentials due for renewal (10 minutes left) that still work
// are renewed when that is quick; when another process holds their lock, or the portal does not
// answer, the wait is bounded and the cached credentials serve, with --debug saying why.
func TestRenewalWaitsAreBounded(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	mustRun(t, w.ProcessEnv(), "credential-process", "--profile", "dev")
	cached := w.Cached(t)
	cached.Expiration = time.Now().Add(10 * time.Minute).UTC().Truncate(time.Second)
	if err := w.CredsCache().Save(cmdtest.DevKey(), cached); err != nil {
		t.Fatal(err)
	}
	credsFile := filepath.Join(w.CredsCache().Dir, cmdtest.DevKey()+".json")
	env := append(w.ProcessEnv("AWSSO_HTTP_TIMEOUT=1h"), endpointAt(hangingServer(t))...)

	held := hold(t, credsFile)
	r := mustRun(t, env, "credential-process", "--profile", "dev", "--debug")
	held.Release()
	if !strings.Contains(r.stdout, cached.AccessKeyID) ||
		!strings.Contains(r.stderr, "another awsso process is getting these credentials; waiting up to 2s") ||
		!strings.Contains(r.stderr, "the lock stayed busy for 2s; using the cached credentials, valid until ") {
		t.Errorf("with the lock held:\n%s", r)
	}

	r = mustRun(t, env, "credential-process", "--profile", "dev", "--debug")
	if !strings.Contains(r.stdout, cached.AccessKeyID) || !strings.Contains(r.stderr, "could not renew the credentials within 5s; using the cached ones, valid until ") {
		t.Errorf("with the portal silent:\n%s", r)
	}
}
