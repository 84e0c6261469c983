// Package credentialprocess implements `awsso credential-process`: the credential_process
// protocol that every AWS SDK and the AWS CLI speak, so a profile line
//
//	credential_process = awsso credential-process --profile dev-sso
//
// hands role credentials to tools that cannot read IAM Identity Center settings themselves.
// Tools run it at every start, so its warm path does no network and little else.
package credentialprocess

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/session"
)

// CredentialProcessOptions are the inputs of credential-process.
type CredentialProcessOptions struct {
	IO *iostreams.IOStreams
	// Login signs in (opening a browser) when the session needs it, instead of failing.
	Login bool
	// UseDeviceCode makes that sign-in use the device code flow.
	UseDeviceCode bool

	// MFACode is --mfa-code: the current code of the MFA device a chain asks for. Nothing is
	// ever asked on the terminal, which belongs to the tool that runs credential-process.
	MFACode string

	// Profile resolves the profile to serve (--profile, AWS_PROFILE, default).
	Profile func() (*resolver.Profile, error)
	// Credentials returns the profile's credentials (cached while they last, else fetched).
	Credentials func(context.Context, *resolver.Profile, resolver.Fetch) (*creds.Credentials, error)
	// SignIn logs an IAM Identity Center session in, sharing one browser tab between processes.
	SignIn func(context.Context, *awsconfig.SSO, cmdutil.LoginFlags) error
}

// NewOptions returns the options of credential-process bound to f. internal/app's fast path
// fills them without building the command tree.
func NewOptions(f *cmdutil.Factory) *CredentialProcessOptions {
	return &CredentialProcessOptions{
		IO:          f.IOStreams,
		Profile:     f.Profile,
		Credentials: f.ProfileCredentials,
		SignIn: func(ctx context.Context, s *awsconfig.SSO, fl cmdutil.LoginFlags) error {
			// ReuseFresh: of many tools that start at once, one opens a tab and the others
			// use its token.
			_, err := f.Login(ctx, s, fl, cmdutil.LoginOptions{ReuseFresh: true})
			return err
		},
	}
}

// NewCmdCredentialProcess returns the credential-process command; runF replaces Run in tests.
func NewCmdCredentialProcess(f *cmdutil.Factory, runF func(context.Context, *CredentialProcessOptions) error) *cobra.Command {
	opts := NewOptions(f)
	cmd := &cobra.Command{
		Use:   "credential-process --profile P",
		Short: "Serve a profile's credentials to the AWS SDKs (credential_process)",
		Long: `Print a profile's credentials as the credential_process protocol wants them: one JSON
document (Version 1, Expiration in RFC 3339) on stdout and nothing else. Every message goes
to stderr. Put it in another profile of ~/.aws/config for tools that cannot read IAM Identity
Center settings themselves:

  [profile dev]
  credential_process = awsso credential-process --profile dev-sso

Credentials come from the cache the AWS CLI v2 shares (~/.aws/cli/cache) while more than 15
minutes remain, without any network call; else fresh from the access portal (or STS, for a
role chain), then cached. A role with mfa_serial needs --mfa-code when its credentials are not
cached: credential-process never asks on the terminal, which belongs to the tool.

When the session needs a login it exits 2 and names the login command: a tool running in the
background must not open browser tabs. With --login it signs in instead (one browser tab,
however many processes ask at once).`,
		Example: `  # ~/.aws/config
  [profile dev]
  credential_process = awsso credential-process --profile dev-sso

  # the same, signing in when needed
  credential_process = awsso credential-process --profile dev-sso --login`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return Run(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Login, "login", false, "sign in (opening a browser) when the session needs it, instead of failing")
	cmd.Flags().BoolVar(&opts.UseDeviceCode, "use-device-code", false, "with --login, sign in with a code on any device")
	cmd.Flags().StringVar(&opts.MFACode, "mfa-code", "", "the current `CODE` of the MFA device (mfa_serial) when a role asks for one")
	return cmd
}

// Run prints the credentials of the profile as one credential_process document.
func Run(ctx context.Context, opts *CredentialProcessOptions) error {
	if opts.UseDeviceCode && !opts.Login {
		return cmdutil.FlagErrorf("--use-device-code works with --login")
	}
	p, err := opts.Profile()
	if err != nil {
		return err
	}
	fetch := resolver.Fetch{MFACode: opts.MFACode, NoPrompt: true}
	c, err := opts.Credentials(ctx, p, fetch)
	var login *session.LoginRequiredError
	if errors.As(err, &login) {
		root := p.Root()
		if !opts.Login || root.SSO == nil {
			return cmdutil.WithHint(err, cmdutil.ExitLoginRequired, append(login.Hints(),
				"or add --login to the credential_process line, to sign in from there (it opens a browser)")...)
		}
		if err := opts.SignIn(ctx, root.SSO, cmdutil.LoginFlags{UseDeviceCode: opts.UseDeviceCode}); err != nil {
			return err
		}
		fetch.MFACode = opts.MFACode
		c, err = opts.Credentials(ctx, p, fetch)
	}
	if err != nil {
		return err
	}
	return creds.Write(opts.IO.Out, creds.FormatProcess, c)
}
