package iostreams

import "testing"

func TestColorSchemeFollowsTTYAndNoColor(t *testing.T) {
	tests := []struct {
		name    string
		stdout  bool
		noColor bool
		want    string
	}{
		{name: "terminal", stdout: true, want: "\x1b[31mx\x1b[0m"},
		{name: "pipe", stdout: false, want: "x"},
		{name: "terminal with no-color", stdout: true, noColor: true, want: "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, _, _ := Test()
			s.SetTTY(false, tt.stdout, false)
			if tt.noColor {
				s.DisableColor()
			}
			if got := s.ColorScheme().Red("x"); got != tt.want {
				t.Errorf("Red(x) = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCanPromptNeedsStdinAndStderr(t *testing.T) {
	s, _, _, _ := Test()
	if s.CanPrompt() {
		t.Fatal("test streams must not prompt")
	}
	s.SetTTY(true, false, true)
	if !s.CanPrompt() {
		t.Fatal("stdin and stderr terminals should allow prompts even when stdout is piped")
	}
}
