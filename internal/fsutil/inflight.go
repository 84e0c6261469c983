package fsutil

import (
	"errors"
	"os"
	"sync"
)

// ErrStopping is what a write or a lock attempt returns once Abandon has run: the process is
// exiting, and starts nothing it could not finish.
var ErrStopping = errors.New("awsso is stopping")

// inflight is what this process has on disk that is not final: temp files being written and
// lock files held. A process that must exit before its commands return (a second Ctrl-C, or a
// first one while a command waits on something that ignores cancellation) removes them with
// Abandon, so no interruption leaves a half-written file or a lock file behind.
var inflight = struct {
	sync.Mutex
	stopping bool
	temps    map[string]bool
	locks    map[*Lock]bool
	onBusy   func()
}{temps: map[string]bool{}, locks: map[*Lock]bool{}}

// OnBusy registers fn to run once, before this process first takes a lock or writes a file:
// from then on an interruption could leave something half done, and whoever handles signals
// must know. internal/app installs its signal handling there for the commands whose warm path
// only reads, so that path pays nothing for it.
func OnBusy(fn func()) {
	inflight.Lock()
	defer inflight.Unlock()
	inflight.onBusy = fn
}

// busy runs the OnBusy function the first time it is called.
func busy() {
	inflight.Lock()
	fn := inflight.onBusy
	inflight.onBusy = nil
	inflight.Unlock()
	if fn != nil {
		fn()
	}
}

// Abandon removes the temp files this process is writing and the lock files it holds (letting
// the locks go), and makes every later write or lock attempt fail with ErrStopping. The target
// of a write in progress keeps its old content: a rename either happened before Abandon or
// never happens. Call it just before the process exits without waiting for its commands.
func Abandon() {
	inflight.Lock()
	defer inflight.Unlock()
	inflight.stopping = true
	for tmp := range inflight.temps {
		os.Remove(tmp)
	}
	clear(inflight.temps)
	for l := range inflight.locks {
		l.drop()
	}
	clear(inflight.locks)
}

// startTemp records a temp file about to be created; it fails once the process is stopping.
// create runs under the registry's lock, so Abandon sees either no file or a recorded one.
func startTemp(create func() (*os.File, error)) (*os.File, error) {
	inflight.Lock()
	defer inflight.Unlock()
	if inflight.stopping {
		return nil, ErrStopping
	}
	f, err := create()
	if err == nil {
		inflight.temps[f.Name()] = true
	}
	return f, err
}

// finishTemp renames the temp file over target (or, with commit false, removes it) and forgets
// it, unless Abandon has removed it already.
func finishTemp(tmp, target string, commit bool) error {
	inflight.Lock()
	defer inflight.Unlock()
	if !inflight.temps[tmp] {
		return ErrStopping
	}
	delete(inflight.temps, tmp)
	if !commit {
		return os.Remove(tmp)
	}
	return os.Rename(tmp, target)
}

// track records a lock just taken; it fails once the process is stopping.
func track(l *Lock) error {
	inflight.Lock()
	defer inflight.Unlock()
	if inflight.stopping {
		return ErrStopping
	}
	inflight.locks[l] = true
	return nil
}

// untrack forgets a lock, reporting whether it was still held (not abandoned).
func untrack(l *Lock) bool {
	inflight.Lock()
	defer inflight.Unlock()
	held := inflight.locks[l]
	delete(inflight.locks, l)
	return held
}
