package shellwords

import (
	"encoding/json"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/awsso/awsso/internal/testsupport/testenv"
)

func TestSplitPOSIX(t *testing.T) {
	tests := map[string][]string{
		"awsso credential-process --profile dev":   {"awsso", "credential-process", "--profile", "dev"},
		"  awsso\tcredential-process  ":            {"awsso", "credential-process"},
		`"/opt/my tools/awsso" credential-process`: {"/opt/my tools/awsso", "credential-process"},
		`awsso --profile 'it''s' x`:                {"awsso", "--profile", "its", "x"},
		`awsso --profile "a \"b\"" 'c\d'`:          {"awsso", "--profile", `a "b"`, `c\d`},
		`"a\d" "a\\b"`:                             {`a\d`, `a\b`},
		`a\ b c`:                                   {"a b", "c"},
		`''`:                                       {""},
		"":                                         nil,
	}
	for in, want := range tests {
		if got := SplitPOSIX(in); !reflect.DeepEqual(got, want) {
			t.Errorf("SplitPOSIX(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitWindows(t *testing.T) {
	tests := map[string][]string{
		`C:\Tools\firefox.exe -P work {url}`:                    {`C:\Tools\firefox.exe`, "-P", "work", "{url}"},
		`"C:\Program Files\awsso\awsso.exe" credential-process`: {`C:\Program Files\awsso\awsso.exe`, "credential-process"},
		`a\\"b c"`:   {`a\b c`},
		`a\"b`:       {`a"b`},
		`x "a b"c d`: {"x", "a bc", "d"},
		`""`:         {""},
		`trailing\`:  {`trailing\`},
	}
	for in, want := range tests {
		if got := SplitWindows(in); !reflect.DeepEqual(got, want) {
			t.Errorf("SplitWindows(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSplitMatchesBotocore splits the same lines with botocore's compat_shell_split for both
// platforms (shlex.split, and _windows_shell_split) and with ours.
func TestSplitMatchesBotocore(t *testing.T) {
	python := testenv.Python(t, false)
	lines := []string{
		"awsso credential-process --profile dev",
		`"/opt/my tools/awsso" credential-process --profile 'a b'`,
		`a\ b "c\d" "e\"f" 'g\h' i\\j`,
		`C:\Tools\awsso.exe credential-process --profile dev`,
		`"C:\Program Files\awsso.exe" --profile "x y"`,
		`a\\\"b c\\\\"d e"`,
		`x "" y`,
	}
	script := `
import json, shlex, sys
from botocore.compat import _windows_shell_split
out = []
for s in json.load(sys.stdin):
    row = {}
    for name, split in (("posix", shlex.split), ("windows", _windows_shell_split)):
        try:
            row[name] = split(s)
        except ValueError:
            row[name] = None
    out.append(row)
json.dump(out, sys.stdout)
`
	in, _ := json.Marshal(lines)
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	var want []map[string][]string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for i, s := range lines {
		if w := want[i]["posix"]; w != nil && !reflect.DeepEqual(SplitPOSIX(s), w) {
			t.Errorf("SplitPOSIX(%q) = %q, shlex.split: %q", s, SplitPOSIX(s), w)
		}
		if w := want[i]["windows"]; w != nil && !reflect.DeepEqual(SplitWindows(s), w) {
			t.Errorf("SplitWindows(%q) = %q, botocore: %q", s, SplitWindows(s), w)
		}
	}
}

// FuzzSplit checks that splitting never panics and that words quoted back the POSIX
// way split into the same words.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{"awsso credential-process --profile dev", `"a b" 'c' d\ e`, `'it'\''s'`, "\t\n", `a"b'c`, `C:\x "y\"z"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words := SplitPOSIX(s)
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
		}
		if again := SplitPOSIX(strings.Join(quoted, " ")); !reflect.DeepEqual(again, words) && len(words) > 0 {
			t.Errorf("%q split into %q; quoted back and split again: %q", s, words, again)
		}
		SplitWindows(s)
	})
}

func TestQuotePOSIX(t *testing.T) {
	tests := map[string]string{
		"http://127.0.0.1:41234/profiles/dev": "http://127.0.0.1:41234/profiles/dev",
		"Zm9v-YmFy_YmF6":                      "Zm9v-YmFy_YmF6",
		"":                                    "''",
		"my profile":                          "'my profile'",
		"it's $(rm -rf ~)":                    `'it'\''s $(rm -rf ~)'`,
		"a%20b":                               "'a%20b'",
	}
	for in, want := range tests {
		if got := QuotePOSIX(in); got != want {
			t.Errorf("QuotePOSIX(%q) = %s, want %s", in, got, want)
		}
	}
	sh := testenv.LookPath(t, "sh")
	for in := range tests {
		out, err := exec.Command(sh, "-c", "printf %s "+QuotePOSIX(in)).Output()
		if err != nil || string(out) != in {
			t.Errorf("sh printed %q for %s (%v)", out, QuotePOSIX(in), err)
		}
	}
}

// FuzzQuotePOSIX: a quoted value is one word, the value itself, as a POSIX shell splits it.
func FuzzQuotePOSIX(f *testing.F) {
	for _, s := range []string{"dev", "it's", `a"b\c`, "$(x)", "a\nb", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got := SplitPOSIX(QuotePOSIX(s)); len(got) != 1 || got[0] != s {
			t.Errorf("SplitPOSIX(QuotePOSIX(%q)) = %q", s, got)
		}
	})
}
