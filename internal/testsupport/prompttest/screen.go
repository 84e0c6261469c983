package prompttest

import (
	"strconv"
	"strings"
)

// Screen is the text a terminal shows after drawing out: it applies carriage returns, line
// feeds, erasing (ESC [ K, ESC [ J) and relative cursor moves (ESC [ n A/B/C/D), and drops
// colours. The screen has no height limit, so nothing scrolls away. Trailing blanks and empty
// lines at the end are removed.
func Screen(out string) string {
	var rows [][]rune
	row, col := 0, 0
	put := func(r rune) {
		for len(rows) <= row {
			rows = append(rows, nil)
		}
		for len(rows[row]) <= col {
			rows[row] = append(rows[row], ' ')
		}
		rows[row][col] = r
		col++
	}
	rs := []rune(out)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; {
		case r == '\r':
			col = 0
		case r == '\n':
			row++
		case r == '\x1b':
			j, cmd, n := escape(rs, i)
			for len(rows) <= row {
				rows = append(rows, nil)
			}
			switch cmd {
			case 'K':
				if col < len(rows[row]) {
					rows[row] = rows[row][:col]
				}
			case 'J':
				if col < len(rows[row]) {
					rows[row] = rows[row][:col]
				}
				rows = rows[:row+1]
			case 'A':
				row = max(0, row-n)
			case 'B':
				row += n
			case 'C':
				col += n
			case 'D':
				col = max(0, col-n)
			}
			i = j
		case r < ' ':
		default:
			put(r)
		}
	}
	lines := make([]string, len(rows))
	for i, r := range rows {
		lines[i] = strings.TrimRight(string(r), " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// escape reads the escape sequence at rs[i] and returns the index of its last rune, its final
// character (0 for ESC 7 and ESC 8) and its first parameter (default 1).
func escape(rs []rune, i int) (end int, cmd rune, n int) {
	if i+1 >= len(rs) || rs[i+1] != '[' {
		return min(i+1, len(rs)-1), 0, 0
	}
	j := i + 2
	for j < len(rs) && (rs[j] < '@' || rs[j] > '~') {
		j++
	}
	if j >= len(rs) {
		return len(rs) - 1, 0, 0
	}
	n = 1
	params := string(rs[i+2 : j])
	if k := strings.IndexByte(params, ';'); k >= 0 {
		params = params[:k]
	}
	if v, err := strconv.Atoi(params); err == nil && v > 0 {
		n = v
	}
	return j, rs[j], n
}

// Screen is what the console shows now.
func (c *Console) Screen() string { return Screen(c.Raw()) }
