package shell_test

import (
	"os"
	"strings"
	"testing"
)

// promptRecipes are the README's prompt lines for each shell, which must stay as tested here.
var promptRecipes = map[string]string{
	"bash": `PROMPT_COMMAND="awsso_prompt -v AWSSO_PS1 '[' '] '${PROMPT_COMMAND:+; $PROMPT_COMMAND}"
    PS1='${AWSSO_PS1}'"$PS1"`,
	"zsh": `autoload -Uz add-zsh-hook
    _awsso_precmd() { awsso_prompt -v AWSSO_PS1 '[' '] '; AWSSO_PS1=${AWSSO_PS1//\%/%%}; }
    add-zsh-hook precmd _awsso_precmd
    setopt prompt_subst
    PROMPT='${AWSSO_PS1}'"$PROMPT"`,
	"fish": `functions -c fish_prompt _awsso_fish_prompt
    function fish_prompt; awsso_prompt '[' '] '; _awsso_fish_prompt; end`,
}

// paneTitle is the README's line that puts the segment in the terminal's title, for tmux.
const paneTitle = `PS1='\[\e]2;${AWSSO_PS1}\a\]'"$PS1"`

// TestPromptRecipes runs each shell with the README's prompt lines and reads the prompts it
// draws: the segment appears after use (a name with zsh's % escapes shown as it is), and goes
// after unuse.
func TestPromptRecipes(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), paneTitle) {
		t.Errorf("README.md no longer shows the title line tested here: %s", paneTitle)
	}
	for _, name := range []string{"bash", "zsh", "fish"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			recipe := promptRecipes[name]
			if !strings.Contains(string(readme), "    "+recipe+"\n") {
				t.Fatalf("README.md no longer shows the %s lines tested here:\n%s", name, recipe)
			}
			rc := strings.ReplaceAll(recipe, "\n    ", "\n") + "\n"
			if name == "bash" {
				rc += paneTitle + "\n"
			}
			_, env := world(t)
			s := startShell(t, name, env, rc)
			s.step("awsso use dev")
			s.c.Expect("[dev (111122223333/ReadOnly eu-west-1 ")
			s.step("awsso use " + s.quote(hostileNames[3]))
			s.c.Expect("[" + hostileNames[3] + " (us-east-2)] ")
			if name == "bash" && !strings.Contains(s.c.Raw(), "\x1b]2;[dev (111122223333/ReadOnly eu-west-1 ") {
				t.Error("the prompt set no terminal title")
			}
			s.step("awsso unuse")
			s.c.Send("echo next\r")
			if screen := s.c.Expect("next"); strings.Contains(screen, "[") {
				t.Errorf("after unuse the prompt still shows a segment:\n%s", screen)
			}
		})
	}
}
