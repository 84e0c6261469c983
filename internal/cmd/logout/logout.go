// Package logout implements `awsso logout` (and `awsso sso logout`): it finds what to sign out
// of in the config and the cache, has package signout sign it out, and reports.
package logout

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/signout"
	"github.com/awsso/awsso/internal/tokencache"
)

// DefaultRevokeTimeout bounds the sign-out calls at the portal, all sessions together: on a
// dead network logout still deletes the files after this long.
const DefaultRevokeTimeout = 5 * time.Second

// LogoutOptions are the inputs of the logout command.
type LogoutOptions struct {
	IO         *iostreams.IOStreams
	Config     func() (*awsconfig.Config, error)
	Resolve    func(sessionFlag string) (*awsconfig.SSO, error)
	TokenCache func() (tokencache.Cache, error)
	CredsCache func() (creds.Cache, error)
	Portal     func(t session.Target) (portal.API, error)
	Now        func() time.Time
	// Timeout bounds the portal sign-out (signout.DefaultTimeout when zero).
	Timeout time.Duration

	Session string // --sso-session
	// All is set when neither --profile nor --sso-session is given: log out of every token in
	// the cache, as 'aws sso logout' does.
	All bool
}

// NewCmdLogout returns the logout command; runF replaces the run function in tests.
func NewCmdLogout(f *cmdutil.Factory, runF func(context.Context, *LogoutOptions) error) *cobra.Command {
	opts := &LogoutOptions{IO: f.IOStreams, Config: f.Config, Resolve: f.ResolveTarget, TokenCache: f.TokenCache,
		CredsCache: f.CredsCache, Portal: f.PortalClient, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "logout",
		Short: "Sign out: revoke and delete cached tokens and SSO role credentials",
		Long: `Sign out at the access portal, which revokes the token and its refresh token, delete the
token file from ~/.aws/sso/cache, and delete the IAM Identity Center role credentials from
~/.aws/cli/cache. Client registrations stay, so the next login is quicker.

Without --profile or --sso-session (AWS_PROFILE does not count), every token in the cache is
signed out and every SSO role credential deleted, as 'aws sso logout' does. With one of them,
only that session's token and the role credentials of the profiles that use it (as the config
names them) are deleted.

The portal is given ` + signout.DefaultTimeout.String() + ` in all: on a dead network the files are deleted anyway
and logout says which tokens stay valid at AWS until they expire.`,
		Example: `  awsso logout                      # every session
  awsso logout --sso-session corp`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.All = opts.Session == "" && f.ProfileFlag == ""
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return logoutRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Session, "sso-session", "", "sign out of this sso-session only")
	return cmd
}
