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
	first, end   int32
	vStart, vEnd int32
}

// section is a header line and the lines after it up to the next header. The document's first
// section is the preamble: the lines before any header, with no header of its own.
//
// A section keeps its original text until an edit needs its lines (materialize), so reading a
// large file costs no per-line allocation.
type section struct {
	ref     SectionRef
	hasHead bool
	num     int // 1-based line number of the header (1 for the preamble)

	text   string // the section's original text, header included, until materialized
	lined  bool   // header and body hold the text
	header line
	body   []line

	props   []Property // as written, duplicates included
	spans   []span     // parallel to props once lined
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
	d.secs = make([]section, 1, strings.Count(s, "[")+2) // counting "\n[" is three times slower
	d.secs[0] = section{num: 1}
	p := parser{file: d.file, props: make([]Property, 0, strings.Count(s, "=")+4)}
	p.begin(false)
	secStart, num, lf, crlf := 0, 0, 0, 0
	for off := 0; off < len(s); {
		next := len(s)
		end := next
		if i := strings.IndexByte(s[off:], '\n'); i >= 0 {
			end, next = off+i, off+i+1
			lf++
			if end > off && s[end-1] == '\r' {
				end--
				crlf++
			}
		}
		text := s[off:end]
		num++
		if num == 1 {
			text = strings.TrimPrefix(text, bom)
		}
		if isHeader(text) {
			last := &d.secs[len(d.secs)-1]
			last.text = s[secStart:off]
			p.end(last)
			ref, msg, fix := parseHeader(text)
			if msg != "" {
				p.fail(num, fix, msg)
			}
			d.secs = append(d.secs, section{ref: ref, hasHead: true, num: num})
			secStart = off
			p.begin(true)
		} else {
			p.line(text, 0, num)
		}
		off = next
	}
	last := &d.secs[len(d.secs)-1]
	last.text = s[secStart:]
	p.end(last)
	d.errs = p.errs
	d.eol = "\n"
	if crlf > 0 && crlf*2 >= lf {
		d.eol = "\r\n"
	}
}

// isHeader reports whether a line is a section header (rule 3).
func isHeader(text string) bool {
	t := trimBlanks(text)
	return len(t) > 0 && t[0] == '['
}

// parseHeader reads a header line. It returns the section's ref and, for a header that breaks
// the syntax rules, a message (the ref is then TypeOther, a section no SDK reads).
func parseHeader(text string) (ref SectionRef, msg, fix string) {
	t := strings.TrimSpace(text)
	end := strings.IndexByte(t, ']')
	if end < 0 {
		return SectionRef{Type: TypeOther, Name: t}, "section header has no closing ']'", "end the header with ']'"
	}
	if rest := strings.TrimSpace(t[end+1:]); rest != "" && rest[0] != '#' && rest[0] != ';' {
		return SectionRef{Type: TypeOther, Name: t}, "unexpected text after ']' in section header",
			"delete the text after ']' or start it with '#' to make it a comment"
	}
	inner := strings.TrimSpace(t[1:end])
	if inner == "" {
		return SectionRef{Type: TypeOther}, "empty section name", "name the section, as in [profile NAME], or delete the line"
	}
	i := strings.IndexAny(inner, " \t")
	if i < 0 {
		return SectionRef{Type: TypeBare, Name: inner}, "", ""
	}
	name := trimBlanks(inner[i:])
	switch inner[:i] {
	case "profile":
		return SectionRef{Type: TypeProfile, Name: name}, "", ""
	case "sso-session":
		return SectionRef{Type: TypeSSOSession, Name: name}, "", ""
	case "services":
		return SectionRef{Type: TypeServices, Name: name}, "", ""
	}
	return SectionRef{Type: TypeOther, Name: inner}, "", ""
}

