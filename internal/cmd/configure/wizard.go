package configure

import (
	"fmt"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/prompt"
)

// wizard holds the answers as they come.
type wizard struct {
	opts   *ConfigureOptions
	cfg    *awsconfig.Config
	ask    prompt.Prompter // nil when nothing may be asked
	reason string          // why nothing may be asked, for missing-answer hints

	existing *awsconfig.Profile // the --profile profile when it exists
	// sessionEdits are the keys to write in the session's section: all of a new session's,
	// the missing ones of an incomplete session.
	sessionEdits [][2]string
	sso          awsconfig.SSO // sign-in settings, then account and role

	region, output string
	profile        string
	// confirmedOverwrite records that the user agreed to overwrite an existing profile.
	confirmedOverwrite bool
}

// newWizard loads the config, trims the answers given as flags and checks them, and gets the
// prompter when questions may be asked.
func newWizard(opts *ConfigureOptions) (*wizard, error) {
	opts.trim()
	cfg, err := opts.Config()
	if err != nil {
		return nil, err
	}
	w := &wizard{opts: opts, cfg: cfg, profile: opts.Profile}
	if opts.Profile != "" {
		if p, ok := cfg.Profile(opts.Profile); ok {
			w.existing = p
		}
	}
	switch {
	case opts.NonInteractive:
		w.reason = "--non-interactive never asks: pass every answer as a flag"
	case !opts.IO.CanPrompt():
		w.reason = "standard input is not a terminal, so nothing can be asked: pass the answer as a flag, or run on a terminal"
	default:
		if w.ask, err = opts.Prompter(); err != nil {
			return nil, err
		}
	}
	if err := w.checkFlags(); err != nil {
		return nil, err
	}
	return w, nil
}

// current returns a key of the existing profile, or "".
func (w *wizard) current(key string) string {
	if w.existing == nil {
		return ""
	}
	v, _ := w.existing.Get(key)
	return v
}

// question is one thing the wizard may ask.
type question struct {
	flag     string
	text     string // as the AWS CLI asks it
	def      string
	required bool   // an empty answer is not allowed
	what     string // for the missing-answer error: what the flag gives
	validate func(string) error
}

// answer returns the flag's value when the flag was given (validated), else asks, else takes
// the default (validated too, as the prompter validates a default it applies), else fails
// naming the flag when the answer is required.
func (w *wizard) answer(q question) (string, error) {
	check := func(v string) error {
		if v == "" {
			if q.required {
				return fmt.Errorf("a value is required")
			}
			return nil
		}
		if q.validate != nil {
			return q.validate(v)
		}
		return nil
	}
	if w.opts.Given[q.flag] {
		v := w.flagValue(q.flag)
		if err := check(v); err != nil {
			return "", cmdutil.FlagErrorf("invalid --%s %q: %v", q.flag, awsconfig.RedactURL(v), err)
		}
		return v, nil
	}
	if w.ask != nil {
		return w.ask.Input(q.text, q.def, check)
	}
	if q.def != "" {
		if err := check(q.def); err != nil {
			return "", cmdutil.WithHint(fmt.Errorf("the current value %q for --%s cannot be used: %v", awsconfig.RedactURL(q.def), q.flag, err),
				cmdutil.ExitError, "pass --"+q.flag+" with the value to use instead")
		}
		return q.def, nil
	}
	if !q.required {
		return "", nil
	}
	return "", &missingError{flag: q.flag, what: q.what, why: w.reason}
}

func (w *wizard) flagValue(flag string) string {
	o := w.opts
	switch flag {
	case flagSession:
		return o.SessionName
	case flagStartURL:
		return o.StartURL
	case flagSSORegion:
		return o.SSORegion
	case flagScopes:
		return o.Scopes
	case flagAccountID:
		return o.AccountID
	case flagRoleName:
		return o.RoleName
	case flagRegion:
		return o.Region
	case flagOutput:
		return o.OutputFormat
	}
	return ""
}

// say prints a line of the wizard's transcript on stderr.
func (w *wizard) say(format string, args ...any) {
	fmt.Fprintf(w.opts.IO.ErrOut, format+"\n", args...)
}

// signInSettings settles the sso-session name, and for a new session or a legacy profile the
// start URL, SSO region and (new session) registration scopes.
func (w *wizard) signInSettings() error {
	name, err := w.sessionName()
	if err != nil {
		return err
	}
	w.sso.Session = name
	if name != "" {
		if _, ok := w.cfg.SSOSession(name); ok {
			return w.useExistingSession(name)
		}
		// A profile given with --profile lends its own sign-in settings as defaults (legacy form).
		w.sessionEdits, err = w.askSession(sessionKeys, w.current)
		return err
	}
	cs := w.opts.IO.ColorSchemeErr()
	w.say("%s", cs.Yellow("WARNING: Configuring using legacy format (e.g. without an SSO session)."))
	w.say("%s", cs.Yellow("Consider re-running with a session name: one sign-in then serves every profile of the session, and it refreshes."))
	_, err = w.askSession(sessionKeys[:2], w.current) // a legacy profile has no registration scopes
	return err
}

// sessionName asks for the sso-session name: the existing profile's is the default; without one
// the question is "(Recommended)" and an empty answer means a legacy profile. When nothing may
// be asked, the flag is required (empty for a legacy profile), except for an existing
// legacy profile, whose form is its default as its other values are.
func (w *wizard) sessionName() (string, error) {
	def := w.current(awsconfig.KeySSOSession)
	if def == "" && !w.opts.Given[flagSession] {
		if w.ask != nil {
			return w.ask.Input("SSO session name (Recommended)", "", func(s string) error {
				if s == "" {
					return nil // a legacy profile
				}
				return w.validSessionName(s)
			})
		}
		if w.current(awsconfig.KeyStartURL) == "" {
			return "", &missingError{flag: flagSession, note: "pass --sso-session '' for a legacy profile", why: w.reason}
		}
	}
	return w.answer(question{flag: flagSession, text: "SSO session name", def: def, validate: w.validSessionName})
}

// clientSettings asks for the profile's default client region and output format; the existing
// profile's values are the defaults.
func (w *wizard) clientSettings() error {
	var err error
	if w.region, err = w.answer(question{flag: flagRegion, text: "Default client Region", def: w.current(awsconfig.KeyRegion), validate: validRegion}); err != nil {
		return err
	}
	w.output, err = w.answer(question{flag: flagOutput, text: "CLI default output format (json if not specified)", def: w.current("output"), validate: validOutput})
	return err
}
