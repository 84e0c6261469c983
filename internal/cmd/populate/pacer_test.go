package populate

import (
	"context"
	"testing"
	"time"
)

// fakeClock is a clock that only sleeping moves.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }
func (c *fakeClock) sleep(_ context.Context, d time.Duration) error {
	if d > 0 {
		c.t = c.t.Add(d)
	}
	return nil
}

func newFakePacer() (*pacer, *fakeClock) {
	c := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	return &pacer{now: c.now, sleep: c.sleep}, c
}

func TestPacerLearnsTheRateFromThrottling(t *testing.T) {
	p, c := newFakePacer()
	ctx := context.Background()
	start := c.t
	for range 50 { // the burst the portal allows
		p.wait(ctx)
		p.success()
	}
	if c.t != start {
		t.Fatalf("requests were delayed before any throttling: %v", c.t.Sub(start))
	}
	p.throttled()
	if p.rate != 50 {
		t.Fatalf("rate after the first 429 = %v, want the 50 successes of the last second", p.rate)
	}
	p.throttled() // a second refusal of the same burst does not cut again
	if p.rate != 50 {
		t.Errorf("rate cut twice within %v: %v", cutWindow, p.rate)
	}
	before := c.t
	for range 50 {
		p.wait(ctx)
	}
	if got := c.t.Sub(before); got < 970*time.Millisecond || got > 1100*time.Millisecond {
		t.Errorf("50 requests at 50/s took %v, want about 1s", got)
	}
	c.t = c.t.Add(cutWindow)
	p.throttled()
	if p.rate != 50*0.85 {
		t.Errorf("rate after a later 429 = %v, want %v", p.rate, 50*0.85)
	}
	r := p.rate
	p.success()
	if p.rate <= r {
		t.Errorf("a success did not raise the rate")
	}
}

func TestPacerPausesWhenRefusedBeforeAnySuccess(t *testing.T) {
	p, c := newFakePacer()
	ctx := context.Background()
	var pauses []time.Duration
	for range 6 {
		p.throttled()
		p.throttled() // refused together: one pause
		before := c.t
		p.wait(ctx)
		pauses = append(pauses, c.t.Sub(before))
	}
	want := []time.Duration{100, 200, 400, 800, 1600, 2000}
	for i := range want {
		if pauses[i] != want[i]*time.Millisecond {
			t.Fatalf("pauses %v, want %v ms", pauses, want)
		}
	}
	if p.rate != 0 {
		t.Errorf("a rate was learned from nothing: %v", p.rate)
	}
}
