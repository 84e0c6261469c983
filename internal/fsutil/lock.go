package fsutil

import (
	"context"
	"fmt"
	"io/fs"
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
	// Never through a symbolic link: a planted link would have awsso create, and write its
	// state into, a file elsewhere.
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE|noFollow, FileMode)
	if err != nil {
		if info, lerr := os.Lstat(lockPath); lerr == nil && info.Mode()&fs.ModeSymlink != 0 {
			return nil, &UnsafePathError{Path: lockPath, Reason: "the lock file is a symbolic link", Fix: "remove the link: rm " + lockPath}
		}
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

// State returns what the lock holder last stored in the lock file (see SetState), or nothing.
// Lock files carry small bits of coordination state, such as when a refresh was last tried,
// that every process must see and that must change only under the lock.
func (l *Lock) State() ([]byte, error) {
	if _, err := l.file.Seek(0, 0); err != nil {
		return nil, err
	}
	buf := make([]byte, 4096)
	n, err := l.file.Read(buf)
	if n == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return buf[:n], nil
}

// SetState replaces the content of the lock file; call it only while holding the lock.
func (l *Lock) SetState(data []byte) error {
	if err := l.file.Truncate(0); err != nil {
		return err
	}
	_, err := l.file.WriteAt(data, 0)
	return err
}
