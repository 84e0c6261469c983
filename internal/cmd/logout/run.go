package logout

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/crash"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/fsutil"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/region"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/tokencache"
)

// signOut is one token to sign out of.
type signOut struct {
	label  string           // "sso-session corp", "start URL https://..."
	target session.Target   // region and profile for the portal client
	entry  tokencache.Entry // the token file; Token nil when unreadable
	roles  []creds.Role     // the role credentials to delete (targeted logout only)

	revokeErr error // why the portal sign-out failed, if it did
	skipped   string
}

func logoutRun(ctx context.Context, opts *LogoutOptions) error {
	cache, err := opts.TokenCache()
	if err != nil {
		return err
	}
	credsCache, err := opts.CredsCache()
	if err != nil {
		return err
	}
	// Refuse folders that are not the user's own before signing anything out.
	for _, dir := range []string{cache.Dir, credsCache.Dir} {
		if err := fsutil.CheckPrivateDir(dir); err != nil {
			return err
		}
	}
	var work []*signOut
	if opts.All {
		work, err = everyToken(opts, cache)
	} else {
		work, err = oneSession(opts, cache)
	}
	if err != nil {
		return err
	}
	revokeAll(ctx, opts, work)
	deleted, removedCreds := 0, 0
	for _, w := range work {
		if err := cache.Delete(w.entry); err != nil {
			return cmdutil.WithHint(err, cmdutil.ExitError, "check the permissions of "+cache.Dir)
		}
		if w.entry.Token != nil || w.entry.Err != nil {
			deleted++
		}
		for _, r := range w.roles {
			ok, err := credsCache.DeleteSSOKey(r.Key())
			if err != nil {
				return cmdutil.WithHint(err, cmdutil.ExitError, "check the permissions of "+credsCache.Dir)
			}
			if ok {
				removedCreds++
			}
		}
	}
	if opts.All {
		if removedCreds, err = credsCache.DeleteSSO(); err != nil {
			return cmdutil.WithHint(err, cmdutil.ExitError, "check the permissions of "+credsCache.Dir)
		}
	}
	report(opts, work, deleted, removedCreds)
	for _, w := range work {
		var bug *crash.Error
		if errors.As(w.revokeErr, &bug) {
			return bug // the files are gone all the same; the exit code and hint ask for a report
		}
	}
	return nil
}

// everyToken lists every token file of the cache, named after the config's sessions where it
// can be.
func everyToken(opts *LogoutOptions, cache tokencache.Cache) ([]*signOut, error) {
	entries, err := cache.Scan()
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	if cfg, err := opts.Config(); err == nil {
		for _, cs := range resolver.ConfiguredSessions(cfg) {
			if cs.Name != "" {
				names[cache.TokenPath(cs.Name, "")] = "sso-session " + cs.Name
			}
		}
	}
	var work []*signOut
	for _, e := range entries {
		if e.Token == nil {
			continue // not a token (a corrupt registration, say): 'aws sso logout' leaves it too
		}
		label := names[e.Path]
		if label == "" {
			label = "start URL " + e.Token.StartURL
		}
		work = append(work, &signOut{label: label, entry: e,
			target: session.Target{StartURL: e.Token.StartURL, Region: e.Token.Region}})
	}
	return work, nil
}

// oneSession is the token of --sso-session or the profile, with the roles of the profiles that
// sign in through it.
func oneSession(opts *LogoutOptions, cache tokencache.Cache) ([]*signOut, error) {
	s, err := opts.Resolve(opts.Session)
	if err != nil {
		return nil, err
	}
	t := resolver.TargetOf(s)
	w := &signOut{label: "sso-session " + s.Session, target: t, entry: tokencache.Entry{Path: cache.TokenPath(s.Session, s.StartURL)}}
	if s.Legacy() {
		w.label = "start URL " + s.StartURL
	}
	w.entry.Token, w.entry.Err = cache.LoadToken(s.Session, s.StartURL)
	if w.entry.Err == tokencache.ErrNotFound {
		w.entry.Err = nil
	}
	if cfg, err := opts.Config(); err == nil {
		cs, _ := resolver.FindSession(cfg, s)
		w.roles = cs.Roles
	}
	if s.HasRole() && !hasRole(w.roles, resolver.RoleOf(s)) {
		w.roles = append(w.roles, resolver.RoleOf(s))
	}
	return []*signOut{w}, nil
}

func hasRole(roles []creds.Role, r creds.Role) bool {
	for _, x := range roles {
		if x.Key() == r.Key() {
			return true
		}
	}
	return false
}

// revokeAll signs every live token out at the portal at once, within opts.Timeout in all.
func revokeAll(ctx context.Context, opts *LogoutOptions, work []*signOut) {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultRevokeTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var wg sync.WaitGroup
	for _, w := range work {
		tok := w.entry.Token
		switch {
		case tok == nil:
			continue
		case !tok.Valid(opts.Now(), 0):
			w.skipped = "the token had expired"
			continue
		case !region.ValidHostLabel(w.target.Region):
			w.skipped = "the token file names no region"
			continue
		}
		api, err := opts.Portal(w.target)
		if err != nil {
			w.revokeErr = err
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.revokeErr = revoke(ctx, api, tok.AccessToken)
			switch {
			case errors.Is(w.revokeErr, portal.ErrUnauthorized):
				w.revokeErr, w.skipped = nil, "the portal no longer knew the token"
			case errors.Is(w.revokeErr, context.DeadlineExceeded):
				w.revokeErr = fmt.Errorf("no answer within %s (network down?)", timeout)
			}
		}()
	}
	wg.Wait()
}

// report says on stderr what was signed out, what could not be, and what was deleted.
func report(opts *LogoutOptions, work []*signOut, tokens, roleCreds int) {
	cs := opts.IO.ColorSchemeErr()
	w := opts.IO.ErrOut
	if len(work) == 1 && work[0].entry.Token == nil && work[0].entry.Err == nil {
		fmt.Fprintf(w, "Not logged in to %s: no token to sign out.\n", work[0].label)
	}
	if len(work) == 0 {
		fmt.Fprintln(w, "No cached tokens: nothing to sign out of.")
	}
	for _, s := range work {
		switch {
		case s.entry.Token == nil && s.entry.Err != nil:
			fmt.Fprintf(w, "%s Deleted the unreadable token file of %s.\n", cs.Green("✓"), s.label)
		case s.entry.Token == nil:
		case s.revokeErr != nil:
			fmt.Fprintf(w, "%s Logged out of %s locally, but could not sign out at the portal: %v\n",
				cs.Yellow("!"), s.label, s.revokeErr)
			fmt.Fprintf(w, "  the token stays valid at AWS until %s\n", cmdutil.Until(s.entry.Token.ExpiresAt, opts.Now()))
		case s.skipped != "":
			fmt.Fprintf(w, "%s Logged out of %s (%s).\n", cs.Green("✓"), s.label, s.skipped)
		default:
			fmt.Fprintf(w, "%s Logged out of %s: signed out at the portal.\n", cs.Green("✓"), s.label)
		}
	}
	var parts []string
	if tokens > 0 {
		parts = append(parts, count(tokens, "token file"))
	}
	if roleCreds > 0 {
		parts = append(parts, count(roleCreds, "cached role credential"))
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "Deleted %s; client registrations stay.\n", strings.Join(parts, " and "))
	}
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// revoke signs one token out at the portal, turning a panic into an error that the report
// shows like any other failure.
func revoke(ctx context.Context, api portal.API, accessToken string) (err error) {
	defer crash.Recover(&err)
	return portal.Logout(ctx, api, accessToken)
}
