package doctor

import (
	"fmt"
	"slices"
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/region"
	"github.com/awsso/awsso/internal/textsafe"
)

// checkValues checks start URLs and region names, and the output format of profiles.
func checkValues(in *configFiles) []Finding {
	var out []Finding
	add := func(f Finding, ok bool) {
		if ok {
			out = append(out, f)
		}
	}
	check := func(props awsconfig.Properties) {
		add(checkAccountID(props.Lookup(awsconfig.KeyAccountID)))
		add(checkStartURL(props.Lookup(awsconfig.KeyStartURL)))
		add(checkRegion(props.Lookup(awsconfig.KeySSORegion), region.ValidName))
		add(checkRegion(props.Lookup(awsconfig.KeyRegion), region.ValidHostLabel))
	}
	for i := range in.cfg.Profiles() {
		props := in.cfg.Profiles()[i].Properties
		check(props)
		add(checkOutput(props.Lookup("output")))
	}
	for i := range in.cfg.SSOSessions() {
		check(in.cfg.SSOSessions()[i].Properties)
	}
	return out
}

// checkAccountID reports an sso_account_id that is not 12 digits (a 9-digit id copied from a
// guide, say): the portal answers 403 to it, and awsso refuses the profile.
func checkAccountID(p *awsconfig.Property) (Finding, bool) {
	if p == nil || p.Value == "" || strings.Contains(p.Value, "\n") || awsconfig.ValidAccountID(p.Value) {
		return Finding{}, false // a value continued on the next line is checkKeys' part
	}
	return Finding{File: p.File, Line: p.Line, Severity: SeverityError,
		Problem: fmt.Sprintf("sso_account_id %s is not an account id: an account id is 12 digits", textsafe.Quote(p.Value)),
		Fix:     "set it to the 12-digit id of the account (leading zeros included); 'awsso accounts' lists the ones you can reach"}, true
}

// checkStartURL reports a start URL that awsso refuses; an empty one is a missing key, checkSSO's
// part.
func checkStartURL(p *awsconfig.Property) (Finding, bool) {
	if p == nil || p.Value == "" || awsconfig.CheckStartURL(p.Value) == nil {
		return Finding{}, false
	}
	return Finding{File: p.File, Line: p.Line, Severity: SeverityError,
		Problem: fmt.Sprintf("sso_start_url %s cannot be used: %v", textsafe.Quote(awsconfig.RedactURL(p.Value)), awsconfig.CheckStartURL(p.Value)),
		Fix:     "use the AWS access portal URL from the IAM Identity Center console, such as https://d-1234567890.awsapps.com/start"}, true
}

// checkRegion reports an sso_region or region that is no AWS region name. That is an error
// when awsso refuses the value (usable false) and a warning otherwise: a profile with an
// endpoint_url of its own may name a region such as "local".
func checkRegion(p *awsconfig.Property, usable func(string) bool) (Finding, bool) {
	if p == nil || p.Value == "" || strings.Contains(p.Value, "\n") || region.ValidName(p.Value) {
		return Finding{}, false // a value continued on the next line is checkKeys' part
	}
	f := Finding{File: p.File, Line: p.Line, Severity: SeverityError,
		Problem: fmt.Sprintf("%s %s is not an AWS region name", p.Key, textsafe.Quote(p.Value)),
		Fix:     "use a region name such as us-east-1 or eu-west-2"}
	switch {
	case usable(p.Value):
		f.Severity, f.Fix = SeverityWarning, f.Fix+", unless the profile's endpoint_url serves this one"
	case p.Key == awsconfig.KeyRegion:
		f.Problem = fmt.Sprintf("region %s cannot be used: it is not a region name, and every awsso command refuses the profile", textsafe.Quote(p.Value))
		f.Fix = "set region to the region the profile works in, such as us-east-1 or eu-west-2"
	}
	return f, true
}

// checkOutput reports an output format that the AWS CLI refuses ("Unknown output type") when
// it prints results for the profile; awsso refuses it too unless only its case is wrong.
func checkOutput(p *awsconfig.Property) (Finding, bool) {
	if p == nil || p.Value == "" || strings.Contains(p.Value, "\n") || slices.Contains(awsconfig.OutputFormats, p.Value) {
		return Finding{}, false
	}
	f := Finding{File: p.File, Line: p.Line, Severity: SeverityError,
		Problem: fmt.Sprintf("output %s is not an output format: awsso and the AWS CLI fail on it when they print results for this profile", textsafe.Quote(p.Value)),
		Fix:     "set output to one of " + strings.Join(awsconfig.OutputFormats, ", ")}
	if lower := strings.ToLower(p.Value); slices.Contains(awsconfig.OutputFormats, lower) {
		f.Problem = fmt.Sprintf("output %s must be written in lower case: the AWS CLI refuses it (Unknown output type), awsso reads %s", textsafe.Quote(p.Value), lower)
		f.Fix = "write output = " + lower
	} else if unquoted := strings.ToLower(strings.Trim(p.Value, `"'`)); slices.Contains(awsconfig.OutputFormats, unquoted) {
		f.Fix = "write output = " + unquoted + ", without quotes"
	}
	return f, true
}
