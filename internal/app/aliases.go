package app

import (
	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/cmd/accounts"
	"github.com/awsso/awsso/internal/cmd/configure"
	"github.com/awsso/awsso/internal/cmd/exportcreds"
	"github.com/awsso/awsso/internal/cmd/login"
	"github.com/awsso/awsso/internal/cmd/logout"
	"github.com/awsso/awsso/internal/cmd/profiles"
	"github.com/awsso/awsso/internal/cmd/roles"
	"github.com/awsso/awsso/internal/cmd/whoami"
	"github.com/awsso/awsso/internal/cmdutil"
)

// newCmdConfigure returns the configure wizard, which also holds the AWS CLI spellings of
// awsso commands ("aws configure sso" -> "awsso configure sso", "aws configure list-profiles"
// -> "awsso configure list-profiles") and configure sso-session as its subcommands.
func newCmdConfigure(f *cmdutil.Factory) *cobra.Command {
	cmd := configure.NewCmdConfigure(f, "configure", nil)
	cmd.AddCommand(
		configure.NewCmdConfigure(f, "sso", nil),
		configure.NewCmdConfigureSession(f, nil),
		alias(profiles.NewCmdProfiles(f, nil), "list-profiles", "List profile names (same as: awsso profiles --names)", map[string]string{"names": "true"}),
		alias(exportcreds.NewCmdExport(f, nil), "export-credentials", "Print a profile's role credentials (same as: awsso export-credentials)", nil),
	)
	return cmd
}

// newCmdSSO returns the sso group: the AWS CLI spellings of the sign-in commands, with the AWS
// CLI's flag names, so a command from AWS documentation runs with aws replaced by awsso.
func newCmdSSO(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sso <command>",
		Short: "Sign-in commands (AWS CLI spellings: sso login|logout|list-accounts|list-account-roles)",
	}
	awsText := map[string]string{"aws-cli-text": "true"}
	cmd.AddCommand(
		alias(login.NewCmdLogin(f, nil), "login", "Sign in (same as: awsso login)", nil),
		alias(logout.NewCmdLogout(f, nil), "logout", "Sign out (same as: awsso logout)", nil),
		refuseAccessToken(alias(accounts.NewCmdAccounts(f, nil), "list-accounts", "List accounts (same as: awsso accounts)", awsText)),
		refuseAccessToken(alias(roles.NewCmdRoles(f, nil), "list-account-roles", "List the roles of an account (same as: awsso roles)", awsText)),
	)
	return cmd
}

// refuseAccessToken accepts the AWS CLI's --access-token flag only to refuse it with the
// reason: awsso takes the token from the cache, refreshed, and a token on the command line
// ends up in the shell history.
func refuseAccessToken(cmd *cobra.Command) *cobra.Command {
	var token string
	cmd.Flags().StringVar(&token, "access-token", "", "not used: awsso reads the token from the cache")
	cmd.Flags().MarkHidden("access-token")
	cmd.PreRunE = func(c *cobra.Command, args []string) error {
		if c.Flags().Changed("access-token") {
			return cmdutil.WithHint(cmdutil.FlagErrorf("--access-token is not needed: awsso uses the cached token of the session"),
				cmdutil.ExitError, "drop --access-token and name the session with --profile or --sso-session; 'awsso login' signs in")
		}
		return nil
	}
	return cmd
}

// newCmdSTS returns the sts group of AWS CLI spellings: sts get-caller-identity is whoami.
func newCmdSTS(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{Use: "sts <command>", Short: "AWS CLI spellings: sts get-caller-identity"}
	cmd.AddCommand(alias(whoami.NewCmdWhoami(f, nil), "get-caller-identity", "Show who the credentials belong to (same as: awsso whoami)", nil))
	return cmd
}

// alias renames target to use and fixes some of its flags, hidden, so an AWS CLI spelling runs
// the awsso command with the same behaviour.
func alias(target *cobra.Command, use, short string, fixed map[string]string) *cobra.Command {
	target.Use, target.Short, target.Long, target.Example = use, short, "", ""
	for name, value := range fixed {
		target.Flags().Set(name, value)
		target.Flags().MarkHidden(name)
	}
	return target
}
