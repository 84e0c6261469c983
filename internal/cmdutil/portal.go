package cmdutil

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/smithy-go"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/session"
)

// LoginRequired turns the portal's refusal of a token into the error that says to log in again
// (exit code 2, with the login command).
func LoginRequired(t session.Target) error {
	return &session.LoginRequiredError{Target: t, Reason: "the access portal refused the session's token (signed out, revoked or expired)"}
}

// Remote marks an error from a remote call that carries no exit code of its own (the network,
// an AWS error after retries) as exit code 3 with hints; errors that choose their own exit
// code (not logged in, sign-in denied, config) and interruptions pass through.
func Remote(err error, hints ...string) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	var c ExitCoder
	if errors.As(err, &c) {
		return err
	}
	if explained := Explain(err); explained != err {
		return explained // a network failure, said in one line with what to check
	}
	var api smithy.APIError
	switch {
	case len(hints) > 0:
	case errors.As(err, &api): // the service answered: the network is fine
		hints = []string{"run the command again with --debug to see each request and its answer"}
	default:
		hints = []string{"check the network connection and the sso_region of the session; --debug traces each request"}
	}
	return WithHint(err, ExitRemote, hints...)
}

// PortalSession is what the portal commands need: a client for the session's region and a
// valid access token, refreshed if needed.
type PortalSession struct {
	API    portal.API
	Token  string
	Target session.Target
}

// Portal returns a portal client and a valid token for the session of s. No usable token is
// a *session.LoginRequiredError (exit 2 with the login command).
func (f *Factory) Portal(ctx context.Context, s *awsconfig.SSO) (*PortalSession, error) {
	sessions, err := f.Sessions()
	if err != nil {
		return nil, err
	}
	t := resolver.TargetOf(s)
	tok, err := sessions.Token(ctx, t)
	if err != nil {
		return nil, Remote(err)
	}
	api, err := f.PortalClient(t)
	if err != nil {
		return nil, err
	}
	return &PortalSession{API: api, Token: tok.AccessToken, Target: t}, nil
}

// Check turns an error of a portal call into what the user must do: the portal's refusal of
// the token is a *session.LoginRequiredError, other failures are remote errors (exit 3).
func (p *PortalSession) Check(err error) error {
	if errors.Is(err, portal.ErrUnauthorized) {
		return LoginRequired(p.Target)
	}
	var denied *portal.NoAccessError
	if errors.As(err, &denied) {
		denied.ListCommand = AccountsCommand(p.Target)
	}
	return Remote(err)
}

// AccountsCommand is the command that lists the accounts of t's session: "awsso accounts
// --sso-session corp", "awsso accounts --profile old" for a legacy profile.
func AccountsCommand(t session.Target) string {
	return "awsso accounts" + strings.TrimPrefix(t.LoginCommand(), "awsso login")
}

// ProfileOutput is the output key of the profile s was resolved from ("" for an sso-session
// on its own, or when the config cannot be read), for OutputFormat.
func ProfileOutput(config func() (*awsconfig.Config, error), s *awsconfig.SSO) string {
	if s == nil || s.Profile == "" {
		return ""
	}
	cfg, err := config()
	if err != nil {
		return ""
	}
	p, ok := cfg.Profile(s.Profile)
	if !ok {
		return ""
	}
	out, _ := p.Get("output")
	return out
}
