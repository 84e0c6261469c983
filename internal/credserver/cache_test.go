package credserver

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// TestReplacement follows credentials of several lifetimes to their replacement: served from
// memory until five minutes before they expire, or half their life before when they live less
// than ten minutes, then replaced before they are served.
func TestReplacement(t *testing.T) {
	tests := []struct {
		life, replaceAfter time.Duration
	}{
		{life: 12 * time.Hour, replaceAfter: 12*time.Hour - 5*time.Minute},
		{life: time.Hour, replaceAfter: 55 * time.Minute},
		{life: 10 * time.Minute, replaceAfter: 5 * time.Minute},
		{life: 8 * time.Minute, replaceAfter: 4 * time.Minute},
		{life: 40 * time.Second, replaceAfter: 20 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.life.String(), func(t *testing.T) {
			clk := newClock()
			src := &fakeSource{clock: clk, life: tt.life, profiles: []string{"dev"}}
			s, _ := testServer(t, src)
			first := get(t, s, "/profiles/dev", "the-token").Creds
			clk.Advance(tt.replaceAfter - time.Second)
			if got := get(t, s, "/profiles/dev", "the-token").Creds; got != first || src.calls.Load() != 1 {
				t.Fatalf("a second before the replacement point: %s after %d fetches, want %s from memory", got.AccessKeyID, src.calls.Load(), first.AccessKeyID)
			}
			clk.Advance(time.Second)
			second := get(t, s, "/profiles/dev", "the-token").Creds
			if second.AccessKeyID != "ASIAKEY002" || src.calls.Load() != 2 {
				t.Fatalf("at the replacement point: %s after %d fetches, want ASIAKEY002 after 2", second.AccessKeyID, src.calls.Load())
			}
			// The replacement lives from now on: the next one comes a full period later.
			clk.Advance(tt.replaceAfter - time.Second)
			if get(t, s, "/profiles/dev", "the-token").Creds != second || src.calls.Load() != 2 {
				t.Errorf("the replacement was replaced early (%d fetches)", src.calls.Load())
			}
		})
	}
}

// TestOneFetchForManyClients sends 200 requests at once to a cold server: one fetch serves them
// all.
func TestOneFetchForManyClients(t *testing.T) {
	src := &fakeSource{clock: newClock(), life: time.Hour, profiles: []string{"dev", "prod"}, gate: make(chan struct{})}
	s, _ := testServer(t, src)
	var started, done sync.WaitGroup
	keys := make([]string, 200)
	for i := range keys {
		started.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			started.Done()
			keys[i] = get(t, s, "/profiles/dev", "the-token").Creds.AccessKeyID
		}()
	}
	started.Wait()
	close(src.gate)
	done.Wait()
	for i, k := range keys {
		if k != "ASIAKEY001" {
			t.Fatalf("request %d got %q", i, k)
		}
	}
	if n := src.calls.Load(); n != 1 {
		t.Errorf("%d fetches for 200 requests, want 1", n)
	}
	// Another profile has its own credentials.
	if k := get(t, s, "/profiles/prod", "the-token").Creds.AccessKeyID; k != "ASIAKEY002" {
		t.Errorf("profile prod got %s", k)
	}
}

