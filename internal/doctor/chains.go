package doctor

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/shellwords"
)

// credentialKeys are the keys of the kinds of profiles other than IAM Identity Center.
var credentialKeys = []string{"role_arn", "source_profile", "credential_source", "web_identity_token_file", "credential_process",
	"aws_access_key_id", "aws_secret_access_key"}

// checkChains resolves every profile that gets credentials other than from IAM Identity Center
// alone, as awsso and botocore resolve it, and reports what breaks it (loops, missing or
// conflicting sources, role_arn values that are not ARNs, unknown credential_source values),
// then what works but may surprise: MFA behind credential-process, and the profiles the Go
// SDK resolves differently from botocore.
func checkChains(in *configFiles) []Finding {
	var out []Finding
	seen := map[awsconfig.Location]bool{}
	for i := range in.cfg.Profiles() {
		p := &in.cfg.Profiles()[i]
		if !hasAny(p.Properties, credentialKeys) {
			continue
		}
		if _, err := resolver.Resolve(in.cfg, p.Name, resolver.Options{Explicit: true}); err != nil {
			if f, ok := chainFinding(p, err); ok && !seen[awsconfig.Location{File: f.File, Line: f.Line}] {
				seen[awsconfig.Location{File: f.File, Line: f.Line}] = true
				out = append(out, f)
			}
		}
		out = append(out, checkDuration(p)...)
		out = append(out, checkMFABehindProcess(in.cfg, p)...)
		if diff := resolver.GoSDKDifference(in.cfg, p.Name); diff != "" {
			out = append(out, Finding{File: p.Location.File, Line: p.Location.Line, Severity: SeverityWarning,
				Problem: "the Go SDK (Terraform, and other Go tools) reads profile " + p.Name + " differently from botocore and the AWS CLI: " + diff +
					"; awsso follows the AWS CLI",
				Fix: "keep one way of getting credentials in the profile, so every tool reads it the same"})
		}
	}
	return out
}

// chainFinding turns a resolution error into a finding at the line it names. Errors of IAM
// Identity Center settings are checkSSO's.
func chainFinding(p *awsconfig.Profile, err error) (Finding, bool) {
	var located interface{ Location() awsconfig.Location }
	if !errors.As(err, &located) {
		return Finding{}, false
	}
	at := located.Location()
	if at.File == "" {
		at = p.Location
	}
	f := finding(at, SeverityError, err)
	// The finding is shown at its line already: the error's own "(file:line)" would say it twice.
	own := fmt.Sprintf(" (%s:%d)", at.File, at.Line)
	f.Problem, f.Fix = strings.ReplaceAll(f.Problem, own, ""), strings.ReplaceAll(f.Fix, own, "")
	return f, true
}

// checkDuration warns about a duration_seconds that is not a whole number of seconds.
func checkDuration(p *awsconfig.Profile) []Finding {
	prop := p.Lookup("duration_seconds")
	if prop == nil {
		return nil
	}
	if _, err := strconv.Atoi(strings.TrimSpace(prop.Value)); err == nil {
		return nil
	}
	return []Finding{{File: prop.File, Line: prop.Line, Severity: SeverityWarning,
		Problem: fmt.Sprintf("duration_seconds %q is not a whole number of seconds: botocore and awsso ignore it (sessions last an hour), the Go SDK refuses the file", prop.Value),
		Fix:     "write the number of seconds, such as duration_seconds = 3600"}}
}

// checkMFABehindProcess warns when a credential_process runs awsso credential-process for a
// profile whose chain asks for an MFA code: credential-process cannot ask.
func checkMFABehindProcess(cfg *awsconfig.Config, p *awsconfig.Profile) []Finding {
	prop := p.Lookup("credential_process")
	if prop == nil {
		return nil
	}
	target, ok := resolver.AwssoProfileArg(shellwords.Split(prop.Value))
	if !ok || target == "" {
		return nil
	}
	r, err := resolver.Resolve(cfg, target, resolver.Options{Explicit: true})
	if err != nil || !r.NeedsMFA() {
		return nil
	}
	return []Finding{{File: prop.File, Line: prop.Line, Severity: SeverityWarning,
		Problem: "credential_process runs awsso credential-process for profile " + target + ", whose role needs an MFA code (mfa_serial), and credential-process cannot ask for one: the tool fails whenever the cached credentials have expired",
		Fix: "run 'awsso whoami --profile " + target + "' in a terminal before the tool (it asks for the code and caches the credentials), or run the tool under 'awsso exec --profile " + target +
			" -- TOOL', which asks on the terminal"}}
}
