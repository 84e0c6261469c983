// Package use implements `awsso use` and `awsso unuse`: switch the current shell to a profile,
// or back. They print code that the awsso shell function (awsso shell-init) evaluates, since a
// process cannot change its parent shell's environment.
package use

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/prompt"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/tokencache"
)

// UseOptions are the inputs of use.
type UseOptions struct {
	IO        *iostreams.IOStreams
	LookupEnv func(string) (string, bool)
	Now       func() time.Time
	Config    func() (*awsconfig.Config, error)
	// Sessions reads the state of sign-ins from the token cache.
	Sessions func() (*session.Manager, error)
	// Login signs a session in, as awsso login does (cmdutil.Factory.Login).
	Login func(ctx context.Context, s *awsconfig.SSO, fl cmdutil.LoginFlags, o cmdutil.LoginOptions) (*tokencache.Token, error)
	// Resolver resolves the profile, of any kind, and gets the credentials --export puts in the
	// environment, exactly as export-credentials gets them.
	Resolver func() (*resolver.Resolver, error)
	// Prompter asks questions on the terminal (the picker).
	Prompter func() (prompt.Prompter, error)

	Profile    string // the argument, else --profile
	Region     string // --region
	Export     bool   // --export
	MFACode    string // --mfa-code
	NoLogin    bool   // --no-login
	Shell      string // --shell
	LoginFlags cmdutil.LoginFlags
}

// NewCmdUse returns the use command; runF replaces the run function in tests.
func NewCmdUse(f *cmdutil.Factory, runF func(context.Context, *UseOptions) error) *cobra.Command {
	opts := &UseOptions{
		IO: f.IOStreams, LookupEnv: f.LookupEnv, Now: f.Now, Config: f.Config, Sessions: f.Sessions, Login: f.Login,
		Resolver: f.Resolver,
		Prompter: func() (prompt.Prompter, error) {
			return prompt.New(f.IOStreams.In, f.IOStreams.ErrOut, f.IOStreams.ColorEnabledErr())
		},
	}
	cmd := &cobra.Command{
		Use:   "use [PROFILE] [--region R] [--export]",
		Short: "Switch this shell to a profile (through the awsso shell function)",
		Long: `Switch the current shell to a profile: set AWS_PROFILE and AWS_DEFAULT_PROFILE, and remove
the keys that would shadow it (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
AWS_SECURITY_TOKEN, AWS_CREDENTIAL_EXPIRATION, AWS_SESSION_EXPIRATION), since every SDK prefers
keys in the environment to a profile. --region also sets AWS_REGION and AWS_DEFAULT_REGION.
--export puts the profile's credentials themselves in the environment instead of AWS_PROFILE,
with AWS_CREDENTIAL_EXPIRATION (and the profile's region), for tools that read only keys: a
profile of any kind, role chains, web identity and credential_process included, as
export-credentials gets them.
It also sets the AWSSO_ variables that awsso_prompt reads, and nothing else; 'awsso unuse'
removes all of it.

A shell changes only through the awsso function that 'awsso shell-init' defines: awsso use
prints code for it to evaluate. Without it, on a terminal, use says how to install it;
--shell bash|zsh|fish|powershell prints the code for people who wire it themselves (into a
pipe, without --shell, it prints code for sh, bash and zsh).

Without PROFILE, on a terminal, a list of the profiles opens: type to filter by name, account,
role or sso-session. When the profile's session (for a role chain, its root's) is not signed in, use signs in first on a
terminal (as awsso login does) unless --no-login; without a terminal it switches anyway and
warns with the login command to run, except with --export, which then fails (exit 2).`,
		Example: `  awsso use prod                       # through the shell function
  awsso use prod --region eu-central-1
  awsso use prod --export              # keys in the environment, for tools that need them
  awsso use                            # pick from the list
  eval "$(awsso use prod --shell bash)"`,
		Args: cobra.MaximumNArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			cfg, err := f.Config()
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return cfg.ProfileNames(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Profile = f.ProfileFlag
			if len(args) == 1 {
				opts.Profile = args[0]
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return useRun(cmd.Context(), opts)
		},
	}
	helpOnStderr(cmd, f.IOStreams)
	fl := cmd.Flags()
	fl.StringVar(&opts.Region, "region", "", "also set AWS_REGION and AWS_DEFAULT_REGION to `REGION`")
	fl.BoolVar(&opts.Export, "export", false, "put the profile's credentials in the environment instead of AWS_PROFILE")
	fl.StringVar(&opts.MFACode, "mfa-code", "", "with --export, the current `CODE` of the MFA device (mfa_serial) when a role asks for one")
	fl.BoolVar(&opts.NoLogin, "no-login", false, "never sign in; switch anyway and warn when the session is not signed in")
	fl.BoolVar(&opts.LoginFlags.NoBrowser, "no-browser", false, "when signing in, print the URL instead of opening a browser")
	fl.BoolVar(&opts.LoginFlags.UseDeviceCode, "use-device-code", false, "when signing in, use a code entered on any device")
	addShellFlag(cmd, &opts.Shell)
	return cmd
}
