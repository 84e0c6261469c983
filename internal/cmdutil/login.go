package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/browser"
	"github.com/awsso/awsso/internal/oidc"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/tokencache"
)

// LoginFlags are the sign-in choices that login, configure and other commands share.
type LoginFlags struct {
	NoBrowser     bool // print the URL, never open a browser
	UseDeviceCode bool // the device code flow even for an sso-session
}

// LoginOptions tune Login beyond the user's flags.
type LoginOptions struct {
	// ReuseFresh uses a token that another process obtained while this one waited for the
	// session's lock, instead of signing in again.
	ReuseFresh bool
}

// Login signs the session of s in, talking to the user on stderr: the authorization code flow
// with PKCE for an sso-session, the device code flow for a legacy profile, with
// --use-device-code or sso_use_device_code, and on a machine without a browser (SSH, no
// display). It saves the token in the shared cache and returns it.
func (f *Factory) Login(ctx context.Context, s *awsconfig.SSO, fl LoginFlags, o LoginOptions) (*tokencache.Token, error) {
	sessions, err := f.Sessions()
	if err != nil {
		return nil, err
	}
	t := resolver.TargetOf(s)
	device := t.Legacy() || fl.UseDeviceCode || s.UseDeviceCode
	// Without a browser here (SSH, no display), --no-browser or not, the URL can only be opened
	// on another device, which cannot reach this machine's loopback callback.
	if !device && errors.Is(f.Browser.Available(), browser.ErrNoBrowser) {
		device = true
		f.info("No browser can be opened here (SSH session or no display): signing in with a code you can enter on any device.")
	}
	run := func(ctx context.Context, c *oidc.Client) (*tokencache.Token, error) {
		if device {
			return c.DeviceLogin(ctx, t.Params(), func(d oidc.DeviceCode) { f.showDeviceCode(t, d, fl) })
		}
		return c.PKCELogin(ctx, t.Params(), oidc.PKCEOptions{Open: func(u string) { f.showAuthorizeURL(t, u, fl) }})
	}
	tok, _, err := sessions.Login(ctx, t, run, session.LoginOptions{
		ReuseFresh: o.ReuseFresh,
		Waiting:    func() { f.info("Another awsso is signing in to " + t.String() + "; waiting for it...") },
	})
	return tok, err
}

func (f *Factory) showDeviceCode(t session.Target, d oidc.DeviceCode, fl LoginFlags) {
	cs := f.IOStreams.ColorSchemeErr()
	url := d.VerificationURIComplete
	if url == "" {
		url = d.VerificationURI
	}
	w := f.IOStreams.ErrOut
	fmt.Fprintf(w, "Sign in to %s (%s):\n", t.StartURL, label(t))
	fmt.Fprintf(w, "  open  %s\n", cs.Cyan(url))
	fmt.Fprintf(w, "  code  %s (the page must show the same code)\n", cs.Bold(d.UserCode))
	f.openBrowser(url, fl)
	fmt.Fprintf(w, "Waiting for approval, until %s (Ctrl-C to cancel)...\n", d.ExpiresAt.Local().Format("15:04:05"))
}

func (f *Factory) showAuthorizeURL(t session.Target, u string, fl LoginFlags) {
	cs := f.IOStreams.ColorSchemeErr()
	w := f.IOStreams.ErrOut
	fmt.Fprintf(w, "Sign in to %s (%s) in your browser:\n  %s\n", t.StartURL, label(t), cs.Cyan(u))
	f.openBrowser(u, fl)
	fmt.Fprintf(w, "Waiting for the browser, up to %s (Ctrl-C to cancel; --use-device-code signs in on another device)...\n",
		oidc.DefaultPKCETimeout)
}

func (f *Factory) openBrowser(url string, fl LoginFlags) {
	if fl.NoBrowser {
		return
	}
	if err := f.Browser.Open(url); err != nil {
		if errors.Is(err, browser.ErrNoBrowser) {
			f.info("No browser can be opened here: open the URL above on any device.")
			return
		}
		f.info(fmt.Sprintf("Could not open a browser (%v): open the URL above yourself.", err))
	}
}

func (f *Factory) info(msg string) { fmt.Fprintln(f.IOStreams.ErrOut, msg) }

// label names the sign-in beside its start URL: the sso-session, or the legacy profile.
func label(t session.Target) string {
	if !t.Legacy() {
		return t.String()
	}
	if t.Profile != "" {
		return "profile " + t.Profile
	}
	return "legacy profile"
}

// Until formats a token expiry for people: local time with zone, and what is left.
func Until(at, now time.Time) string {
	when := at.Local().Format("2006-01-02 15:04 MST")
	if !at.After(now) {
		return when + " (expired)"
	}
	return fmt.Sprintf("%s (%s left)", when, session.Left(at.Sub(now)))
}
