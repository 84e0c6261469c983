package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/shellwords"
)

// ProfileChainVar lists, comma-separated and outermost first, the profiles whose credentials
// awsso processes up the process tree are resolving, as the AWS CLI's _AWS_CLI_PROFILE_CHAIN
// does for `aws configure export-credentials`. A credential command that finds its own
// profile there is part of a loop.
const ProfileChainVar = "AWSSO_PROFILE_CHAIN"

// maxProfileChain bounds the chain, as the AWS CLI does: two levels are normal (a tool running
// awsso through credential_process), four are a loop between profiles.
const maxProfileChain = 4

// CredentialLoopError means resolving a profile's credentials would run awsso for the same
// profile again, forever: its own credential_process line runs awsso for it (Command), or an
// outer awsso is already resolving it (Chain).
type CredentialLoopError struct {
	Profile string
	Chain   []string // the profiles being resolved up the process tree, outermost first
	Command string   // the profile's credential_process, when the config shows the loop
	At      string   // where that line is ("~/.aws/config:7")
}

func (e *CredentialLoopError) Error() string {
	if e.Command != "" {
		return fmt.Sprintf("profile %q asks awsso for its own credentials (credential_process = %s, at %s) but has no IAM Identity Center settings for awsso to use",
			e.Profile, e.Command, e.At)
	}
	if len(e.Chain) >= maxProfileChain {
		return fmt.Sprintf("credential resolution went %d levels deep: %s", len(e.Chain), strings.Join(e.Chain, " -> "))
	}
	return fmt.Sprintf("credential resolution loop: %s", strings.Join(append(e.Chain[:len(e.Chain):len(e.Chain)], e.Profile), " -> "))
}

// ExitCode is 1: the configuration must change.
func (e *CredentialLoopError) ExitCode() int { return ExitError }

// Hints says how to break the loop.
func (e *CredentialLoopError) Hints() []string {
	if e.Command == "" {
		return []string{
			"a credential_process line runs awsso for a profile that is already being resolved: make each credential_process name a profile that has sso_session, sso_account_id and sso_role_name",
			"'awsso profiles' shows every profile's settings",
		}
	}
	sso := e.Profile + "-sso"
	return []string{
		"put sso_session, sso_account_id and sso_role_name in a profile of their own (say [profile " + sso + "]) and point " +
			e.Profile + "'s credential_process at it: credential_process = awsso credential-process --profile " + sso,
		"or give profile " + e.Profile + " those settings itself: the AWS CLI, boto3 and the Go SDK then read them directly",
	}
}

// NextProfileChain checks that profile is not already being resolved up the process tree (the
// ProfileChainVar that lookup reads) and returns the variable's value for child processes, with
// profile appended.
func NextProfileChain(lookup func(string) (string, bool), profile string) (string, error) {
	raw, _ := lookup(ProfileChainVar)
	var chain []string
	if raw != "" {
		chain = strings.Split(raw, ",")
	}
	for _, p := range chain {
		if p == profile {
			return "", &CredentialLoopError{Profile: profile, Chain: chain}
		}
	}
	if len(chain) >= maxProfileChain {
		return "", &CredentialLoopError{Profile: profile, Chain: chain}
	}
	if raw == "" {
		return profile, nil
	}
	return raw + "," + profile, nil
}

// RoleProfile resolves the current profile (--profile, AWS_PROFILE, default) for a command that
// needs role credentials: it must name an account and a role of IAM Identity Center. A profile
// without those settings whose own credential_process runs awsso for itself is a
// *CredentialLoopError that explains the fix.
func (f *Factory) RoleProfile() (*awsconfig.SSO, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	name := f.ProfileName()
	s, err := cfg.ResolveSSO(name)
	var notSSO *awsconfig.NotSSOError
	if errors.As(err, &notSSO) {
		if loop := f.selfReference(cfg, name); loop != nil {
			return nil, loop
		}
	}
	if err != nil {
		return nil, err
	}
	if err := s.RequireRole(); err != nil {
		return nil, err
	}
	return s, nil
}

// RoleCredentials returns the role credentials of s: from the shared cache while more than 15
// minutes remain, else from the portal (refreshing the session's token), then cached.
// With --debug it says where they came from (never the credentials themselves).
func (f *Factory) RoleCredentials(ctx context.Context, s *awsconfig.SSO) (*creds.Credentials, error) {
	p, err := f.Credentials()
	if err != nil {
		return nil, err
	}
	role := Role(s)
	if c, ok := p.Cached(role); ok {
		if f.Debug {
			fmt.Fprintf(f.IOStreams.ErrOut, "debug: %s/%s: cached credentials %s, until %s\n",
				s.AccountID, s.RoleName, p.Cache.Path(role.Key()), c.Expiration.UTC().Format(time.RFC3339))
		}
		return c, nil
	}
	if f.Debug {
		fmt.Fprintf(f.IOStreams.ErrOut, "debug: %s/%s: no cached credentials with %s left; asking the access portal\n",
			s.AccountID, s.RoleName, creds.Margin)
	}
	return p.Get(ctx, role)
}

// selfReference returns a *CredentialLoopError when the credential_process of profile runs
// awsso's credential-process or export-credentials for that same profile.
func (f *Factory) selfReference(cfg *awsconfig.Config, profile string) error {
	p, ok := cfg.Profile(profile)
	if !ok {
		return nil
	}
	prop := p.Lookup("credential_process")
	if prop == nil {
		return nil
	}
	target, ok := awssoProfileArg(shellwords.Split(prop.Value))
	if !ok {
		return nil
	}
	if target == "" { // no --profile: the child reads AWS_PROFILE from the same environment
		target = f.envProfile()
	}
	if target != profile {
		return nil
	}
	at := cfg.Paths().Display(prop.File)
	if prop.Line > 0 {
		at = fmt.Sprintf("%s:%d", at, prop.Line)
	}
	return &CredentialLoopError{Profile: profile, Command: prop.Value, At: at}
}

// awssoProfileArg reports whether argv runs awsso's credential-process or export-credentials,
// and the profile it names ("" when none).
func awssoProfileArg(argv []string) (profile string, ok bool) {
	if len(argv) == 0 {
		return "", false
	}
	base := argv[0]
	if i := strings.LastIndexAny(base, `/\`); i >= 0 { // either separator: config files travel
		base = base[i+1:]
	}
	base = strings.TrimSuffix(strings.ToLower(base), ".exe")
	if base != "awsso" {
		return "", false
	}
	for i := 1; i < len(argv); i++ {
		a := argv[i]
		switch {
		case a == "credential-process" || a == "export-credentials":
			ok = true
		case a == "--profile" && i+1 < len(argv):
			profile = argv[i+1]
			i++
		case strings.HasPrefix(a, "--profile="):
			profile = strings.TrimPrefix(a, "--profile=")
		}
	}
	return profile, ok
}

// EnterProfileChain refuses profile when an outer awsso is already resolving it (a loop through
// credential_process), and sets the extended ProfileChainVar for the child processes f starts.
func (f *Factory) EnterProfileChain(profile string) error {
	chain, err := NextProfileChain(f.LookupEnv, profile)
	if err != nil {
		return err
	}
	if f.Setenv != nil {
		return f.Setenv(ProfileChainVar, chain)
	}
	return nil
}
