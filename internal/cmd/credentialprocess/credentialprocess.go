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
	"github.com/awsso/awsso/internal/session"
)

// CredentialProcessOptions are the inputs of credential-process.
type CredentialProcessOptions struct {
	IO *iostreams.IOStreams
	// Login signs in (opening a browser) when the session needs it, instead of failing.
	Login bool
	// UseDeviceCode makes that sign-in use the device code flow.
	UseDeviceCode bool

	// Profile is the profile to serve (--profile, AWS_PROFILE, default).
	Profile func() string
	// EnterChain refuses a profile that an outer awsso is already resolving.
	EnterChain func(profile string) error
	// Resolve finds the profile's account and role.
	Resolve func() (*awsconfig.SSO, error)
	// Credentials returns the role's credentials (cache, else the portal).
	Credentials func(context.Context, *awsconfig.SSO) (*creds.Credentials, error)
	// SignIn logs the profile's session in, sharing one browser tab between processes.
	SignIn func(context.Context, *awsconfig.SSO, cmdutil.LoginFlags) error
}

// NewOptions returns the options of credential-process bound to f. internal/app's fast path
// fills them without building the command tree.
func NewOptions(f *cmdutil.Factory) *CredentialProcessOptions {
	return &CredentialProcessOptions{
		IO:          f.IOStreams,
		Profile:     f.ProfileName,
		EnterChain:  f.EnterProfileChain,
		Resolve:     f.RoleProfile,
		Credentials: f.RoleCredentials,
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
		Short: "Serve role credentials to the AWS SDKs (credential_process)",
		Long: `Print a profile's role credentials as the credential_process protocol wants them: one JSON
document (Version 1, Expiration in RFC 3339) on stdout and nothing else. Every message goes
to stderr. Put it in another profile of ~/.aws/config for tools that cannot read IAM Identity
Center settings themselves:

  [profile dev]
  credential_process = awsso credential-process --profile dev-sso

Credentials come from the cache the AWS CLI v2 shares (~/.aws/cli/cache) while more than 15
minutes remain, without any network call; else fresh from the access portal, then cached.

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
	return cmd
}

// Run prints the credentials of the profile as one credential_process document.
func Run(ctx context.Context, opts *CredentialProcessOptions) error {
	if opts.UseDeviceCode && !opts.Login {
		return cmdutil.FlagErrorf("--use-device-code works with --login")
	}
	if err := opts.EnterChain(opts.Profile()); err != nil {
		return err
	}
	s, err := opts.Resolve()
	if err != nil {
		return err
	}
	c, err := opts.Credentials(ctx, s)
	var login *session.LoginRequiredError
	if errors.As(err, &login) {
		if !opts.Login {
			return cmdutil.WithHint(err, cmdutil.ExitLoginRequired, append(login.Hints(),
				"or add --login to the credential_process line, to sign in from there (it opens a browser)")...)
		}
		if err := opts.SignIn(ctx, s, cmdutil.LoginFlags{UseDeviceCode: opts.UseDeviceCode}); err != nil {
			return err
		}
		c, err = opts.Credentials(ctx, s)
	}
	if err != nil {
		return err
	}
	return creds.Write(opts.IO.Out, creds.FormatProcess, c)
}
