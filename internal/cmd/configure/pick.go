package configure

import (
	"context"
	"errors"
	"fmt"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/textsafe"
	"github.com/awsso/awsso/internal/tokencache"
)

// target is the sign-in the wizard works with.
func (w *wizard) target() session.Target {
	t := resolver.TargetOf(&w.sso)
	t.Profile = w.opts.Profile
	return t
}

// signIn reuses a valid cached token of the session (of the same start URL), else signs in.
// cached reports which it did.
func (w *wizard) signIn(ctx context.Context) (tok *tokencache.Token, cached bool, err error) {
	t := w.target()
	if tok, err := w.opts.Cached(ctx, t); err == nil && awsconfig.SameStartURL(tok.StartURL, t.StartURL) && (tok.Region == "" || tok.Region == t.Region) {
		w.say("Using the cached sign-in to %s.", t.StartURL)
		return tok, true, nil
	}
	tok, err = w.login(ctx)
	return tok, false, err
}

func (w *wizard) login(ctx context.Context) (*tokencache.Token, error) {
	s := w.sso
	s.Profile = w.opts.Profile
	return w.opts.Login(ctx, &s, w.opts.LoginFlags)
}

// pickWithSignIn picks the account and role with tok; when the portal refuses a cached token
// (signed out elsewhere, revoked), it signs in afresh and picks again, since the cache would
// offer the same refused token to every later run.
func (w *wizard) pickWithSignIn(ctx context.Context, tok *tokencache.Token, cached bool) error {
	err := w.pickAccountAndRole(ctx, tok)
	if !cached || !errors.Is(err, portal.ErrUnauthorized) {
		return err
	}
	w.say("The portal refused the cached sign-in to %s (signed out or revoked): signing in again.", w.target().StartURL)
	if tok, err = w.login(ctx); err != nil {
		return err
	}
	return w.pickAccountAndRole(ctx, tok)
}

// pickAccountAndRole lists the accounts, lets the user pick one (or takes --account-id), then
// the same for its roles.
func (w *wizard) pickAccountAndRole(ctx context.Context, tok *tokencache.Token) error {
	api, err := w.opts.Portal(w.target())
	if err != nil {
		return err
	}
	accounts, err := portal.Accounts(ctx, api, tok.AccessToken)
	if err != nil {
		return signInAgain(err)
	}
	if len(accounts) == 0 {
		return cmdutil.WithHint(errNoAccounts, cmdutil.ExitError, "ask your administrator to assign you to an account in IAM Identity Center")
	}
	labels := make([]string, len(accounts))
	current := -1
	for i, a := range accounts {
		labels[i] = displayAccount(a)
		if a.ID == w.current(awsconfig.KeyAccountID) {
			current = i
		}
	}
	i, err := w.pick(choice{flag: flagAccountID, question: "Account", labels: labels, current: current,
		match: func(v string) int { return indexOf(len(accounts), func(i int) bool { return accounts[i].ID == v }) },
		only:  "The only AWS account available to you is: %s", many: "There are %d AWS accounts available to you.", what: "account"})
	if err != nil {
		return err
	}
	w.sso.AccountID = accounts[i].ID
	w.say("Using the account ID %s", w.sso.AccountID)

	roles, err := portal.Roles(ctx, api, tok.AccessToken, w.sso.AccountID)
	if err != nil {
		return signInAgain(err)
	}
	if len(roles) == 0 {
		return cmdutil.WithHint(fmt.Errorf("no roles are available to you in account %s", w.sso.AccountID), cmdutil.ExitError,
			"pick another account, or ask your administrator to assign you a permission set in it")
	}
	names := make([]string, len(roles))
	current = -1
	for i, r := range roles {
		names[i] = textsafe.Clean(r.Name)
		if r.Name == w.current(awsconfig.KeyRoleName) {
			current = i
		}
	}
	i, err = w.pick(choice{flag: flagRoleName, question: "Role", labels: names, current: current,
		match: func(v string) int { return indexOf(len(roles), func(i int) bool { return roles[i].Name == v }) },
		only:  "The only role available to you is: %s", many: "There are %d roles available to you.", what: "role"})
	if err != nil {
		return err
	}
	w.sso.RoleName = roles[i].Name
	w.say("Using the role name %q", w.sso.RoleName)
	return nil
}

// choice is a pick from a list the portal gave.
type choice struct {
	flag, question string
	labels         []string
	current        int // the existing profile's choice, or -1
	match          func(flagValue string) int
	only, many     string // what the AWS CLI says for one and for several options
	what           string
}

func (w *wizard) pick(c choice) (int, error) {
	if w.opts.Given[c.flag] {
		v := w.flagValue(c.flag) // checked by checkFlags
		if i := c.match(v); i >= 0 {
			return i, nil
		}
		return 0, cmdutil.WithHint(fmt.Errorf("--%s %s: no such %s is available to you (%d are)", c.flag, v, c.what, len(c.labels)),
			cmdutil.ExitError, "leave --"+c.flag+" out to pick from the list, or check the name with 'awsso accounts' and 'awsso roles'")
	}
	if len(c.labels) == 1 {
		w.say(c.only, c.labels[0])
		return 0, nil
	}
	if w.ask == nil && c.current >= 0 {
		return c.current, nil // the existing profile's, as answer takes its other values
	}
	if w.ask == nil {
		return 0, &missingError{flag: c.flag, what: fmt.Sprintf("%d %ss are available to you, pick one", len(c.labels), c.what), why: w.reason}
	}
	w.say(c.many, len(c.labels))
	return w.ask.Select(c.question, c.labels, max(c.current, 0))
}

func indexOf(n int, ok func(int) bool) int {
	for i := range n {
		if ok(i) {
			return i
		}
	}
	return -1
}

// displayAccount shows an account as the AWS CLI lists it: "Name, email (id)", with what
// the portal sent made safe for the terminal.
func displayAccount(a portal.Account) string {
	return textsafe.Clean(accountLabel(a))
}

func accountLabel(a portal.Account) string {
	switch {
	case a.Name == "" && a.Email == "":
		return a.ID
	case a.Email == "":
		return fmt.Sprintf("%s (%s)", a.Name, a.ID)
	case a.Name == "":
		return fmt.Sprintf("%s (%s)", a.Email, a.ID)
	}
	return fmt.Sprintf("%s, %s (%s)", a.Name, a.Email, a.ID)
}

// signInAgain adds advice to a portal error: a token refused right after a sign-in is a
// session the portal does not take (exit 2, as every command that needs a sign-in).
func signInAgain(err error) error {
	if errors.Is(err, portal.ErrUnauthorized) {
		return cmdutil.WithHint(err, cmdutil.ExitLoginRequired, "check the start URL and sso_region of the session, then run awsso configure again")
	}
	return cmdutil.WithHint(err, cmdutil.ExitRemote, "check your network and the sso-session's region, then run awsso configure again")
}
