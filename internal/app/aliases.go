package app

import (
	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/cmd/configure"
	"github.com/awsso/awsso/internal/cmd/profiles"
	"github.com/awsso/awsso/internal/cmdutil"
)

// newCmdConfigure returns the configure wizard, which also holds the AWS CLI spellings of
// awsso commands ("aws configure sso" -> "awsso configure sso", "aws configure list-profiles"
// -> "awsso configure list-profiles") as its subcommands.
func newCmdConfigure(f *cmdutil.Factory) *cobra.Command {
	cmd := configure.NewCmdConfigure(f, "configure", nil)
	cmd.AddCommand(
		configure.NewCmdConfigure(f, "sso", nil),
		alias(profiles.NewCmdProfiles(f, nil), "list-profiles", "List profile names (same as: awsso profiles --names)", map[string]string{"names": "true"}),
	)
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
