package populate

import (
	"fmt"
	"strings"
	"unicode"
)

// DefaultTemplate names profiles "AccountName.RoleName".
const DefaultTemplate = "{account_name}.{role_name}"

// templateFields are the fields a name template may use.
var templateFields = []string{"account_name", "account_id", "role_name", "session"}

// Fields are the values of one profile's name.
type Fields struct {
	AccountName, AccountID, RoleName, Session string
}

func (f Fields) get(name string) string {
	switch name {
	case "account_name":
		return f.AccountName
	case "account_id":
		return f.AccountID
	case "role_name":
		return f.RoleName
	}
	return f.Session
}

// Template is a parsed name template: literal text and {field} references.
type Template struct {
	parts []part
}

type part struct {
	text  string
	field bool
}

// ParseTemplate parses a name template such as "{account_name}.{role_name}". Braces only
// enclose field names; "{{" and "}}" stand for literal braces (which sanitising then drops).
func ParseTemplate(s string) (*Template, error) {
	t := &Template{}
	var lit strings.Builder
	hasField := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '{' && i+1 < len(s) && s[i+1] == '{':
			lit.WriteByte('{')
			i++
		case c == '}' && i+1 < len(s) && s[i+1] == '}':
			lit.WriteByte('}')
			i++
		case c == '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return nil, fmt.Errorf("name template %q: a '{' at byte %d is never closed", s, i)
			}
			name := s[i+1 : i+end]
			if !isField(name) {
				return nil, fmt.Errorf("name template %q: unknown field {%s}: use %s", s, name, fieldList())
			}
			if lit.Len() > 0 {
				t.parts = append(t.parts, part{text: lit.String()})
				lit.Reset()
			}
			t.parts = append(t.parts, part{text: name, field: true})
			hasField = true
			i += end
		case c == '}':
			return nil, fmt.Errorf("name template %q: a '}' at byte %d closes nothing (write }} for a literal brace)", s, i)
		default:
			lit.WriteByte(c)
		}
	}
	if lit.Len() > 0 {
		t.parts = append(t.parts, part{text: lit.String()})
	}
	if !hasField {
		return nil, fmt.Errorf("name template %q uses no field, so every profile would get the same name: use %s", s, fieldList())
	}
	return t, nil
}

func isField(name string) bool {
	for _, f := range templateFields {
		if f == name {
			return true
		}
	}
	return false
}

func fieldList() string {
	q := make([]string, len(templateFields))
	for i, f := range templateFields {
		q[i] = "{" + f + "}"
	}
	return strings.Join(q, ", ")
}

// Uses reports whether the template refers to field.
func (t *Template) Uses(field string) bool {
	for _, p := range t.parts {
		if p.field && p.text == field {
			return true
		}
	}
	return false
}

// Name renders the template for f and sanitises the result into a valid profile name.
func (t *Template) Name(f Fields) string {
	var b strings.Builder
	for _, p := range t.parts {
		if p.field {
			b.WriteString(f.get(p.text))
		} else {
			b.WriteString(p.text)
		}
	}
	return Sanitize(b.String())
}

// Sanitize turns s into a profile name every AWS tool reads the same way and a shell needs no
// quotes for: letters, digits, '.', '_' and '-'; each run of other characters becomes one '-';
// a '-' next to a '.' is dropped, and '-' and '.' are trimmed from both ends. An empty result is "profile".
func Sanitize(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-' {
			if r == '-' && dash {
				continue
			}
			b.WriteRune(r)
			dash = r == '-'
			continue
		}
		if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	out := b.String()
	for strings.Contains(out, "-.") || strings.Contains(out, ".-") { // "Logs (EU).Admin": no "-." left
		out = strings.ReplaceAll(strings.ReplaceAll(out, "-.", "."), ".-", ".")
	}
	out = strings.Trim(out, "-.")
	if out == "" {
		return "profile"
	}
	return out
}
