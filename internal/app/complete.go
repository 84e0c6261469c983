package app

import (
	"slices"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
)

// configCompletions are the values shell completion offers for the flags that name something
// of the config files, read from the files alone (no network, no cache): a flag of that name
// anywhere in the tree completes the same way.
var configCompletions = map[string]func(*awsconfig.Config) []string{
	"sso-session": func(cfg *awsconfig.Config) []string {
		var names []string
		for _, s := range cfg.SSOSessions() {
			names = append(names, s.Name)
		}
		return names
	},
	"account-id": func(cfg *awsconfig.Config) []string { return profileValues(cfg, awsconfig.KeyAccountID) },
	"role-name":  func(cfg *awsconfig.Config) []string { return profileValues(cfg, awsconfig.KeyRoleName) },
}

// registerCompletions binds completion to --profile and to every flag of configCompletions in
// the tree under root.
func registerCompletions(root *cobra.Command, f *cmdutil.Factory) {
	complete := func(values func(*awsconfig.Config) []string) cobra.CompletionFunc {
		return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			cfg, err := f.Config()
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return values(cfg), cobra.ShellCompDirectiveNoFileComp
		}
	}
	root.RegisterFlagCompletionFunc("profile", complete((*awsconfig.Config).ProfileNames))
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		cmd.Flags().VisitAll(func(fl *pflag.Flag) {
			if values, ok := configCompletions[fl.Name]; ok {
				cmd.RegisterFlagCompletionFunc(fl.Name, complete(values))
			}
		})
		for _, c := range cmd.Commands() {
			walk(c)
		}
	}
	walk(root)
}

// profileValues are the distinct values of key in the profiles, in config order.
func profileValues(cfg *awsconfig.Config, key string) []string {
	var out []string
	for _, p := range cfg.Profiles() {
		if v, ok := p.Get(key); ok && v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
