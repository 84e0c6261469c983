// Package exportcreds implements `awsso export-credentials` (and the AWS CLI spelling `awsso
// configure export-credentials`): a profile's role credentials in the shape a tool wants, byte
// for byte as the AWS CLI v2 prints them.
package exportcreds

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/resolver"
)

// ExportOptions are the inputs of export-credentials.
type ExportOptions struct {
	IO *iostreams.IOStreams
	// Format is the --format value, checked by Run.
	Format string
	// MFACode is --mfa-code: the current code of the MFA device a chain asks for.
	MFACode string
	// Profile resolves the profile whose credentials are exported (--profile, AWS_PROFILE,
	// default; environment keys without --profile, as the AWS CLI).
	Profile func() (*resolver.Profile, error)
	// Credentials returns the profile's credentials (cached while they last, else fetched).
	Credentials func(context.Context, *resolver.Profile, resolver.Fetch) (*creds.Credentials, error)
}

// NewOptions returns the options of export-credentials bound to f, with the default format.
// internal/app's fast path fills them without building the command tree.
func NewOptions(f *cmdutil.Factory) *ExportOptions {
	return &ExportOptions{
		IO:          f.IOStreams,
		Format:      string(creds.FormatProcess),
		Profile:     f.Profile,
		Credentials: f.ProfileCredentials,
	}
}

// NewCmdExport returns the export-credentials command; runF replaces Run in tests.
func NewCmdExport(f *cmdutil.Factory, runF func(context.Context, *ExportOptions) error) *cobra.Command {
	opts := NewOptions(f)
	names := make([]string, len(creds.Formats))
	for i, format := range creds.Formats {
		names[i] = string(format)
	}
	cmd := &cobra.Command{
		Use:   "export-credentials [--profile P] [--format FORMAT]",
		Short: "Print a profile's credentials for another tool",
		Long: `Print the credentials of a profile of any kind, resolved as the AWS CLI resolves them: IAM
Identity Center roles and assumed roles come from the cache the AWS CLI v2 shares
(~/.aws/cli/cache) while more than 15 minutes remain, else fresh (then cached); static keys,
credential_process and web identity profiles work too. Without --profile, credentials in the
environment come first, as with the AWS CLI. The output shapes are the AWS CLI v2's:

  process        the credential_process JSON (Version 1), the default
  env            export lines for sh, bash and zsh
  env-no-export  VAR=value lines, for .env files
  fish           set -gx lines for fish
  powershell     $Env: lines for PowerShell
  windows-cmd    set lines for cmd.exe
  json           the credentials and the account id, as JSON

Values that hold characters a shell would interpret are quoted, so eval of the output can
never run a command. When the session needs a login it exits 2 and says which command to run.`,
		Example: `  eval "$(awsso export-credentials --profile dev --format env)"
  awsso export-credentials --profile dev --format fish | source
  awsso export-credentials --profile dev --format powershell | Invoke-Expression`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return Run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", opts.Format, "output `FORMAT`: "+strings.Join(names, ", "))
	cmd.Flags().StringVar(&opts.MFACode, "mfa-code", "", "the current `CODE` of the MFA device (mfa_serial) when a role asks for one")
	return cmd
}

// Run prints the credentials. Everything but the credentials goes to stderr.
func Run(ctx context.Context, opts *ExportOptions) error {
	format, err := creds.ParseFormat(opts.Format)
	if err != nil {
		return &cmdutil.FlagError{Err: err}
	}
	p, err := opts.Profile()
	if err != nil {
		return err
	}
	c, err := opts.Credentials(ctx, p, resolver.Fetch{MFACode: opts.MFACode})
	if err != nil {
		return err
	}
	return creds.Write(opts.IO.Out, format, c)
}
