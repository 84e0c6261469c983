package populate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"time"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/region"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/textdiff"
	"github.com/awsso/awsso/internal/textsafe"
	"github.com/awsso/awsso/internal/tokencache"
)

// PopulateOptions are the inputs of the populate command.
type PopulateOptions struct {
	IO     *iostreams.IOStreams
	Config func() (*awsconfig.Config, error)
	// Token returns a valid token of the session (refreshed if needed) or a login-required error.
	Token  func(ctx context.Context, t session.Target) (*tokencache.Token, error)
	Portal func(t session.Target) (portal.API, error)
	Now    func() time.Time
	// Debug receives the pace populate learned (io.Discard without --debug).
	Debug io.Writer

	Session  string
	Template string
	Region   string
	Prune    bool
	DryRun   bool
	// Duplicates adds profiles for the accounts and roles that profiles of the user's (or of
	// another session) already serve.
	Duplicates bool

	// Workers is how many role lists are fetched at once; Pace turns on the rate learning.
	// Workers 1 without Pace is the sequential baseline of the benchmark.
	Workers int
	Pace    bool
}

// DefaultWorkers is how many role lists populate fetches at once.
const DefaultWorkers = 12

// NewCmdPopulate returns the populate command; runF replaces the run function in tests.
func NewCmdPopulate(f *cmdutil.Factory, runF func(*PopulateOptions) error) *cobra.Command {
	opts := &PopulateOptions{
		IO:     f.IOStreams,
		Config: f.Config,
		Token: func(ctx context.Context, t session.Target) (*tokencache.Token, error) {
			m, err := f.Sessions()
			if err != nil {
				return nil, err
			}
			return m.Token(ctx, t)
		},
		Portal: f.PortalClient,
		Now:    f.Now,
		Debug:  io.Discard,
	}
	cmd := &cobra.Command{
		Use:   "populate --sso-session NAME",
		Short: "Write a profile for every account and role of an sso-session",
		Long: `Write one profile for every account and role the signed-in user of an sso-session can
reach, named by a template (default {account_name}.{role_name}; also {account_id} and
{session}), made into valid, unique profile names.

Profiles populate writes carry the comment "# managed by awsso populate --sso-session NAME".
Later runs change only those: a new account or role gets a profile, keys you add or change in
a managed profile stay, and --prune removes managed profiles whose account or role is gone.
A run with nothing new leaves the file byte for byte as it was. --dry-run prints the change
as a unified diff on stdout and writes nothing.

An account and role that another profile of the session already serves (one you wrote, say)
gets no second profile unless --duplicates asks for it; the summary names them. Accounts and roles the
portal sends that cannot make a profile (an id that is not 12 digits, a name with nothing to
name a profile with, a role name that is no role name) are left out and reported, each with
a hint; the rest is written.

Roles are listed with bounded concurrency, paced to the portal's rate limit (429s slow
populate down; they do not fail it). Log in first: awsso login --sso-session NAME.`,
		Example: `  awsso populate --sso-session corp
  awsso populate --sso-session corp --name-template '{account_name}-{role_name}' --region eu-west-1
  awsso populate --sso-session corp --prune --dry-run`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Debug = f.DebugWriter()
			if opts.Session == "" {
				err := cmdutil.FlagErrorf("populate needs --sso-session NAME (the session whose accounts to write)")
				if cfg, cfgErr := f.Config(); cfgErr == nil {
					if hints := cmdutil.SessionHints(cfg, "awsso populate"); len(hints) > 0 {
						return cmdutil.WithHint(err, cmdutil.ExitError, hints...)
					}
				}
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return populateRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Session, "sso-session", "", "the sso-session `NAME` whose accounts and roles to write (required)")
	fl.StringVar(&opts.Template, "name-template", DefaultTemplate, "profile name `TEMPLATE`: {account_name} {account_id} {role_name} {session}")
	fl.StringVar(&opts.Region, "region", "", "`REGION` of new profiles (and of managed ones that have none)")
	fl.BoolVar(&opts.Prune, "prune", false, "remove managed profiles whose account or role is gone")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "print the change as a unified diff and write nothing")
	fl.BoolVar(&opts.Duplicates, "duplicates", false, "add profiles also for the accounts and roles that other profiles already serve")
	fl.IntVar(&opts.Workers, "workers", DefaultWorkers, "role lists fetched at once")
	fl.BoolVar(&opts.Pace, "pace", true, "learn the portal's rate limit and pace requests to it")
	fl.MarkHidden("workers")
	fl.MarkHidden("pace")
	return cmd
}

