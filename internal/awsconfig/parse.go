package awsconfig

import (
	"strings"
)

// line is one line of a file: its text without the line ending, and the ending ("\n", "\r\n",
// or "" for a last line without one).
type line struct {
	text string
	eol  string
}

// span locates a property in its section's body: lines [first, end) hold the key line and its
// continuation or sub-property lines; the value sits at bytes [vStart, vEnd) of the key line.
type span struct {
	first, end   int
	vStart, vEnd int
}

// section is a header line and the lines after it up to the next header. The document's first
// section is the preamble: the lines before any header, with no header of its own.
type section struct {
	ref     SectionRef
	header  line
	hasHead bool
	num     int // 1-based line number of the header (of the first body line for the preamble)
	body    []line
	props   []Property // as written, duplicates included
	spans   []span     // parallel to props
	dupKeys bool       // a key appears twice in props
}

const bom = "\ufeff"

// Parse reads the text of a config or credentials file. file names the file in locations and
// messages. Parse always returns a Document holding every byte of data; when some lines break
// the syntax rules it also returns a SyntaxErrors error listing each of them, and the Document
// reads the file as leniently as the SDKs do (a bad header starts a section nobody reads, a bad
// property line is skipped).
func Parse(file string, data []byte) (*Document, error) {
	d := &Document{file: file}
	d.parse(string(data))
	if len(d.errs) > 0 {
		return d, SyntaxErrors(d.errs)
	}
	return d, nil
}

func (d *Document) parse(s string) {
	lines := make([]line, 0, strings.Count(s, "\n")+1)
	nsecs := strings.Count(s, "\n[") + 2
	crlf := 0
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, line{text: s})
			break
		}
		text, eol := s[:i], s[i:i+1]
		if i > 0 && s[i-1] == '\r' {
			text, eol = s[:i-1], s[i-1:i+1]
			crlf++
		}
		lines = append(lines, line{text: text, eol: eol})
		s = s[i+1:]
	}
	d.eol = "\n"
	if crlf > 0 && crlf*2 >= len(lines) {
		d.eol = "\r\n"
	}

	p := parser{file: d.file, props: make([]Property, 0, len(lines)/2+1), spans: make([]span, 0, len(lines)/2+1)}
	d.secs = make([]section, 1, nsecs)
	d.secs[0] = section{num: 1}
	start := 0 // first body line of the current section
	for i := range lines {
		text := lines[i].text
		if i == 0 {
			text = strings.TrimPrefix(text, bom)
		}
		if !isHeader(text) {
			continue
		}
		d.finishSection(&p, lines[start:i:i])
		ref, msg := parseHeader(text)
		if msg != "" {
			p.errorf(i+1, "%s", msg)
		}
		d.secs = append(d.secs, section{ref: ref, header: lines[i], hasHead: true, num: i + 1})
		start = i + 1
	}
	d.finishSection(&p, lines[start:len(lines):len(lines)])
	d.errs = p.errs
}

// finishSection parses the body of the last section of d.
func (d *Document) finishSection(p *parser, body []line) {
	s := &d.secs[len(d.secs)-1]
	s.body = body
	base := s.num
	if s.hasHead {
		base++
	}
	p.section(s, base)
}

// isHeader reports whether a line is a section header (rule 3).
func isHeader(text string) bool {
	t := strings.TrimLeft(text, " \t")
	return len(t) > 0 && t[0] == '['
}

// parseHeader reads a header line. It returns the section's ref and, for a header that breaks
// the syntax rules, a message (the ref is then TypeOther, a section no SDK reads).
func parseHeader(text string) (SectionRef, string) {
	t := strings.TrimSpace(text)
	end := strings.IndexByte(t, ']')
	if end < 0 {
		return SectionRef{Type: TypeOther, Name: t}, "section header has no closing ']'"
	}
	if rest := strings.TrimSpace(t[end+1:]); rest != "" && rest[0] != '#' && rest[0] != ';' {
		return SectionRef{Type: TypeOther, Name: t}, "unexpected text after ']' in section header"
	}
	inner := strings.TrimSpace(t[1:end])
	if inner == "" {
		return SectionRef{Type: TypeOther}, "empty section name"
	}
	i := strings.IndexAny(inner, " \t")
	if i < 0 {
		return SectionRef{Type: TypeBare, Name: inner}, ""
	}
	name := strings.TrimLeft(inner[i:], " \t")
	switch inner[:i] {
	case "profile":
		return SectionRef{Type: TypeProfile, Name: name}, ""
	case "sso-session":
		return SectionRef{Type: TypeSSOSession, Name: name}, ""
	}
	return SectionRef{Type: TypeOther, Name: inner}, ""
}

