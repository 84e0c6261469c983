package signout

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/awsso/awsso/internal/crash"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/fsutil"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/region"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/tokencache"
)

// DefaultTimeout bounds the sign-out calls at the portal, all tokens together: on a dead
// network the files are deleted after this long.
const DefaultTimeout = 5 * time.Second

// Token is one token to sign out of, and, after Run, what became of it.
type Token struct {
	// Label names the sign-in: "sso-session corp", or "start URL https://..." for a legacy
	// profile or a token the config does not name.
	Label string
	// Target gives the region (and profile) of the portal client.
	Target session.Target
	// Entry is the token file; its Token is nil when the file is missing or unreadable (Err
	// says why for the latter).
	Entry tokencache.Entry
	// Roles are the role credentials to delete with the token (a single sign-in's sign-out).
	Roles []creds.Role

	// RevokeErr is why the portal sign-out failed, if it did.
	RevokeErr error
	// Skipped says why the portal was not asked, or needed nothing: "the token had expired".
	Skipped string
}

// Signer signs tokens out of the portal and the caches.
type Signer struct {
	Tokens tokencache.Cache
	Creds  creds.Cache
	// Portal returns a portal client for the target's region.
	Portal func(t session.Target) (portal.API, error)
	Now    func() time.Time
	// Timeout bounds the portal sign-out (DefaultTimeout when zero).
	Timeout time.Duration
}

// Every lists every token file of the cache, as `aws sso logout` signs out. sessions are the
// sso-session names of the config: a token of one of them is labelled with its name.
func (s *Signer) Every(sessions []string) ([]*Token, error) {
	entries, err := s.Tokens.Scan()
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, name := range sessions {
		names[s.Tokens.TokenPath(name, "")] = name
	}
	var out []*Token
	for _, e := range entries {
		if e.Token == nil {
			continue // not a token (a corrupt registration, say): 'aws sso logout' leaves it too
		}
		target := session.Target{Session: names[e.Path], StartURL: e.Token.StartURL, Region: e.Token.Region}
		out = append(out, &Token{Label: target.String(), Entry: e, Target: target})
	}
	return out, nil
}

// One is the token of a single sign-in, cached or not, with the role credentials to delete
// with it.
func (s *Signer) One(t session.Target, roles []creds.Role) *Token {
	tok := &Token{Label: t.String(), Target: t, Roles: roles,
		Entry: tokencache.Entry{Path: s.Tokens.TokenPath(t.Session, t.StartURL)}}
	tok.Entry.Token, tok.Entry.Err = s.Tokens.LoadToken(t.Session, t.StartURL)
	if tok.Entry.Err == tokencache.ErrNotFound {
		tok.Entry.Err = nil // no file: nothing to sign out of, nothing unreadable to report
	}
	return tok
}

// Result says what Run deleted.
type Result struct {
	// TokenFiles counts the token files deleted, unreadable ones included.
	TokenFiles int
	// RoleCredentials counts the role credential files deleted.
	RoleCredentials int
}

// DeleteError is a cache file that could not be deleted; Dir is its folder.
type DeleteError struct {
	Dir string
	Err error
}

func (e *DeleteError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *DeleteError) Unwrap() error { return e.Err }

// Run signs every token out at the portal at once, then deletes the token files and the role
// credentials of each token; with all, every IAM Identity Center role credential of the cache.
// Folders that are not the user's own are refused before anything is signed out. A portal
// that fails or does not answer leaves its reason in the token's RevokeErr; the files are
// deleted all the same.
func (s *Signer) Run(ctx context.Context, tokens []*Token, all bool) (Result, error) {
	var res Result
	for _, dir := range []string{s.Tokens.Dir, s.Creds.Dir} {
		if err := fsutil.CheckPrivateDir(dir); err != nil {
			return res, err
		}
	}
	s.revokeAll(ctx, tokens)
	for _, t := range tokens {
		if err := s.Tokens.Delete(t.Entry); err != nil {
			return res, &DeleteError{Dir: s.Tokens.Dir, Err: err}
		}
		if t.Entry.Token != nil || t.Entry.Err != nil {
			res.TokenFiles++
		}
		for _, r := range t.Roles {
			ok, err := s.Creds.DeleteSSOKey(r.Key())
			if err != nil {
				return res, &DeleteError{Dir: s.Creds.Dir, Err: err}
			}
			if ok {
				res.RoleCredentials++
			}
		}
	}
	if all {
		n, err := s.Creds.DeleteSSO()
		if err != nil {
			return res, &DeleteError{Dir: s.Creds.Dir, Err: err}
		}
		res.RoleCredentials = n
	}
	return res, nil
}

// revokeAll signs every live token out at the portal at once, within the timeout in all.
func (s *Signer) revokeAll(ctx context.Context, tokens []*Token) {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var wg sync.WaitGroup
	for _, t := range tokens {
		tok := t.Entry.Token
		switch {
		case tok == nil:
			continue
		case !tok.Valid(s.Now(), 0):
			t.Skipped = "the token had expired"
			continue
		case !region.ValidHostLabel(t.Target.Region):
			t.Skipped = "the token file names no region"
			continue
		}
		api, err := s.Portal(t.Target)
		if err != nil {
			t.RevokeErr = err
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.RevokeErr = revoke(ctx, api, tok.AccessToken)
			switch {
			case errors.Is(t.RevokeErr, portal.ErrUnauthorized):
				t.RevokeErr, t.Skipped = nil, "the portal no longer knew the token"
			case errors.Is(t.RevokeErr, context.DeadlineExceeded) && ctx.Err() != nil:
				// The bound, not the network's own timeout: say how long it waited.
				t.RevokeErr = fmt.Errorf("sign out at the access portal: no answer within %s", timeout)
			}
		}()
	}
	wg.Wait()
}

// revoke signs one token out at the portal, turning a panic into a *crash.Error.
func revoke(ctx context.Context, api portal.API, accessToken string) (err error) {
	defer crash.Recover(&err)
	return portal.Logout(ctx, api, accessToken)
}
