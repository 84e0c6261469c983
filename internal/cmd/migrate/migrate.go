package migrate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/prompt"
	"github.com/awsso/awsso/internal/textdiff"
	"github.com/awsso/awsso/internal/textsafe"
)

// MigrateOptions are the inputs of the migrate command.
type MigrateOptions struct {
	IO    *iostreams.IOStreams
	Paths func() (awsconfig.Paths, error)
	// Prompter returns the prompter for the terminal; it is called only to confirm.
	Prompter func() (prompt.Prompter, error)

	DryRun bool
	Yes    bool
}

// NewCmdMigrate returns the migrate command; runF replaces the run function in tests.
func NewCmdMigrate(f *cmdutil.Factory, runF func(*MigrateOptions) error) *cobra.Command {
	opts := &MigrateOptions{
		IO:    f.IOStreams,
		Paths: f.Paths,
		Prompter: func() (prompt.Prompter, error) {
			return prompt.New(f.IOStreams.In, f.IOStreams.ErrOut, f.IOStreams.ColorEnabledErr())
		},
	}
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Rewrite legacy SSO profiles to use sso-sessions",
		Long: `Rewrite legacy IAM Identity Center profiles (sso_start_url and sso_region in each
profile) into the sso-session form: one [sso-session NAME] per start URL and region, named
after the start URL's subdomain (an existing session with the same start URL and region is
reused), each profile pointing at it with sso_session, and its sso_start_url and sso_region
removed. Every other line of the config file stays as it is.

The change is shown as a unified diff on stdout first. It is applied with --yes, or after you
confirm on a terminal; without a terminal and without --yes, migrate only shows the diff and
exits 1. Afterwards one 'awsso login --sso-session NAME' serves every migrated profile.`,
		Example: `  awsso migrate --dry-run
  awsso migrate
  awsso migrate --yes`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return migrateRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "show the diff and change nothing")
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "apply without asking")
	return cmd
}

func migrateRun(ctx context.Context, opts *MigrateOptions) error {
	paths, err := opts.Paths()
	if err != nil {
		return err
	}
	path, shown := paths.Config, paths.Display(paths.Config)
	before, err := awsconfig.ReadFile(path, shown)
	var tooLarge *awsconfig.TooLargeError
	if errors.As(err, &tooLarge) {
		return err
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read %s: %w", shown, err)
	}
	d, err := awsconfig.Parse(path, before)
	if err != nil {
		return err
	}
	groups := plan(d)
	if len(groups) == 0 {
		fmt.Fprintf(opts.IO.ErrOut, "No legacy profiles to migrate in %s: every SSO profile already names an sso-session.\n", shown)
		return nil
	}
	if err := apply(d, groups); err != nil {
		return err
	}
	after := d.Bytes()
	fmt.Fprint(opts.IO.Out, textsafe.Lines(textdiff.Unified(shown, shown, string(before), string(after))))
	summarize(opts.IO, groups)
	if opts.DryRun {
		return nil
	}
	if !opts.Yes {
		if !opts.IO.CanPrompt() {
			return cmdutil.WithHint(errors.New("not applied: there is no terminal to confirm on"), cmdutil.ExitError,
				"run 'awsso migrate --yes' to apply the change above")
		}
		p, err := opts.Prompter()
		if err != nil {
			return err
		}
		ok, err := p.Confirm("Apply this change to "+shown+"?", false)
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintln(opts.IO.ErrOut, "Nothing was changed.")
			return &cmdutil.SilentError{Code: cmdutil.ExitError}
		}
	}
	err = awsconfig.Update(ctx, path, func(d *awsconfig.Document) error {
		if !bytes.Equal(d.Bytes(), before) {
			return cmdutil.WithHint(fmt.Errorf("%s changed while migrate was running", shown), cmdutil.ExitError, "run awsso migrate again")
		}
		return apply(d, plan(d))
	})
	if err != nil {
		return err
	}
	cs := opts.IO.ColorSchemeErr()
	fmt.Fprintf(opts.IO.ErrOut, "Migrated %s.\n", shown)
	for _, g := range groups {
		fmt.Fprintf(opts.IO.ErrOut, "Sign in once for %s: %s\n", textsafe.Clean(strings.Join(g.Profiles, ", ")), cs.Cyan(textsafe.Clean("awsso login --sso-session "+g.Session)))
	}
	return nil
}

// summarize says on stderr which profiles move to which session.
func summarize(ios *iostreams.IOStreams, groups []*group) {
	for _, g := range groups {
		verb := "new"
		if !g.New {
			verb = "existing"
		}
		fmt.Fprintln(ios.ErrOut, textsafe.Clean(fmt.Sprintf("%s sso-session %s (%s, %s): %s", verb, g.Session, g.StartURL, g.Region, strings.Join(g.Profiles, ", "))))
	}
}
