// Package profiles implements `awsso profiles` (and `awsso configure list-profiles`): every
// profile and sso-session of the config and credentials files, merged as the SDKs see them.
package profiles

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
)

// ProfilesOptions are the inputs of the profiles command.
type ProfilesOptions struct {
	IO *iostreams.IOStreams
	// Paths locates the config files.
	Paths func() (awsconfig.Paths, error)
	// Format chooses the output format given the current profile's output key.
	Format func(profileOutput string) (cmdutil.Format, error)
	// Profile is the current profile, whose output key chooses the default format.
	Profile string

	// Names prints bare profile names, one a line, as 'aws configure list-profiles' does.
	Names bool

	// TokenState, when set, adds a STATE column (table and text output) to each profile with
	// IAM Identity Center settings: the state of its session's token, such as "valid 7h" or
	// "expired". NewCmdProfiles sets it from the token cache (cmdutil.Factory.TokenState);
	// profiles itself knows nothing about caches.
	TokenState func(sso *awsconfig.SSO) string
}

// NewCmdProfiles returns the profiles command; runF replaces the run function in tests.
func NewCmdProfiles(f *cmdutil.Factory, runF func(*ProfilesOptions) error) *cobra.Command {
	opts := &ProfilesOptions{
		IO:     f.IOStreams,
		Paths:  func() (awsconfig.Paths, error) { return awsconfig.PathsFromEnv(f.LookupEnv) },
		Format: f.OutputFormat,
	}
	cmd := &cobra.Command{
		Use:   "profiles",
		Short: "List every profile and sso-session",
		Long: `List every profile of the config and credentials files and every sso-session, merged
exactly as the AWS SDKs read them. A table on a terminal; --output json prints each profile's
properties (lower-cased keys, sub-properties as objects, secrets redacted).`,
		Example: `  awsso profiles
  awsso profiles --output json
  awsso profiles --names        # like: aws configure list-profiles`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Profile = f.ProfileName()
			if r, err := f.Resolver(); err == nil && opts.TokenState == nil {
				opts.TokenState = r.TokenState()
			}
			if runF != nil {
				return runF(opts)
			}
			return profilesRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Names, "names", false, "print only the profile names, one a line")
	return cmd
}

func profilesRun(opts *ProfilesOptions) error {
	paths, err := opts.Paths()
	if err != nil {
		return err
	}
	cfg, err := awsconfig.Load(paths)
	if err != nil {
		return err
	}
	if opts.Names {
		return writeNames(opts.IO.Out, cfg)
	}
	var profileOutput string
	if p, ok := cfg.Profile(opts.Profile); ok {
		profileOutput, _ = p.Get("output")
	}
	format, err := opts.Format(profileOutput)
	if err != nil {
		return err
	}
	tokenState := opts.TokenState
	if format == cmdutil.FormatJSON || format == cmdutil.FormatYAML {
		tokenState = nil // JSON and YAML show no state: no token file needs reading
	}
	if format == cmdutil.FormatText {
		return writeText(opts.IO.Out, cfg, tokenState)
	}
	v := buildView(cfg, tokenState)
	switch format {
	case cmdutil.FormatJSON:
		return writeJSON(opts.IO.Out, v.data)
	case cmdutil.FormatYAML:
		return cmdutil.Render(opts.IO, format, v.data, cmdutil.Table{})
	}
	if err := cmdutil.Render(opts.IO, format, nil, cmdutil.Table{Header: v.profileHeader(), Rows: v.profileRows()}); err != nil {
		return err
	}
	if len(v.data.SSOSessions) == 0 {
		return nil
	}
	fmt.Fprintln(opts.IO.Out)
	return cmdutil.Render(opts.IO, format, nil, cmdutil.Table{Header: []string{"SSO SESSION", "START URL", "SSO REGION", "SCOPES"}, Rows: v.sessionRows()})
}

func writeNames(w io.Writer, cfg *awsconfig.Config) error {
	var b strings.Builder
	for _, p := range cfg.Profiles() {
		b.WriteString(p.Name)
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}
