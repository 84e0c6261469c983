package prompt

import (
	"strings"
	"unicode"
)

// ask reads one line after label, with simple editing (Backspace, Ctrl-U, Ctrl-W), applies def
// to an empty answer, and asks again while validate fails.
func (t *Terminal) ask(label, def string, validate func(string) error) (string, error) {
	restore, err := t.raw()
	if err != nil {
		return "", err
	}
	defer restore()
	for {
		answer, err := t.readLine(label)
		if err != nil {
			return "", err
		}
		answer = strings.TrimSpace(answer)
		if answer == "" {
			answer = def
		}
		if validate == nil {
			return answer, nil
		}
		verr := validate(answer)
		if verr == nil {
			return answer, nil
		}
		t.write(t.style("31", "  ✗ "+verr.Error()) + "\n")
	}
}

// readLine edits a line of text shown after label until Enter.
func (t *Terminal) readLine(label string) (string, error) {
	var text []rune
	draw := func() { t.write("\r\x1b[K" + label + string(text)) }
	draw()
	for {
		k := t.keys.next()
		switch k.kind {
		case keyRune:
			text = append(text, k.r)
			t.write(string(k.r))
			continue
		case keyEnter:
			t.write("\n")
			return string(text), nil
		case keyBackspace:
			if len(text) > 0 {
				text = text[:len(text)-1]
			}
		case keyClearLine:
			text = text[:0]
		case keyDeleteWord:
			text = deleteWord(text)
		case keyInterrupt:
			t.write("\n")
			return "", ErrInterrupted
		case keyEOF:
			if len(text) == 0 {
				t.write("\n")
				return "", ErrInterrupted
			}
			continue
		default:
			continue
		}
		draw()
	}
}

// deleteWord removes the word before the end of text and the blanks after it, as Ctrl-W does.
func deleteWord(text []rune) []rune {
	i := len(text)
	for i > 0 && unicode.IsSpace(text[i-1]) {
		i--
	}
	for i > 0 && !unicode.IsSpace(text[i-1]) {
		i--
	}
	return text[:i]
}
