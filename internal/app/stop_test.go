package app

import (
	"context"
	"errors"
	"os"
	"runtime"
	"syscall"
	"testing"

	"github.com/awsso/awsso/internal/iostreams"
)

// stopWorld is a stopper fed with synthetic signals, whose forced exit is recorded.
type stopWorld struct {
	s         *stopper
	sigs      chan os.Signal
	stderr    interface{ String() string }
	exited    chan int
	abandoned bool
}

func newStopWorld() *stopWorld {
	ios, _, _, stderr := iostreams.Test()
	w := &stopWorld{s: newStopper(ios), sigs: make(chan os.Signal, 2), stderr: stderr, exited: make(chan int, 1)}
	w.s.exit = func(code int) { w.exited <- code }
	w.s.abandon = func() { w.abandoned = true }
	go w.s.watch(w.sigs)
	return w
}

// TestStopperCancelsThenForces: the first signal cancels the command's context with the signal
// as the cause; a command that stops gets the signal's exit code (one that completed keeps 0);
// one that does not stop within the grace, or hears a second signal, is ended with the temp
// and lock files removed and "error: interrupted".
func TestStopperCancelsThenForces(t *testing.T) {
	t.Run("the command stops", func(t *testing.T) {
		w := newStopWorld()
		w.sigs <- syscall.SIGTERM
		<-w.s.ctx.Done()
		if !errors.Is(w.s.ctx.Err(), context.Canceled) {
			t.Fatalf("ctx: %v", w.s.ctx.Err())
		}
		if code := w.s.finish(exitInterrupted); code != 143 {
			t.Errorf("exit code %d, want 143 for SIGTERM", code)
		}
		select {
		case code := <-w.exited:
			t.Errorf("forced exit %d after the command returned", code)
		default:
		}
	})
	t.Run("the command completes anyway", func(t *testing.T) {
		w := newStopWorld()
		w.sigs <- os.Interrupt
		<-w.s.ctx.Done()
		if code := w.s.finish(0); code != 0 {
			t.Errorf("exit code %d, want 0", code)
		}
	})
	t.Run("the command does not stop", func(t *testing.T) {
		w := newStopWorld()
		w.sigs <- os.Interrupt
		if code := <-w.exited; code != 130 || !w.abandoned || w.stderr.String() != "error: interrupted\n" {
			t.Errorf("forced exit %d, abandoned %v, stderr %q", code, w.abandoned, w.stderr)
		}
	})
	t.Run("a second signal", func(t *testing.T) {
		w := newStopWorld()
		w.sigs <- syscall.SIGTERM
		<-w.s.ctx.Done()
		w.sigs <- syscall.SIGTERM
		if code := <-w.exited; code != 143 || !w.abandoned {
			t.Errorf("forced exit %d, abandoned %v", code, w.abandoned)
		}
	})
	t.Run("held by a command that forwards signals", func(t *testing.T) {
		w := newStopWorld()
		release := w.s.hold()
		defer release()
		w.sigs <- os.Interrupt
		w.sigs <- os.Interrupt
		for len(w.sigs) > 0 {
			runtime.Gosched()
		}
		if code := w.s.finish(130); code != 130 || w.s.ctx.Err() != nil {
			t.Errorf("code %d, ctx %v: a held signal is the child's", code, w.s.ctx.Err())
		}
	})
}
