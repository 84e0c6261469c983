// Package shellwords splits command lines that config values and environment variables hold
// (credential_process, AWSSO_BROWSER) into words as botocore splits a credential_process value,
// without running a shell: POSIX shell quoting on Unix, the Windows command-line rules on
// Windows. It also quotes values for the export lines that users evaluate in a POSIX shell.
package shellwords

import (
	"runtime"
	"strings"
)

// Split splits a command line into words by the rules of this machine's system: SplitWindows
// on Windows, SplitPOSIX elsewhere (as botocore's compat_shell_split).
func Split(s string) []string {
	if runtime.GOOS == "windows" {
		return SplitWindows(s)
	}
	return SplitPOSIX(s)
}

// QuotePOSIX quotes s as one word for a POSIX shell when it holds anything but characters
// that are safe bare (letters, digits, / . _ - :), so that evaluating it can never run a
// command: in single quotes, each quote inside written as quote, backslash, quote, quote.
func QuotePOSIX(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-:") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// SplitPOSIX splits as Python's shlex.split does in POSIX mode: blanks separate words, single
// and double quotes group them; a backslash escapes the next character outside quotes, and
// inside double quotes only a backslash or a double quote. Nothing is expanded.
func SplitPOSIX(s string) []string {
	var w words
	var quote rune
	runes := []rune(s)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote == '\'':
			w.add(r)
		case r == '\\' && i+1 < len(runes) && (quote == 0 || runes[i+1] == '"' || runes[i+1] == '\\'):
			i++
			w.add(runes[i])
		case quote == '"':
			w.add(r)
		case r == '\'' || r == '"':
			quote, w.in = r, true
		case r == ' ' || r == '\t' || r == '\n':
			w.end()
		default:
			w.add(r)
		}
	}
	return w.done()
}

// SplitWindows splits as Windows' CommandLineToArgvW (and botocore on Windows): blanks outside
// double quotes separate words, and backslashes are literal (C:\Tools\x.exe) unless they lead
// up to a double quote, where each pair stands for one backslash and an odd one out escapes
// the quote.
func SplitWindows(s string) []string {
	var w words
	quoted := false
	backslashes := 0
	flush := func() {
		for ; backslashes > 0; backslashes-- {
			w.add('\\')
		}
	}
	for _, r := range s {
		switch {
		case r == '\\':
			backslashes++
		case r == '"':
			escaped := backslashes%2 == 1
			backslashes /= 2
			flush()
			if escaped {
				w.add('"')
				continue
			}
			quoted, w.in = !quoted, true
		case (r == ' ' || r == '\t') && !quoted:
			flush()
			w.end()
		default:
			flush()
			w.add(r)
		}
	}
	flush()
	return w.done()
}

// words collects the words of a split.
type words struct {
	list []string
	cur  strings.Builder
	in   bool // inside a word (an empty quoted word counts)
}

func (w *words) add(r rune) { w.cur.WriteRune(r); w.in = true }

func (w *words) end() {
	if w.in {
		w.list = append(w.list, w.cur.String())
		w.cur.Reset()
		w.in = false
	}
}

func (w *words) done() []string {
	w.end()
	return w.list
}
