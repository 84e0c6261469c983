package cmdutil

import (
	"context"
	"fmt"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
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

// Login signs the session of s in, talking to the user on stderr (session.Manager.SignIn):
// the device code flow for a legacy profile, with --use-device-code or sso_use_device_code,
// else the authorization code flow with PKCE.
func (f *Factory) Login(ctx context.Context, s *awsconfig.SSO, fl LoginFlags, o LoginOptions) (*tokencache.Token, error) {
	sessions, err := f.Sessions()
	if err != nil {
		return nil, err
	}
	t := resolver.TargetOf(s)
	cs := f.IOStreams.ColorSchemeErr()
	p := session.Prompts{W: f.IOStreams.ErrOut, Link: cs.Cyan, Code: cs.Bold, Browser: f.Browser, NoBrowser: fl.NoBrowser}
	return sessions.SignIn(ctx, t, t.Legacy() || fl.UseDeviceCode || s.UseDeviceCode, p, session.LoginOptions{ReuseFresh: o.ReuseFresh})
}

// Until formats a token expiry for people: local time with zone, and what is left.
func Until(at, now time.Time) string {
	when := at.Local().Format("2006-01-02 15:04 MST")
	if !at.After(now) {
		return when + " (expired)"
	}
	return fmt.Sprintf("%s (%s left)", when, session.Left(at.Sub(now)))
}
