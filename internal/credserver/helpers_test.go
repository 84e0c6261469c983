package credserver

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/session"
)

// clock is a clock that tests move by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// fakeSource hands out numbered credentials that live for life, from the fake clock, for the
// profiles it knows; fail, when set, makes each call fail with its error instead.
type fakeSource struct {
	clock    *clock
	life     time.Duration
	profiles []string
	calls    atomic.Int32
	gate     chan struct{} // when set, each call waits for it to close (or for its context)

	mu   sync.Mutex
	fail error
}

func (f *fakeSource) setFail(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = err
}

func (f *fakeSource) get(ctx context.Context, profile string) (*creds.Credentials, error) {
	n := f.calls.Add(1)
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f.mu.Lock()
	err := f.fail
	f.mu.Unlock()
	if err != nil {
		return nil, err
	}
	known := false
	for _, p := range f.profiles {
		known = known || p == profile
	}
	if !known {
		return nil, &awsconfig.ProfileNotFoundError{Name: profile, Files: "~/.aws/config"}
	}
	return &creds.Credentials{AccessKeyID: fmt.Sprintf("ASIAKEY%03d", n), SecretAccessKey: fmt.Sprintf("secret-%03d-%s", n, strings.Repeat("s", 30)),
		SessionToken: fmt.Sprintf("session-token-%03d", n), Expiration: f.clock.Now().Add(f.life), AccountID: "111122223333"}, nil
}

// loginRequired is the error a signed-out session gives.
func loginRequired() error {
	return &session.LoginRequiredError{Target: session.Target{Session: "corp"}, Reason: "the session expired at 2026-11-23 18:00 UTC"}
}

// testServer returns a server over src with the fake clock and a short ReplaceWait, and the
// lines it logged.
func testServer(t *testing.T, src *fakeSource, opts ...func(*Options)) (*Server, *lines) {
	t.Helper()
	logged := &lines{}
	s := New(src.get, append([]func(*Options){func(o *Options) {
		o.Token = "the-token"
		o.Now = src.clock.Now
		o.ReplaceWait = 20 * time.Millisecond
		o.Logf = logged.add
		o.Debugf = logged.add
	}}, opts...)...)
	t.Cleanup(func() { s.Close() })
	return s, logged
}

// lines records log lines.
type lines struct {
	mu    sync.Mutex
	lines []string
}

func (l *lines) add(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *lines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// response is an answer of the server, decoded.
type response struct {
	Status      int
	ContentType string
	Creds       wireCredentials
	Code        string `json:"code"`
	Message     string `json:"message"`
	Body        string
}

// get sends GET path with the token (unless token is "-") and extra headers.
func get(t *testing.T, s http.Handler, path, token string, header ...string) response {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.Host = "127.0.0.1:41234"
	if token != "-" {
		r.Header.Set("Authorization", token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	return do(t, s, r)
}

func do(t *testing.T, s http.Handler, r *http.Request) response {
	t.Helper()
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	resp := response{Status: w.Code, ContentType: w.Header().Get("Content-Type"), Body: w.Body.String()}
	if w.Code == http.StatusOK {
		if err := json.Unmarshal(w.Body.Bytes(), &resp.Creds); err != nil {
			t.Fatalf("200 with a body that is not JSON: %q", w.Body)
		}
	} else if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		t.Fatalf("%d with a body that is not the error JSON: %q", w.Code, w.Body)
	}
	return resp
}
