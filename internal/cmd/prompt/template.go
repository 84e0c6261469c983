package prompt

import (
	"fmt"
	"strings"
	"time"

	"github.com/awsso/awsso/internal/shellenv"
)

// template is a parsed --format: literal text and {field} references, alternately.
type template struct {
	parts []part
}

type part struct {
	text  string
	field string // "" for literal text
}

// templateFields are the fields a template may name, with their values.
var templateFields = map[string]func(fields) string{
	"profile": func(f fields) string { return f.Profile },
	"account": func(f fields) string { return f.Account },
	"role":    func(f fields) string { return f.Role },
	"region":  func(f fields) string { return f.Region },
	"left":    func(f fields) string { return f.Left },
	"session": func(f fields) string { return f.session },
	"expires": func(f fields) string {
		if f.expires.IsZero() {
			return ""
		}
		return shellenv.Clock(f.expires, f.now, time.Local)
	},
}

// parseTemplate parses a --format value; "" is the default segment (nil). A { that opens no
// known field is an error, so a typo shows at once rather than in every prompt.
func parseTemplate(s string) (*template, error) {
	if s == "" {
		return nil, nil
	}
	t := &template{}
	for s != "" {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			t.parts = append(t.parts, part{text: s})
			break
		}
		if i > 0 {
			t.parts = append(t.parts, part{text: s[:i]})
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return nil, fmt.Errorf("invalid --format: %q opens a field it never closes", s[i:])
		}
		name := s[i+1 : i+j]
		if templateFields[name] == nil {
			return nil, fmt.Errorf("invalid --format: no field {%s}; the fields are {profile} {account} {role} {region} {left} {expires} {session}", name)
		}
		t.parts = append(t.parts, part{field: name})
		s = s[i+j+1:]
	}
	return t, nil
}

func (t *template) render(f fields) string {
	var b strings.Builder
	for _, p := range t.parts {
		if p.field == "" {
			b.WriteString(p.text)
		} else {
			b.WriteString(templateFields[p.field](f))
		}
	}
	return b.String()
}
