package app

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/cmd/accounts"
	"github.com/awsso/awsso/internal/cmd/console"
	"github.com/awsso/awsso/internal/cmd/credentialprocess"
	"github.com/awsso/awsso/internal/cmd/demo"
	doctorcmd "github.com/awsso/awsso/internal/cmd/doctor"
	"github.com/awsso/awsso/internal/cmd/emulator"
	execcmd "github.com/awsso/awsso/internal/cmd/exec"
	"github.com/awsso/awsso/internal/cmd/exportcreds"
	"github.com/awsso/awsso/internal/cmd/login"
	"github.com/awsso/awsso/internal/cmd/logout"
	"github.com/awsso/awsso/internal/cmd/migrate"
	"github.com/awsso/awsso/internal/cmd/populate"
	"github.com/awsso/awsso/internal/cmd/profiles"
	promptcmd "github.com/awsso/awsso/internal/cmd/prompt"
	"github.com/awsso/awsso/internal/cmd/roles"
	"github.com/awsso/awsso/internal/cmd/serve"
	"github.com/awsso/awsso/internal/cmd/shellinit"
	"github.com/awsso/awsso/internal/cmd/status"
	"github.com/awsso/awsso/internal/cmd/use"
	"github.com/awsso/awsso/internal/cmd/version"
	"github.com/awsso/awsso/internal/cmd/whoami"
	"github.com/awsso/awsso/internal/cmdutil"
)

// NewRootCmd returns the awsso command with every subcommand and the global flags bound to f.
func NewRootCmd(f *cmdutil.Factory) *cobra.Command {
	var noColor bool
	root := &cobra.Command{
		Use:   "awsso <command> [flags]",
		Short: "Fast, file-compatible AWS IAM Identity Center (AWS SSO) sign-in and credentials",
		Long: `awsso signs you in to AWS IAM Identity Center once per sso-session and hands short-term
role credentials to every tool you run. It reads and writes the same ~/.aws/config, token
cache and credential cache as the AWS CLI v2, so aws, boto3, the SDKs and awsso share one login.`,
		Version:       f.Version,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if noColor {
				f.IOStreams.DisableColor()
			}
			if f.OutputFlag != "" {
				if _, err := cmdutil.ParseFormat(f.OutputFlag); err != nil {
					return err
				}
			}
			return nil
		},
	}
	root.SetOut(f.IOStreams.Out)
	root.SetErr(f.IOStreams.ErrOut)
	root.SetVersionTemplate("awsso {{.Version}}\n")

	pf := root.PersistentFlags()
	pf.StringVar(&f.ProfileFlag, "profile", "", "use this profile (default $AWS_PROFILE, then \"default\")")
	pf.StringVar(&f.OutputFlag, "output", "", "output format: json, table, text or yaml")
	pf.BoolVar(&f.Debug, "debug", false, "trace requests and decisions to stderr (secrets redacted)")
	pf.BoolVar(&noColor, "no-color", false, "turn off colour (also NO_COLOR)")

	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &cmdutil.FlagError{Err: err}
	})
	root.SuggestionsMinimumDistance = 2
	root.Args = unknownCommand
	root.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }

	root.AddCommand(
		version.NewCmdVersion(f),
		emulator.NewCmdEmulator(f, nil),
		profiles.NewCmdProfiles(f, nil),
		doctorcmd.NewCmdDoctor(f, nil),
		newCmdConfigure(f),
		login.NewCmdLogin(f, nil),
		logout.NewCmdLogout(f, nil),
		status.NewCmdStatus(f, nil),
		refuseAccessToken(accounts.NewCmdAccounts(f, nil)),
		refuseAccessToken(roles.NewCmdRoles(f, nil)),
		newCmdSSO(f),
		populate.NewCmdPopulate(f, nil),
		migrate.NewCmdMigrate(f, nil),
		exportcreds.NewCmdExport(f, nil),
		credentialprocess.NewCmdCredentialProcess(f, nil),
		whoami.NewCmdWhoami(f, nil),
		execcmd.NewCmdExec(f, nil),
		serve.NewCmdServe(f, nil),
		console.NewCmdConsole(f, nil),
		demo.NewCmdDemo(f, Run, nil),
		use.NewCmdUse(f, nil),
		use.NewCmdUnuse(f, nil),
		promptcmd.NewCmdPrompt(f, nil),
		shellinit.NewCmdShellInit(f, nil),
		newCmdSTS(f),
	)
	requireSubcommands(root)
	usageArgs(root)
	registerCompletions(root, f)
	return root
}

// unknownCommand refuses arguments that name no subcommand of cmd, suggesting the commands
// whose names are close ("logn": login) or start with what was typed.
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	err := cmdutil.FlagErrorf("unknown command %q for %q", args[0], cmd.CommandPath())
	cmd.SuggestionsMinimumDistance = 2
	var hints []string
	for _, name := range cmd.SuggestionsFor(args[0]) {
		hints = append(hints, "did you mean '"+cmd.CommandPath()+" "+name+"'?")
	}
	return cmdutil.WithHint(err, cmdutil.ExitError, append(hints, "run '"+cmd.CommandPath()+" --help' for the commands")...)
}

// usageArgs makes every argument check in the tree a usage error (exit 1, with the command's
// help as the hint): cobra's own checks return plain errors, and for a command that takes no
// arguments they say "unknown command" where the user typed a value.
func usageArgs(cmd *cobra.Command) {
	for _, c := range cmd.Commands() {
		usageArgs(c)
	}
	check := cmd.Args
	if check == nil || cmd.HasSubCommands() {
		return
	}
	cmd.Args = func(c *cobra.Command, args []string) error {
		err := check(c, args)
		var flagErr *cmdutil.FlagError
		switch {
		case err == nil || errors.As(err, &flagErr):
			return err
		case strings.HasPrefix(err.Error(), "unknown command"): // cobra.NoArgs
			return cmdutil.FlagErrorf("%s takes no arguments, got %q", c.CommandPath(), strings.Join(args, " "))
		}
		return &cmdutil.FlagError{Err: err}
	}
}

// requireSubcommands makes group commands (those with children and no action of their own)
// fail with a usage error on an unknown subcommand, instead of printing help and exiting 0.
func requireSubcommands(cmd *cobra.Command) {
	for _, c := range cmd.Commands() {
		requireSubcommands(c)
	}
	if cmd.HasSubCommands() && cmd.RunE == nil && cmd.Run == nil {
		cmd.Args = unknownCommand
		cmd.RunE = func(c *cobra.Command, args []string) error {
			return cmdutil.FlagErrorf("%s needs a subcommand: %s", c.CommandPath(), fmt.Sprint(subcommandNames(c)))
		}
	}
}

func subcommandNames(cmd *cobra.Command) []string {
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return names
}
