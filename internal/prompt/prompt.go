package prompt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// Prompter asks questions. Implementations talk to a terminal; every method returns
// ErrInterrupted when the user presses Ctrl-C (or Ctrl-D on an empty line).
type Prompter interface {
	// Input asks for a line of text. An empty answer takes def (which may be empty). When
	// validate is not nil it checks the answer (after the default is applied); on an error the
	// message is shown and the question asked again.
	Input(question, def string, validate func(string) error) (string, error)
	// Confirm asks a yes/no question; an empty answer takes def.
	Confirm(question string, def bool) (bool, error)
	// Select asks for one of options and returns its index. The list filters as the user
	// types and moves with the arrow keys; def is the option highlighted first. With a single
	// option it is chosen without asking, and the Prompter says so.
	Select(question string, options []string, def int) (int, error)
}

// ErrInterrupted is returned when the user cancels a question. It wraps context.Canceled, so
// the command line reports it as an interruption.
var ErrInterrupted error = interrupted{}

// interrupted is the type of ErrInterrupted: fmt.Errorf would run the formatter at every
// start of awsso, prompt or not.
type interrupted struct{}

func (interrupted) Error() string { return "prompt cancelled: " + context.Canceled.Error() }
func (interrupted) Unwrap() error { return context.Canceled }

// Terminal is a Prompter on a terminal: it reads keys from In (put in raw mode while a question
// is asked) and draws on Out.
type Terminal struct {
	In    *os.File
	Out   io.Writer
	Color bool // colour the highlighted option and the answers (false under NO_COLOR)
	// Height is how many options a list shows at once (default 10).
	Height int

	keys *keyReader
}

// Available reports whether in can be used to ask questions: it is a terminal.
func Available(in io.Reader) bool {
	f, ok := in.(*os.File)
	return ok && term.IsTerminal(fd(f))
}

// fd returns f's descriptor without f.Fd, which would switch the file to blocking mode: a
// blocked read could then not be ended by closing the file.
func fd(f *os.File) int {
	rc, err := f.SyscallConn()
	if err != nil {
		return -1
	}
	n := -1
	rc.Control(func(u uintptr) { n = int(u) })
	return n
}

// New returns a Terminal prompter reading in and drawing on out, or an error when in is not a
// terminal.
func New(in io.Reader, out io.Writer, color bool) (*Terminal, error) {
	f, ok := in.(*os.File)
	if !ok || !term.IsTerminal(fd(f)) {
		return nil, errors.New("cannot ask questions: standard input is not a terminal")
	}
	return &Terminal{In: f, Out: out, Color: color}, nil
}

// raw puts the terminal in raw mode for one question and returns the function that restores it.
func (t *Terminal) raw() (func(), error) {
	if t.keys == nil {
		t.keys = &keyReader{r: t.In}
	}
	state, err := term.MakeRaw(fd(t.In))
	if err != nil {
		return nil, fmt.Errorf("prompt: set the terminal to raw mode: %w", err)
	}
	return func() { term.Restore(fd(t.In), state) }, nil
}

// width is the terminal's width, for cutting long lines so that redraws stay in place.
func (t *Terminal) width() int {
	if f, ok := t.Out.(*os.File); ok {
		if w, _, err := term.GetSize(fd(f)); err == nil && w > 0 {
			return w
		}
	}
	if w, _, err := term.GetSize(fd(t.In)); err == nil && w > 0 {
		return w
	}
	return 80
}

// write sends s to the terminal with "\n" written as "\r\n", as raw mode needs.
func (t *Terminal) write(s string) {
	io.WriteString(t.Out, strings.ReplaceAll(s, "\n", "\r\n"))
}

func (t *Terminal) style(code, s string) string {
	if !t.Color || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// Confirm asks a yes/no question.
func (t *Terminal) Confirm(question string, def bool) (bool, error) {
	hint := "y/N"
	if def {
		hint = "Y/n"
	}
	answer, err := t.ask(question+" ["+hint+"]: ", "", func(s string) error {
		switch strings.ToLower(s) {
		case "", "y", "yes", "n", "no":
			return nil
		}
		return errors.New("answer y or n")
	})
	if err != nil {
		return false, err
	}
	switch strings.ToLower(answer) {
	case "y", "yes":
		return true, nil
	case "n", "no":
		return false, nil
	}
	return def, nil
}

// Input asks for a line of text: "Question [default]: ".
func (t *Terminal) Input(question, def string, validate func(string) error) (string, error) {
	label := question + ": "
	if def != "" {
		label = question + " [" + def + "]: "
	}
	return t.ask(label, def, validate)
}
