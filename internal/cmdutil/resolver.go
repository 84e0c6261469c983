package cmdutil

import (
	"context"
	"fmt"
	"strings"

	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/prompt"
	"github.com/awsso/awsso/internal/resolver"
)

// Resolver returns the credential resolver of this process (built once): the config files,
// the caches under the home folder, this environment, and --debug.
func (f *Factory) Resolver() (*resolver.Resolver, error) {
	if f.resolver != nil {
		return f.resolver, nil
	}
	home, err := f.HomeDir()
	if err != nil {
		return nil, err
	}
	r := &resolver.Resolver{
		Config:    f.Config,
		Home:      home,
		LookupEnv: f.LookupEnv,
		Environ:   f.Environ,
		Now:       f.Now,
		Stderr:    f.IOStreams.ErrOut,
		OnRetry:   f.retryNotice(),
		AppID:     "awsso",
		AskMFA:    f.askMFA,
	}
	if f.Debug {
		r.Debug = f.IOStreams.ErrOut
	}
	f.resolver = r
	return r, nil
}

// Profile resolves the profile a command acts on: --profile (explicit, so environment keys
// do not replace it), else AWS_PROFILE, AWS_DEFAULT_PROFILE or default, after the
// environment's keys as with the AWS CLI.
func (f *Factory) Profile() (*resolver.Profile, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	r, err := f.Resolver()
	if err != nil {
		return nil, err
	}
	return r.Resolve(cfg, f.ProfileName(), f.ProfileFlag != "")
}

// ProfileCredentials returns the credentials of p through the resolver.
func (f *Factory) ProfileCredentials(ctx context.Context, p *resolver.Profile, fetch resolver.Fetch) (*creds.Credentials, error) {
	r, err := f.Resolver()
	if err != nil {
		return nil, err
	}
	return r.Credentials(ctx, p, fetch)
}

// askMFA asks for the code of an MFA device on the terminal, as the AWS CLI does ("Enter
// MFA code for SERIAL: "); without a terminal it is an *resolver.MFARequiredError.
func (f *Factory) askMFA(ctx context.Context, profile, serial string) (string, error) {
	if !prompt.Available(f.IOStreams.In) {
		return "", &resolver.MFARequiredError{Profile: profile, Serial: serial, Top: f.ProfileName()}
	}
	p, err := prompt.New(f.IOStreams.In, f.IOStreams.ErrOut, f.IOStreams.ColorEnabledErr())
	if err != nil {
		return "", err
	}
	return p.Input(fmt.Sprintf("Enter MFA code for %s", serial), "", func(s string) error {
		if s = strings.TrimSpace(s); len(s) != 6 || strings.Trim(s, "0123456789") != "" {
			return fmt.Errorf("the code is the six digits the device shows")
		}
		return nil
	})
}
