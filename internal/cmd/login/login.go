// Package login implements `awsso login` (and `awsso sso login`): sign in to an sso-session,
// or a legacy profile's start URL, and save the token in the cache the AWS CLI v2 shares.
package login

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/textsafe"
	"github.com/awsso/awsso/internal/tokencache"
)

// LoginOptions are the inputs of the login command.
type LoginOptions struct {
	IO *iostreams.IOStreams
	// Config loads the config files.
	Config func() (*awsconfig.Config, error)
	// Resolve finds the sign-in settings for --sso-session, else the profile.
	Resolve func(sessionFlag string) (*awsconfig.SSO, error)
	// Login signs in and saves the token (cmdutil.Factory.Login).
	Login func(ctx context.Context, s *awsconfig.SSO, fl cmdutil.LoginFlags, o cmdutil.LoginOptions) (*tokencache.Token, error)
	Now   func() time.Time

	Session string // --sso-session
	Flags   cmdutil.LoginFlags
}

// NewCmdLogin returns the login command; runF replaces the run function in tests.
func NewCmdLogin(f *cmdutil.Factory, runF func(context.Context, *LoginOptions) error) *cobra.Command {
	opts := &LoginOptions{IO: f.IOStreams, Config: f.Config, Resolve: f.TargetResolver("awsso login"), Login: f.Login, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Sign in to an sso-session (or a legacy profile's start URL)",
		Long: `Sign in to IAM Identity Center and save the token in ~/.aws/sso/cache, where the AWS CLI v2,
boto3, the SDKs and awsso all find it: one login serves every profile of the sso-session.

An sso-session signs in in the browser (authorization code with PKCE, answered on 127.0.0.1);
a legacy profile (sso_start_url in the profile), --use-device-code, sso_use_device_code = true,
or a machine without a browser (SSH, no display) signs in with a code you approve on any device.
--no-browser prints the URL instead of opening it. AWSSO_BROWSER (a command with {url}) or
BROWSER chooses the browser.

The session is the one of --sso-session, else of the profile (--profile, AWS_PROFILE, default).
A profile without sso_account_id and sso_role_name can sign in too.`,
		Example: `  awsso login --sso-session corp
  awsso login --profile dev --no-browser
  awsso login --use-device-code      # approve on another device`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return loginRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Session, "sso-session", "", "sign in to this sso-session")
	cmd.Flags().BoolVar(&opts.Flags.NoBrowser, "no-browser", false, "print the sign-in URL instead of opening a browser")
	cmd.Flags().BoolVar(&opts.Flags.UseDeviceCode, "use-device-code", false, "sign in with a code approved on any device (device code flow)")
	return cmd
}

func loginRun(ctx context.Context, opts *LoginOptions) error {
	s, err := opts.Resolve(opts.Session)
	if err != nil {
		return err
	}
	tok, err := opts.Login(ctx, s, opts.Flags, cmdutil.LoginOptions{})
	if err != nil {
		return cmdutil.Remote(fmt.Errorf("sign in to %s: %w", s.StartURL, err),
			"check the network connection and sso_region ("+s.Region+"); --debug traces each request")
	}
	var profiles []string
	if cfg, err := opts.Config(); err == nil {
		cs, _ := resolver.FindSession(cfg, s)
		profiles = cs.Profiles
	}
	writeSuccess(opts.IO, s, tok, profiles, opts.Now())
	return nil
}

// writeSuccess says on stderr what is logged in, until when, and which profiles it serves.
func writeSuccess(ios *iostreams.IOStreams, s *awsconfig.SSO, tok *tokencache.Token, profiles []string, now time.Time) {
	cs := ios.ColorSchemeErr()
	w := ios.ErrOut
	what := resolver.TargetOf(s).String()
	if !s.Legacy() {
		what += " (" + s.StartURL + ")"
	}
	fmt.Fprintf(w, "%s Logged in to %s\n", cs.Green("✓"), textsafe.Clean(what))
	if s.Legacy() {
		fmt.Fprintf(w, "  valid until %s; no refresh for a legacy profile: log in again then\n", cmdutil.Until(tok.ExpiresAt, now))
	} else {
		fmt.Fprintf(w, "  valid until %s; %s\n", cmdutil.Until(tok.ExpiresAt, now), renewal(tok))
	}
	switch len(profiles) {
	case 0:
		fmt.Fprintln(w, "  no profile uses it yet: 'awsso accounts' lists what you can reach")
	default:
		fmt.Fprintf(w, "  serves %s %s\n", plural(len(profiles), "profile"), textsafe.Clean(strings.Join(profiles, ", ")))
	}
}

// renewal says what is known of how the token is renewed. The service tells no client how long
// the sign-in session (and so the refresh token) lasts: the organisation sets it, and the
// client registration's expiry is only an upper bound.
func renewal(tok *tokencache.Token) string {
	switch {
	case tok.RefreshToken == "":
		return "it cannot be refreshed: log in again then"
	case tok.RegistrationExpiresAt.IsZero():
		return "refreshed while your organisation's sign-in session lasts"
	}
	return "refreshed while your organisation's sign-in session lasts, at most until " +
		tok.RegistrationExpiresAt.Local().Format("2006-01-02 15:04 MST")
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
