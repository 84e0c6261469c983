package cmdutil

import (
	"errors"
	"fmt"
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/session"
)

// TargetResolver is ResolveTarget for the command named by command ("awsso login"): when no
// --sso-session, --profile or AWS_PROFILE names what to act on and there is no default
// profile, the error names the sso-sessions and profiles the config has, as the exact
// commands to run, instead of suggesting to create a default profile.
func (f *Factory) TargetResolver(command string) func(sessionFlag string) (*awsconfig.SSO, error) {
	return func(sessionFlag string) (*awsconfig.SSO, error) {
		s, err := f.ResolveTarget(sessionFlag)
		var notFound *awsconfig.ProfileNotFoundError
		if err == nil || sessionFlag != "" || f.ProfileExplicit() || !errors.As(err, &notFound) {
			return s, err
		}
		cfg, cfgErr := f.Config()
		if cfgErr != nil {
			return nil, err
		}
		hints := SessionHints(cfg, command)
		if len(hints) == 0 {
			return nil, err
		}
		return nil, WithHint(fmt.Errorf("%s needs --sso-session NAME or --profile NAME: there is no default profile", command), ExitError, hints...)
	}
}

// SessionHints are the commands that run command ("awsso populate") for the sso-sessions of
// cfg, and for its profiles with IAM Identity Center settings: one line each when there are
// few, else one line listing the names. None when cfg has neither.
func SessionHints(cfg *awsconfig.Config, command string) []string {
	var sessions, profiles []string
	for _, s := range cfg.SSOSessions() {
		sessions = append(sessions, s.Name)
	}
	for _, p := range cfg.Profiles() {
		if _, err := cfg.ResolveSignIn(p.Name); err == nil {
			profiles = append(profiles, p.Name)
		}
	}
	var hints []string
	if len(sessions) > 0 {
		hints = append(hints, choices(command, "--sso-session", sessions))
	}
	if len(profiles) > 0 && !strings.HasPrefix(command, "awsso populate") {
		hints = append(hints, choices(command, "--profile", profiles))
	}
	return hints
}

// choices says how to run command for one of names: "run: awsso login --sso-session corp"
// for one name, else the names to choose from.
func choices(command, flag string, names []string) string {
	if len(names) == 1 {
		return "run: " + command + " " + flag + " " + shellWord(names[0])
	}
	const most = 6
	shown := make([]string, 0, most)
	for _, name := range names[:min(len(names), most)] {
		shown = append(shown, shellWord(name))
	}
	more := ""
	if len(names) > most {
		more = fmt.Sprintf(" and %d more", len(names)-most)
	}
	return fmt.Sprintf("run: %s %s NAME, with NAME one of %s%s", command, flag, strings.Join(shown, ", "), more)
}

// shellWord quotes name for a shell as the login command in every hint does.
func shellWord(name string) string {
	return strings.TrimPrefix(session.Target{Session: name}.LoginCommand(), "awsso login --sso-session ")
}
