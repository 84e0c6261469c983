package shellwords

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := map[string][]string{
		"awsso credential-process --profile dev":   {"awsso", "credential-process", "--profile", "dev"},
		"  awsso\tcredential-process  ":            {"awsso", "credential-process"},
		`"/opt/my tools/awsso" credential-process`: {"/opt/my tools/awsso", "credential-process"},
		`awsso --profile 'it''s' x`:                {"awsso", "--profile", "its", "x"},
		`awsso --profile "a \"b\"" 'c\d'`:          {"awsso", "--profile", `a "b"`, `c\d`},
		`a\ b c`:                                   {"a b", "c"},
		`''`:                                       {""},
		"":                                         nil,
	}
	for in, want := range tests {
		if got := Split(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Split(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSplit checks that splitting never panics and that words quoted back the POSIX
// way split into the same words.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{"awsso credential-process --profile dev", `"a b" 'c' d\ e`, `'it'\''s'`, "\t\n", `a"b'c`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words := Split(s)
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
		}
		if again := Split(strings.Join(quoted, " ")); !reflect.DeepEqual(again, words) && len(words) > 0 {
			t.Errorf("%q split into %q; quoted back and split again: %q", s, words, again)
		}
	})
}
