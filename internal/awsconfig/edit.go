package awsconfig

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Set sets key to value in ref's section, creating the section at the end of the file when it
// does not exist. An existing key is changed in place, in the last section that has it (the
// one the SDKs read); its continuation or sub-property lines are dropped, the comment lines
// among them kept. A new key goes after
// the last property of the last section. Set refuses keys and values that would not read back
// as written.
func (d *Document) Set(ref SectionRef, key, value string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if err := checkValue(key, value); err != nil {
		return err
	}
	key = lower(key)
	idx := d.match(ref)
	if len(idx) == 0 {
		if err := d.AddSection(ref); err != nil {
			return err
		}
		idx = d.match(ref)
	}
	defer d.keepFinalEOL()()
	for k := len(idx) - 1; k >= 0; k-- {
		for j := len(d.secs[idx[k]].props) - 1; j >= 0; j-- {
			if d.secs[idx[k]].props[j].Key == key {
				d.replaceValue(d.lined(idx[k]), j, value)
				return nil
			}
		}
	}
	s := d.lined(idx[len(idx)-1])
	at := 0
	if n := len(s.spans); n > 0 {
		at = int(s.spans[n-1].end)
	}
	s.body = slices.Insert(s.body, at, line{text: key + " = " + value, eol: d.eol})
	d.reparse(s)
	return nil
}

// replaceValue writes value in place of property j's value, keeping the key line's key,
// spacing and inline comment, and drops its continuation or sub-property lines but not the
// comment lines among them.
func (d *Document) replaceValue(s *section, j int, value string) {
	sp := s.spans[j]
	l := &s.body[sp.first]
	vStart, vEnd := int(sp.vStart), int(sp.vEnd)
	before, after := l.text[:vStart], l.text[vEnd:]
	if vStart == vEnd && value != "" && !strings.HasSuffix(before, " ") && !strings.HasSuffix(before, "\t") &&
		len(before) >= 2 && before[len(before)-2] == ' ' {
		before += " " // "key =" becomes "key = value", "key=" stays tight
	}
	l.text = before + value + after
	if sp.end > sp.first+1 {
		s.body = slices.Replace(s.body, int(sp.first)+1, int(sp.end), commentLines(s.body[sp.first+1:sp.end])...)
	}
	d.reparse(s)
}

// commentLines returns the comment lines of a property's continuation block: the parser skips
// them wherever they stand, so an edit that drops the block keeps them in place.
func commentLines(block []line) []line {
	var out []line
	for _, l := range block {
		if isComment(l.text) {
			out = append(out, l)
		}
	}
	return out
}

// isComment reports whether a line is a comment line as the parser reads it (rule 2): '#' or
// ';' after blanks.
func isComment(text string) bool {
	t := trimBlanks(text)
	return t != "" && (t[0] == '#' || t[0] == ';')
}

// Delete removes every line of key from ref's sections, so no SDK reads it any more, and
// reports whether there was one. Comment lines within its continuation block stay.
func (d *Document) Delete(ref SectionRef, key string) bool {
	key = lower(key)
	defer d.keepFinalEOL()()
	found := false
	for _, i := range d.match(ref) {
		if Properties(d.secs[i].props).Lookup(key) == nil {
			continue
		}
		s := d.lined(i)
		for j := len(s.props) - 1; j >= 0; j-- {
			if s.props[j].Key == key {
				sp := s.spans[j]
				s.body = slices.Replace(s.body, int(sp.first), int(sp.end), commentLines(s.body[sp.first+1:sp.end])...)
				found = true
			}
		}
		d.reparse(s)
	}
	return found
}

// RemoveSection removes ref's sections with the comment lines directly above their headers
// (for the default profile, both "[default]" and "[profile default]"), and reports whether
// there was one.
func (d *Document) RemoveSection(ref SectionRef) bool {
	idx := d.match(ref)
	if ref == ProfileRef("default") {
		idx = append(slices.Clone(idx), d.match(CredentialsRef("default"))...)
		slices.Sort(idx)
		idx = slices.Compact(idx)
	}
	if len(idx) == 0 {
		return false
	}
	defer d.keepFinalEOL()()
	for k := len(idx) - 1; k >= 0; k-- {
		i := idx[k]
		prev, s := d.lined(i-1), d.lined(i)
		prev.body = prev.body[:len(prev.body)-leadingComments(prev.body)]
		if i+1 < len(d.secs) { // the comments that lead the next header stay with it
			body := s.body
			prev.body = append(prev.body, body[len(body)-leadingComments(body):]...)
		}
		d.secs = slices.Delete(d.secs, i, i+1)
		if i == len(d.secs) { // removed the last section: drop the blank lines left at the end
			for len(prev.body) > 0 && strings.TrimSpace(prev.body[len(prev.body)-1].text) == "" {
				prev.body = prev.body[:len(prev.body)-1]
			}
		}
		d.reparse(prev)
	}
	d.index = nil
	return true
}

