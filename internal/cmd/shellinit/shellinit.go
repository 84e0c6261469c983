// Package shellinit implements `awsso shell-init bash|zsh|fish|direnv`: the code a shell's rc
// file evaluates so that `awsso use` and `awsso unuse` change the shell, awsso_prompt shows the
// profile, and the commands complete; or direnv's use_awsso.
package shellinit

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/shellenv"
)

// ShellInitOptions are the inputs of shell-init.
type ShellInitOptions struct {
	IO    *iostreams.IOStreams
	Shell string
	// Completion writes the completion script of awsso's commands for bash, zsh or fish.
	Completion func(w io.Writer, shell string) error
}

// NewCmdShellInit returns the shell-init command; runF replaces the run function in tests.
func NewCmdShellInit(f *cmdutil.Factory, runF func(*ShellInitOptions) error) *cobra.Command {
	opts := &ShellInitOptions{IO: f.IOStreams}
	cmd := &cobra.Command{
		Use:   "shell-init bash|zsh|fish|direnv",
		Short: "Print the shell functions behind awsso use, unuse and awsso_prompt",
		Long: `Print the code that makes awsso part of your shell, for your rc file to evaluate:

  bash    eval "$(awsso shell-init bash)"          in ~/.bashrc
  zsh     eval "$(awsso shell-init zsh)"           in ~/.zshrc, after compinit
  fish    awsso shell-init fish | source           in ~/.config/fish/config.fish
  direnv  eval "$(awsso shell-init direnv)"        in ~/.config/direnv/direnvrc

For bash, zsh and fish it defines a function awsso that runs the awsso command, except that
'awsso use' and 'awsso unuse' change the current shell; a function awsso_prompt that prints the
profile, account, role, region and time left for your prompt from variables alone, without
starting a process; and completion for every command, profile names for 'awsso use' included.
For direnv it defines use_awsso, so a folder's .envrc line 'use awsso PROFILE' switches to the
profile inside the folder.`,
		Example: `  eval "$(awsso shell-init bash)"
  awsso shell-init fish | source`,
		Args:      cobra.ExactArgs(1),
		ValidArgs: shellenv.InitShells,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Shell = args[0]
			opts.Completion = func(w io.Writer, shell string) error { return completion(cmd.Root(), w, shell) }
			if runF != nil {
				return runF(opts)
			}
			return shellInitRun(opts)
		},
	}
	return cmd
}

func shellInitRun(opts *ShellInitOptions) error {
	script, err := shellenv.Init(opts.Shell)
	if err != nil {
		return &cmdutil.FlagError{Err: err}
	}
	var b bytes.Buffer
	b.WriteString(script)
	if opts.Shell != "direnv" {
		b.WriteString("\n")
		if err := opts.Completion(&b, opts.Shell); err != nil {
			return fmt.Errorf("write the %s completion: %w", opts.Shell, err)
		}
	}
	_, err = opts.IO.Out.Write(b.Bytes())
	return err
}

// zshCompdef is the line of cobra's zsh completion that registers it, which fails when the
// completion system is not loaded (compinit not run): shell-init must not break a shell then.
const zshCompdef = "compdef _awsso awsso\n"

// completion writes the completion script of root for shell, as `awsso completion` does.
func completion(root *cobra.Command, w io.Writer, shell string) error {
	switch shell {
	case "bash":
		return root.GenBashCompletionV2(w, true)
	case "fish":
		return root.GenFishCompletion(w, true)
	case "zsh":
		var b strings.Builder
		if err := root.GenZshCompletion(&b); err != nil {
			return err
		}
		script := strings.Replace(b.String(), zshCompdef, "(( ${+functions[compdef]} )) && "+zshCompdef, 1)
		_, err := io.WriteString(w, script)
		return err
	}
	return fmt.Errorf("no completion for %s", shell)
}
