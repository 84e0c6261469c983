package prompt

import (
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/shellenv"
)

// FuzzTemplate: any --format either is refused or renders, every field replaced by its value
// and the text around it kept.
func FuzzTemplate(f *testing.F) {
	for _, s := range []string{"", "{profile}", "[{profile}|{region}] {left}", "{", "}", "{}", "{{profile}}", "a{role}b{account}c", "{expires}{session}"} {
		f.Add(s)
	}
	fs := fields{Segment: shellenv.Segment{Profile: "P", Account: "A", Role: "R", Region: "G", Left: "L"}, session: "S"}
	f.Fuzz(func(t *testing.T, s string) {
		tmpl, err := parseTemplate(s)
		if err != nil || tmpl == nil {
			return
		}
		want := strings.NewReplacer("{profile}", "P", "{account}", "A", "{role}", "R", "{region}", "G", "{left}", "L", "{session}", "S", "{expires}", "").Replace(s)
		if got := tmpl.render(fs); got != want {
			t.Fatalf("%q rendered %q, want %q", s, got, want)
		}
	})
}
