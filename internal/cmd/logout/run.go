package logout

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/crash"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/signout"
)

func logoutRun(ctx context.Context, opts *LogoutOptions) error {
	cache, err := opts.TokenCache()
	if err != nil {
		return err
	}
	credsCache, err := opts.CredsCache()
	if err != nil {
		return err
	}
	s := &signout.Signer{Tokens: cache, Creds: credsCache, Portal: opts.Portal, Now: opts.Now, Timeout: opts.Timeout}
	var tokens []*signout.Token
	if opts.All {
		tokens, err = s.Every(sessionNames(opts))
	} else {
		tokens, err = oneSession(opts, s)
	}
	if err != nil {
		return err
	}
	res, err := s.Run(ctx, tokens, opts.All)
	var del *signout.DeleteError
	if errors.As(err, &del) {
		return cmdutil.WithHint(err, cmdutil.ExitError, "check the permissions of "+del.Dir)
	}
	if err != nil {
		return err
	}
	report(opts, tokens, res)
	for _, t := range tokens {
		var bug *crash.Error
		if errors.As(t.RevokeErr, &bug) {
			return bug // the files are gone all the same; the exit code and hint ask for a report
		}
	}
	return nil
}

// sessionNames are the sso-sessions of the config, which name their tokens in the report.
func sessionNames(opts *LogoutOptions) []string {
	cfg, err := opts.Config()
	if err != nil {
		return nil // the tokens are signed out all the same, named by start URL
	}
	var names []string
	for _, cs := range resolver.ConfiguredSessions(cfg) {
		if cs.Name != "" {
			names = append(names, cs.Name)
		}
	}
	return names
}

// oneSession is the token of --sso-session or the profile, with the roles of the profiles that
// sign in through it.
func oneSession(opts *LogoutOptions, s *signout.Signer) ([]*signout.Token, error) {
	sso, err := opts.Resolve(opts.Session)
	if err != nil {
		return nil, err
	}
	var roles []creds.Role
	if cfg, err := opts.Config(); err == nil {
		cs, _ := resolver.FindSession(cfg, sso)
		roles = cs.Roles
	}
	if own := resolver.RoleOf(sso); sso.HasRole() && !slices.ContainsFunc(roles, func(r creds.Role) bool { return r.Key() == own.Key() }) {
		roles = append(roles, own)
	}
	return []*signout.Token{s.One(resolver.TargetOf(sso), roles)}, nil
}

// report says on stderr what was signed out, what could not be, and what was deleted. A
// portal that could not be reached is said in the one line every command uses for network
// failures, and its hint once at the end.
func report(opts *LogoutOptions, tokens []*signout.Token, res signout.Result) {
	cs := opts.IO.ColorSchemeErr()
	w := opts.IO.ErrOut
	if len(tokens) == 1 && tokens[0].Entry.Token == nil && tokens[0].Entry.Err == nil {
		fmt.Fprintf(w, "Not logged in to %s: no token to sign out.\n", tokens[0].Label)
	}
	if len(tokens) == 0 {
		fmt.Fprintln(w, "No cached tokens: nothing to sign out of.")
	}
	var hints []string
	for _, t := range tokens {
		switch {
		case t.Entry.Token == nil && t.Entry.Err != nil:
			fmt.Fprintf(w, "%s Deleted the unreadable token file of %s.\n", cs.Green("✓"), t.Label)
		case t.Entry.Token == nil:
		case t.RevokeErr != nil:
			err := cmdutil.Explain(t.RevokeErr)
			fmt.Fprintf(w, "%s Logged out of %s on this machine only: %v\n", cs.Yellow("!"), t.Label, err)
			fmt.Fprintf(w, "  the token stays valid at AWS until %s\n", cmdutil.Until(t.Entry.Token.ExpiresAt, opts.Now()))
			var h cmdutil.Hinter
			if errors.As(err, &h) {
				for _, hint := range h.Hints() {
					if !slices.Contains(hints, hint) {
						hints = append(hints, hint)
					}
				}
			}
		case t.Skipped != "":
			fmt.Fprintf(w, "%s Logged out of %s (%s).\n", cs.Green("✓"), t.Label, t.Skipped)
		default:
			fmt.Fprintf(w, "%s Logged out of %s: signed out at the portal.\n", cs.Green("✓"), t.Label)
		}
	}
	var parts []string
	if res.TokenFiles > 0 {
		parts = append(parts, count(res.TokenFiles, "token file"))
	}
	if res.RoleCredentials > 0 {
		parts = append(parts, count(res.RoleCredentials, "cached role credential"))
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "Deleted %s; client registrations stay.\n", strings.Join(parts, " and "))
	}
	for _, h := range hints {
		fmt.Fprintf(w, "hint: %s\n", h)
	}
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