// parser holds the arenas that sections' properties are cut from, so a large file costs a few
// allocations rather than one per section.
type parser struct {
	file  string
	props []Property
	spans []span
	errs  []*SyntaxError
}

func (p *parser) errorf(line int, format string, args ...any) {
	p.errs = append(p.errs, newSyntaxError(p.file, line, format, args...))
}

// section parses s.body, whose first line is line number base, into s.props and s.spans.
func (p *parser) section(s *section, base int) {
	lo := len(p.props)
	cur, curIndent := -1, 0 // the property that indented lines continue, and its indentation
	for i := range s.body {
		text := s.body[i].text
		if base+i == 1 {
			text = strings.TrimPrefix(text, bom)
		}
		trimmed := strings.TrimLeft(text, " \t")
		if strings.TrimSpace(trimmed) == "" || trimmed[0] == '#' || trimmed[0] == ';' {
			continue // rule 2
		}
		num := base + i
		indent := len(text) - len(trimmed)
		if cur >= 0 && indent > curIndent { // rule 8
			p.continuation(cur, trimmed, num)
			p.spans[cur].end = i + 1
			continue
		}
		if !s.hasHead {
			p.errorf(num, "property outside a section: add a [profile NAME] header above it")
			continue
		}
		k, sep := keyEnd(trimmed)
		if sep < 0 {
			p.errorf(num, "expected 'name = value'")
			cur = -1
			continue
		}
		key := lower(strings.TrimSpace(trimmed[:k]))
		if key == "" {
			p.errorf(num, "property has no name before '%c'", trimmed[sep])
			cur = -1
			continue
		}
		at := indent + sep + 1 // value part starts here in text
		value, comment, vs, ve := splitValue(text, at)
		for j := lo; j < len(p.props); j++ {
			if p.props[j].Key == key {
				s.dupKeys = true
			}
		}
		p.props = append(p.props, Property{Key: key, Value: value, Comment: comment, File: p.file, Line: num})
		p.spans = append(p.spans, span{first: i, end: i + 1, vStart: vs, vEnd: ve})
		cur, curIndent = len(p.props)-1, indent
	}
	n := len(p.props)
	s.props, s.spans = p.props[lo:n:n], p.spans[lo:n:n]
}

// continuation adds an indented line to property cur: a sub-property when the property's value
// is empty, otherwise more of its value (rule 8).
func (p *parser) continuation(cur int, trimmed string, num int) {
	prop := &p.props[cur]
	if prop.Value != "" {
		prop.Value += "\n" + strings.TrimSpace(trimmed)
		return
	}
	k, v, ok := strings.Cut(trimmed, "=")
	key := lower(strings.TrimSpace(k))
	if !ok || key == "" {
		p.errorf(num, "expected 'name = value' in the sub-properties of %s", prop.Key)
		return
	}
	prop.Sub = append(prop.Sub, Property{Key: key, Value: strings.TrimSpace(v), File: p.file, Line: num})
}

// keyEnd returns where the key of a property line ends and where its separator is: the first
// '=' or ':' (rule 6); sep is -1 when there is neither.
func keyEnd(t string) (k, sep int) {
	i := strings.IndexAny(t, "=:")
	return i, i
}

// splitValue reads the value of a property line whose value part starts at byte at: the
// trimmed value, the inline comment, and the value's byte range in text (rule 7).
func splitValue(text string, at int) (value, comment string, vs, ve int) {
	rest := text[at:]
	c := inlineComment(rest)
	v := rest[:c]
	lead := len(v) - len(strings.TrimLeft(v, " \t"))
	value = strings.TrimSpace(v)
	vs = at + lead
	if value == "" {
		vs = at
	}
	ve = vs + len(value)
	if c < len(rest) {
		comment = strings.TrimSpace(rest[c:])
	}
	return value, comment, vs, ve
}

// inlineComment returns the index in s of the blank that starts an inline comment (a blank
// followed by '#' or ';'), or len(s).
func inlineComment(s string) int {
	for off := 0; ; {
		i := strings.IndexAny(s[off:], "#;")
		if i < 0 {
			return len(s)
		}
		i += off
		if i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') {
			return i - 1
		}
		off = i + 1
	}
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
