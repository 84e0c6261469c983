package use

import (
	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/shellenv"
)

// UnuseOptions are the inputs of unuse.
type UnuseOptions struct {
	IO        *iostreams.IOStreams
	LookupEnv func(string) (string, bool)
	Shell     string // --shell
}

// NewCmdUnuse returns the unuse command; runF replaces the run function in tests.
func NewCmdUnuse(f *cmdutil.Factory, runF func(*UnuseOptions) error) *cobra.Command {
	opts := &UnuseOptions{IO: f.IOStreams, LookupEnv: f.LookupEnv}
	cmd := &cobra.Command{
		Use:   "unuse",
		Short: "Remove from this shell what awsso use set",
		Long: `Remove from the current shell everything 'awsso use' set: AWS_PROFILE and
AWS_DEFAULT_PROFILE, the region and credential variables it set, and the AWSSO_ variables of
the prompt. Variables that use did not set stay. Like use, it works through the awsso shell
function (awsso shell-init); --shell prints the code for a given shell.`,
		Example: `  awsso unuse
  eval "$(awsso unuse --shell bash)"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return unuseRun(opts)
		},
	}
	helpOnStderr(cmd, f.IOStreams)
	addShellFlag(cmd, &opts.Shell)
	return cmd
}

func unuseRun(opts *UnuseOptions) error {
	d, err := dialect(opts.IO, opts.Shell, "unuse", opts.LookupEnv)
	if err != nil {
		return err
	}
	code, err := shellenv.Script(d, shellenv.Unuse(opts.LookupEnv))
	if err != nil {
		return err
	}
	_, err = opts.IO.Out.Write([]byte(code))
	return err
}
