//go:build unix

package fsutil

import (
	"errors"
	"os"
	"syscall"
)

// removeLockFiles: a holder removes its lock file as it lets go (see Lock).
const removeLockFiles = true

func tryLock(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}

func unlock(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
