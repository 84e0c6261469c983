package shellquote

import "strings"

// plain reports whether s can stand bare in every dialect: letters, digits and _ - . / : , + @ =,
// not starting with = (zsh expands a word that starts with = to a command's path) and not
// empty. These are the characters of access keys, session tokens, timestamps, region names and
// most profile names.
func plain(s string) bool {
	if s == "" || s[0] == '=' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_-./:,+@=", c) >= 0) {
			return false
		}
	}
	return true
}

// Plain reports whether s is written bare by every function of this package.
func Plain(s string) bool { return plain(s) }

// POSIX returns s as one word for sh, bash and zsh: bare when plain, else in single quotes,
// inside which nothing is special; a quote in s closes them, stands escaped with a backslash,
// and opens them again (zsh with RC_QUOTES reads that the same way).
func POSIX(s string) string {
	if plain(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// fishQuotes escapes the only two characters a fish single-quoted string interprets.
var fishQuotes = strings.NewReplacer(`\`, `\\`, `'`, `\'`)

// Fish returns s as one word for fish: bare when plain, else in single quotes, where fish
// reads \\ and \' as escapes and everything else, line breaks included, as it is.
func Fish(s string) string {
	if plain(s) {
		return s
	}
	return "'" + fishQuotes.Replace(s) + "'"
}

// powerShellQuotes doubles every character that ends a PowerShell single-quoted string: the
// apostrophe and the four typographic single quotes PowerShell treats the same way.
var powerShellQuotes = strings.NewReplacer("'", "''", "\u2018", "\u2018\u2018", "\u2019", "\u2019\u2019", "\u201a", "\u201a\u201a", "\u201b", "\u201b\u201b")

// PowerShell returns s as a PowerShell string literal: always single-quoted (a bare word would
// be read as a command), where nothing is expanded and each single quote is doubled.
func PowerShell(s string) string {
	return "'" + powerShellQuotes.Replace(s) + "'"
}
