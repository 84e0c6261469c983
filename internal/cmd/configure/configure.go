package configure

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/prompt"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/tokencache"
)

// ConfigureOptions are the inputs of the configure command, and of configure sso-session,
// which uses the streams, the config, the prompter and the sso-session answers.
type ConfigureOptions struct {
	IO     *iostreams.IOStreams
	Config func() (*awsconfig.Config, error)
	// Prompter returns the prompter for the terminal; it is called only when the wizard may ask.
	Prompter func() (prompt.Prompter, error)
	// Cached returns a usable cached token for a target (refreshing it if needed), or an error.
	Cached func(ctx context.Context, t session.Target) (*tokencache.Token, error)
	// Login signs a target in and returns its token.
	Login  func(ctx context.Context, s *awsconfig.SSO, fl cmdutil.LoginFlags) (*tokencache.Token, error)
	Portal func(t session.Target) (portal.API, error)

	// Profile is the profile named with --profile (or AWS_PROFILE); "" asks for a name.
	Profile string

	// Answers given as flags; Given says which were given (an empty --sso-session asks for a
	// legacy profile).
	SessionName, StartURL, SSORegion, Scopes  string
	AccountID, RoleName, Region, OutputFormat string
	Given                                     map[string]bool

	NonInteractive bool
	Force          bool
	LoginFlags     cmdutil.LoginFlags
}

