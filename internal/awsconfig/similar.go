package awsconfig

import (
	"sort"
	"strings"
)

// similar returns up to three of names close to name: those that contain it or are contained
// in it, and those within a small edit distance, closest first.
func similar(name string, names []string) []string {
	type cand struct {
		name string
		dist int
	}
	var cands []cand
	ln := strings.ToLower(name)
	limit := max(1, len(name)/3)
	for _, n := range names {
		lc := strings.ToLower(n)
		d := editDistance(ln, lc, limit+1)
		if d <= limit || (len(ln) >= 3 && (strings.Contains(lc, ln) || strings.Contains(ln, lc))) {
			cands = append(cands, cand{n, d})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].dist < cands[j].dist })
	out := make([]string, 0, 3)
	for _, c := range cands {
		if len(out) == 3 {
			break
		}
		out = append(out, c.name)
	}
	return out
}

// editDistance is the edit distance of a and b counting a swap of two neighbours as one edit
// (optimal string alignment), or stop when it is at least stop.
func editDistance(a, b string, stop int) int {
	if d := len(a) - len(b); d >= stop || -d >= stop {
		return stop
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			best = min(best, cur[j])
		}
		if best >= stop {
			return stop
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
