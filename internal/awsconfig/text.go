package awsconfig

import "strings"

// splitLines cuts text into lines with their endings.
func splitLines(s string) []line {
	lines := make([]line, 0, strings.Count(s, "\n")+1)
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, line{text: s})
			break
		}
		l := line{text: s[:i], eol: s[i : i+1]}
		if i > 0 && s[i-1] == '\r' {
			l = line{text: s[:i-1], eol: s[i-1 : i+1]}
		}
		lines = append(lines, l)
		s = s[i+1:]
	}
	return lines
}

// lower lower-cases s, without allocating when it is already lower-case ASCII.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; ('A' <= c && c <= 'Z') || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

// trimBlanks removes the spaces and tabs at the start of s.
func trimBlanks(s string) string {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return s[i:]
}