// TestValidCredentialsOutliveFailedReplacements makes every replacement fail: requests keep
// getting the credentials in memory until they expire, the source is asked again only after a
// growing pause, and the failure is logged once.
func TestValidCredentialsOutliveFailedReplacements(t *testing.T) {
	clk := newClock()
	src := &fakeSource{clock: clk, life: 40 * time.Second, profiles: []string{"dev"}}
	s, logged := testServer(t, src, func(o *Options) { o.Debugf = nil })
	first := get(t, s, "/profiles/dev", "the-token").Creds
	src.setFail(loginRequired())
	clk.Advance(20 * time.Second) // due for replacement, 20 s left
	steps := []struct {
		advance   time.Duration
		wantCalls int32
	}{
		{0, 2},               // tries, fails, serves the old ones
		{0, 2},               // waits 2 s before trying again
		{time.Second, 2},     //
		{time.Second, 3},     // tries again, then waits 4 s
		{3 * time.Second, 3}, //
		{time.Second, 4},     // and 8 s
	}
	for i, st := range steps {
		clk.Advance(st.advance)
		got := get(t, s, "/profiles/dev", "the-token")
		if got.Status != 200 || got.Creds != first {
			t.Fatalf("step %d: %d %s, want the valid credentials", i, got.Status, got.Body)
		}
		if n := src.calls.Load(); n != st.wantCalls {
			t.Fatalf("step %d: %d fetches, want %d", i, n, st.wantCalls)
		}
	}
	clk.Advance(15 * time.Second) // expired: the failure reaches the client
	if got := get(t, s, "/profiles/dev", "the-token"); got.Status != 503 || got.Code != CodeLoginRequired {
		t.Fatalf("after expiry: %d %s", got.Status, got.Body)
	}
	if want := "profile dev: sso-session corp: the session expired at 2026-11-23 18:00 UTC; run: awsso login --sso-session corp"; logged.String() != want {
		t.Errorf("logged\n%s\nwant once\n%s", logged, want)
	}
	src.setFail(nil) // signed in again
	if got := get(t, s, "/profiles/dev", "the-token"); got.Status != 200 || got.Creds == first {
		t.Errorf("after the sign-in: %d %s", got.Status, got.Body)
	}
}

// TestSlowReplacement holds a replacement up: a request due for it waits ReplaceWait, then
// gets the valid credentials, and the next request after the replacement lands gets the new.
func TestSlowReplacement(t *testing.T) {
	clk := newClock()
	src := &fakeSource{clock: clk, life: time.Hour, profiles: []string{"dev"}}
	s, _ := testServer(t, src)
	first := get(t, s, "/profiles/dev", "the-token").Creds
	src.gate = make(chan struct{})
	clk.Advance(56 * time.Minute)
	if got := get(t, s, "/profiles/dev", "the-token").Creds; got != first {
		t.Fatalf("during a slow replacement: %s", got.AccessKeyID)
	}
	close(src.gate)
	e := s.entry("dev")
	for waitingFlight(e) {
		time.Sleep(time.Millisecond)
	}
	if got := get(t, s, "/profiles/dev", "the-token").Creds; got.AccessKeyID != "ASIAKEY002" || src.calls.Load() != 2 {
		t.Errorf("after the replacement: %s after %d fetches", got.AccessKeyID, src.calls.Load())
	}
}

func waitingFlight(e *entry) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.flight != nil
}

// TestShutdownEndsFetches: a fetch under way ends with the server, and the waiting request
// hears why.
func TestShutdownEndsFetches(t *testing.T) {
	src := &fakeSource{clock: newClock(), life: time.Hour, profiles: []string{"dev"}, gate: make(chan struct{})}
	s, _ := testServer(t, src)
	done := make(chan response)
	go func() { done <- get(t, s, "/profiles/dev", "the-token") }()
	for src.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	s.Close()
	if got := <-done; got.Status != 503 || got.Message != "the server is stopping" {
		t.Errorf("got %d %s", got.Status, got.Body)
	}
}

func TestPrefetch(t *testing.T) {
	src := &fakeSource{clock: newClock(), life: time.Hour, profiles: []string{"dev"}}
	s, _ := testServer(t, src, func(o *Options) { o.Profiles = []string{"dev"} })
	if err := s.Prefetch(context.Background(), "dev"); err != nil {
		t.Fatal(err)
	}
	get(t, s, "/profiles/dev", "the-token")
	if n := src.calls.Load(); n != 1 {
		t.Errorf("%d fetches: the first request was not served from memory", n)
	}
	if err := s.Prefetch(context.Background(), "prod"); err == nil {
		t.Error("prefetched a profile the server does not serve")
	}
	src.setFail(loginRequired())
	s2, _ := testServer(t, src)
	var login interface{ Hints() []string }
	if err := s2.Prefetch(context.Background(), "dev"); !errors.As(err, &login) {
		t.Errorf("Prefetch = %v, want the sign-in error", err)
	}
}