func populateRun(ctx context.Context, opts *PopulateOptions) error {
	tmpl, err := ParseTemplate(opts.Template)
	if err != nil {
		return cmdutil.WithHint(err, cmdutil.ExitError, "the default is "+DefaultTemplate)
	}
	if opts.Region != "" && !region.ValidName(opts.Region) {
		return cmdutil.FlagErrorf("invalid --region %q: use a region name such as us-east-1", opts.Region)
	}
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	s, err := cfg.ResolveSession(opts.Session)
	if err != nil {
		return err
	}
	t := resolver.TargetOf(s)
	tok, err := opts.Token(ctx, t)
	if err != nil {
		return err
	}
	accounts, as, skips, err := list(ctx, opts, t, tok.AccessToken, tmpl)
	if err != nil {
		return err
	}
	p := &planner{session: opts.Session, tmpl: tmpl, region: opts.Region, prune: opts.Prune,
		duplicates: opts.Duplicates, credentials: cfg.CredentialsDocument(), taken: map[string]bool{}, unknown: map[string]bool{}}
	for _, sk := range skips {
		if sk.Role == "" {
			p.unknown[sk.Account.ID] = true
		}
	}
	for _, ref := range cfg.CredentialsDocument().Sections() {
		if kind, name, _ := awsconfig.Classify(ref, true); kind == awsconfig.KindProfile {
			p.taken[name] = true
		}
	}
	var res result
	edit := func(d *awsconfig.Document) (err error) { res, err = p.apply(d, as); return err }
	path := cfg.Paths().Config
	if opts.DryRun {
		if err := dryRun(opts.IO.Out, cfg.Paths(), edit); err != nil {
			return err
		}
	} else if err := awsconfig.Update(ctx, path, edit); err != nil {
		return err
	}
	summarize(opts, len(as), len(accounts), res, cfg.Paths().Display(path))
	reportSkipped(opts.IO.ErrOut, opts.IO.ColorSchemeErr(), skips)
	return nil
}

// list fetches every account and role of the session, paced, with a progress bar on a terminal.
// Accounts and roles that cannot make a profile come back as skips.
func list(ctx context.Context, opts *PopulateOptions, t session.Target, token string, tmpl *Template) ([]portal.Account, []assignment, []skipped, error) {
	api, err := opts.Portal(t)
	if err != nil {
		return nil, nil, nil, err
	}
	var pace *pacer
	if opts.Pace {
		pace = newPacer(opts.Now)
		api = pacedAPI{API: api, p: pace}
	}
	var bar *progressBar
	var progress func(int, int)
	if opts.IO.IsStderrTTY() {
		bar = &progressBar{w: opts.IO.ErrOut, now: opts.Now}
		if pace != nil {
			bar.rate = pace.Rate
		}
		progress = bar.update
	}
	check := func(a portal.Account) (skipped, bool) { return checkAccount(a, tmpl) }
	accounts, as, skips, err := fetch(ctx, api, token, opts.Workers, progress, check)
	if bar != nil {
		bar.finish()
	}
	if pace != nil {
		fmt.Fprintf(opts.Debug, "populate: paced to %.1f requests/s (0: the portal never throttled)\n", pace.Rate())
	}
	if err != nil {
		if errors.Is(err, portal.ErrUnauthorized) {
			return nil, nil, nil, cmdutil.LoginRequired(t)
		}
		return nil, nil, nil, cmdutil.WithHint(fmt.Errorf("list accounts and roles: %w", err), cmdutil.ExitRemote, "nothing was written; run awsso populate again")
	}
	return accounts, as, skips, nil
}

// summarize says on stderr what the run found and did, and which accounts and roles it left
// to the profiles that already serve them.
func summarize(opts *PopulateOptions, roles, accounts int, res result, file string) {
	verb := "added"
	if opts.DryRun {
		verb = "would add"
	}
	w := opts.IO.ErrOut
	fmt.Fprintf(w, "sso-session %s: %d roles in %d accounts; %s %d profiles, kept %d", opts.Session, roles, accounts, verb, len(res.Added), res.Kept)
	if len(res.Served) > 0 {
		fmt.Fprintf(w, ", left %d to profiles that serve them already", len(res.Served))
	}
	if opts.Prune {
		fmt.Fprintf(w, ", removed %d", len(res.Removed))
	}
	fmt.Fprintf(w, " (%s)\n", file)
	for _, sv := range res.Served {
		fmt.Fprintln(w, textsafe.Clean(fmt.Sprintf("  %s in %s (%s): profile %s serves it", sv.Role, sv.Account.Name, sv.Account.ID, sv.Profile)))
	}
	if len(res.Served) > 0 {
		fmt.Fprintln(w, "  (--duplicates adds a profile for these too)")
	}
}

// dryRun applies edit to a copy of the config file and prints the difference.
func dryRun(w io.Writer, paths awsconfig.Paths, edit func(*awsconfig.Document) error) error {
	path := paths.Config
	data, err := awsconfig.ReadFile(path, paths.Display(path))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	d, err := awsconfig.Parse(path, data)
	if err != nil {
		return err
	}
	if err := edit(d); err != nil {
		return err
	}
	name := paths.Display(path)
	_, err = io.WriteString(w, textsafe.Lines(textdiff.Unified(name, name, string(data), string(d.Bytes()))))
	return err
}
