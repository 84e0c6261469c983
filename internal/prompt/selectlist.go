package prompt

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Select asks for one of options: the list shows a window of Height options under the question,
// typing filters it (every word typed must appear in the option, in any case), the arrow keys
// (or Ctrl-P, Ctrl-N) move, Enter chooses. With one option it is chosen without asking.
func (t *Terminal) Select(question string, options []string, def int) (int, error) {
	switch len(options) {
	case 0:
		return 0, fmt.Errorf("%s: there is nothing to choose from", question)
	case 1:
		t.write(question + ": " + t.style("36", options[0]) + " (the only choice)\n")
		return 0, nil
	}
	restore, err := t.raw()
	if err != nil {
		return 0, err
	}
	defer restore()
	l := &list{options: options, height: t.Height, width: t.width()}
	if l.height <= 0 {
		l.height = 10
	}
	l.refilter()
	if def > 0 && def < len(options) {
		l.cursor = def
	}
	for {
		t.write(l.render(question, t.style))
		k := t.keys.next()
		switch k.kind {
		case keyRune:
			l.filter = append(l.filter, k.r)
			l.refilter()
		case keyBackspace:
			if len(l.filter) > 0 {
				l.filter = l.filter[:len(l.filter)-1]
				l.refilter()
			}
		case keyClearLine:
			l.filter = l.filter[:0]
			l.refilter()
		case keyDeleteWord:
			l.filter = deleteWord(l.filter)
			l.refilter()
		case keyUp:
			l.move(-1)
		case keyDown:
			l.move(1)
		case keyEnter:
			if len(l.matches) == 0 {
				continue
			}
			chosen := l.matches[l.cursor]
			t.write("\r\x1b[J" + question + ": " + t.style("36", options[chosen]) + "\n")
			return chosen, nil
		case keyInterrupt, keyEOF:
			t.write("\r\x1b[J" + question + ":\n")
			return 0, ErrInterrupted
		}
	}
}

// list is the state of a Select: the filter typed, the options that match it, the highlighted
// match, and the first match in the window.
type list struct {
	options []string
	filter  []rune
	matches []int // indices into options
	cursor  int   // index into matches
	top     int   // first match shown
	height  int
	width   int
}

// refilter recomputes the matches for the filter and moves the highlight to the first one.
func (l *list) refilter() {
	words := strings.Fields(strings.ToLower(string(l.filter)))
	l.matches = l.matches[:0]
	for i, o := range l.options {
		if matchesAll(strings.ToLower(o), words) {
			l.matches = append(l.matches, i)
		}
	}
	l.cursor, l.top = 0, 0
}

func matchesAll(option string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(option, w) {
			return false
		}
	}
	return true
}

// move moves the highlight by d, wrapping around, and scrolls the window to show it.
func (l *list) move(d int) {
	if len(l.matches) == 0 {
		return
	}
	l.cursor = (l.cursor + d + len(l.matches)) % len(l.matches)
}

// render draws the question line and the window of options, and leaves the cursor at the end
// of the question line, where the user types the filter. It starts by clearing what the last
// render drew (the cursor is on the question line then).
func (l *list) render(question string, style func(code, s string) string) string {
	if l.cursor < l.top {
		l.top = l.cursor
	}
	if l.cursor >= l.top+l.height {
		l.top = l.cursor - l.height + 1
	}
	var b strings.Builder
	head := question + ": " + string(l.filter)
	b.WriteString("\r\x1b[J" + head)
	if len(l.filter) == 0 {
		b.WriteString(style("90", "(type to filter, ↑/↓ to move, Enter to choose)"))
	}
	lines := 0
	end := min(l.top+l.height, len(l.matches))
	for i := l.top; i < end; i++ {
		text := l.cut(l.options[l.matches[i]])
		if i == l.cursor {
			b.WriteString("\r\n" + style("36;1", "> "+text))
		} else {
			b.WriteString("\r\n  " + text)
		}
		lines++
	}
	switch {
	case len(l.matches) == 0:
		b.WriteString("\r\n" + style("90", "  no match: Backspace to widen the filter"))
		lines++
	case len(l.matches) > end-l.top:
		b.WriteString("\r\n" + style("90", fmt.Sprintf("  (%d of %d shown)", end-l.top, len(l.matches))))
		lines++
	}
	fmt.Fprintf(&b, "\x1b[%dA\r", lines)
	if n := utf8.RuneCountInString(head); n > 0 {
		fmt.Fprintf(&b, "\x1b[%dC", n)
	}
	return b.String()
}

// cut shortens an option to fit the terminal, so that no line wraps and redraws stay in place.
func (l *list) cut(s string) string {
	max := l.width - 3
	if max < 10 || utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}
