package prompt_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/prompt"
	"github.com/awsso/awsso/internal/testsupport/prompttest"
)

// ask runs fn with a Terminal on a fresh pseudo-terminal while the test types.
func ask[T any](t *testing.T, color bool, fn func(p prompt.Prompter) (T, error)) (*prompttest.Console, chan result[T]) {
	t.Helper()
	c := prompttest.New(t)
	p, err := prompt.New(c.Tty, c.Tty, color)
	if err != nil {
		t.Fatal(err)
	}
	p.Height = 3
	ch := make(chan result[T], 1)
	go func() {
		v, err := fn(p)
		ch <- result[T]{v, err}
	}()
	return c, ch
}

type result[T any] struct {
	v   T
	err error
}

func TestInput(t *testing.T) {
	notHTTP := func(s string) error {
		if strings.HasPrefix(s, "http:") {
			return errors.New("use https")
		}
		return nil
	}
	tests := []struct {
		name   string
		def    string
		typed  []string // each followed by Enter
		want   string
		screen string
	}{
		{name: "typed", typed: []string{"corp"}, want: "corp", screen: "Name: corp"},
		{name: "default", def: "dev", typed: []string{""}, want: "dev", screen: "Name [dev]:"},
		{name: "blanks trimmed", typed: []string{"  x  "}, want: "x"},
		{name: "edited", typed: []string{"abc" + prompttest.Backspace + "d"}, want: "abd"},
		{name: "cleared", def: "dev", typed: []string{"xyz" + prompttest.CtrlU}, want: "dev"},
		{name: "re-asked until valid", typed: []string{"http://a", "https://a"}, want: "https://a", screen: "Name: http://a\n  ✗ use https\nName: https://a"},
		{name: "utf-8", typed: []string{"héllo"}, want: "héllo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, ch := ask(t, false, func(p prompt.Prompter) (string, error) { return p.Input("Name", tt.def, notHTTP) })
			for _, line := range tt.typed {
				c.Expect("Name")
				c.Send(line + prompttest.Enter)
			}
			r := <-ch
			if r.err != nil || r.v != tt.want {
				t.Fatalf("Input = %q, %v; want %q", r.v, r.err, tt.want)
			}
			c.Expect("\n") // the answer's line ending, the last thing drawn
			if got := c.Screen(); tt.screen != "" && got != tt.screen {
				t.Errorf("screen:\n%s\nwant:\n%s", got, tt.screen)
			}
		})
	}
}

func TestConfirm(t *testing.T) {
	for _, tt := range []struct {
		typed string
		def   bool
		want  bool
	}{{"y", false, true}, {"yes", false, true}, {"n", true, false}, {"", true, true}, {"", false, false}, {"maybe\rY", false, true}} {
		t.Run(fmt.Sprintf("%q default %v", tt.typed, tt.def), func(t *testing.T) {
			t.Parallel()
			c, ch := ask(t, false, func(p prompt.Prompter) (bool, error) { return p.Confirm("Overwrite?", tt.def) })
			c.Expect("Overwrite?")
			c.Send(tt.typed + prompttest.Enter)
			if r := <-ch; r.err != nil || r.v != tt.want {
				t.Fatalf("Confirm = %v, %v; want %v", r.v, r.err, tt.want)
			}
		})
	}
}

func TestSelect(t *testing.T) {
	options := []string{"Production (111122223333)", "Staging (444455556666)", "Sandbox (777788889999)", "Shared services (123456789012)", "Logs (210987654321)"}
	tests := []struct {
		name string
		def  int
		keys []string
		want int
	}{
		{name: "enter takes the first", keys: []string{prompttest.Enter}, want: 0},
		{name: "default highlighted", def: 2, keys: []string{prompttest.Enter}, want: 2},
		{name: "down twice", keys: []string{prompttest.Down, prompttest.Down, prompttest.Enter}, want: 2},
		{name: "up wraps to the last", keys: []string{prompttest.Up, prompttest.Enter}, want: 4},
		{name: "scrolls past the window", keys: []string{prompttest.Down, prompttest.Down, prompttest.Down, prompttest.Enter}, want: 3},
		{name: "filter", keys: []string{"stag", prompttest.Enter}, want: 1},
		{name: "filter by words in any case", keys: []string{"SER 1234", prompttest.Enter}, want: 3},
		{name: "filter then move", keys: []string{"s", prompttest.Down, prompttest.Enter}, want: 2},
		{name: "no match ignores enter, backspace widens", keys: []string{"zz", prompttest.Enter, prompttest.Backspace + prompttest.Backspace + "logs", prompttest.Enter}, want: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, ch := ask(t, true, func(p prompt.Prompter) (int, error) { return p.Select("Account", options, tt.def) })
			for _, k := range tt.keys {
				c.Expect("Account")
				c.Send(k)
			}
			r := <-ch
			if r.err != nil || r.v != tt.want {
				t.Fatalf("Select = %d, %v; want %d\n%s", r.v, r.err, tt.want, c.Output())
			}
			c.Expect("Account: " + options[tt.want] + "\n")
			if got, want := c.Screen(), "Account: "+options[tt.want]; got != want {
				t.Errorf("the screen shows\n%s\nwant only the choice:\n%s", got, want)
			}
		})
	}
}

func TestSelectOneOptionIsChosenAndSaid(t *testing.T) {
	c, ch := ask(t, false, func(p prompt.Prompter) (int, error) { return p.Select("Role", []string{"ReadOnly"}, 0) })
	if r := <-ch; r.err != nil || r.v != 0 {
		t.Fatalf("Select = %d, %v", r.v, r.err)
	}
	c.Expect("Role: ReadOnly (the only choice)")
}

func TestInterrupt(t *testing.T) {
	c, ch := ask(t, false, func(p prompt.Prompter) (string, error) { return p.Input("Name", "", nil) })
	c.Expect("Name")
	c.Send("abc" + prompttest.CtrlC)
	if r := <-ch; !errors.Is(r.err, prompt.ErrInterrupted) {
		t.Fatalf("Input after Ctrl-C = %q, %v", r.v, r.err)
	}
	c2, ch2 := ask(t, false, func(p prompt.Prompter) (int, error) { return p.Select("Pick", []string{"a", "b"}, 0) })
	c2.Expect("Pick")
	c2.Send(prompttest.CtrlC)
	if r := <-ch2; !errors.Is(r.err, prompt.ErrInterrupted) {
		t.Fatalf("Select after Ctrl-C = %d, %v", r.v, r.err)
	}
}

func TestNoColorMeansNoSGR(t *testing.T) {
	c, ch := ask(t, false, func(p prompt.Prompter) (int, error) { return p.Select("Pick", []string{"a", "b"}, 0) })
	c.Expect("Pick")
	c.Send(prompttest.Down + prompttest.Enter)
	<-ch
	if strings.Contains(c.Raw(), "\x1b[3") {
		t.Errorf("colour sent although disabled: %q", c.Raw())
	}
}

func TestNewRefusesANonTerminal(t *testing.T) {
	if _, err := prompt.New(strings.NewReader("x"), &strings.Builder{}, false); err == nil {
		t.Fatal("New accepted a reader that is not a terminal")
	}
	if prompt.Available(strings.NewReader("")) {
		t.Fatal("Available on a reader")
	}
}
