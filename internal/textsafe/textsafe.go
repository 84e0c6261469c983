// Package textsafe makes text that awsso did not write (account names and e-mails from the
// access portal, section names and values from a config file, messages of a remote service)
// safe to print for a terminal or as text: control characters become visible escapes, so an
// escape sequence in an account name cannot retitle or clear the terminal, and long values
// are cut. It is a leaf: the config model, the doctor checks and the command layer all use it.
// (JSON output needs none of this: its encoder escapes control characters already.)
package textsafe

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Clean returns s with every character that could act on a terminal instead of printing
// escaped as Go writes it in a string literal: control characters (newline and tab too, so a
// value stays on its line and in its column) as \n, \t, \x1b or \u009b; characters that
// reorder or hide text (bidirectional overrides) as \u202e; and bytes that are not UTF-8 as
// \xff. Everything else, accents and other scripts included, stays as it is. Clean(s) is s
// itself when nothing needs escaping, and Clean(Clean(s)) == Clean(s).
func Clean(s string) string { return clean(s, false) }

// Lines is Clean for text of several lines, such as an error message or a diff: newlines and
// tabs stay.
func Lines(s string) string { return clean(s, true) }

func clean(s string, multiline bool) string {
	i := firstUnsafe(s, multiline)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case (r == '\n' || r == '\t') && multiline:
			b.WriteByte(byte(r))
		case unsafe(r):
			b.WriteString(escape(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstUnsafe is the index of the first byte Clean must change, or -1. Printable ASCII, the
// common case, is checked a byte at a time without decoding.
func firstUnsafe(s string, multiline bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f || (c == '\n' || c == '\t') && multiline {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			return i
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unsafe(r) {
			return i
		}
		i += size
	}
	return -1
}

// unsafe reports whether r acts on a terminal or on the order of the text around it: C0 and
// C1 controls, DEL, the bidirectional controls (the "Trojan Source" set) and the line and
// paragraph separators.
func unsafe(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

// escape writes r as a Go string literal would.
func escape(r rune) string {
	switch r {
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	}
	if r < 0x80 {
		return `\x` + hex2(byte(r))
	}
	q := strconv.QuoteRuneToASCII(r) // '\u202e'
	return q[1 : len(q)-1]
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}

// MaxValue is how much of a value Quote shows: enough for any real region, URL or name.
const MaxValue = 120

// Cut returns s when it is at most max bytes long, else its first max bytes (never half a
// character) followed by "…" and how many bytes were left out.
func Cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	end := max
	for end > 0 && !utf8.RuneStart(s[end]) {
		end--
	}
	return s[:end] + "… (" + strconv.Itoa(len(s)-end) + " more bytes)"
}

// Quote returns a value for a message: cut to MaxValue bytes, then quoted with its control
// characters escaped, as %q would (accents and other scripts stay readable).
func Quote(s string) string {
	if len(s) <= MaxValue {
		return strconv.Quote(s)
	}
	end := MaxValue
	for end > 0 && !utf8.RuneStart(s[end]) {
		end--
	}
	return strconv.Quote(s[:end]) + "… (" + strconv.Itoa(len(s)-end) + " more bytes)"
}
