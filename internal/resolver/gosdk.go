package resolver

import (
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
)

// GoSDKChain is how aws-sdk-go-v2's config package (LoadDefaultConfig with the profile named
// explicitly) reads profile name: the hops of its chain, top first, as Chain labels them, or
// why it refuses the profile. It models config/shared_config.go and
// config/resolve_credentials.go, for doctor: awsso follows botocore where the two differ.
func GoSDKChain(cfg *awsconfig.Config, name string) (hops []string, refusal string) {
	g := &goModel{cfg: cfg, visited: map[string]bool{}}
	return g.chain(name, true)
}

// Labels are p's chain as GoSDKChain labels hops: each kind, and "credential_source NAME"
// after an assume-role hop whose source is one.
func (p *Profile) Labels() []string {
	var out []string
	for _, n := range p.Chain() {
		out = append(out, string(n.Kind))
		if n.CredentialSource != "" {
			out = append(out, "credential_source "+n.CredentialSource)
		}
	}
	return out
}

// GoSDKDifference says how the Go SDK's reading of profile name differs from botocore's (what
// Resolve gives), or "" when they agree or when botocore refuses the profile (its error is
// the thing to fix).
func GoSDKDifference(cfg *awsconfig.Config, name string) string {
	p, err := Resolve(cfg, name, Options{Explicit: true})
	if err != nil {
		return "" // botocore refuses it: the error says what to fix first
	}
	goHops, refusal := GoSDKChain(cfg, name)
	switch {
	case refusal != "":
		return "botocore reads it as " + strings.Join(p.Labels(), " -> ") + ", the Go SDK refuses it (" + refusal + ")"
	}
	if bot := p.Labels(); strings.Join(bot, " -> ") != strings.Join(goHops, " -> ") {
		return "botocore reads it as " + strings.Join(bot, " -> ") + ", the Go SDK as " + strings.Join(goHops, " -> ")
	}
	return ""
}

// goModel walks a chain as the Go SDK's setFromIniSections and resolveCredsFromProfile do.
type goModel struct {
	cfg     *awsconfig.Config
	visited map[string]bool
}

func (g *goModel) chain(name string, top bool) ([]string, string) {
	prof, ok := g.cfg.Profile(name)
	if !ok {
		return nil, "profile " + name + " does not exist"
	}
	has := func(key string) bool { return get(prof, key) != "" }
	keys := has(keyAccessKeyID) && has(keySecretKey)
	role := has(keyRoleARN)
	second := g.visited[name]
	if second {
		role = false // the second visit of a profile drops its role options
	} else if (has(keySourceProfile) || has(keyCredentialSource) || has(keyWebIdentityFile)) && !role {
		return nil, "source_profile, credential_source and web_identity_token_file need role_arn"
	}
	if !top && keys { // a source with keys gives them, and its own role_arn still applies
		if role {
			return []string{string(KindAssumeRole), string(KindStatic)}, ""
		}
		return []string{string(KindStatic)}, ""
	}
	g.visited[name] = true
	types := 0
	for _, k := range []string{keySourceProfile, keyCredentialSource, keyProcess, keyWebIdentityFile} {
		if has(k) && !(second && k == keySourceProfile) {
			types++
		}
	}
	if types > 1 {
		return nil, "only one of source_profile, credential_source, credential_process and web_identity_token_file may be set"
	}
	var base []string
	switch {
	case has(keySourceProfile) && !second:
		src, refusal := g.chain(get(prof, keySourceProfile), false)
		if refusal != "" || len(src) == 0 {
			return nil, cmpStr(refusal, "source profile "+get(prof, keySourceProfile)+" has no credentials")
		}
		base = src
	case keys:
		base = []string{string(KindStatic)}
	case has(keyCredentialSource):
		base = []string{"credential_source " + get(prof, keyCredentialSource)}
	case has(keyWebIdentityFile):
		return []string{string(KindWebIdentity)}, ""
	case goSSO(prof):
		base = []string{string(KindSSO)}
	case has(keyProcess):
		base = []string{string(KindProcess)}
	case !top:
		return nil, ""
	default:
		base = []string{"instance metadata"}
	}
	if role {
		return append([]string{string(KindAssumeRole)}, base...), ""
	}
	return base, ""
}

// goSSO is the Go SDK's hasSSOConfiguration: any IAM Identity Center key, a session alone
// included (botocore needs sso_account_id or sso_role_name).
func goSSO(p *awsconfig.Profile) bool {
	for _, k := range []string{awsconfig.KeySSOSession, awsconfig.KeySSORegion, awsconfig.KeyStartURL, awsconfig.KeyAccountID, awsconfig.KeyRoleName} {
		if get(p, k) != "" {
			return true
		}
	}
	return false
}

func cmpStr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
