package shellenv

import (
	"embed"
	"fmt"
)

//go:embed scripts
var scripts embed.FS

// InitShells are the arguments of `awsso shell-init`, in the order help text shows them.
var InitShells = []string{"bash", "zsh", "fish", "direnv"}

// Init returns the script `awsso shell-init shell` prints: for bash, zsh and fish the awsso
// wrapper function and awsso_prompt; for direnv the use_awsso function of a direnvrc.
func Init(shell string) (string, error) {
	name := map[string]string{"bash": "awsso.bash", "zsh": "awsso.zsh", "fish": "awsso.fish", "direnv": "direnvrc.bash"}[shell]
	if name == "" {
		return "", fmt.Errorf("awsso shell-init knows bash, zsh, fish and direnv, not %q", shell)
	}
	b, err := scripts.ReadFile("scripts/" + name)
	return string(b), err
}
