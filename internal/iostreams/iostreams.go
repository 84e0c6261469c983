// Package iostreams holds the standard streams of a command, whether each is a terminal, and
// whether colour is wanted. It is the only package that touches os.Stdout and os.Stderr.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are the streams a command reads and writes. Commands print data to Out and
// everything else (prompts, progress, warnings) to ErrOut.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdinTTY  bool
	stdoutTTY bool
	stderrTTY bool
	noColor   bool
}

// System returns the process's standard streams. Terminal detection is one ioctl per stream;
// colour follows NO_COLOR and TERM=dumb.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	s.stdinTTY = term.IsTerminal(int(os.Stdin.Fd()))
	s.stdoutTTY = term.IsTerminal(int(os.Stdout.Fd()))
	s.stderrTTY = term.IsTerminal(int(os.Stderr.Fd()))
	_, noColor := os.LookupEnv("NO_COLOR")
	s.noColor = noColor || os.Getenv("TERM") == "dumb"
	return s
}

// Test returns streams backed by buffers, none of them a terminal, and the buffers.
func Test() (s *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

// IsStdinTTY reports whether standard input is a terminal.
func (s *IOStreams) IsStdinTTY() bool { return s.stdinTTY }

// IsStdoutTTY reports whether standard output is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// IsStderrTTY reports whether standard error is a terminal.
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// CanPrompt reports whether the user can answer a question: both stdin and stderr (where
// prompts go) are terminals.
func (s *IOStreams) CanPrompt() bool { return s.stdinTTY && s.stderrTTY }

// SetTTY sets the terminal flags; tests use it to run a command as if on a terminal.
func (s *IOStreams) SetTTY(stdin, stdout, stderr bool) {
	s.stdinTTY, s.stdoutTTY, s.stderrTTY = stdin, stdout, stderr
}

// DisableColor turns colour off, as --no-color does.
func (s *IOStreams) DisableColor() { s.noColor = true }

// ColorEnabled reports whether stdout is a terminal and colour has not been turned off.
func (s *IOStreams) ColorEnabled() bool { return s.stdoutTTY && !s.noColor }

// ColorEnabledErr reports whether stderr is a terminal and colour has not been turned off.
func (s *IOStreams) ColorEnabledErr() bool { return s.stderrTTY && !s.noColor }
