//go:build unix

package awsconfig

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"

	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// TestWritersThroughLinkAndTargetLoseNothing: a config reached both through a symbolic link and
// through the file it points to (as dotfile managers set it up) is locked as the file it is,
// so 30 writers, half through each path, each add a profile and count, and none is lost.
func TestWritersThroughLinkAndTargetLoseNothing(t *testing.T) {
	h := testenv.TempHome(t)
	target := filepath.Join(h.Dir, "dotfiles", "aws-config")
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(target, []byte("[profile shared]\ncount = 0\n"), 0o600)
	link := filepath.Join(h.Dir, "config")
	if err := os.Symlink("dotfiles/aws-config", link); err != nil {
		t.Fatal(err)
	}
	const writers = 30
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := range writers {
		path := link
		if i%2 == 1 {
			path = target
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- Update(context.Background(), path, func(d *Document) error {
				v, _ := d.Get(ProfileRef("shared"), "count")
				n, _ := strconv.Atoi(v)
				if err := d.Set(ProfileRef("shared"), "count", strconv.Itoa(n+1)); err != nil {
					return err
				}
				return d.Set(ProfileRef(fmt.Sprintf("writer%d", i)), "region", "eu-west-1")
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	c, err := Load(Paths{Config: link, Credentials: h.Credentials})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := c.Profile("shared")
	if v, _ := p.Get("count"); v != strconv.Itoa(writers) {
		t.Errorf("count = %s, want %d: an update was lost", v, writers)
	}
	for i := range writers {
		if _, ok := c.Profile(fmt.Sprintf("writer%d", i)); !ok {
			t.Errorf("profile writer%d was lost", i)
		}
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	for _, lock := range []string{link + ".lock", target + ".lock"} {
		if _, err := os.Lstat(lock); !os.IsNotExist(err) {
			t.Errorf("lock file %s left behind: %v", lock, err)
		}
	}
}

// TestUpdateNeverWritesAPipe: a config given as a named pipe (AWS_CONFIG_FILE=<(...)) is refused
// for writing before anything is read from it or created beside it.
func TestUpdateNeverWritesAPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "config")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	err := Update(context.Background(), fifo, func(d *Document) error { return d.Set(ProfileRef("x"), "region", "a") })
	want := fifo + " is a pipe, not a file: awsso reads it but does not write to it"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d entries, want the pipe alone", len(entries))
	}
}
