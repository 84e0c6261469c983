// Package prompttest drives prompts through a real pseudo-terminal: a test gives the terminal
// side to the code under test as its stdin and stderr, types keys on the other side, and waits
// for what the code draws.
package prompttest

import (
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// Keys the tests type.
const (
	Up        = "\x1b[A"
	Down      = "\x1b[B"
	Enter     = "\r"
	Backspace = "\x7f"
	CtrlC     = "\x03"
	CtrlU     = "\x15"
)

// Console is a pseudo-terminal: Tty is the terminal side for the code under test; the test
// types with Send and reads the screen with Expect.
type Console struct {
	Tty *os.File

	t      testing.TB
	master *os.File
	mu     sync.Mutex
	cond   *sync.Cond
	out    strings.Builder
	seen   int // bytes of the plain output already matched by Expect
	closed bool
}

// Wait bounds how long Expect waits for text: long enough for a loaded machine, short enough
// that a broken prompt fails the test instead of hanging it.
var Wait = 20 * time.Second

// New opens a pseudo-terminal of 100 columns by 30 rows for the test's duration.
func New(t testing.TB) *Console {
	t.Helper()
	master, tty, err := pty.Open()
	if err != nil {
		testenv.Missing(t, "cannot open a pseudo-terminal: %v", err)
	}
	if err := pty.Setsize(master, &pty.Winsize{Rows: 30, Cols: 100}); err != nil {
		t.Fatal(err)
	}
	c := Attach(t, master)
	c.Tty = tty
	t.Cleanup(func() { tty.Close() })
	return c
}

// Attach reads what a program draws on the terminal whose controlling side is master (for a
// program started with pty.Start), for the test's duration.
func Attach(t testing.TB, master *os.File) *Console {
	c := &Console{t: t, master: master}
	c.cond = sync.NewCond(&c.mu)
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			c.mu.Lock()
			c.out.Write(buf[:n])
			if err != nil {
				c.closed = true
			}
			c.cond.Broadcast()
			c.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		master.Close()
		<-done
	})
	return c
}

// Send types keys.
func (c *Console) Send(keys string) {
	c.t.Helper()
	if _, err := io.WriteString(c.master, keys); err != nil {
		c.t.Fatalf("type %q: %v", keys, err)
	}
}

// Expect waits until the screen output after the previous match contains text (escape
// sequences removed) and returns the output up to and including it.
func (c *Console) Expect(text string) string {
	c.t.Helper()
	timer := time.AfterFunc(Wait, func() {
		c.mu.Lock()
		c.closed = true
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		plain := Plain(c.out.String())
		rest := plain[min(c.seen, len(plain)):]
		if i := strings.Index(rest, text); i >= 0 {
			c.seen += i + len(text)
			return rest[:i+len(text)]
		}
		if c.closed {
			c.t.Fatalf("the terminal never showed %q; it shows:\n%s", text, Plain(c.out.String()))
		}
		c.cond.Wait()
	}
}

// Output is everything drawn so far, escape sequences removed.
func (c *Console) Output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Plain(c.out.String())
}

// Raw is everything drawn so far, escape sequences included.
func (c *Console) Raw() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.String()
}

var escapes = regexp.MustCompile(`\x1b(\[[0-9;?]*[@-~]|[78])`)

// Plain removes escape sequences and carriage returns from terminal output.
func Plain(s string) string {
	return strings.ReplaceAll(escapes.ReplaceAllString(s, ""), "\r", "")
}
