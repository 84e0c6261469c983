// Package status implements `awsso status`: each sso-session and legacy start URL of the
// config, and each token in the cache the config does not name, with the state of its token
// and the profiles that use it. It reads the cache only: no network call, no token printed.
package status

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/tokencache"
)

// StatusOptions are the inputs of the status command.
type StatusOptions struct {
	IO     *iostreams.IOStreams
	Config func() (*awsconfig.Config, error)
	Cache  func() (tokencache.Cache, error)
	Format func(profileOutput string) (cmdutil.Format, error)
	Now    func() time.Time
	// Display shortens paths for people (~/.aws/sso/cache/...).
	Display func(path string) string
}

// NewCmdStatus returns the status command; runF replaces the run function in tests.
func NewCmdStatus(f *cmdutil.Factory, runF func(*StatusOptions) error) *cobra.Command {
	opts := &StatusOptions{IO: f.IOStreams, Config: f.Config, Cache: f.TokenCache, Format: f.OutputFormat, Now: f.Now,
		Display: func(path string) string {
			if paths, err := f.Paths(); err == nil {
				return paths.Display(path)
			}
			return path
		}}
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show each session's sign-in state and the profiles that use it",
		Long: `Show each sso-session and each legacy start URL of the config, and each token in
~/.aws/sso/cache the config does not name, with the state of its token: valid (for how long),
refreshable (expired; the next command refreshes it), expired, not logged in, or unreadable,
with the login command when one is due; how it is renewed (while the organisation's sign-in
session lasts, which no service call tells, at most until the client registration expires; or
refused, once the service refused a refresh); and the profiles that sign in through it. It reads
the cache only, never the network, and never prints a token. A table on a terminal; --output
json, yaml or text for scripts.`,
		Example: `  awsso status
  awsso status --output json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return statusRun(opts)
		},
	}
	return cmd
}

func statusRun(opts *StatusOptions) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	cache, err := opts.Cache()
	if err != nil {
		return err
	}
	format, err := opts.Format("")
	if err != nil {
		return err
	}
	out, err := collect(cfg, cache, opts.Now(), opts.Display)
	if err != nil {
		return err
	}
	switch format {
	case cmdutil.FormatJSON, cmdutil.FormatYAML:
		return cmdutil.Render(opts.IO, format, out, cmdutil.Table{})
	case cmdutil.FormatText:
		return cmdutil.Render(opts.IO, format, nil, textTable(out))
	}
	return cmdutil.Render(opts.IO, format, nil, table(out, opts.Now()))
}