// AddSection appends an empty section for ref at the end of the file, after one blank line,
// with comment lines directly above its header (each given without its leading "# " gets
// one). Commands that manage sections mark them this way and find them again with Comments.
func (d *Document) AddSection(ref SectionRef, comments ...string) error {
	if d.HasSection(ref) {
		return fmt.Errorf("add section [%s]: it already exists", ref)
	}
	if err := checkRef(ref); err != nil {
		return err
	}
	defer d.keepFinalEOL()()
	last := d.lined(len(d.secs) - 1)
	if l := d.lastLine(); l != nil && strings.TrimSpace(l.text) != "" {
		last.body = append(last.body[:len(last.body):len(last.body)], line{eol: d.eol})
	}
	for _, c := range comments {
		c = strings.TrimSpace(c)
		if c == "" || (c[0] != '#' && c[0] != ';') {
			c = strings.TrimSpace("# " + c)
		}
		if strings.ContainsAny(c, "\r\n") {
			return fmt.Errorf("add section [%s]: a comment cannot span lines", ref)
		}
		last.body = append(last.body[:len(last.body):len(last.body)], line{text: c, eol: d.eol})
	}
	header := ref.Header()
	if ref.Type == TypeOther {
		header = "[" + ref.Name + "]"
	}
	d.secs = append(d.secs, section{ref: ref, header: line{text: header, eol: d.eol}, hasHead: true, lined: true, num: -1})
	if d.index != nil {
		written := ref
		if ref == ProfileRef("default") {
			written = CredentialsRef("default")
		}
		d.index[written] = append(d.index[written], len(d.secs)-1)
	}
	return nil
}

// keepFinalEOL keeps a file that does not end in a line ending that way across an edit: it
// gives the last line an ending for the edit and returns a func that takes it from whatever
// line is last afterwards.
func (d *Document) keepFinalEOL() func() {
	l := d.lastLine()
	if l == nil || l.eol != "" {
		return func() {}
	}
	l.eol = d.eol
	return func() {
		if l := d.lastLine(); l != nil {
			l.eol = ""
		}
	}
}

// reparse parses s's body again after an edit. Line numbers of an edited document are not
// kept up to date.
func (d *Document) reparse(s *section) {
	p := parser{file: d.file, withSpans: true, props: make([]Property, 0, len(s.body)), spans: make([]span, 0, len(s.body))}
	base := s.num + 1
	if !s.hasHead {
		base = 1
	}
	p.begin(s.hasHead)
	for i, l := range s.body {
		text := l.text
		if base+i == 1 {
			text = strings.TrimPrefix(text, bom)
		}
		p.line(text, i, base+i)
	}
	p.end(s)
}

func checkRef(ref SectionRef) error {
	switch ref.Type {
	case TypeOther:
		if ref.Name == "" || strings.ContainsAny(ref.Name, "[]\r\n#;") {
			return fmt.Errorf("invalid section name %q", ref.Name)
		}
	default:
		if !ValidName(ref.Name) {
			return fmt.Errorf("invalid %s name %q: use letters, digits and - _ . / @ : + %% without blanks or quotes", refKind(ref), ref.Name)
		}
	}
	return nil
}

func refKind(ref SectionRef) string {
	if ref.Type == TypeServices {
		return "services section"
	}
	if ref.Type == TypeSSOSession {
		return "sso-session"
	}
	return "profile"
}

func checkKey(key string) error {
	bad := key == "" || strings.ContainsAny(key, "=:[]#;") ||
		strings.IndexFunc(key, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0
	if bad {
		return fmt.Errorf("invalid key %q", key)
	}
	return nil
}

func checkValue(key, value string) error {
	switch {
	case strings.ContainsAny(value, "\r\n"):
		return fmt.Errorf("invalid value for %s: it spans lines", key)
	case strings.TrimSpace(value) != value:
		return fmt.Errorf("invalid value for %s: it starts or ends with blanks", key)
	case inlineComment(" "+value) < len(value)+1:
		return fmt.Errorf("invalid value for %s: a blank before '#' or ';' starts a comment", key)
	}
	return nil
}
