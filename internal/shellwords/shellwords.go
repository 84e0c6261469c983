// Package shellwords splits command lines that config values and environment variables hold
// (credential_process, AWSSO_BROWSER) into words, the way a POSIX shell quotes them, without
// running a shell.
package shellwords

import "strings"

// Split splits a command line into words as botocore splits a credential_process value on
// POSIX: blanks separate words, single and double quotes group them, a backslash escapes the
// next character outside single quotes. Nothing is expanded.
func Split(s string) []string {
	var (
		words []string
		cur   strings.Builder
		in    bool // inside a word
		quote rune
	)
	runes := []rune(s)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote == '\'':
			cur.WriteRune(r)
		case r == '\\' && i+1 < len(runes):
			i++
			cur.WriteRune(runes[i])
			in = true
		case quote == '"':
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		words = append(words, cur.String())
	}
	return words
}
