package shellquote

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/awsso/awsso/internal/shellwords"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// Hostile holds strings with every character a shell might act on; each must come back from
// every shell exactly as it went in, and run nothing.
var Hostile = []string{
	"",
	"dev",
	"x$(touch${IFS}f)|y>z&w",
	"`touch f`",
	"$HOME ${HOME} $((1+1)) $'\\n'",
	`a'b"c\d`,
	"'",
	"''",
	`\'`,
	`it's`,
	"\\",
	"line\nbreak\n",
	"tab\there",
	"*?[a]{b,c}~",
	"~root",
	"=ls",
	"%1 %F{red}",
	"!! !$ ^a^b",
	"#not a comment",
	"; touch f; &",
	"-n",
	"--",
	"émoji ☁ 東京",
	"\xff\xfe invalid utf-8 \xc3",
	"a\u2019b\u2018c",
	"$(printf '\\x27')",
	"trailing space ",
}

func TestPlainWordsStayBare(t *testing.T) {
	for _, s := range []string{"dev", "AKIAIOSFODNN7EXAMPLE", "wJalr/K7MDENG+bPxRfiCY==", "2026-11-23T18:00:00+00:00", "eu-west-1", "a@b.c", "x,y:z", "team/prod.eu-1"} {
		if POSIX(s) != s || Fish(s) != s {
			t.Errorf("%q quoted as %q (POSIX) and %q (fish); want it bare", s, POSIX(s), Fish(s))
		}
	}
	for _, s := range []string{"", "=ls", "a b", "a%b", "~x", "a*", "a$b"} {
		if Plain(s) {
			t.Errorf("Plain(%q) = true", s)
		}
	}
}

func TestQuotedForms(t *testing.T) {
	for _, tt := range []struct{ in, posix, fish, pwsh string }{
		{"", "''", "''", "''"},
		{"it's", `'it'\''s'`, `'it\'s'`, `'it''s'`},
		{`a\b`, `'a\b'`, `'a\\b'`, `'a\b'`},
		{"$x", "'$x'", "'$x'", "'$x'"},
		{"a\u2019b", "'a\u2019b'", "'a\u2019b'", "'a\u2019\u2019b'"},
		{"dev", "dev", "dev", "'dev'"},
	} {
		if got := POSIX(tt.in); got != tt.posix {
			t.Errorf("POSIX(%q) = %s, want %s", tt.in, got, tt.posix)
		}
		if got := Fish(tt.in); got != tt.fish {
			t.Errorf("Fish(%q) = %s, want %s", tt.in, got, tt.fish)
		}
		if got := PowerShell(tt.in); got != tt.pwsh {
			t.Errorf("PowerShell(%q) = %s, want %s", tt.in, got, tt.pwsh)
		}
	}
}

// TestRoundTripInRealShells prints every hostile string through each shell, as a word of a
// command and through eval, and checks the bytes that come back and that nothing ran (the
// strings would create files in the working folder).
func TestRoundTripInRealShells(t *testing.T) {
	shells := []struct {
		name  string
		quote func(string) string
		argv  []string
		eval  string // how the shell evaluates code held in the variable code
	}{
		{"sh", POSIX, []string{"-c"}, `eval "$code"`},
		{"bash", POSIX, []string{"--norc", "--noprofile", "-c"}, `eval "$code"`},
		{"zsh", POSIX, []string{"-f", "-c"}, `eval "$code"`},
		{"zsh", POSIX, []string{"-f", "-o", "rcquotes", "-c"}, `eval "$code"`},
		{"fish", Fish, []string{"--no-config", "-c"}, `eval $code`},
	}
	for _, sh := range shells {
		t.Run(sh.name+strings.Join(sh.argv, ""), func(t *testing.T) {
			t.Parallel()
			path := testenv.LookPath(t, sh.name)
			for _, s := range Hostile {
				word := sh.quote(s)
				dir, home := t.TempDir(), t.TempDir()
				for _, script := range []string{"printf '%s' " + word, sh.eval} {
					cmd := exec.Command(path, append(sh.argv, script)...)
					cmd.Dir = dir
					cmd.Env = append(testenv.CleanEnv(), "HOME="+home, "code=printf '%s' "+word, "LC_ALL=C.UTF-8")
					out, err := cmd.Output()
					if err != nil {
						t.Fatalf("%s %q: %v (word %s)", sh.name, script, err, word)
					}
					if string(out) != s {
						t.Errorf("%s: %q came back as %q (word %s, script %q)", sh.name, s, out, word, script)
					}
				}
				if entries, _ := os.ReadDir(dir); len(entries) > 0 {
					t.Errorf("%s: word %s created %s", sh.name, word, filepath.Join(dir, entries[0].Name()))
				}
			}
		})
	}
}

// FuzzPOSIX: every string without a NUL (which no shell variable can hold) is one word that
// a POSIX shell's rules split back into the same string.
func FuzzPOSIX(f *testing.F) {
	for _, s := range Hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s) {
			return
		}
		words := shellwords.SplitPOSIX(POSIX(s))
		if len(words) != 1 || words[0] != s {
			t.Fatalf("POSIX(%q) = %s splits into %q", s, POSIX(s), words)
		}
	})
}
