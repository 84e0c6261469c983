// Package textdiff prints the difference between two texts as a unified diff, as `diff -u`
// and git print it, for commands that show what they would change in a file.
//
// Lines are matched with the patience method: common lines at the start and end are set
// aside, lines that occur exactly once on both sides anchor the match, and the parts between
// anchors are matched again. It runs in O(n log n) even on large config files, and matches
// section headers (which are unique) the way a reader expects.
package textdiff

import (
	"fmt"
	"sort"
	"strings"
)

// op is one line of the edit script.
type op struct {
	kind byte // ' ' kept, '-' removed, '+' added
	text string
}

// Unified returns the unified diff that turns old into new, with three lines of context, under
// the headers "--- oldName" and "+++ newName"; "" when the texts are equal. A text that does
// not end in a newline gets the "\ No newline at end of file" marker.
func Unified(oldName, newName, old, new string) string {
	if old == new {
		return ""
	}
	a, b := splitLines(old), splitLines(new)
	ops := diff(a, b)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	for _, h := range hunks(ops, 3) {
		writeHunk(&out, ops[h[0]:h[1]], h[2], h[3])
	}
	return out.String()
}

// splitLines cuts s into lines, each with its "\n" (the last may lack one).
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// diff returns the edit script from a to b.
func diff(a, b []string) []op {
	var ops []op
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	for _, l := range a[:pre] {
		ops = append(ops, op{' ', l})
	}
	ops = append(ops, middle(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for _, l := range a[len(a)-suf:] {
		ops = append(ops, op{' ', l})
	}
	return ops
}

// middle matches two runs of lines that share no prefix or suffix.
func middle(a, b []string) []op {
	if len(a) == 0 || len(b) == 0 {
		return replace(a, b)
	}
	anchors := uniqueCommon(a, b)
	if len(anchors) == 0 {
		return replace(a, b)
	}
	var ops []op
	ai, bi := 0, 0
	for _, m := range anchors {
		ops = append(ops, diff(a[ai:m[0]], b[bi:m[1]])...)
		ops = append(ops, op{' ', a[m[0]]})
		ai, bi = m[0]+1, m[1]+1
	}
	return append(ops, diff(a[ai:], b[bi:])...)
}

func replace(a, b []string) []op {
	ops := make([]op, 0, len(a)+len(b))
	for _, l := range a {
		ops = append(ops, op{'-', l})
	}
	for _, l := range b {
		ops = append(ops, op{'+', l})
	}
	return ops
}

// uniqueCommon returns the pairs (i, j) of lines that occur once in a and once in b, the
// longest run of them that is increasing on both sides.
func uniqueCommon(a, b []string) [][2]int {
	type count struct{ na, nb, ia, ib int }
	seen := map[string]*count{}
	for i, l := range a {
		c := seen[l]
		if c == nil {
			c = &count{}
			seen[l] = c
		}
		c.na++
		c.ia = i
	}
	for j, l := range b {
		if c := seen[l]; c != nil {
			c.nb++
			c.ib = j
		}
	}
	var pairs [][2]int
	for _, c := range seen {
		if c.na == 1 && c.nb == 1 {
			pairs = append(pairs, [2]int{c.ia, c.ib})
		}
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0] < pairs[j][0] })
	return longestIncreasing(pairs)
}

// longestIncreasing returns the longest subsequence of pairs (sorted by the first element)
// whose second elements increase (patience sorting).
func longestIncreasing(pairs [][2]int) [][2]int {
	var tails []int // index into pairs of the smallest tail of each length
	prev := make([]int, len(pairs))
	for i, p := range pairs {
		k := sort.Search(len(tails), func(k int) bool { return pairs[tails[k]][1] >= p[1] })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	if len(tails) == 0 {
		return nil
	}
	out := make([][2]int, len(tails))
	for i, k := len(tails)-1, tails[len(tails)-1]; i >= 0; i, k = i-1, prev[k] {
		out[i] = pairs[k]
	}
	return out
}

// hunks groups the changes of ops with ctx lines of context: each hunk is [from, to) in ops
// and the 1-based first line numbers in the old and new text.
func hunks(ops []op, ctx int) [][4]int {
	var out [][4]int
	oldLine, newLine := 1, 1
	start, startOld, startNew, lastChange := -1, 0, 0, -1
	for i, o := range ops {
		if o.kind != ' ' {
			if start < 0 || i-lastChange > 2*ctx {
				if start >= 0 {
					out = append(out, [4]int{start, min(lastChange+ctx+1, len(ops)), startOld, startNew})
				}
				back := min(ctx, i)
				if start >= 0 {
					back = min(back, i-(lastChange+ctx+1))
				}
				start, startOld, startNew = i-back, oldLine-back, newLine-back
			}
			lastChange = i
		}
		switch o.kind {
		case ' ':
			oldLine++
			newLine++
		case '-':
			oldLine++
		case '+':
			newLine++
		}
	}
	if start >= 0 {
		out = append(out, [4]int{start, min(lastChange+ctx+1, len(ops)), startOld, startNew})
	}
	return out
}

func writeHunk(out *strings.Builder, ops []op, oldStart, newStart int) {
	oldN, newN := 0, 0
	for _, o := range ops {
		if o.kind != '+' {
			oldN++
		}
		if o.kind != '-' {
			newN++
		}
	}
	fmt.Fprintf(out, "@@ -%s +%s @@\n", span(oldStart, oldN), span(newStart, newN))
	for _, o := range ops {
		out.WriteByte(o.kind)
		out.WriteString(o.text)
		if !strings.HasSuffix(o.text, "\n") {
			out.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// span is a hunk range as diff -u writes it: "3,4", "3" for one line, "2,0" for none.
func span(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start-1)
	case 1:
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}
