//go:build linux

package stress_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/fsutil"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/tokencache"
)

// lockedBuffer is a buffer a running process writes to while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// background is the binary running while the test waits for it to reach a point.
type background struct {
	cmd    *exec.Cmd
	stderr *lockedBuffer
	exited chan struct{}
}

func startBackground(t *testing.T, env []string, args ...string) *background {
	t.Helper()
	b := &background{cmd: exec.Command(awsso, args...), stderr: &lockedBuffer{}, exited: make(chan struct{})}
	b.cmd.Env = env
	b.cmd.Stderr = b.stderr
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { b.cmd.Wait(); close(b.exited) }()
	t.Cleanup(func() { b.cmd.Process.Kill(); <-b.exited })
	return b
}

// waitUntil polls cond until it holds, failing the test after hangLimit or when the process
// ends first.
func (b *background) waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(hangLimit)
	for !cond() {
		select {
		case <-b.exited:
			t.Fatalf("awsso ended before %s:\n%s", what, b.stderr)
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("awsso never reached %s:\n%s", what, b.stderr)
		}
	}
}

// opened reports whether the process has path open.
func (b *background) opened(path string) bool {
	fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", b.cmd.Process.Pid))
	for _, fd := range fds {
		if dest, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", b.cmd.Process.Pid, fd.Name())); err == nil && dest == path {
			return true
		}
	}
	return false
}

// stop sends sig and returns the exit code, failing the test when the process does not end.
func (b *background) stop(t *testing.T, sig syscall.Signal) int {
	t.Helper()
	b.cmd.Process.Signal(sig)
	select {
	case <-b.exited:
	case <-time.After(hangLimit):
		t.Fatalf("awsso ignored %v:\n%s", sig, b.stderr)
	}
	return b.cmd.ProcessState.ExitCode()
}

// noLeftovers fails the test when a lock file or a temp file is left under dir, but for keep.
func noLeftovers(t *testing.T, dir string, keep ...string) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".lock") || strings.Contains(d.Name(), ".tmp-")) {
			for _, k := range keep {
				if path == k {
					return nil
				}
			}
			t.Errorf("left behind: %s", path)
		}
		return nil
	})
}

// TestEveryWaitStopsOnSignal: whatever a command waits on (a config pipe nobody writes to, a
// lock another process holds, a service that does not answer, a sign-in nobody approves), the
// first SIGINT or SIGTERM stops it with "error: interrupted" and 130 or 143, and it leaves no
// lock file or temp file of its own.
func TestEveryWaitStopsOnSignal(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	tokens := tokencache.Cache{Dir: tokencache.DefaultDir(w.Home.Dir)}
	for _, tt := range []struct {
		name string
		// setup prepares the wait and returns the environment, the command and when it waits.
		setup func(t *testing.T) (env []string, args []string, waiting func(b *background) bool)
	}{
		{"a config pipe nobody writes to", func(t *testing.T) ([]string, []string, func(*background) bool) {
			fifo := filepath.Join(t.TempDir(), "config")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Fatal(err)
			}
			writer, err := os.OpenFile(fifo, os.O_RDWR, 0) // a writer that never writes
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { writer.Close() })
			return w.ProcessEnv("AWS_CONFIG_FILE=" + fifo), []string{"status"}, func(b *background) bool { return b.opened(fifo) }
		}},
		{"a token lock another process holds", func(t *testing.T) ([]string, []string, func(*background) bool) {
			return w.ProcessEnv(), []string{"login", "--sso-session", "corp"}, func(b *background) bool {
				return strings.Contains(b.stderr.String(), "Another awsso is signing in to sso-session corp; waiting for it")
			}
		}},
		{"a credentials lock another process holds", func(t *testing.T) ([]string, []string, func(*background) bool) {
			os.RemoveAll(w.CredsCache().Dir)
			return w.ProcessEnv(), []string{"credential-process", "--profile", "dev", "--debug"}, func(b *background) bool {
				return strings.Contains(b.stderr.String(), "another awsso process is getting these credentials; waiting up to ")
			}
		}},
		{"a service that does not answer", func(t *testing.T) ([]string, []string, func(*background) bool) {
			var asked atomic.Bool
			done := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				asked.Store(true)
				select {
				case <-done:
				case <-r.Context().Done():
				}
			}))
			t.Cleanup(func() { close(done); srv.Close() })
			env := append(w.ProcessEnv(), endpointAt(srv.URL)...)
			return env, []string{"accounts", "--profile", "dev"}, func(*background) bool { return asked.Load() }
		}},
		{"a sign-in nobody approves", func(t *testing.T) ([]string, []string, func(*background) bool) {
			w.Env.Server.SetAutoApprove(false)
			t.Cleanup(func() { w.Env.Server.SetAutoApprove(true) })
			return w.ProcessEnv(), []string{"login", "--profile", "old", "--no-browser"}, func(b *background) bool {
				return strings.Contains(b.stderr.String(), "Waiting for approval")
			}
		}},
	} {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			t.Run(fmt.Sprintf("%s, %v", tt.name, sig), func(t *testing.T) {
				env, args, waiting := tt.setup(t)
				var held *fsutil.Lock
				switch tt.name {
				case "a token lock another process holds":
					held = hold(t, tokens.TokenPath("corp", ""))
				case "a credentials lock another process holds":
					held = hold(t, filepath.Join(w.CredsCache().Dir, cmdtest.DevKey()+".json"))
				}
				b := startBackground(t, env, args...)
				b.waitUntil(t, "its wait", func() bool { return waiting(b) })
				code := b.stop(t, sig)
				if code != 128+int(sig) || !strings.HasSuffix(b.stderr.String(), "error: interrupted\n") {
					t.Errorf("exit %d, want %d; stderr:\n%s", code, 128+int(sig), b.stderr)
				}
				var keep []string
				if held != nil {
					keep = append(keep, held.Path())
				}
				noLeftovers(t, w.Home.AWSDir(), keep...)
			})
		}
	}
}

// hold takes the lock of path as another awsso process would, for the rest of the test.
func hold(t *testing.T, path string) *fsutil.Lock {
	t.Helper()
	l, err := fsutil.Acquire(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Release() })
	return l
}
