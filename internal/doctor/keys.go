package doctor

import (
	"fmt"
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/textsafe"
)

// knownKeys are the keys AWS tools read in profiles and sso-sessions, for spotting their
// hyphenated misspellings. A string, not a map: a map built at package init would cost every
// awsso start.
const knownKeys = `region output sso_session sso_start_url sso_region sso_account_id
	sso_role_name sso_registration_scopes sso_use_device_code aws_access_key_id aws_secret_access_key
	aws_session_token aws_account_id role_arn source_profile credential_source credential_process
	external_id mfa_serial role_session_name duration_seconds web_identity_token_file ca_bundle
	cli_pager cli_timestamp_format cli_binary_format cli_auto_prompt cli_history endpoint_url
	ignore_configured_endpoint_urls max_attempts retry_mode parameter_validation tcp_keepalive
	use_dualstack_endpoint use_fips_endpoint sts_regional_endpoints defaults_mode services
	account_id_endpoint_mode metadata_service_timeout metadata_service_num_attempts
	ec2_metadata_service_endpoint ec2_metadata_service_endpoint_mode request_checksum_calculation
	response_checksum_validation sigv4a_signing_region_set disable_request_compression
	request_min_compression_size_bytes login_session`

// knownKey reports whether k is one of knownKeys.
func knownKey(k string) bool {
	for _, known := range strings.Fields(knownKeys) {
		if k == known {
			return true
		}
	}
	return false
}

// checkKeys looks at every key as written: duplicates, hyphenated spellings, inline comments,
// quoted values, and continuation lines the tools read differently.
func checkKeys(in *configFiles) []Finding {
	var out []Finding
	for _, f := range in.files {
		for _, s := range f.doc.SectionInfos() {
			kind, _, _ := awsconfig.Classify(s.Ref, f.credentials)
			if kind != awsconfig.KindProfile && kind != awsconfig.KindSSOSession {
				continue
			}
			first := map[string]int{}
			for _, p := range s.Properties {
				add := func(sev Severity, problem, fix string) {
					out = append(out, Finding{File: f.path, Line: p.Line, Severity: sev, Problem: problem, Fix: fix})
				}
				if line, dup := first[p.Key]; dup {
					add(SeverityError, fmt.Sprintf("%s appears twice in [%s] (first at line %d): the AWS CLI refuses the whole file", p.Key, s.Ref, line),
						"delete one of them (the SDKs read the last)")
				} else {
					first[p.Key] = p.Line
				}
				if fix, ok := hyphenFix(p.Key, s.Properties); ok {
					add(SeverityError, fmt.Sprintf("no AWS tool reads %s: keys are spelled with underscores", textsafe.Quote(p.Key)), fix)
				}
				if p.Comment != "" {
					add(SeverityError, inlineComment(p), "move the comment to its own line above the key")
				}
				if quoted(p.Value) {
					add(SeverityWarning, fmt.Sprintf("the value of %s is quoted: the Go SDK strips the quotes, botocore and the AWS CLI keep them", p.Key),
						"remove the quotes")
				}
				if p.Sub == nil && strings.Contains(p.Value, "\n") && strings.Contains(p.Value, "=") {
					add(SeverityWarning, fmt.Sprintf("an indented 'name = value' line continues the value of %s: the Go SDK reads it as a key of its own", p.Key),
						"remove the indentation to make it a key, or put the value on one line")
				}
			}
		}
	}
	return out
}

// hyphenFix returns the fix for a key spelled with hyphens that AWS tools know with
// underscores, such as "sso-account-id" or "sso-session".
func hyphenFix(key string, props awsconfig.Properties) (string, bool) {
	if !strings.Contains(key, "-") {
		return "", false
	}
	right := strings.ReplaceAll(key, "-", "_")
	if !knownKey(right) && !strings.HasPrefix(right, "sso_") {
		return "", false
	}
	if props.Lookup(right) != nil {
		return "delete it: the section already has " + right, true
	}
	return "rename it to " + right, true
}

func quoted(v string) bool {
	return len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0]
}

// inlineComment says how the AWS CLI reads a value followed by a comment: the whole line, shown
// cut to a readable length, except for a secret, whose value no finding shows.
func inlineComment(p awsconfig.Property) string {
	if awsconfig.SecretKey(p.Key) {
		return fmt.Sprintf("the AWS CLI reads the inline comment after %s as part of the secret (the SDKs drop the comment)", p.Key)
	}
	return fmt.Sprintf("the AWS CLI reads %s as %s, inline comment included (the SDKs drop the comment)", p.Key, textsafe.Quote(p.Value+" "+p.Comment))
}
