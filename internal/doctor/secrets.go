package doctor

import (
	"sort"
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
)

// redacted replaces a secret value wherever a finding would quote it.
const redacted = "<redacted>"

// scrubSecrets replaces every value of a secret key of the files (awsconfig.SecretKey, in any
// spelling, and every value in a block under one) that a finding's text holds. No check
// quotes a secret on purpose; this keeps one that quotes a whole line, or a later one, from
// printing a secret into a report that gets pasted into a ticket.
func scrubSecrets(fs []Finding, in *configFiles) {
	var secrets []string
	for _, f := range in.files {
		for _, s := range f.doc.SectionInfos() {
			for _, p := range s.Properties {
				secrets = appendSecrets(secrets, p, false)
			}
		}
	}
	if len(secrets) == 0 {
		return
	}
	sort.Slice(secrets, func(i, j int) bool { return len(secrets[i]) > len(secrets[j]) }) // a secret that holds another goes first
	for i := range fs {
		for _, secret := range secrets {
			fs[i].Problem = strings.ReplaceAll(fs[i].Problem, secret, redacted)
			fs[i].Fix = strings.ReplaceAll(fs[i].Fix, secret, redacted)
		}
	}
}

// minSecret is the shortest value scrubSecrets looks for: a shorter one would match ordinary
// words of the messages, and is no real credential.
const minSecret = 4

// appendSecrets appends the values of p that are secrets: its own when its key names a secret
// or a block above it did (the whole value, and the value with its inline comment), and those
// of its sub-properties by the same rule.
func appendSecrets(out []string, p awsconfig.Property, underSecret bool) []string {
	secret := underSecret || awsconfig.SecretKey(p.Key)
	if secret {
		for _, v := range []string{p.Value, strings.TrimSpace(p.Value + " " + p.Comment)} {
			if len(v) >= minSecret {
				out = append(out, v)
			}
		}
	}
	for _, sub := range p.Sub {
		out = appendSecrets(out, sub, secret)
	}
	return out
}
