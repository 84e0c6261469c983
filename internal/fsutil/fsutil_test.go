package fsutil

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestWriteFileModes(t *testing.T) {
	tests := []struct {
		name     string
		existing os.FileMode // 0 means no file yet
		want     os.FileMode
	}{
		{name: "new file is private", want: 0o600},
		{name: "existing mode kept", existing: 0o644, want: 0o644},
		{name: "existing private kept", existing: 0o600, want: 0o600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "sub", "config")
			if tt.existing != 0 {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte("old"), tt.existing); err != nil {
					t.Fatal(err)
				}
				os.Chmod(path, tt.existing)
			}
			if err := WriteFile(path, []byte("new"), FileMode); err != nil {
				t.Fatal(err)
			}
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if info.Mode().Perm() != tt.want {
				t.Errorf("mode = %o, want %o", info.Mode().Perm(), tt.want)
			}
			if got, _ := os.ReadFile(path); string(got) != "new" {
				t.Errorf("content = %q", got)
			}
			entries, _ := os.ReadDir(filepath.Dir(path))
			if len(entries) != 1 {
				t.Errorf("folder holds %d entries, want only the file (temp files must not stay)", len(entries))
			}
		})
	}
}

func TestWriteFileCreatesPrivateFolders(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a", "b", "token.json")
	if err := WriteFile(path, []byte("{}"), FileMode); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{filepath.Join(dir, "a"), filepath.Join(dir, "a", "b")} {
		info, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != DirMode {
			t.Errorf("%s mode = %o, want %o", d, info.Mode().Perm(), DirMode)
		}
	}
}

func TestWriteFileKeepsSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "dotfiles", "aws-config")
	os.MkdirAll(filepath.Dir(real), 0o700)
	os.WriteFile(real, []byte("old"), 0o640)
	link := filepath.Join(dir, "config")
	if err := os.Symlink("dotfiles/aws-config", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("new"), FileMode); err != nil {
		t.Fatal(err)
	}
	info, err := os.Lstat(link)
	if err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("link replaced by a regular file (err %v)", err)
	}
	got, _ := os.ReadFile(real)
	if string(got) != "new" {
		t.Errorf("target content = %q, want new", got)
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o640 {
		t.Errorf("target mode = %o, want 0640 kept", st.Mode().Perm())
	}
}

func TestWriteFileRefusesFolder(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFile(dir, []byte("x"), FileMode); err == nil {
		t.Fatal("writing over a folder succeeded")
	}
}

func TestAcquireWaitsAndHonoursContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config")
	first, err := Acquire(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := Acquire(ctx, path); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second Acquire while held: err = %v, want deadline exceeded", err)
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	second, err := Acquire(context.Background(), path)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	second.Release()
	if err := second.Release(); err != nil {
		t.Errorf("second Release: %v", err)
	}
	if _, err := os.Lstat(LockPath(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file after Release: %v, want it removed", err)
	}
}

// TestLockSerialisesProcesses runs several processes that each add one to a counter file
// under the lock, many times; a lost update would show as a smaller total.
func TestLockSerialisesProcesses(t *testing.T) {
	if os.Getenv("FSUTIL_COUNTER") != "" {
		return
	}
	path := filepath.Join(t.TempDir(), "counter")
	if err := WriteFile(path, []byte("0"), FileMode); err != nil {
		t.Fatal(err)
	}
	const procs, rounds = 4, 50
	var wg sync.WaitGroup
	errs := make(chan error, procs)
	for range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^TestLockCounterHelper$")
			cmd.Env = append(os.Environ(), "FSUTIL_COUNTER="+path, fmt.Sprintf("FSUTIL_ROUNDS=%d", rounds))
			if out, err := cmd.CombinedOutput(); err != nil {
				errs <- fmt.Errorf("helper: %v\n%s", err, out)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != strconv.Itoa(procs*rounds) {
		t.Fatalf("counter = %s, want %d: an update was lost", got, procs*rounds)
	}
	if _, err := os.Lstat(LockPath(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left behind: %v", err)
	}
}

func TestLockCounterHelper(t *testing.T) {
	path := os.Getenv("FSUTIL_COUNTER")
	if path == "" {
		t.Skip("helper process for TestLockSerialisesProcesses")
	}
	rounds, _ := strconv.Atoi(os.Getenv("FSUTIL_ROUNDS"))
	for range rounds {
		l, err := Acquire(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		n, err := strconv.Atoi(strings.TrimSpace(string(raw)))
		if err != nil {
			t.Fatalf("torn read %q: %v", raw, err)
		}
		if err := WriteFile(path, []byte(strconv.Itoa(n+1)), FileMode); err != nil {
			t.Fatal(err)
		}
		l.Release()
	}
}

func TestWritePrivateFileReplacesLinksAndForcesMode(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "outside")
	os.WriteFile(outside, []byte("keep"), 0o644)
	cache := filepath.Join(dir, "cache")
	os.Mkdir(cache, 0o700)
	link := filepath.Join(cache, "token.json")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	if err := WritePrivateFile(link, []byte("secret")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(outside); string(got) != "keep" {
		t.Fatalf("write followed the link: outside file now %q", got)
	}
	info, err := os.Lstat(link)
	if err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != FileMode {
		t.Fatalf("cache file: %v, %v", info, err)
	}
	existing := filepath.Join(cache, "loose.json")
	os.WriteFile(existing, []byte("x"), 0o644)
	if err := WritePrivateFile(existing, []byte("y")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(existing); st.Mode().Perm() != FileMode {
		t.Errorf("mode = %o, want %o even for a loose existing file", st.Mode().Perm(), FileMode)
	}
}

func TestWriteFileRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config")
	stale := filepath.Join(dir, ".config.tmp-123")
	fresh := filepath.Join(dir, ".config.tmp-456")
	other := filepath.Join(dir, ".credentials.tmp-789")
	for _, p := range []string{stale, fresh, other} {
		os.WriteFile(p, []byte("partial"), 0o600)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(stale, old, old)
	os.Chtimes(other, old, old)
	if err := WriteFile(path, []byte("x"), FileMode); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("an hour-old temp file of config stayed")
	}
	for _, p := range []string{fresh, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(p), err)
		}
	}
}
