//go:build unix

package fsutil

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckPrivateDir(t *testing.T) {
	dir := t.TempDir()
	mk := func(name string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.Mkdir(p, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil { // beyond the umask
			t.Fatal(err)
		}
		return p
	}
	for _, tt := range []struct {
		name string
		path string
		want string // "" for no error
	}{
		{"private", mk("private", 0o700), ""},
		{"group may write (a umask of 002, as the AWS CLI leaves it)", mk("group", 0o775), ""},
		{"missing", filepath.Join(dir, "missing"), ""},
		{"every user may write", mk("world", 0o777), "every user may write in it (mode 0777)"},
		{"every user may write, sticky", mk("sticky", 0o777|os.ModeSticky), "every user may write in it"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckPrivateDir(tt.path)
			var unsafe *UnsafePathError
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("err = %v", err)
			case tt.want != "" && (!errors.As(err, &unsafe) || !strings.Contains(err.Error(), tt.want) || unsafe.ExitCode() != 1 || !strings.Contains(unsafe.Hints()[0], "chmod 700 "+tt.path)):
				t.Errorf("err = %v, want %q with a chmod hint", err, tt.want)
			}
		})
	}
	t.Run("another user's", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("only root can give a folder to another user")
		}
		p := mk("nobody", 0o700)
		if err := os.Chown(p, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		err := CheckPrivateDir(p)
		var unsafe *UnsafePathError
		if !errors.As(err, &unsafe) || !strings.Contains(err.Error(), "(uid 65534), not to you (") || !strings.Contains(unsafe.Hints()[0], "mv "+p) {
			t.Errorf("err = %v", err)
		}
	})
}

// TestAcquireRefusesLinkedLockFile: a lock file planted as a symbolic link is refused, and the
// file it points to is neither created nor written.
func TestAcquireRefusesLinkedLockFile(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "victim")
	path := filepath.Join(dir, "token.json")
	if err := os.Symlink(outside, LockPath(path)); err != nil {
		t.Fatal(err)
	}
	lock, err := Acquire(context.Background(), path)
	var unsafe *UnsafePathError
	if !errors.As(err, &unsafe) || !strings.Contains(unsafe.Hints()[0], "rm "+LockPath(path)) {
		lock.Release()
		t.Fatalf("err = %v, want the link refused", err)
	}
	if _, err := os.Lstat(outside); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the link's target was created: %v", err)
	}
}