// parser reads the lines of one section after another. Properties are cut from one arena, so
// a large file costs a few allocations rather than one per section.
type parser struct {
	file      string
	props     []Property
	spans     []span // kept parallel to props when withSpans
	withSpans bool
	errs      []*SyntaxError

	// the section being read
	hasHead        bool
	lo             int // its first property in props
	cur, curIndent int // the property that indented lines continue, and its indentation
	dup            bool
}

func (p *parser) fail(line int, fix, msg string) {
	p.errs = append(p.errs, &SyntaxError{Location: Location{File: p.file, Line: line}, Msg: msg, Fix: fix})
}

func (p *parser) begin(hasHead bool) {
	p.hasHead, p.lo, p.cur, p.dup = hasHead, len(p.props), -1, false
}

func (p *parser) end(s *section) {
	n := len(p.props)
	s.props, s.dupKeys = p.props[p.lo:n:n], p.dup
	if p.withSpans {
		s.spans = p.spans[p.lo:n:n]
	}
}

// line reads one body line: text without its ending, idx its index in the body (for spans),
// num its line number in the file.
func (p *parser) line(text string, idx, num int) {
	trimmed := trimBlanks(text)
	if trimmed == "" || trimmed[0] == '#' || trimmed[0] == ';' || (trimmed[0] <= ' ' || trimmed[0] >= 0x80) && strings.TrimSpace(trimmed) == "" {
		return // rule 2
	}
	indent := len(text) - len(trimmed)
	if p.cur >= 0 && indent > p.curIndent { // rule 8
		p.continuation(p.cur, trimmed, num)
		if p.withSpans {
			p.spans[p.cur].end = int32(idx + 1)
		}
		return
	}
	if !p.hasHead {
		p.fail(num, "add a [profile NAME] or [default] header above it, or delete the line",
			"property outside a section: add a [profile NAME] header above it")
		return
	}
	sep := keyEnd(trimmed)
	if sep < 0 {
		p.fail(num, "write it as 'name = value', make it a comment with '#', or delete it", "expected 'name = value'")
		p.cur = -1
		return
	}
	key := lower(strings.TrimSpace(trimmed[:sep]))
	if key == "" {
		p.fail(num, "put the key's name before the '"+trimmed[sep:sep+1]+"'", "property has no name before '"+trimmed[sep:sep+1]+"'")
		p.cur = -1
		return
	}
	value, comment, vs, ve := splitValue(text, indent+sep+1)
	for j := p.lo; j < len(p.props); j++ {
		if p.props[j].Key == key {
			p.dup = true
		}
	}
	p.props = append(p.props, Property{Key: key, Value: value, Comment: comment, File: p.file, Line: num})
	if p.withSpans {
		p.spans = append(p.spans, span{first: int32(idx), end: int32(idx + 1), vStart: int32(vs), vEnd: int32(ve)})
	}
	p.cur, p.curIndent = len(p.props)-1, indent
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
		p.fail(num, "write each indented line under "+prop.Key+" as 'name = value'", "expected 'name = value' in the sub-properties of "+prop.Key)
		return
	}
	prop.Sub = append(prop.Sub, Property{Key: key, Value: strings.TrimSpace(v), File: p.file, Line: num})
}

// keyEnd returns where the separator of a property line is: the first '=' or ':' (rule 6), or
// -1 when there is neither.
func keyEnd(t string) int {
	for i := 0; i < len(t); i++ {
		if t[i] == '=' || t[i] == ':' {
			return i
		}
	}
	return -1
}

// splitValue reads the value of a property line whose value part starts at byte at: the
// trimmed value, the inline comment, and the value's byte range in text (rule 7).
func splitValue(text string, at int) (value, comment string, vs, ve int) {
	rest := text[at:]
	c := inlineComment(rest)
	v := rest[:c]
	lead := len(v) - len(trimBlanks(v))
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
	for i := 1; i < len(s); i++ {
		if (s[i] == '#' || s[i] == ';') && (s[i-1] == ' ' || s[i-1] == '\t') {
			return i - 1
		}
	}
	return len(s)
}
