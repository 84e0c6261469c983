package prompt

import (
	"io"
	"unicode/utf8"
)

// keyKind is what a key press means to a prompt.
type keyKind int

const (
	keyRune keyKind = iota // a printable character, in key.r
	keyEnter
	keyBackspace
	keyUp
	keyDown
	keyClearLine // Ctrl-U
	keyDeleteWord
	keyInterrupt // Ctrl-C
	keyEOF       // Ctrl-D, or the end of input
	keyIgnored
)

type key struct {
	kind keyKind
	r    rune
}

// keyReader turns the bytes a terminal sends in raw mode into key presses. A terminal sends an
// escape sequence in one write, so a read that ends with a lone ESC is the Escape key.
type keyReader struct {
	r       io.Reader
	pending []key
	buf     [256]byte
}

// next returns the next key press, reading more bytes when none is pending.
func (k *keyReader) next() key {
	for len(k.pending) == 0 {
		n, err := k.r.Read(k.buf[:])
		if n > 0 {
			k.pending = parseKeys(k.buf[:n])
		}
		if err != nil && len(k.pending) == 0 {
			return key{kind: keyEOF}
		}
	}
	next := k.pending[0]
	k.pending = k.pending[1:]
	return next
}

// parseKeys decodes one read's worth of terminal input.
func parseKeys(b []byte) []key {
	var keys []key
	for len(b) > 0 {
		c := b[0]
		switch {
		case c == 0x1b:
			n, kk := parseEscape(b)
			keys = append(keys, kk)
			b = b[n:]
			continue
		case c == '\r' || c == '\n':
			keys = append(keys, key{kind: keyEnter})
			if c == '\r' && len(b) > 1 && b[1] == '\n' {
				b = b[1:]
			}
		case c == 0x7f || c == 0x08:
			keys = append(keys, key{kind: keyBackspace})
		case c == 0x03:
			keys = append(keys, key{kind: keyInterrupt})
		case c == 0x04:
			keys = append(keys, key{kind: keyEOF})
		case c == 0x15:
			keys = append(keys, key{kind: keyClearLine})
		case c == 0x17:
			keys = append(keys, key{kind: keyDeleteWord})
		case c == 0x10: // Ctrl-P
			keys = append(keys, key{kind: keyUp})
		case c == 0x0e: // Ctrl-N
			keys = append(keys, key{kind: keyDown})
		case c < 0x20:
			keys = append(keys, key{kind: keyIgnored})
		default:
			r, size := utf8.DecodeRune(b)
			if r == utf8.RuneError && size <= 1 {
				keys = append(keys, key{kind: keyIgnored})
				b = b[1:]
				continue
			}
			keys = append(keys, key{kind: keyRune, r: r})
			b = b[size:]
			continue
		}
		b = b[1:]
	}
	return keys
}

// parseEscape decodes an escape sequence at the start of b and returns how many bytes it used.
// Arrow keys are ESC [ A or ESC O A (with optional parameters: ESC [ 1 ; 5 A); every other
// sequence is consumed whole and ignored.
func parseEscape(b []byte) (int, key) {
	if len(b) < 2 || (b[1] != '[' && b[1] != 'O') {
		return 1, key{kind: keyIgnored} // a lone Escape
	}
	for i := 2; i < len(b); i++ {
		if c := b[i]; c >= 0x40 && c <= 0x7e { // the final byte
			switch c {
			case 'A':
				return i + 1, key{kind: keyUp}
			case 'B':
				return i + 1, key{kind: keyDown}
			}
			return i + 1, key{kind: keyIgnored}
		}
	}
	return len(b), key{kind: keyIgnored}
}
