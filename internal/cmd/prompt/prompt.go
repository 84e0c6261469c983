// Package prompt implements `awsso prompt`: the prompt segment awsso_prompt shows, for prompts
// that run a command (starship, powerlevel10k, tmux), from the config and the token cache. It
// never calls the network, takes no lock and writes nothing, since a prompt runs it at every
// Enter.
package prompt

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/shellenv"
)

// PromptOptions are the inputs of the prompt command.
type PromptOptions struct {
	IO        *iostreams.IOStreams
	LookupEnv func(string) (string, bool)
	Now       func() time.Time
	Config    func() (*awsconfig.Config, error)
	// Sessions reads the state of sign-ins from the token cache, as status does.
	Sessions func() (*session.Manager, error)
	// Debug receives what went wrong reading the config (the prompt itself stays quiet).
	Debug io.Writer

	Profile string // --profile
	Format  string // --format
}

// NewCmdPrompt returns the prompt command; runF replaces the run function in tests.
func NewCmdPrompt(f *cmdutil.Factory, runF func(*PromptOptions) error) *cobra.Command {
	opts := &PromptOptions{IO: f.IOStreams, LookupEnv: f.LookupEnv, Now: f.Now, Config: f.Config, Sessions: f.Sessions}
	cmd := &cobra.Command{
		Use:   "prompt [--format TEMPLATE]",
		Short: "Print the prompt segment of the profile this shell uses",
		Long: `Print what awsso_prompt shows, for prompts that run a command (a starship custom module,
a powerlevel10k segment, a tmux status line): the profile the shell uses (AWS_PROFILE, else
the AWSSO_PROFILE of 'awsso use --export'), its account, role and region, and the time its
sign-in has left, or "expired" or "not logged in", as 'awsso status' says. Nothing at all
when no profile is in use. It reads the config and the token cache only: no network, no lock,
nothing written.

--format TEMPLATE chooses the text: {profile}, {account}, {role}, {region}, {left} (time
left or state), {expires} (the local time the sign-in ends) and {session} (the sso-session).`,
		Example: `  awsso prompt                             # dev (111122223333/ReadOnly eu-west-1 42m)
  awsso prompt --format '{profile}@{region}'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Profile = f.ProfileFlag
			opts.Debug = f.DebugWriter()
			if runF != nil {
				return runF(opts)
			}
			return promptRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "", "the text, with {profile} {account} {role} {region} {left} {expires} {session}")
	return cmd
}

func promptRun(opts *PromptOptions) error {
	tmpl, err := parseTemplate(opts.Format)
	if err != nil {
		return &cmdutil.FlagError{Err: err}
	}
	f := opts.fields()
	if f.Profile == "" {
		return nil
	}
	text := f.String()
	if tmpl != nil {
		text = tmpl.render(f)
	}
	_, err = fmt.Fprintln(opts.IO.Out, text)
	return err
}

// fields gathers what the prompt shows. A config that cannot be read leaves out what it would
// have said, since a prompt must not fill the screen with errors; --debug says why.
func (opts *PromptOptions) fields() fields {
	var f fields
	env := func(name string) string { v, _ := opts.LookupEnv(name); return v }
	exported := false
	if f.Profile = opts.Profile; f.Profile == "" {
		f.Profile, _ = shellenv.InUse(opts.LookupEnv)
		exported = env(shellenv.EnvProfile) == "" && env(shellenv.EnvDefaultProfile) == ""
	}
	if f.Profile == "" {
		return f
	}
	f.Region = env(shellenv.EnvRegion)
	if f.Region == "" {
		f.Region = env(shellenv.EnvDefaultRegion)
	}
	now := opts.Now()
	f.now = now
	if exp, err := time.Parse(time.RFC3339, env(shellenv.EnvExpiration)); exported && err == nil {
		f.setLeft(exp, now, false)
	}
	cfg, err := opts.Config()
	if err != nil {
		fmt.Fprintf(opts.Debug, "debug: prompt: %v\n", err)
		return f
	}
	u, s, err := shellenv.Describe(cfg, f.Profile)
	if err != nil {
		fmt.Fprintf(opts.Debug, "debug: prompt: %v\n", err)
		return f
	}
	f.Account, f.Role = u.AccountID, u.RoleName
	if f.Region == "" {
		f.Region = u.Region
	}
	if s == nil || exported {
		return f
	}
	f.session = s.Session
	sessions, err := opts.Sessions()
	if err != nil {
		fmt.Fprintf(opts.Debug, "debug: prompt: %v\n", err)
		return f
	}
	st := sessions.State(resolver.TargetOf(s))
	switch st.Kind {
	case session.StateValid, session.StateRefreshable:
		f.setLeft(st.ExpiresAt, now, st.Refresh == session.RefreshSession)
	default:
		f.Left = string(st.Kind)
	}
	return f
}

// fields are the values a template can show.
type fields struct {
	shellenv.Segment
	expires time.Time
	now     time.Time
	session string
}

// setLeft records an end time: the time left, or "expired" once it passed, unless awsso
// refreshes the sign-in by itself (refreshable), which awsso_prompt shows the same way.
func (f *fields) setLeft(exp, now time.Time, refreshable bool) {
	f.expires = exp
	switch {
	case exp.After(now):
		f.Left = session.Left(exp.Sub(now))
	case !refreshable:
		f.Left = "expired"
	}
}
