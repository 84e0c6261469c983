// Package doctor implements `awsso doctor`: every problem in the AWS config files (and, as later
// checks arrive, caches and clock), each with file:line and the fix.
package doctor

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/doctor"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/textsafe"
)

// DoctorOptions are the inputs of the doctor command.
type DoctorOptions struct {
	IO     *iostreams.IOStreams
	Paths  func() (awsconfig.Paths, error)
	Format func(profileOutput string) (cmdutil.Format, error)
	// Checks returns the checks to run for paths; the default is doctor.CheckConfig. Later
	// issues add the token-cache and clock checks here.
	Checks func(paths awsconfig.Paths) []doctor.Check
	// Offline skips the checks that need the network (the clock against AWS's).
	Offline bool
}

// NewCmdDoctor returns the doctor command; runF replaces the run function in tests.
func NewCmdDoctor(f *cmdutil.Factory, runF func(*DoctorOptions) error) *cobra.Command {
	opts := &DoctorOptions{
		IO:     f.IOStreams,
		Paths:  func() (awsconfig.Paths, error) { return awsconfig.PathsFromEnv(f.LookupEnv) },
		Format: f.OutputFormat,
	}
	opts.Checks = func(paths awsconfig.Paths) []doctor.Check {
		return append(DefaultChecks(paths), signInChecks(f, opts)...)
	}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Find problems in the AWS config files, the caches and the clock",
		Long: `Check the config and credentials files the way every AWS tool reads them and list each
problem with its file:line and the fix: syntax errors, keys no tool reads (sso-account-id),
inline comments the AWS CLI keeps in values, duplicates the AWS CLI refuses, section headers
no tool reads or the AWS CLI reads differently ([Profile dev], [profile dev ]), profiles naming
a missing sso-session or disagreeing with it, missing keys, http start URLs, bad region names,
output formats the AWS CLI refuses, files other users can read, and legacy profiles that could
share an sso-session.

Then the caches: files in ~/.aws/sso/cache and ~/.aws/cli/cache that are not valid JSON or are
open to other users, tokens that can no longer be refreshed (expired without a refresh, or
refused by the service), client registrations about to expire; and this machine's clock against
the Date of the OIDC endpoint of each configured region (one HEAD request each, a few seconds
at most; --offline skips it).

Errors break something now; warnings are differences between tools and advice that may bite
later. Exit status: 1 when doctor finds anything, error or warning; 0 when all is clean.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return doctorRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Offline, "offline", false, "skip the checks that need the network (the clock)")
	return cmd
}

// DefaultChecks are the checks doctor runs.
func DefaultChecks(paths awsconfig.Paths) []doctor.Check {
	return []doctor.Check{func() ([]doctor.Finding, error) { return doctor.CheckConfig(paths) }}
}

// report is the --output json shape.
type report struct {
	Findings []doctor.Finding `json:"findings"`
	Errors   int              `json:"errors"`
	Warnings int              `json:"warnings"`
	Notes    int              `json:"notes"`
}

func doctorRun(opts *DoctorOptions) error {
	paths, err := opts.Paths()
	if err != nil {
		return err
	}
	findings, err := doctor.Run(opts.Checks(paths)...)
	if err != nil {
		return err
	}
	errs, warns, notes := doctor.Count(findings)
	// A profile's output key is not consulted: the report is for people unless --output or
	// AWS_DEFAULT_OUTPUT asks for json or yaml.
	format, err := opts.Format("")
	if err != nil {
		return err
	}
	switch format {
	case cmdutil.FormatJSON, cmdutil.FormatYAML:
		if findings == nil {
			findings = []doctor.Finding{}
		}
		err = cmdutil.Render(opts.IO, format, report{Findings: findings, Errors: errs, Warnings: warns, Notes: notes}, cmdutil.Table{})
	default:
		err = writeText(opts.IO.Out, opts.IO.ColorScheme(), paths, findings, errs, warns, notes)
	}
	if err != nil {
		return err
	}
	if errs+warns > 0 { // notes need nothing done
		return &cmdutil.SilentError{Code: cmdutil.ExitError}
	}
	return nil
}

// writeText prints "file:line: severity: problem", the fix indented below, and a summary.
func writeText(w io.Writer, cs iostreams.ColorScheme, paths awsconfig.Paths, fs []doctor.Finding, errs, warns, notes int) error {
	var b strings.Builder
	for _, f := range fs {
		where := paths.Display(f.File)
		if f.Line > 0 {
			where = fmt.Sprintf("%s:%d", where, f.Line)
		}
		sev := cs.Yellow("warning")
		switch f.Severity {
		case doctor.SeverityError:
			sev = cs.Red("error")
		case doctor.SeverityNote:
			sev = cs.Cyan("note")
		}
		// Findings quote section names and values of the files: a terminal must show them.
		fmt.Fprintf(&b, "%s: %s: %s\n", cs.Bold(textsafe.Clean(where)), sev, textsafe.Clean(f.Problem))
		if f.Fix != "" {
			fmt.Fprintf(&b, "    fix: %s\n", textsafe.Clean(f.Fix))
		}
	}
	if errs+warns == 0 {
		fmt.Fprintf(&b, "%s no problems found in %s and %s\n", cs.Green("✓"), textsafe.Clean(paths.Display(paths.Config)), textsafe.Clean(paths.Display(paths.Credentials)))
	} else {
		fmt.Fprintf(&b, "\n%s in %s\n", counts(errs, warns, notes), textsafe.Clean(places(paths, fs)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// counts says "2 errors, 1 warning", leaving out a count of zero.
func counts(errs, warns, notes int) string {
	var parts []string
	for _, c := range []struct {
		n    int
		word string
	}{{errs, "error"}, {warns, "warning"}, {notes, "note"}} {
		if c.n > 0 {
			parts = append(parts, plural(c.n, c.word))
		}
	}
	return strings.Join(parts, ", ")
}

// places names where the findings are, three at most: "~/.aws/config, ~/.aws/sso/cache/a.json
// and 2 more places". The findings are sorted by file.
func places(paths awsconfig.Paths, fs []doctor.Finding) string {
	var names []string
	for i, f := range fs {
		if i == 0 || f.File != fs[i-1].File {
			names = append(names, paths.Display(f.File))
		}
	}
	const most = 3
	switch {
	case len(names) > most:
		return strings.Join(names[:most], ", ") + " and " + plural(len(names)-most, "more place")
	case len(names) > 1:
		return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return names[0]
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
