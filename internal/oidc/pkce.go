package oidc

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/awsso/awsso/internal/crash"
	"github.com/awsso/awsso/internal/tokencache"
)

// DefaultPKCETimeout is how long the loopback listener waits for the browser.
const DefaultPKCETimeout = 10 * time.Minute

// callbackPath is where the browser returns to on the loopback listener.
const callbackPath = "/oauth/callback"

// PKCEOptions tune the authorization code flow.
type PKCEOptions struct {
	// Timeout bounds the wait for the browser (DefaultPKCETimeout when zero).
	Timeout time.Duration
	// Open is called with the authorize URL once the listener is ready: open a browser, print
	// the URL, or both.
	Open func(authorizeURL string)
}

// PKCELogin signs in with the authorization code flow and PKCE: it listens on 127.0.0.1 on a
// free port, has the user approve in a browser, accepts exactly one callback whose state
// matches, and exchanges the code.
func (c *Client) PKCELogin(ctx context.Context, p Params, o PKCEOptions) (*tokencache.Token, error) {
	reg, err := c.register(ctx, p, true)
	if err != nil {
		return nil, err
	}
	verifier, challenge, state, err := pkceSecrets()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen for the browser callback: %w", err)
	}
	redirectURI := fmt.Sprintf("http://127.0.0.1:%d%s", ln.Addr().(*net.TCPAddr).Port, callbackPath)
	cb := newCallback(state)
	// ErrorLog discards what net/http would print on stderr, such as a handler's panic with its
	// value and stack (see package crash).
	srv := &http.Server{Handler: cb, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	go srv.Serve(ln)
	defer func() {
		// Shutdown lets the browser receive the result page before the listener goes away.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}()

	o.Open(c.authorizeURL(reg.ClientID, redirectURI, state, challenge, pkceScopes(p)))

	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultPKCETimeout
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var res callbackResult
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-timer.C:
		return nil, ErrTimeout
	case res = <-cb.result:
	}
	if res.err != nil {
		return nil, res.err
	}
	out, err := c.API.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId: aws.String(reg.ClientID), ClientSecret: aws.String(reg.ClientSecret),
		GrantType: aws.String(GrantAuthorizationCode), Code: aws.String(res.code),
		CodeVerifier: aws.String(verifier), RedirectUri: aws.String(redirectURI),
	})
	if err != nil {
		return nil, fmt.Errorf("exchange the authorization code: %w", err)
	}
	return newToken(p, reg, out, c.Now()), nil
}

// authorizeURL is the page the browser opens: the OIDC authorize endpoint with the PKCE
// challenge, in the parameter order the AWS CLI uses.
func (c *Client) authorizeURL(clientID, redirectURI, state, challenge string, scopes []string) string {
	q := []string{
		"response_type=code",
		"client_id=" + url.QueryEscape(clientID),
		"redirect_uri=" + url.QueryEscape(redirectURI),
		"state=" + url.QueryEscape(state),
		"code_challenge_method=S256",
		"scopes=" + url.QueryEscape(strings.Join(scopes, " ")),
		"code_challenge=" + url.QueryEscape(challenge),
	}
	return strings.TrimRight(c.Endpoint, "/") + "/authorize?" + strings.Join(q, "&")
}

// pkceSecrets returns a fresh code verifier (RFC 7636: 43 characters from 32 random bytes),
// its S256 challenge, and a state value.
func pkceSecrets() (verifier, challenge, state string, err error) {
	buf := make([]byte, 48)
	if _, err := rand.Read(buf); err != nil {
		return "", "", "", fmt.Errorf("generate PKCE secrets: %w", err)
	}
	enc := base64.RawURLEncoding
	verifier = enc.EncodeToString(buf[:32])
	sum := sha256.Sum256([]byte(verifier))
	return verifier, enc.EncodeToString(sum[:]), enc.EncodeToString(buf[32:]), nil
}

type callbackResult struct {
	code string
	err  error
}

// callback serves the loopback redirect: the first request with the right state ends the wait;
// requests with another state (a stale tab, a probe) are refused and the wait goes on.
type callback struct {
	state  string
	result chan callbackResult

	mu      sync.Mutex
	handled bool
}

func newCallback(state string) *callback {
	return &callback{state: state, result: make(chan callbackResult, 1)}
}

func (cb *callback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != callbackPath || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	if q.Get("state") != cb.state {
		writePage(w, http.StatusBadRequest, "This sign-in link is not the one awsso is waiting for",
			"Start the sign-in again from the terminal.")
		return
	}
	cb.mu.Lock()
	handled := cb.handled
	cb.handled = true
	cb.mu.Unlock()
	if handled {
		writePage(w, http.StatusBadRequest, "This sign-in was already handled", "You can close this tab.")
		return
	}
	// This request ends the wait whatever happens while answering it: a bug (a panic) becomes
	// the result, rather than a sign-in that hangs until its timeout.
	var res callbackResult
	defer func() { cb.result <- res }()
	defer func() {
		if recover() != nil {
			res = callbackResult{err: &crash.Error{Where: crash.Where()}}
		}
	}()
	switch {
	case q.Get("error") == "access_denied":
		res.err = ErrDenied
		writePage(w, http.StatusOK, "Sign-in denied", "awsso did not get access. You can close this tab.")
	case q.Get("error") != "":
		res.err = errors.New("sign-in failed: " + printable(q.Get("error"), 200))
		writePage(w, http.StatusOK, "Sign-in failed", "See the terminal for details. You can close this tab.")
	case q.Get("code") == "":
		res.err = errors.New("sign-in failed: the browser returned no code")
		writePage(w, http.StatusBadRequest, "Sign-in failed", "See the terminal for details. You can close this tab.")
	default:
		res.code = q.Get("code")
		writePage(w, http.StatusOK, "Signed in to awsso", "You can close this tab and return to the terminal.")
	}
}

// printable cuts s to max bytes and replaces control characters, so that a value from the
// browser's redirect cannot move the cursor, recolour or retitle the terminal it is printed on.
func printable(s string, max int) string {
	if len(s) > max {
		s = s[:max] + "..."
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return '?'
		}
		return r
	}, s)
}
