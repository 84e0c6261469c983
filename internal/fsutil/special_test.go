//go:build unix

package fsutil

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
)

// specialFiles makes one entry of each kind that is not a regular file, named after its kind.
func specialFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "sock.json")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	folder := filepath.Join(dir, "folder.json")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	device := filepath.Join(dir, "device.json")
	if err := os.Symlink("/dev/zero", device); err != nil { // a link, so the check applies to what it points to
		t.Fatal(err)
	}
	return map[string]string{"a pipe": fifo, "a socket": sock, "a folder": folder, "a device": device}
}

// TestOpenRegularNeverBlocks: a named pipe nobody writes to, a socket, a folder and a device
// are refused at once as *NotRegularError (a plain open of the pipe would wait forever).
func TestOpenRegularNeverBlocks(t *testing.T) {
	dir := t.TempDir()
	for kind, path := range specialFiles(t, dir) {
		t.Run(kind, func(t *testing.T) {
			f, err := OpenRegular(path)
			var nr *NotRegularError
			if !errors.As(err, &nr) || nr.Kind != kind {
				f.Close()
				t.Fatalf("OpenRegular = %v, want a NotRegularError for %s", err, kind)
			}
		})
	}
	plain := filepath.Join(dir, "plain.json")
	os.WriteFile(plain, []byte("{}"), 0o600)
	f, err := OpenRegular(plain)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if buf := make([]byte, 8); func() int { n, _ := f.Read(buf); return n }() != 2 {
		t.Error("a regular file opened this way does not read")
	}
}

// TestWritePrivateFileReplacesSpecialFiles: a write replaces a named pipe, a socket, a link to a
// device and an empty folder with the file, and never opens them; a folder that holds files is
// refused and kept.
func TestWritePrivateFileReplacesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	for kind, path := range specialFiles(t, dir) {
		t.Run(kind, func(t *testing.T) {
			if err := WritePrivateFile(path, []byte(`{"a": 1}`)); err != nil {
				t.Fatal(err)
			}
			info, err := os.Lstat(path)
			if err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != FileMode {
				t.Fatalf("after the write: %v, %v", info, err)
			}
		})
	}
	full := filepath.Join(dir, "full.json")
	os.Mkdir(full, 0o700)
	os.WriteFile(filepath.Join(full, "keep"), []byte("x"), 0o600)
	err := WritePrivateFile(full, []byte("{}"))
	var nr *NotRegularError
	if !errors.As(err, &nr) {
		t.Fatalf("writing over a folder with files: %v", err)
	}
	if _, err := os.Stat(filepath.Join(full, "keep")); err != nil {
		t.Errorf("the folder's file is gone: %v", err)
	}
}

// TestAcquireRefusesSpecialLockFile: a named pipe planted as a lock file is refused at once.
func TestAcquireRefusesSpecialLockFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	if err := syscall.Mkfifo(LockPath(path), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Acquire(context.Background(), path)
	var unsafe *UnsafePathError
	if !errors.As(err, &unsafe) || unsafe.Reason != "the lock file is a pipe" {
		t.Fatalf("err = %v", err)
	}
}

// TestLockExcludesAcrossRemovals hammers one lock from many goroutines, each with its own open
// file (flock excludes those as it excludes processes): the holder removes the lock file each
// time it lets go, and a waiter that then holds the removed file must notice and start over,
// or two would hold "the" lock at once and an update would be lost.
func TestLockExcludesAcrossRemovals(t *testing.T) {
	path := filepath.Join(t.TempDir(), "counter")
	const workers, rounds = 8, 200
	n := 0
	var inside sync.Mutex // TryLock fails when two hold the file lock at once
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range rounds {
				l, err := Acquire(context.Background(), path)
				if err != nil {
					errs <- err
					return
				}
				if !inside.TryLock() {
					errs <- errors.New("two goroutines held the lock at once")
					l.Release()
					return
				}
				n++
				inside.Unlock()
				if err := l.Release(); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n != workers*rounds {
		t.Fatalf("count = %d, want %d", n, workers*rounds)
	}
	if _, err := os.Lstat(LockPath(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left behind: %v", err)
	}
}

// TestAbandon: a process that must exit at once removes the temp file it is writing and the
// lock files it holds, frees the locks, and starts no new write.
func TestAbandon(t *testing.T) {
	defer func() { inflight.Lock(); inflight.stopping = false; inflight.Unlock() }()
	dir := t.TempDir()
	target := filepath.Join(dir, "token.json")
	os.WriteFile(target, []byte("old"), 0o600)
	tmp, err := startTemp(func() (*os.File, error) { return os.CreateTemp(dir, ".token.json.tmp-*") })
	if err != nil {
		t.Fatal(err)
	}
	tmp.WriteString("half")
	lock, err := Acquire(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	Abandon()
	if err := finishTemp(tmp.Name(), target, true); !errors.Is(err, ErrStopping) {
		t.Errorf("rename after Abandon: %v", err)
	}
	tmp.Close()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "token.json" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v, want only token.json", names)
	}
	if got, _ := os.ReadFile(target); string(got) != "old" {
		t.Errorf("target = %q, want the old content", got)
	}
	if err := lock.Release(); err != nil {
		t.Errorf("Release after Abandon: %v", err)
	}
	if err := WriteFile(target, []byte("new"), FileMode); !errors.Is(err, ErrStopping) {
		t.Errorf("write after Abandon: %v", err)
	}
	if _, err := Acquire(context.Background(), target); !errors.Is(err, ErrStopping) {
		t.Errorf("lock after Abandon: %v", err)
	}
}
