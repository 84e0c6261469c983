// Package accounts implements `awsso accounts` (and `awsso sso list-accounts`): every AWS
// account the signed-in user can reach, all pages, sorted by name.
package accounts

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/portal"
)

// AccountsOptions are the inputs of the accounts command.
type AccountsOptions struct {
	IO      *iostreams.IOStreams
	Config  func() (*awsconfig.Config, error)
	Resolve func(sessionFlag string) (*awsconfig.SSO, error)
	Format  func(profileOutput string) (cmdutil.Format, error)
	// List returns every account of the session of s.
	List func(ctx context.Context, s *awsconfig.SSO) ([]portal.Account, error)

	Session string // --sso-session
	// AWSCLIText starts each text line with ACCOUNTLIST, as 'aws sso list-accounts --output
	// text' prints it (set by the alias).
	AWSCLIText bool
}

// NewCmdAccounts returns the accounts command; runF replaces the run function in tests.
func NewCmdAccounts(f *cmdutil.Factory, runF func(context.Context, *AccountsOptions) error) *cobra.Command {
	opts := &AccountsOptions{IO: f.IOStreams, Config: f.Config, Resolve: f.TargetResolver("awsso accounts"), Format: f.OutputFormat,
		List: func(ctx context.Context, s *awsconfig.SSO) ([]portal.Account, error) {
			p, err := f.Portal(ctx, s)
			if err != nil {
				return nil, err
			}
			accounts, err := portal.Accounts(ctx, p.API, p.Token)
			return accounts, p.Check(err)
		}}
	cmd := &cobra.Command{
		Use:   "accounts",
		Short: "List the AWS accounts you can reach through a session",
		Long: `List every AWS account the signed-in user can reach through the session of --sso-session,
else of the profile, sorted by name. --output json prints {"accountList": [...]} as
'aws sso list-accounts' does; text prints one tab-separated line per account.`,
		Example: `  awsso accounts --sso-session corp
  awsso accounts --output json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return accountsRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Session, "sso-session", "", "list the accounts of this sso-session")
	cmd.Flags().BoolVar(&opts.AWSCLIText, "aws-cli-text", false, "text output as the AWS CLI prints it")
	cmd.Flags().MarkHidden("aws-cli-text")
	return cmd
}

// Output is the --output json shape, as 'aws sso list-accounts' prints it.
type Output struct {
	AccountList []portal.Account `json:"accountList"`
}

func accountsRun(ctx context.Context, opts *AccountsOptions) error {
	s, err := opts.Resolve(opts.Session)
	if err != nil {
		return err
	}
	format, err := opts.Format(cmdutil.ProfileOutput(opts.Config, s))
	if err != nil {
		return err
	}
	accounts, err := opts.List(ctx, s)
	if err != nil {
		return err
	}
	if accounts == nil {
		accounts = []portal.Account{}
	}
	t := cmdutil.Table{Header: []string{"ACCOUNT ID", "NAME", "EMAIL"}}
	for _, a := range accounts {
		row := []string{a.ID, a.Name, a.Email}
		if opts.AWSCLIText && format == cmdutil.FormatText {
			row = append([]string{"ACCOUNTLIST"}, row...)
		}
		t.Rows = append(t.Rows, row)
	}
	return cmdutil.Render(opts.IO, format, Output{AccountList: accounts}, t)
}
