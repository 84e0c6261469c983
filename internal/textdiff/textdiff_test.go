package textdiff

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// apply applies a unified diff made by Unified to old, for checking diffs by their effect.
func apply(t testing.TB, old, patch string) string {
	t.Helper()
	a := splitLines(old)
	var out []string
	pos := 0 // next line of a to copy
	lines := splitLines(patch)
	for i := 2; i < len(lines); i++ {
		l := lines[i]
		if !strings.HasPrefix(l, "@@ -") {
			t.Fatalf("expected a hunk header, got %q in\n%s", l, patch)
		}
		oldSpan := strings.Fields(l)[1][1:]
		start, _ := strconv.Atoi(strings.Split(oldSpan, ",")[0])
		n := 1
		if k := strings.IndexByte(oldSpan, ','); k >= 0 {
			n, _ = strconv.Atoi(oldSpan[k+1:])
		}
		if n == 0 {
			start++ // "-3,0" inserts after line 3
		}
		out = append(out, a[pos:start-1]...)
		pos = start - 1
		for i+1 < len(lines) && !strings.HasPrefix(lines[i+1], "@@ -") {
			i++
			body := lines[i]
			noEOL := i+1 < len(lines) && lines[i+1] == "\\ No newline at end of file\n"
			text := body[1:]
			if noEOL {
				text = strings.TrimSuffix(text, "\n")
				i++
			}
			switch body[0] {
			case ' ':
				if a[pos] != text {
					t.Fatalf("context %q does not match line %d %q", text, pos+1, a[pos])
				}
				out = append(out, text)
				pos++
			case '-':
				if a[pos] != text {
					t.Fatalf("removed %q does not match line %d %q", text, pos+1, a[pos])
				}
				pos++
			case '+':
				out = append(out, text)
			}
		}
	}
	return strings.Join(append(out, a[pos:]...), "")
}

func TestUnified(t *testing.T) {
	tests := []struct{ name, old, new, want string }{
		{name: "equal", old: "a\n", new: "a\n", want: ""},
		{name: "append section", old: "[a]\nx = 1\n", new: "[a]\nx = 1\n\n[b]\ny = 2\n",
			want: "--- old\n+++ new\n@@ -1,2 +1,5 @@\n [a]\n x = 1\n+\n+[b]\n+y = 2\n"},
		{name: "into empty", old: "", new: "a\n", want: "--- old\n+++ new\n@@ -0,0 +1 @@\n+a\n"},
		{name: "no final newline", old: "a\nb", new: "a\nc", want: "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"},
		{name: "two hunks", old: "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", new: "1\nX\n3\n4\n5\n6\n7\n8\nY\n10\n",
			want: "--- old\n+++ new\n@@ -1,5 +1,5 @@\n 1\n-2\n+X\n 3\n 4\n 5\n@@ -6,5 +6,5 @@\n 6\n 7\n 8\n-9\n+Y\n 10\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Unified("old", "new", tt.old, tt.new)
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestPatchAppliesOurDiffs(t *testing.T) {
	// patch(1) is a cross-check only (FuzzUnifiedApplies proves the diffs apply), so a machine
	// without it skips even under CI; scripts/install-test-deps does not install it.
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("patch is not installed")
	}
	dir := t.TempDir()
	old := "# c\n[default]\nregion = eu-west-1\n\n[profile a]\nsso_start_url = u\nsso_region = r\nx = 1\n\n[profile b]\nsso_start_url = u\n"
	new := "# c\n[default]\nregion = eu-west-1\n\n[profile a]\nx = 1\nsso_session = s\n\n[profile b]\nsso_session = s\n\n[sso-session s]\nsso_start_url = u\n"
	file := filepath.Join(dir, "config")
	os.WriteFile(file, []byte(old), 0o600)
	cmd := exec.Command(patch, "-u", file)
	cmd.Stdin = strings.NewReader(Unified("config", "config", old, new))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s", err, out)
	}
	if got, _ := os.ReadFile(file); string(got) != new {
		t.Errorf("patch produced\n%s", got)
	}
}

func FuzzUnifiedApplies(f *testing.F) {
	f.Add("a\nb\nc\n", "a\nc\nd\n")
	f.Add("[x]\nk = v\n[y]\nk = v\n", "[y]\nk = v\n[x]\nk = w")
	f.Add("", "z")
	f.Fuzz(func(t *testing.T, old, new string) {
		d := Unified("a", "b", old, new)
		if (d == "") != (old == new) {
			t.Fatalf("empty diff for different texts, or the reverse")
		}
		if d == "" {
			return
		}
		if got := apply(t, old, d); got != new {
			t.Fatalf("applying the diff gives %q, want %q\n%s", got, new, d)
		}
	})
}

func BenchmarkUnifiedLargeConfig(b *testing.B) {
	var old, new strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&old, "[profile p%d]\nsso_session = s\nsso_account_id = %012d\n\n", i, i)
		if i%7 != 0 {
			fmt.Fprintf(&new, "[profile p%d]\nsso_session = s\nsso_account_id = %012d\n\n", i, i)
		}
	}
	for i := range 3000 {
		fmt.Fprintf(&new, "[profile q%d]\nsso_session = s\n\n", i)
	}
	for b.Loop() {
		Unified("a", "b", old.String(), new.String())
	}
}
