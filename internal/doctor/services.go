package doctor

import (
	"fmt"
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
)

// checkServices checks how endpoints are configured: a services = NAME whose section is
// missing or empty (botocore then refuses every command of the profile), service keys the SDKs
// never look up, and endpoint URLs without a scheme.
func checkServices(in *configFiles) []Finding {
	var out []Finding
	for i := range in.cfg.Profiles() {
		p := &in.cfg.Profiles()[i]
		if _, err := in.cfg.ProfileServices(p.Name); err != nil {
			out = append(out, finding(p.Lookup(awsconfig.KeyServices).Loc(), SeverityError, err))
		}
		if f, bad := checkEndpointURL(p.Lookup(awsconfig.KeyEndpointURL), "[profile "+p.Name+"]"); bad {
			out = append(out, f)
		}
	}
	for i := range in.cfg.ServicesSections() {
		s := &in.cfg.ServicesSections()[i]
		for j := range s.Properties {
			out = append(out, checkServiceBlock(s, &s.Properties[j])...)
		}
	}
	return out
}

// checkServiceBlock checks one service of a services section: its key as the SDKs spell
// service ids, and its endpoint_url.
func checkServiceBlock(s *awsconfig.ServicesSection, p *awsconfig.Property) []Finding {
	at := func(sev Severity, problem, fix string) Finding {
		return Finding{File: p.File, Line: p.Line, Severity: sev, Problem: problem, Fix: fix}
	}
	var out []Finding
	if _, key := awsconfig.ServiceKeys(p.Key); key != p.Key {
		out = append(out, at(SeverityWarning, fmt.Sprintf("no AWS tool reads %q in [services %s]: service ids are written with underscores", p.Key, s.Name),
			fmt.Sprintf("rename it %s", key)))
	}
	if p.Sub == nil {
		out = append(out, at(SeverityWarning, fmt.Sprintf("%s in [services %s] has a value of its own, which no AWS tool reads", p.Key, s.Name),
			fmt.Sprintf("write \"%s =\" and on the next line, indented, \"endpoint_url = %s\"", p.Key, p.Value)))
	}
	for i := range p.Sub {
		if p.Sub[i].Key == awsconfig.KeyEndpointURL {
			if f, bad := checkEndpointURL(&p.Sub[i], fmt.Sprintf("%s in [services %s]", p.Key, s.Name)); bad {
				out = append(out, f)
			}
		}
	}
	return out
}

// checkEndpointURL reports an endpoint_url that is not an http or https URL: the SDKs and
// awsso refuse it.
func checkEndpointURL(p *awsconfig.Property, where string) (Finding, bool) {
	if p == nil || p.Value == "" || strings.HasPrefix(p.Value, "https://") || strings.HasPrefix(p.Value, "http://") {
		return Finding{}, false
	}
	return Finding{File: p.File, Line: p.Line, Severity: SeverityError,
		Problem: fmt.Sprintf("endpoint_url %q of %s is not a URL: the AWS tools refuse it", p.Value, where),
		Fix:     "write the full URL, such as https://sts.example.com or http://127.0.0.1:4566"}, true
}
