package resolver

import (
	"fmt"
	"strings"

	"github.com/awsso/awsso/internal/shellwords"
)

// ProfileChainVar lists, comma-separated and outermost first, the profiles whose
// credential_process awsso processes up the process tree are running, as the AWS CLI's
// _AWS_CLI_PROFILE_CHAIN does for `aws configure export-credentials`. An awsso that finds the
// profile it is asked for there is part of a loop.
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
	Where            // where that line is ("~/.aws/config:7")
}

func (e *CredentialLoopError) Error() string {
	if e.Command != "" {
		return fmt.Sprintf("profile %q asks awsso for its own credentials (credential_process = %s, at %s) but has no other credentials for awsso to use",
			e.Profile, e.Command, e.At)
	}
	if len(e.Chain) >= maxProfileChain {
		return fmt.Sprintf("credential resolution went %d levels deep: %s", len(e.Chain), strings.Join(e.Chain, " -> "))
	}
	return fmt.Sprintf("credential resolution loop: %s", strings.Join(append(e.Chain[:len(e.Chain):len(e.Chain)], e.Profile), " -> "))
}

// ExitCode is 1: the configuration must change.
func (e *CredentialLoopError) ExitCode() int { return exitConfig }

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
	var raw string
	if lookup != nil {
		raw, _ = lookup(ProfileChainVar)
	}
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

// selfReference returns a *CredentialLoopError when n's credential_process runs awsso's
// credential-process or export-credentials for n itself; envProfile is the profile such a
// command line without --profile would read from the environment.
func selfReference(n *Profile, envProfile string) error {
	target, ok := AwssoProfileArg(shellwords.Split(n.Process.Command))
	if !ok {
		return nil
	}
	if target == "" { // no --profile: the child reads AWS_PROFILE from the same environment
		target = envProfile
	}
	if target != n.Name {
		return nil
	}
	return &CredentialLoopError{Profile: n.Name, Command: n.Process.Command, Where: n.Process.Where}
}

// AwssoProfileArg reports whether argv runs awsso's credential-process or export-credentials,
// and the profile it names ("" when none).
func AwssoProfileArg(argv []string) (profile string, ok bool) {
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

// envProfile is the profile the environment names: AWS_PROFILE, else AWS_DEFAULT_PROFILE,
// else "default".
func envProfile(lookup func(string) (string, bool)) string {
	for _, key := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE"} {
		if v, _ := lookup(key); v != "" {
			return v
		}
	}
	return "default"
}
