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

Roles are listed with bounded concurrency, paced to the portal's rate limit (429s slow
populate down; they do not fail it). Log in first: awsso login --sso-session NAME.`,
		Example: `  awsso populate --sso-session corp
  awsso populate --sso-session corp --name-template '{account_name}-{role_name}' --region eu-west-1
  awsso populate --sso-session corp --prune --dry-run`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Debug = f.DebugWriter()
			if opts.Session == "" {
				return cmdutil.FlagErrorf("populate needs --sso-session NAME (the session whose accounts to write)")
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
	accounts, as, err := list(ctx, opts, t, tok.AccessToken)
	if err != nil {
		return err
	}
	p := &planner{session: opts.Session, tmpl: tmpl, region: opts.Region, prune: opts.Prune, taken: map[string]bool{}}
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
	return nil
}

// list fetches every account and role of the session, paced, with a progress bar on a terminal.
func list(ctx context.Context, opts *PopulateOptions, t session.Target, token string) ([]portal.Account, []assignment, error) {
	api, err := opts.Portal(t)
	if err != nil {
		return nil, nil, err
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
	accounts, as, err := fetch(ctx, api, token, opts.Workers, progress)
	if bar != nil {
		bar.finish()
	}
	if pace != nil {
		fmt.Fprintf(opts.Debug, "populate: paced to %.1f requests/s (0: the portal never throttled)\n", pace.Rate())
	}
	if err != nil {
		if errors.Is(err, portal.ErrUnauthorized) {
			return nil, nil, cmdutil.LoginRequired(t)
		}
		return nil, nil, cmdutil.WithHint(fmt.Errorf("list accounts and roles: %w", err), cmdutil.ExitRemote, "nothing was written; run awsso populate again")
	}
	return accounts, as, nil
}

// summarize says on stderr what the run found and did.
func summarize(opts *PopulateOptions, roles, accounts int, res result, file string) {
	verb := "added"
	if opts.DryRun {
		verb = "would add"
	}
	fmt.Fprintf(opts.IO.ErrOut, "sso-session %s: %d roles in %d accounts; %s %d profiles, kept %d", opts.Session, roles, accounts, verb, len(res.Added), res.Kept)
	if opts.Prune {
		fmt.Fprintf(opts.IO.ErrOut, ", removed %d", len(res.Removed))
	}
	fmt.Fprintf(opts.IO.ErrOut, " (%s)\n", file)
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
	_, err = io.WriteString(w, textdiff.Unified(name, name, string(data), string(d.Bytes())))
	return err
}
