package fsutil

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Lock is an exclusive advisory lock held on a lock file. The operating system releases it when
// the process dies, so a killed awsso never leaves a stale lock behind.
type Lock struct {
	file *os.File
}

// LockPath is the lock file that guards path.
func LockPath(path string) string { return path + ".lock" }

// Acquire takes the exclusive lock that guards path (on the file LockPath(path)), waiting until
// it is free or ctx ends. The lock file is created with FileMode and left in place: deleting it
// would let two processes hold "the" lock on different files.
func Acquire(ctx context.Context, path string) (*Lock, error) {
	lockPath := LockPath(path)
	if err := MkdirAll(filepath.Dir(lockPath)); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, FileMode)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	delay := 2 * time.Millisecond
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", lockPath, err)
		}
		if ok {
			return &Lock{file: f}, nil
		}
		timer := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			timer.Stop()
			f.Close()
			return nil, fmt.Errorf("wait for lock %s: %w", lockPath, ctx.Err())
		case <-timer.C:
		}
		delay = min(delay*2, 50*time.Millisecond)
	}
}

// Release gives the lock up. It is safe to call more than once.
func (l *Lock) Release() error {
	if l == nil || l.file == nil {
		return nil
	}
	err := unlock(l.file)
	if cerr := l.file.Close(); err == nil {
		err = cerr
	}
	l.file = nil
	return err
}
