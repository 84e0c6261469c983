package textsafe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want, lines string
	}{
		{name: "plain", in: "Production", want: "Production", lines: "Production"},
		{name: "accents and scripts stay", in: "Produktion Müller 本番 😀", want: "Produktion Müller 本番 😀", lines: "Produktion Müller 本番 😀"},
		{name: "title and clear", in: "Prod\x1b]0;PWNED\a\x1b[2J", want: `Prod\x1b]0;PWNED\x07\x1b[2J`, lines: `Prod\x1b]0;PWNED\x07\x1b[2J`},
		{name: "newline, tab, carriage return", in: "a\nb\tc\rd", want: `a\nb\tc\rd`, lines: "a\nb\tc\\rd"},
		{name: "DEL and C1 CSI", in: "x\x7fy\u009b2J", want: `x\x7fy\u009b2J`, lines: `x\x7fy\u009b2J`},
		{name: "bidi override", in: "admin\u202eexe.txt", want: `admin\u202eexe.txt`, lines: `admin\u202eexe.txt`},
		{name: "line separator", in: "a\u2028b", want: `a\u2028b`, lines: `a\u2028b`},
		{name: "invalid UTF-8", in: "a\xffb\xc3", want: `a\xffb\xc3`, lines: `a\xffb\xc3`},
		{name: "NUL", in: "a\x00b", want: `a\x00b`, lines: `a\x00b`},
		{name: "empty", in: "", want: "", lines: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := Lines(tt.in); got != tt.lines {
				t.Errorf("Lines(%q) = %q, want %q", tt.in, got, tt.lines)
			}
		})
	}
}

func TestCutAndQuote(t *testing.T) {
	long := strings.Repeat("a", 1<<20)
	tests := []struct {
		name, got, want string
	}{
		{"short value kept", Cut("us-east-1", 10), "us-east-1"},
		{"exact length kept", Cut("abcd", 4), "abcd"},
		{"long value cut", Cut("abcdef", 4), "abcd… (2 more bytes)"},
		{"never half a character", Cut("aé", 2), "a… (2 more bytes)"},
		{"quote short", Quote("eu-west-1 # prod"), `"eu-west-1 # prod"`},
		{"quote escapes", Quote("x\x1b[2J"), `"x\x1b[2J"`},
		{"quote a megabyte", Quote(long), `"` + strings.Repeat("a", MaxValue) + `"… (1048456 more bytes)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

// FuzzClean checks that nothing Clean or Lines returns can act on a terminal, that they change
// only what needs it, and that Cut and Quote stay short and valid.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"Production", "Prod\x1b]0;PWNED\a\x1b[2J", "a\nb\tc", "\u202e\u2066x", "\xff\xfe", "é本😀", "\u009b31m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, got := range map[string]string{"Clean": Clean(s), "Lines": Lines(s)} {
			if !utf8.ValidString(got) {
				t.Fatalf("%s(%q) = %q is not UTF-8", name, s, got)
			}
			for _, r := range got {
				if unsafe(r) && !((r == '\n' || r == '\t') && name == "Lines") {
					t.Fatalf("%s(%q) = %q keeps %U", name, s, got, r)
				}
			}
			if again := clean(got, name == "Lines"); again != got {
				t.Fatalf("%s is not idempotent: %q then %q", name, got, again)
			}
		}
		if firstUnsafe(s, false) < 0 && Clean(s) != s {
			t.Fatalf("Clean changed safe text %q", s)
		}
		if cut := Cut(s, 16); len(cut) > 16+len("… ( more bytes)")+20 || !strings.HasPrefix(s, strings.SplitN(cut, "… (", 2)[0]) {
			t.Fatalf("Cut(%q) = %q", s, cut)
		}
		if q := Quote(s); len(q) > 4*MaxValue+64 {
			t.Fatalf("Quote(%q) is %d bytes", s, len(q))
		}
	})
}
