package fsutil

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Lock is an exclusive advisory lock held on a lock file. The operating system releases it when
// the process dies, so a killed awsso never leaves a lock held.
//
// Lock files do not stay behind: the holder removes the file as it lets go. That is safe
// because a locker checks, once it holds the lock, that the file it locked is still the one at
// the path (same inode), and starts over when it is not: a process that waited on a file that
// was removed meanwhile holds a lock on nothing anyone else can find, and knows it. Only a
// holder removes the file, so at any moment at most one process holds the lock on the file the
// path names. A process killed while holding leaves the file, and the next holder removes it.
// (On Windows, where an open file cannot be removed, the file stays.)
type Lock struct {
	file *os.File
	path string
}

// LockPath is the lock file that guards path.
func LockPath(path string) string { return path + ".lock" }

// pollDelay bounds the pause between two tries of a lock another process holds.
const pollDelay = 50 * time.Millisecond

// Acquire takes the exclusive lock that guards the file at path (on the file LockPath(path),
// created with FileMode), waiting until it is free or ctx ends. It locks the entry at path
// itself: a caller that writes through a symbolic link passes the resolved path (ResolveLink),
// so that every way to reach the file takes the same lock.
func Acquire(ctx context.Context, path string) (*Lock, error) {
	busy()
	lockPath := LockPath(path)
	if err := MkdirAll(filepath.Dir(lockPath)); err != nil {
		return nil, err
	}
	delay := 2 * time.Millisecond
	var f *os.File // kept open between tries, so that the wait holds no more than one descriptor
	defer func() {
		if f != nil {
			f.Close()
		}
	}()
	for stale := 0; ; {
		if f == nil {
			var err error
			if f, err = openLockFile(lockPath); err != nil {
				return nil, err
			}
		}
		ok, err := tryLock(f)
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", lockPath, err)
		}
		if ok && !current(f, lockPath) {
			// Its holder removed it as it let go: lock the file at the path now.
			unlock(f)
			f.Close()
			f = nil
			if stale++; stale > 1000 { // a thousand removals in a row, with no wait between: a fault
				return nil, fmt.Errorf("lock %s: the lock file keeps being replaced", lockPath)
			}
			continue
		}
		if ok {
			l := &Lock{file: f, path: lockPath}
			f = nil
			if err := track(l); err != nil {
				l.drop()
				return nil, err
			}
			return l, nil
		}
		stale = 0
		timer := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, fmt.Errorf("wait for lock %s: %w", lockPath, ctx.Err())
		case <-timer.C:
		}
		delay = min(delay*2, pollDelay)
	}
}

// openLockFile opens (creating) the lock file, never through a symbolic link (a planted link
// would have awsso create a file elsewhere) and never waiting on a named pipe.
func openLockFile(lockPath string) (*os.File, error) {
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE|noFollow|nonBlock, FileMode)
	if err != nil {
		if info, lerr := os.Lstat(lockPath); lerr == nil && info.Mode()&fs.ModeSymlink != 0 {
			return nil, &UnsafePathError{Path: lockPath, Reason: "the lock file is a symbolic link", Fix: "remove the link: rm " + lockPath}
		}
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("open lock file: %w", err)
		}
		return nil, &UnsafePathError{Path: lockPath, Reason: "the lock file is " + KindOf(info.Mode()), Fix: "remove it: rm " + lockPath}
	}
	return f, nil
}

// current reports whether f is still the file at lockPath.
func current(f *os.File, lockPath string) bool {
	held, err := f.Stat()
	if err != nil {
		return false
	}
	now, err := os.Lstat(lockPath)
	return err == nil && os.SameFile(held, now)
}

// Path is the lock file.
func (l *Lock) Path() string { return l.path }

// Release removes the lock file and gives the lock up. It is safe to call more than once, and
// after Abandon.
func (l *Lock) Release() error {
	if l == nil || l.file == nil || !untrack(l) {
		return nil
	}
	return l.drop()
}

// drop removes the lock file while still holding the lock (so nobody can be holding the file
// that is removed), then unlocks and closes it.
func (l *Lock) drop() error {
	var err error
	if removeLockFiles {
		if rerr := os.Remove(l.path); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			err = rerr
		}
	}
	if uerr := unlock(l.file); err == nil {
		err = uerr
	}
	if cerr := l.file.Close(); err == nil {
		err = cerr
	}
	l.file = nil
	return err
}
