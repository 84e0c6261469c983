package session

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/awsso/awsso/internal/browser"
	"github.com/awsso/awsso/internal/oidc"
	"github.com/awsso/awsso/internal/textsafe"
	"github.com/awsso/awsso/internal/tokencache"
)

// Prompts are what a person sees of a sign-in: where the messages go, how the URL and the
// code stand out, and the browser that opens the URL.
type Prompts struct {
	W io.Writer
	// Link and Code style the URL and the user code (colour on a terminal); nil leaves them.
	Link, Code func(string) string
	Browser    browser.Opener
	// NoBrowser prints the URL and never opens a browser.
	NoBrowser bool
}

// SignIn signs t in, talking to the person through p: the authorization code flow with PKCE,
// or the device code flow when device is true or no browser can be opened here (SSH, no
// display), which it says. It saves the token in the shared cache and returns it.
func (m *Manager) SignIn(ctx context.Context, t Target, device bool, p Prompts, o LoginOptions) (*tokencache.Token, error) {
	if p.Link == nil {
		p.Link = func(s string) string { return s }
	}
	if p.Code == nil {
		p.Code = p.Link
	}
	// Without a browser here, --no-browser or not, the URL can only be opened on another
	// device, which cannot reach this machine's loopback callback.
	if !device && errors.Is(p.Browser.Available(), browser.ErrNoBrowser) {
		device = true
		fmt.Fprintln(p.W, "No browser can be opened here (SSH session or no display): signing in with a code you can enter on any device.")
		p.NoBrowser = true // said once: opening the code's page would only fail the same way
	}
	run := func(ctx context.Context, c *oidc.Client) (*tokencache.Token, error) {
		if device {
			return c.DeviceLogin(ctx, t.Params(), func(d oidc.DeviceCode) { p.showDeviceCode(t, d) })
		}
		return c.PKCELogin(ctx, t.Params(), oidc.PKCEOptions{Open: func(u string) { p.showAuthorizeURL(t, u) }})
	}
	if o.Waiting == nil {
		o.Waiting = func() { fmt.Fprintln(p.W, "Another awsso is signing in to "+label(t)+"; waiting for it...") }
	}
	tok, _, err := m.Login(ctx, t, run, o)
	return tok, err
}

func (p Prompts) showDeviceCode(t Target, d oidc.DeviceCode) {
	url := d.VerificationURIComplete
	if url == "" {
		url = d.VerificationURI
	}
	fmt.Fprintf(p.W, "Sign in to %s (%s):\n", t.StartURL, label(t))
	fmt.Fprintf(p.W, "  open  %s\n", p.Link(url))
	fmt.Fprintf(p.W, "  code  %s (the page must show the same code)\n", p.Code(d.UserCode))
	p.open(url)
	fmt.Fprintf(p.W, "Waiting for approval, until %s (Ctrl-C to cancel)...\n", d.ExpiresAt.Local().Format("15:04:05"))
}

func (p Prompts) showAuthorizeURL(t Target, u string) {
	fmt.Fprintf(p.W, "Sign in to %s (%s) in your browser:\n  %s\n", t.StartURL, label(t), p.Link(u))
	p.open(u)
	fmt.Fprintf(p.W, "Waiting for the browser, up to %s (Ctrl-C to cancel; --use-device-code signs in on another device)...\n",
		oidc.DefaultPKCETimeout)
}

func (p Prompts) open(url string) {
	if p.NoBrowser {
		return
	}
	if err := p.Browser.Open(url); err != nil {
		if errors.Is(err, browser.ErrNoBrowser) {
			fmt.Fprintln(p.W, "No browser can be opened here: open the URL above on any device.")
			return
		}
		fmt.Fprintf(p.W, "Could not open a browser (%v): open the URL above yourself.\n", err)
	}
}

// label names the sign-in for the terminal: the sso-session, or the legacy profile (names
// come from the config file, so they are cleaned of control characters).
func label(t Target) string {
	if !t.Legacy() {
		return "sso-session " + textsafe.Clean(t.Session)
	}
	if t.Profile != "" {
		return "profile " + textsafe.Clean(t.Profile)
	}
	return "legacy profile"
}
