package use

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/region"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/shellenv"
)

func useRun(ctx context.Context, opts *UseOptions) error {
	d, err := dialect(opts.IO, opts.Shell, "use", opts.LookupEnv)
	if err != nil {
		return err
	}
	if opts.Export && opts.IO.IsStdoutTTY() {
		return cmdutil.WithHint(errors.New("awsso use --export would print the credentials on this terminal"), cmdutil.ExitError,
			"run it through the awsso shell function (awsso shell-init), or send its output to eval")
	}
	if opts.Region != "" && !region.ValidHostLabel(opts.Region) {
		return cmdutil.FlagErrorf("invalid --region %q: a region looks like eu-west-1", opts.Region)
	}
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	if opts.Profile == "" {
		if !opts.IO.CanPrompt() {
			return cmdutil.WithHint(errors.New("awsso use needs a PROFILE argument: there is no terminal to pick one on"), cmdutil.ExitError,
				"list the profiles with 'awsso profiles --names'")
		}
		if opts.Profile, err = pick(opts, cfg); err != nil {
			return err
		}
	}
	u, sso, err := shellenv.Describe(cfg, opts.Profile)
	if err != nil {
		return err
	}
	if opts.Region != "" {
		u.Region, u.RegionFlag = opts.Region, true
	}
	if err := signInAndExport(ctx, opts, cfg, sso, &u); err != nil {
		return err
	}
	code, err := shellenv.Script(d, u.Changes(opts.LookupEnv, opts.Now(), time.Local))
	if err != nil {
		return err
	}
	_, err = opts.IO.Out.Write([]byte(code))
	return err
}

// signInAndExport resolves the profile, signs its session in when it must (sso, or the root of
// its role chain), and with --export puts its credentials in u.
func signInAndExport(ctx context.Context, opts *UseOptions, cfg *awsconfig.Config, sso *awsconfig.SSO, u *shellenv.Use) error {
	r, err := opts.Resolver()
	if err != nil {
		return err
	}
	// Named explicitly: keys in this shell's environment never stand in for the profile. A
	// profile with no credentials (region settings alone) still switches, unless --export.
	p, resolveErr := r.Resolve(cfg, opts.Profile, true)
	if sso == nil && resolveErr == nil && p.Root().SSO != nil {
		sso = p.Root().SSO // a role chain: its root's sign-in is what the SDKs will need
	}
	if sso != nil {
		if err := signedIn(ctx, opts, sso, u); err != nil {
			return err
		}
	}
	if !opts.Export {
		return nil
	}
	if resolveErr != nil {
		return resolveErr
	}
	return export(ctx, opts, r, p, u)
}

// export puts the credentials of p in u, with their expiry for the prompt.
func export(ctx context.Context, opts *UseOptions, r *resolver.Resolver, p *resolver.Profile, u *shellenv.Use) error {
	c, err := r.Credentials(ctx, p, resolver.Fetch{MFACode: opts.MFACode})
	if err != nil {
		return err
	}
	u.Credentials = &shellenv.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken}
	u.Expires, u.Refreshable = time.Time{}, false
	if !c.Expiration.IsZero() {
		u.Credentials.Expiration, u.Expires = c.ExpirationString(), c.Expiration
	}
	return nil
}

// signedIn checks the sign-in of s in the cache (no network): one that needs a login is signed
// in on a terminal, unless --no-login; otherwise use goes on with a warning, except with
// --export, which fails (exit 2). It records in u when the sign-in ends.
func signedIn(ctx context.Context, opts *UseOptions, s *awsconfig.SSO, u *shellenv.Use) error {
	sessions, err := opts.Sessions()
	if err != nil {
		return err
	}
	t := resolver.TargetOf(s)
	st := sessions.State(t)
	if needsLogin(st) && opts.IO.CanPrompt() && !opts.NoLogin {
		if _, err := opts.Login(ctx, s, opts.LoginFlags, cmdutil.LoginOptions{ReuseFresh: true}); err != nil {
			return cmdutil.Remote(fmt.Errorf("sign in to %s: %w", s.StartURL, err),
				"check the network connection and sso_region ("+s.Region+"); --debug traces each request")
		}
		st = sessions.State(t)
	}
	if needsLogin(st) {
		le := loginRequired(t, st)
		if opts.Export {
			return le // keys cannot be had, so nothing switches
		}
		warn(opts, le)
	}
	if st.Kind == session.StateValid || st.Kind == session.StateRefreshable {
		u.Expires, u.Refreshable = st.ExpiresAt, st.Refresh == session.RefreshSession
	}
	return nil
}

func needsLogin(st session.State) bool {
	return st.Kind != session.StateValid && st.Kind != session.StateRefreshable
}

// loginRequired is the error that says t needs a login, and why, from its state in the cache.
func loginRequired(t session.Target, st session.State) *session.LoginRequiredError {
	reason := "not logged in"
	switch st.Kind {
	case session.StateExpired:
		reason = "the session expired at " + st.ExpiresAt.UTC().Format("2006-01-02 15:04 UTC")
	case session.StateUnreadable:
		reason = "the token file is unreadable: a login replaces it"
	}
	return &session.LoginRequiredError{Target: t, Reason: reason}
}

// warn says on stderr that the session needs a login, and the command that does it.
func warn(opts *UseOptions, le *session.LoginRequiredError) {
	cs := opts.IO.ColorSchemeErr()
	fmt.Fprintf(opts.IO.ErrOut, "%s %s\n", cs.Yellow("warning:"), le.Error())
	for _, h := range le.Hints() {
		fmt.Fprintf(opts.IO.ErrOut, "%s %s\n", cs.Yellow("hint:"), h)
	}
}
