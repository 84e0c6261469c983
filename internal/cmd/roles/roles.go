// Package roles implements `awsso roles` (and `awsso sso list-account-roles`): every role
// the signed-in user can assume in an account, all pages, sorted by name.
package roles

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/textsafe"
)

// RolesOptions are the inputs of the roles command.
type RolesOptions struct {
	IO      *iostreams.IOStreams
	Config  func() (*awsconfig.Config, error)
	Resolve func(sessionFlag string) (*awsconfig.SSO, error)
	Format  func(profileOutput string) (cmdutil.Format, error)
	// List returns every role of the account through the session of s.
	List func(ctx context.Context, s *awsconfig.SSO, accountID string) ([]portal.Role, error)

	Session   string // --sso-session
	AccountID string // --account-id; the profile's sso_account_id when empty
	// AWSCLIText starts each text line with ROLELIST, as 'aws sso list-account-roles --output
	// text' prints it (set by the alias).
	AWSCLIText bool
}

// NewCmdRoles returns the roles command; runF replaces the run function in tests.
func NewCmdRoles(f *cmdutil.Factory, runF func(context.Context, *RolesOptions) error) *cobra.Command {
	opts := &RolesOptions{IO: f.IOStreams, Config: f.Config, Resolve: f.TargetResolver("awsso roles"), Format: f.OutputFormat,
		List: func(ctx context.Context, s *awsconfig.SSO, accountID string) ([]portal.Role, error) {
			p, err := f.Portal(ctx, s)
			if err != nil {
				return nil, err
			}
			roles, err := portal.Roles(ctx, p.API, p.Token, accountID)
			return roles, p.Check(err)
		}}
	cmd := &cobra.Command{
		Use:   "roles",
		Short: "List the roles you can assume in an account",
		Long: `List every role (permission set) the signed-in user can assume in the account of
--account-id (default: the profile's sso_account_id), through the session of --sso-session,
else of the profile, sorted by name. --output json prints {"roleList": [...]} as
'aws sso list-account-roles' does.`,
		Example: `  awsso roles --account-id 111122223333
  awsso roles --sso-session corp --account-id 111122223333 --output json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return rolesRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Session, "sso-session", "", "list roles through this sso-session")
	cmd.Flags().StringVar(&opts.AccountID, "account-id", "", "the 12-digit account id (default: the profile's sso_account_id)")
	cmd.Flags().BoolVar(&opts.AWSCLIText, "aws-cli-text", false, "text output as the AWS CLI prints it")
	cmd.Flags().MarkHidden("aws-cli-text")
	return cmd
}

// role is one entry of the --output json shape, keys as 'aws sso list-account-roles' prints them.
type role struct {
	RoleName  string `json:"roleName"`
	AccountID string `json:"accountId"`
}

// Output is the --output json shape.
type Output struct {
	RoleList []role `json:"roleList"`
}

func rolesRun(ctx context.Context, opts *RolesOptions) error {
	s, err := opts.Resolve(opts.Session)
	if err != nil {
		return err
	}
	account := opts.AccountID
	if account != "" && !awsconfig.ValidAccountID(account) {
		return cmdutil.WithHint(cmdutil.FlagErrorf("invalid --account-id %s: an account id is 12 digits", textsafe.Quote(account)), cmdutil.ExitError,
			"run '"+cmdutil.AccountsCommand(resolver.TargetOf(s))+"' to list the account ids you can reach")
	}
	if account == "" {
		account = s.AccountID
	}
	if account == "" {
		return cmdutil.WithHint(cmdutil.FlagErrorf("which account? --account-id is required here"), cmdutil.ExitError,
			"run '"+cmdutil.AccountsCommand(resolver.TargetOf(s))+"' to list the account ids you can reach")
	}
	format, err := opts.Format(cmdutil.ProfileOutput(opts.Config, s))
	if err != nil {
		return err
	}
	roles, err := opts.List(ctx, s, account)
	if err != nil {
		return err
	}
	out := Output{RoleList: make([]role, 0, len(roles))}
	t := cmdutil.Table{Header: []string{"ROLE", "ACCOUNT ID"}}
	for _, r := range roles {
		out.RoleList = append(out.RoleList, role{RoleName: r.Name, AccountID: r.AccountID})
		row := []string{r.Name, r.AccountID}
		if opts.AWSCLIText && format == cmdutil.FormatText {
			row = []string{"ROLELIST", r.AccountID, r.Name} // the AWS CLI sorts the keys
		}
		t.Rows = append(t.Rows, row)
	}
	return cmdutil.Render(opts.IO, format, out, t)
}