// NewCmdConfigure returns the configure command (use names it: "configure", or "sso" for the
// AWS CLI spelling); runF replaces the run function in tests.
func NewCmdConfigure(f *cmdutil.Factory, use string, runF func(*ConfigureOptions) error) *cobra.Command {
	opts := newOptions(f)
	opts.Cached = func(ctx context.Context, t session.Target) (*tokencache.Token, error) {
		m, err := f.Sessions()
		if err != nil {
			return nil, err
		}
		return m.Token(ctx, t)
	}
	opts.Login = func(ctx context.Context, s *awsconfig.SSO, fl cmdutil.LoginFlags) (*tokencache.Token, error) {
		return f.Login(ctx, s, fl, cmdutil.LoginOptions{})
	}
	opts.Portal = f.PortalClient
	cmd := &cobra.Command{
		Use:   use,
		Short: "Set up a profile for IAM Identity Center (like: aws configure sso)",
		Long: `Ask the questions of 'aws configure sso', in the same order and with the same defaults:
SSO session name (recommended; empty for a legacy profile), start URL, SSO region and
registration scopes; then sign in (a valid cached sign-in of the session is reused), pick an
account and a role from lists you can filter by typing, and answer the default client region,
output format and profile name (default ROLE-ACCOUNTID).

Naming an sso-session that exists skips its questions; settings it lacks are asked for (or
taken from their flags) and added to its section. With --profile NAME on an existing
profile, its values are the defaults and the profile is updated in place. Only the profile's
section and the session's section of the config file change.

Every question has a flag. With --non-interactive, or when standard input is not a terminal,
nothing is asked: a missing answer is an error that names its flag.`,
		Example: `  awsso configure
  awsso configure --profile dev
  awsso configure --sso-session corp        # a second profile of an existing session
  awsso configure --non-interactive --sso-session corp --start-url https://d-1234567890.awsapps.com/start \
      --sso-region us-east-1 --account-id 111122223333 --role-name ReadOnly --profile prod-ro`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.ProfileExplicit() {
				opts.Profile = f.ProfileName()
			}
			opts.Given = given(cmd)
			if runF != nil {
				return runF(opts)
			}
			return configureRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	sessionFlags(fl, opts, "sso-session `NAME` (an existing one skips its questions; '' for a legacy profile)")
	fl.StringVar(&opts.AccountID, flagAccountID, "", "AWS account `ID` of the profile")
	fl.StringVar(&opts.RoleName, flagRoleName, "", "`ROLE` (permission set) name of the profile")
	fl.StringVar(&opts.Region, flagRegion, "", "default client `REGION` of the profile")
	fl.StringVar(&opts.OutputFormat, flagOutput, "", "default output `FORMAT` of the profile: json, text, table, yaml or yaml-stream")
	fl.BoolVar(&opts.Force, "force", false, "overwrite an existing profile without asking (needed with --non-interactive)")
	fl.BoolVar(&opts.LoginFlags.NoBrowser, "no-browser", false, "print the sign-in URL instead of opening a browser")
	fl.BoolVar(&opts.LoginFlags.UseDeviceCode, "use-device-code", false, "sign in with a code entered on any device")
	return cmd
}

// Flag names, which errors about missing answers name.
const (
	flagSession   = "sso-session"
	flagStartURL  = "start-url"
	flagSSORegion = "sso-region"
	flagScopes    = "scopes"
	flagAccountID = "account-id"
	flagRoleName  = "role-name"
	flagRegion    = "region"
	flagOutput    = "output-format"
	flagProfile   = "profile"
)

// newOptions returns the options both commands share: streams, config and the prompter.
func newOptions(f *cmdutil.Factory) *ConfigureOptions {
	return &ConfigureOptions{
		IO:     f.IOStreams,
		Config: f.Config,
		Prompter: func() (prompt.Prompter, error) {
			return prompt.New(f.IOStreams.In, f.IOStreams.ErrOut, f.IOStreams.ColorEnabledErr())
		},
	}
}

// sessionFlags binds the flags of the sso-session questions; session describes --sso-session.
func sessionFlags(fl *pflag.FlagSet, opts *ConfigureOptions, session string) {
	fl.StringVar(&opts.SessionName, flagSession, "", session)
	fl.StringVar(&opts.StartURL, flagStartURL, "", "AWS access portal `URL`, https://...")
	fl.StringVar(&opts.SSORegion, flagSSORegion, "", "`REGION` of IAM Identity Center")
	fl.StringVar(&opts.Scopes, flagScopes, "", "registration `SCOPES`, comma-separated (default sso:account:access)")
	fl.BoolVar(&opts.NonInteractive, "non-interactive", false, "never ask: a missing answer is an error naming its flag")
}

// given returns the names of the flags set on the command line.
func given(cmd *cobra.Command) map[string]bool {
	set := map[string]bool{}
	cmd.Flags().Visit(func(fl *pflag.Flag) { set[fl.Name] = true })
	return set
}

// trim drops the blanks around every answer given as a flag, once, before anything reads them:
// the value checked up front is the value used later (a pasted " 111122223333" is the account
// 111122223333 both when it is checked and when it is looked for in the portal's list).
func (o *ConfigureOptions) trim() {
	for _, s := range []*string{&o.Profile, &o.SessionName, &o.StartURL, &o.SSORegion, &o.Scopes,
		&o.AccountID, &o.RoleName, &o.Region, &o.OutputFormat} {
		*s = strings.TrimSpace(*s)
	}
}

func configureRun(ctx context.Context, opts *ConfigureOptions) error {
	w, err := newWizard(opts)
	if err != nil {
		return err
	}
	if err := w.signInSettings(); err != nil {
		return err
	}
	if err := w.checkOverwrite(); err != nil {
		return err
	}
	tok, cached, err := w.signIn(ctx)
	if err != nil {
		return err
	}
	if err := w.pickWithSignIn(ctx, tok, cached); err != nil {
		return err
	}
	if err := w.clientSettings(); err != nil {
		return err
	}
	if err := w.profileName(); err != nil {
		return err
	}
	if err := w.write(ctx); err != nil {
		return err
	}
	w.conclude()
	return nil
}

// missingError is an answer the wizard could not ask for.
type missingError struct {
	flag string
	what string // what the flag gives: "missing --flag: what"
	note string // instead of what, a note in parentheses: "missing --flag (note)"
	why  string
}

func (e *missingError) Error() string {
	if e.note != "" {
		return fmt.Sprintf("missing --%s (%s)", e.flag, e.note)
	}
	return fmt.Sprintf("missing --%s: %s", e.flag, e.what)
}

func (e *missingError) ExitCode() int { return cmdutil.ExitError }

func (e *missingError) Hints() []string {
	return []string{e.why}
}

var errNoAccounts = errors.New("no AWS accounts are available to you")
