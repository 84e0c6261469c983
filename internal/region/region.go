// Package region checks region values before they go into an endpoint's host name. It is a
// leaf: the config model, the SDK client builder and the commands all ask it, and it imports
// nothing of theirs.
package region

import "strings"

// ValidName reports whether s is shaped like an AWS region name, as the region names of every
// AWS partition are (us-east-1, us-gov-west-1, cn-north-1, us-isob-east-1, eu-isoe-west-1,
// eusc-de-east-1: botocore's partitions.json): ^[a-z]{2,4}(-[a-z]+)+-[0-9]+$. Values such as
// "us-east-1.evil.example#" are not: an SDK would build an endpoint host from them. (Checked
// by hand: a regexp costs its compilation, and credential-process checks a region at every
// start.)
func ValidName(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 || len(parts[0]) < 2 || len(parts[0]) > 4 {
		return false
	}
	for i, p := range parts {
		if p == "" {
			return false
		}
		for j := 0; j < len(p); j++ {
			c := p[j]
			if i == len(parts)-1 && (c < '0' || c > '9') || i < len(parts)-1 && (c < 'a' || c > 'z') {
				return false
			}
		}
	}
	return true
}

// ValidHostLabel reports whether r can go into a host name as the SDKs accept a region: one
// DNS label, [a-z0-9] with inner hyphens, at most 63 bytes. It refuses values such as
// "us-east-1.evil.example#" that would point an AWS endpoint at another host, and is looser
// than ValidName so that a profile aimed at an endpoint_url of its own can use a region such
// as "local". (Checked by hand: the equivalent regexp costs every start 44 KB at init.)
func ValidHostLabel(r string) bool {
	if r == "" || len(r) > 63 || r[0] == '-' || r[len(r)-1] == '-' {
		return false
	}
	for i := 0; i < len(r); i++ {
		if c := r[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
