package configure

import (
	"context"
	"slices"

	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
)

// NewCmdConfigureSession returns `configure sso-session` (the AWS CLI's aws configure
// sso-session): the session questions of the wizard, written to the [sso-session NAME] section
// alone, with no sign-in; runF replaces the run function in tests.
func NewCmdConfigureSession(f *cmdutil.Factory, runF func(*ConfigureOptions) error) *cobra.Command {
	opts := newOptions(f)
	cmd := &cobra.Command{
		Use:   "sso-session",
		Short: "Set up an sso-session without a profile (like: aws configure sso-session)",
		Long: `Ask the questions of 'aws configure sso-session': SSO session name, start URL, SSO region
and registration scopes (default sso:account:access), and write the [sso-session NAME] section
of the config file; nothing else in it changes. For a session that exists, its values are the
defaults and the section is updated in place. Nothing is signed in: the command ends with the
'awsso login --sso-session NAME' to run.

Every question has a flag. With --non-interactive, or when standard input is not a terminal,
nothing is asked: a missing answer is an error that names its flag.`,
		Example: `  awsso configure sso-session
  awsso configure sso-session --non-interactive --sso-session corp \
      --start-url https://d-1234567890.awsapps.com/start --sso-region us-east-1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Given = given(cmd)
			if runF != nil {
				return runF(opts)
			}
			return sessionRun(cmd.Context(), opts)
		},
	}
	sessionFlags(cmd.Flags(), opts, "sso-session `NAME` (an existing one is updated in place)")
	return cmd
}

func sessionRun(ctx context.Context, opts *ConfigureOptions) error {
	w, err := newWizard(opts)
	if err != nil {
		return err
	}
	name, err := w.answer(question{flag: flagSession, text: "SSO session name", required: true,
		what: "the name of the sso-session", validate: w.validSessionName})
	if err != nil {
		return err
	}
	have := func(key string) string { return "" }
	if sess, ok := w.cfg.SSOSession(name); ok {
		have = func(key string) string { v, _ := sess.Get(key); return v }
	}
	edits, err := w.askSession(sessionKeys, have)
	if err != nil {
		return err
	}
	// What did not change keeps its line as it is (a "sso:account:access, openid" stays so).
	edits = slices.DeleteFunc(edits, func(kv [2]string) bool { return sameSetting(kv[0], kv[1], have(kv[0])) })
	if len(edits) > 0 {
		if err := awsconfig.Update(ctx, w.cfg.Paths().Config, func(d *awsconfig.Document) error {
			return setAll(d, awsconfig.SSOSessionRef(name), edits)
		}); err != nil {
			return err
		}
	}
	cs := w.opts.IO.ColorSchemeErr()
	w.say("")
	w.say("Completed configuring SSO session: %s", name)
	w.say("Sign in to it with: %s", cs.Cyan("awsso login --sso-session "+name))
	return nil
}
