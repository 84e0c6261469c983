package status_test

import (
	"context"
	"encoding/json"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/app"
	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/tokencache"
)

// clock is a time both the emulator and the commands read, moved by the test.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// TestRefusedRefreshSaysExpiredEverywhere: with a sign-in session of 90 seconds (emulator
// --session-ttl 90s), the token expires with the session and its refresh is refused. From then
// on every view says "expired" with the login command, no command asks the service again, and
// nothing anywhere names a date until which the token would be refreshable; a new sign-in
// makes it valid again.
func TestRefusedRefreshSaysExpiredEverywhere(t *testing.T) {
	clk := &clock{now: time.Now().UTC().Truncate(time.Second)}
	w := cmdtest.New(t, func(o *emulator.Options) { o.SessionTTL = 90 * time.Second; o.Now = clk.Now })
	run := func(args ...string) (int, string, string) {
		f, s := w.Factory(nil)
		f.Now = clk.Now
		code := app.Run(context.Background(), f, args)
		return code, s.Out.String(), s.Err.String()
	}
	if code, _, stderr := run("login", "--sso-session", "corp"); code != 0 {
		t.Fatalf("login: %d\n%s", code, stderr)
	}
	_, out, _ := run("status", "--output", "json")
	if strings.Contains(out, "refreshableUntil") || !strings.Contains(out, `"refresh": "session"`) {
		t.Errorf("status after login:\n%s", out)
	}

	clk.Add(100 * time.Second) // the session, and its token, ended
	w.Env.Server.ResetStats()
	code, _, stderr := run("accounts", "--profile", "dev")
	if code != 2 || !strings.Contains(stderr, "error: sso-session corp: the session expired at ") ||
		!strings.Contains(stderr, " and its refresh was refused at ") || !strings.Contains(stderr, "hint: run: awsso login --sso-session corp\n") {
		t.Fatalf("accounts after the session ended: exit %d\n%s", code, stderr)
	}
	code, _, stderr = run("credential-process", "--profile", "dev")
	if code != 2 || !strings.Contains(stderr, "hint: run: awsso login --sso-session corp\n") {
		t.Fatalf("credential-process after the refusal: exit %d\n%s", code, stderr)
	}
	if calls := w.Env.Server.Stats(); calls["CreateToken:refresh_token"] != 1 || len(calls) != 1 {
		t.Errorf("calls %v: want the one refused refresh, and nothing asked again", calls)
	}

	var doc struct {
		Sessions []map[string]any `json:"sessions"`
	}
	_, out, _ = run("status", "--output", "json")
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	corp := doc.Sessions[0]
	if corp["state"] != "expired" || corp["refresh"] != "refused" || corp["loginCommand"] != "awsso login --sso-session corp" ||
		corp["refreshRefusedAt"] == nil || corp["registrationExpiresAt"] != nil {
		t.Errorf("status json after the refusal: %v", corp)
	}
	for _, view := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"status", "--output", "table"}, 0, "expired: run awsso login --sso-session corp"},
		{[]string{"status", "--output", "text"}, 0, "sso-session\tcorp\t" + w.Env.StartURL + "\texpired\t"},
		{[]string{"profiles", "--output", "text"}, 0, "\texpired: run awsso login --sso-session corp\n"},
		{[]string{"doctor", "--offline"}, 1, "and cannot be refreshed: the service refused its refresh at "},
	} {
		code, out, stderr := run(view.args...)
		if code != view.code || !strings.Contains(out, view.want) {
			t.Errorf("%v: exit %d, want %d and %q in\n%s%s", view.args, code, view.code, view.want, out, stderr)
		}
		if strings.Contains(out, "refreshable") {
			t.Errorf("%v still says refreshable:\n%s", view.args, out)
		}
	}

	if code, _, stderr := run("login", "--sso-session", "corp"); code != 0 {
		t.Fatalf("login again: %d\n%s", code, stderr)
	}
	_, out, _ = run("status", "--output", "text")
	if !strings.Contains(out, "sso-session\tcorp\t"+w.Env.StartURL+"\tvalid\t") || !strings.Contains(out, "\tsession\t") {
		t.Errorf("status after a new login:\n%s", out)
	}
}

// TestNetworkFailureDoesNotLockOut: a refresh that fails because the service cannot be reached
// is exit 3 with the network hint, status still says refreshable, and the very next command,
// with the network back, refreshes and works.
func TestNetworkFailureDoesNotLockOut(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	cache := tokencache.Cache{Dir: tokencache.DefaultDir(w.Home.Dir)}
	tok, err := cache.LoadToken("corp", "")
	if err != nil {
		t.Fatal(err)
	}
	tok.ExpiresAt = time.Now().Add(-time.Minute).UTC().Truncate(time.Second)
	if err := cache.SaveToken("corp", "", tok); err != nil {
		t.Fatal(err)
	}
	run := func(extra map[string]string, args ...string) (int, string, string) {
		f, s := w.Factory(extra)
		code := app.Run(context.Background(), f, args)
		return code, s.Out.String(), s.Err.String()
	}
	down := map[string]string{"AWS_ENDPOINT_URL_SSO_OIDC": "http://" + closedPort(t)}
	code, _, stderr := run(down, "accounts", "--profile", "dev")
	if code != 3 || !strings.Contains(stderr, "the connection was refused") || !strings.Contains(stderr, "hint: check your network connection") {
		t.Fatalf("accounts with the sign-in service down: exit %d\n%s", code, stderr)
	}
	if _, out, _ := run(nil, "status", "--output", "text"); !strings.Contains(out, "\trefreshable\t") {
		t.Errorf("status after a network failure:\n%s", out)
	}
	w.Env.Server.ResetStats()
	if code, _, stderr := run(nil, "accounts", "--profile", "dev"); code != 0 {
		t.Fatalf("accounts with the network back: exit %d\n%s", code, stderr)
	}
	if calls := w.Env.Server.Stats(); calls["CreateToken:refresh_token"] != 1 {
		t.Errorf("calls %v, want one refresh", calls)
	}
}

// closedPort is a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}
