package app

import (
	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/cmd/exportcreds"
	"github.com/awsso/awsso/internal/cmd/profiles"
	"github.com/awsso/awsso/internal/cmd/whoami"
	"github.com/awsso/awsso/internal/cmdutil"
)

// newCmdConfigure returns the configure group, which holds the AWS CLI spellings of awsso
// commands ("aws configure list-profiles" -> "awsso configure list-profiles"). The wizard will
// make configure itself runnable; the aliases stay its subcommands.
func newCmdConfigure(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "configure <command>",
		Short: "Configure profiles (AWS CLI spellings: configure list-profiles, export-credentials)",
	}
	cmd.AddCommand(
		alias(profiles.NewCmdProfiles(f, nil), "list-profiles", "List profile names (same as: awsso profiles --names)", map[string]string{"names": "true"}),
		alias(exportcreds.NewCmdExport(f, nil), "export-credentials", "Print a profile's role credentials (same as: awsso export-credentials)", nil),
	)
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
