package app

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/awsso/awsso/internal/fsutil"
	"github.com/awsso/awsso/internal/iostreams"
)

// stopGrace is how long a command has, after the first SIGINT or SIGTERM, to stop on its own
// (its context is cancelled, and every wait of awsso's own ends on it) before the process exits
// anyway: the backstop for a wait that cannot be cancelled, such as a read from a named pipe
// nobody writes to.
const stopGrace = 2 * time.Second

// stopper handles SIGINT and SIGTERM for one run of awsso. The first signal cancels the
// command's context; when the command has not returned stopGrace later, or at a second
// signal, the process removes the temp files it is writing and the lock files it holds
// (fsutil.Abandon) and exits with the signal's code: 130 for SIGINT, 143 for SIGTERM. While a
// command forwards signals to a child process it waits for (exec), signals are the child's.
type stopper struct {
	ctx     context.Context
	cancel  context.CancelCauseFunc
	ios     *iostreams.IOStreams
	exit    func(code int) // os.Exit
	abandon func()         // fsutil.Abandon

	armOnce sync.Once
	done    chan struct{}

	mu       sync.Mutex
	held     int  // commands forwarding signals to a child
	finished bool // the command returned: no forced exit any more
}

// signalError is the cause of a context cancelled by a signal.
type signalError struct{ sig os.Signal }

func (e *signalError) Error() string { return "interrupted" }

// code is the shell's exit code for a process stopped by the signal: 128 + its number.
func (e *signalError) code() int {
	if s, ok := e.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return exitInterrupted
}

func newStopper(ios *iostreams.IOStreams) *stopper {
	ctx, cancel := context.WithCancelCause(context.Background())
	return &stopper{ctx: ctx, cancel: cancel, ios: ios, exit: os.Exit, abandon: fsutil.Abandon, done: make(chan struct{})}
}

// arm starts listening for the signals; it is safe to call more than once.
func (s *stopper) arm() {
	s.armOnce.Do(func() {
		sigs := make(chan os.Signal, 2)
		signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
		go s.watch(sigs)
	})
}

// hold makes signals the business of a child process until release is called.
func (s *stopper) hold() (release func()) {
	s.mu.Lock()
	s.held++
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			s.held--
			s.mu.Unlock()
		})
	}
}

func (s *stopper) holding() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.held > 0
}

// watch cancels the command at the first signal and forces the exit if it does not stop.
func (s *stopper) watch(sigs <-chan os.Signal) {
	var first os.Signal
	for first == nil {
		select {
		case sig := <-sigs:
			if !s.holding() {
				first = sig
			}
		case <-s.done:
			return
		}
	}
	s.cancel(&signalError{first})
	timer := time.NewTimer(stopGrace)
	defer timer.Stop()
	select {
	case <-s.done:
		return
	case <-timer.C:
	case <-sigs:
	}
	s.forceExit(&signalError{first})
}

// forceExit ends the process now, unless the command returned meanwhile or waits for a child
// it forwards signals to.
func (s *stopper) forceExit(cause *signalError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.finished || s.held > 0 {
		return
	}
	s.abandon()
	printError(s.ios, cause)
	s.exit(cause.code())
}

// finish records that the command returned with code, and turns the code of a command that a
// signal stopped into the signal's (a command that completed all the same keeps its 0).
func (s *stopper) finish(code int) int {
	s.mu.Lock()
	s.finished = true
	s.mu.Unlock()
	close(s.done)
	var cause *signalError
	if code != 0 && errors.As(context.Cause(s.ctx), &cause) {
		return cause.code()
	}
	return code
}
