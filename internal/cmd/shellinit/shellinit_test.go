package shellinit_test

import (
	"context"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/app"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
)

func TestShellInit(t *testing.T) {
	w := cmdtest.New(t)
	for _, tt := range []struct {
		shell string
		want  []string
		not   []string
	}{
		{"bash", []string{"awsso() {", "awsso_prompt() {", "--shell bash", "complete -o default -F __start_awsso awsso"}, nil},
		{"zsh", []string{"awsso() {", "awsso_prompt() {", "--shell zsh", "zmodload", "\n(( ${+functions[compdef]} )) && compdef _awsso awsso\n"}, []string{"\ncompdef _awsso awsso"}},
		{"fish", []string{"function awsso ", "function awsso_prompt", "--shell fish", "complete -c awsso "}, nil},
		{"direnv", []string{"use_awsso() {", "watch_file", "use --shell bash"}, []string{"complete", "awsso_prompt"}},
	} {
		f, s := w.Factory(nil)
		code := app.Run(context.Background(), f, []string{"shell-init", tt.shell})
		out := s.Out.String()
		if code != 0 || s.Err.Len() != 0 {
			t.Fatalf("%s: exit %d: %s", tt.shell, code, s.Err)
		}
		for _, want := range tt.want {
			if !strings.Contains(out, want) {
				t.Errorf("%s: no %q", tt.shell, want)
			}
		}
		for _, not := range tt.not {
			if strings.Contains(out, not) {
				t.Errorf("%s: has %q", tt.shell, not)
			}
		}
	}
	for _, args := range [][]string{{"shell-init", "tcsh"}, {"shell-init"}} {
		f, s := w.Factory(nil)
		if code := app.Run(context.Background(), f, args); code != 1 || s.Out.Len() != 0 {
			t.Errorf("%v: exit %d, stdout %q", args, code, s.Out)
		}
	}
}
