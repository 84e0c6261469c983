package app

import (
	"context"
	"strings"

	"github.com/awsso/awsso/internal/cmd/credentialprocess"
	"github.com/awsso/awsso/internal/cmd/exportcreds"
	"github.com/awsso/awsso/internal/cmd/version"
	"github.com/awsso/awsso/internal/cmdutil"
)

// runFast runs credential-process and export-credentials, which tools start at every launch,
// and a bare `awsso version`, without building the command tree (a third of their in-process
// time), when the command line is one whose meaning is plain: the command and its --profile,
// --format and --debug flags, as `--flag value` or `--flag=value`. Any other line, help and
// mistakes included, goes through the tree, which then decides exactly as before. It reports
// whether it ran the command.
func runFast(ctx context.Context, f *cmdutil.Factory, args []string) (code int, ran bool) {
	var run func() error
	var command string // for the usage hint: the command's help
	switch {
	case len(args) > 0 && args[0] == "credential-process":
		command = "awsso credential-process"
		opts := credentialprocess.NewOptions(f)
		if !fastFlags(f, args[1:], nil) {
			return 0, false
		}
		run = func() error { return credentialprocess.Run(ctx, opts) }
	case len(args) > 0 && args[0] == "export-credentials",
		len(args) > 1 && args[0] == "configure" && args[1] == "export-credentials":
		command = "awsso export-credentials"
		if args[0] == "configure" {
			args, command = args[1:], "awsso configure export-credentials"
		}
		opts := exportcreds.NewOptions(f)
		if !fastFlags(f, args[1:], &opts.Format) {
			return 0, false
		}
		run = func() error { return exportcreds.Run(ctx, opts) }
	case len(args) == 1 && args[0] == "version":
		// Start-up is all it measures: print it without the tree.
		command = "awsso version"
		v := f.Version
		if v == "" {
			v = buildVersion()
		}
		run = func() error { return version.Run(f.IOStreams.Out, v) }
	default:
		return 0, false
	}
	if err := usageHint(cmdutil.Explain(run()), command); err != nil {
		printError(f.IOStreams, err)
		return cmdutil.ExitCodeOf(err), true
	}
	return cmdutil.ExitOK, true
}

// fastFlags reads --profile, --debug and (when format is not nil) --format from args into f
// and format, and reports whether args held nothing else. Values must be present and must not
// look like flags; on false, f and format may be half set and must not be used.
func fastFlags(f *cmdutil.Factory, args []string, format *string) bool {
	for i := 0; i < len(args); i++ {
		name, value, inline := strings.Cut(args[i], "=")
		var dst *string
		switch {
		case name == "--debug" && !inline:
			f.Debug = true
			continue
		case name == "--profile":
			dst = &f.ProfileFlag
		case name == "--format" && format != nil:
			dst = format
		default:
			return false
		}
		if !inline {
			if i+1 == len(args) {
				return false
			}
			i++
			value = args[i]
		}
		if value == "" || value[0] == '-' {
			return false
		}
		*dst = value
	}
	return true
}
