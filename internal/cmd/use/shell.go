package use

import (
	"errors"
	"path"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/shellenv"
)

// addShellFlag binds --shell, which the shell function passes.
func addShellFlag(cmd *cobra.Command, dst *string) {
	cmd.Flags().StringVar(dst, "shell", "", "print the code for `SHELL`: bash, zsh, fish or powershell")
	cmd.RegisterFlagCompletionFunc("shell", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		names := make([]string, len(shellenv.Dialects))
		for i, d := range shellenv.Dialects {
			names[i] = string(d)
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	})
}

// helpOnStderr sends the command's help to stderr: the shell function evaluates stdout, where
// help would be run as code. Completions, also printed by the command, stay on stdout.
func helpOnStderr(cmd *cobra.Command, ios *iostreams.IOStreams) {
	help := cmd.HelpFunc()
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		c.SetOut(ios.ErrOut)
		help(c, args)
	})
}

// dialect is the shell to write code for: --shell; else, when stdout is a terminal (the code
// would be shown, not evaluated), an error that says how to install the shell function; else
// POSIX code, for `eval "$(awsso use dev)"` in sh, bash and zsh.
func dialect(ios *iostreams.IOStreams, flag, command string, lookupEnv func(string) (string, bool)) (shellenv.Dialect, error) {
	if flag != "" {
		d, err := shellenv.ParseDialect(flag)
		if err != nil {
			return "", &cmdutil.FlagError{Err: err}
		}
		return d, nil
	}
	if ios.IsStdoutTTY() {
		sh, _ := lookupEnv("SHELL")
		return "", notWrapped(command, path.Base(sh))
	}
	return shellenv.Bash, nil
}

// installLines say where each shell's rc file evaluates shell-init.
var installLines = map[string]string{
	"bash": `add to ~/.bashrc: eval "$(awsso shell-init bash)"`,
	"zsh":  `add to ~/.zshrc: eval "$(awsso shell-init zsh)"`,
	"fish": `add to ~/.config/fish/config.fish: awsso shell-init fish | source`,
}

// notWrapped is the error of use or unuse run as a plain command on a terminal: a process cannot
// change the shell that started it, so it says how to install the function that can.
func notWrapped(command, shell string) error {
	example := command
	if command == "use" {
		example = "use PROFILE"
	}
	hints := []string{}
	if line, ok := installLines[shell]; ok {
		hints = append(hints, line+", then open a new shell")
	} else {
		hints = append(hints, installLines["bash"], installLines["zsh"], installLines["fish"])
	}
	hints = append(hints, "or evaluate its code yourself: eval \"$(awsso "+example+" --shell bash)\"")
	return cmdutil.WithHint(errors.New("awsso "+command+" changes this shell only through the awsso shell function, which this shell does not have"),
		cmdutil.ExitError, hints...)
}
