package awsconfig

import (
	"strings"
)

// Document is a config or credentials file as lines, with the sections and properties the SDKs
// read from them. It keeps every byte, so Bytes returns the input until an edit changes it, and
// an edit changes only the lines it must. A Document is not safe for concurrent use.
type Document struct {
	file  string
	eol   string    // the file's line ending, for new lines
	secs  []section // secs[0] is the preamble
	errs  []*SyntaxError
	index map[SectionRef][]int // literal ref -> indices in secs; nil until needed
}

// SyntaxErrors returns the syntax errors found when the document was parsed.
func (d *Document) SyntaxErrors() []*SyntaxError { return d.errs }

// Bytes returns the document's text.
func (d *Document) Bytes() []byte {
	n := 0
	d.eachPiece(func(s string) { n += len(s) })
	b := make([]byte, 0, n)
	d.eachPiece(func(s string) { b = append(b, s...) })
	return b
}

// eachPiece calls fn with the document's text in order, a section's original text whole when no
// edit has split it into lines.
func (d *Document) eachPiece(fn func(string)) {
	for i := range d.secs {
		s := &d.secs[i]
		if !s.lined {
			fn(s.text)
			continue
		}
		if s.hasHead {
			fn(s.header.text)
			fn(s.header.eol)
		}
		for j := range s.body {
			fn(s.body[j].text)
			fn(s.body[j].eol)
		}
	}
}

// lined returns section i split into lines (header and body) with the line spans of its
// properties, splitting it on first use.
func (d *Document) lined(i int) *section {
	s := &d.secs[i]
	if s.lined {
		return s
	}
	lines := splitLines(s.text)
	if s.hasHead {
		s.header, lines = lines[0], lines[1:]
	}
	s.body = lines[:len(lines):len(lines)]
	s.text, s.lined = "", true
	d.reparse(s)
	return s
}

// headerText is the header line of section s as written.
func headerText(s *section) string {
	if s.lined {
		return s.header.text
	}
	t := s.text
	if i := strings.IndexByte(t, '\n'); i >= 0 {
		t = t[:i]
	}
	return strings.TrimSuffix(t, "\r")
}

// lastLine returns the document's last line, or nil when it is empty.
func (d *Document) lastLine() *line {
	for i := len(d.secs) - 1; i >= 0; i-- {
		s := d.lined(i)
		if len(s.body) > 0 {
			return &s.body[len(s.body)-1]
		}
		if s.hasHead {
			return &s.header
		}
	}
	return nil
}

// Sections returns every section of the file in order of first appearance, each name once.
// Headers are given as written: "[default]" is CredentialsRef("default") (TypeBare) and
// "[profile default]" is ProfileRef("default").
func (d *Document) Sections() []SectionRef {
	seen := make(map[SectionRef]bool, len(d.secs))
	var refs []SectionRef
	for _, s := range d.secs[1:] {
		if !seen[s.ref] {
			seen[s.ref] = true
			refs = append(refs, s.ref)
		}
	}
	return refs
}

// HasSection reports whether the file has a section for ref.
func (d *Document) HasSection(ref SectionRef) bool { return len(d.match(ref)) > 0 }

// Get returns the value the SDKs read for key in ref's sections: the last one.
func (d *Document) Get(ref SectionRef, key string) (string, bool) {
	key = lower(key)
	idx := d.match(ref)
	for i := len(idx) - 1; i >= 0; i-- {
		if v, ok := Properties(d.secs[idx[i]].props).Get(key); ok {
			return v, true
		}
	}
	return "", false
}

// Comments returns the comment lines that belong to ref's sections, as written: those directly
// above a header (no blank line between) and those inside the section, except the ones directly
// above the next header, which belong to that section.
func (d *Document) Comments(ref SectionRef) []string {
	var out []string
	for _, i := range d.match(ref) {
		prev := d.lined(i - 1).body
		for _, l := range prev[len(prev)-leadingComments(prev):] {
			out = append(out, strings.TrimSpace(l.text))
		}
		body := d.lined(i).body
		if i+1 < len(d.secs) {
			body = body[:len(body)-leadingComments(body)]
		}
		for _, l := range body {
			if t := strings.TrimSpace(l.text); t != "" && (t[0] == '#' || t[0] == ';') {
				out = append(out, t)
			}
		}
	}
	return out
}

// leadingComments counts the comment lines at the end of body, which lead the next header.
func leadingComments(body []line) int {
	n := 0
	for i := len(body) - 1; i >= 0; i-- {
		t := strings.TrimSpace(body[i].text)
		if t == "" || (t[0] != '#' && t[0] != ';') {
			break
		}
		n++
	}
	return n
}

// SectionInfo is one section header and its properties as written, for checks that look at the
// file rather than the merged view (duplicates, names, inline comments).
type SectionInfo struct {
	Ref        SectionRef
	Header     string     // the header line as written
	Line       int        // the header's line number
	Properties Properties // in file order, duplicates included
}

// SectionInfos returns every section in file order, duplicates included. Line numbers are those
// of the parsed file; edits do not renumber them.
func (d *Document) SectionInfos() []SectionInfo {
	out := make([]SectionInfo, 0, len(d.secs)-1)
	for i := 1; i < len(d.secs); i++ {
		s := &d.secs[i]
		out = append(out, SectionInfo{Ref: s.ref, Header: headerText(s), Line: s.num, Properties: s.props})
	}
	return out
}

// HasBOM reports whether the file starts with a UTF-8 byte order mark.
func (d *Document) HasBOM() bool {
	for i := range d.secs {
		s := &d.secs[i]
		if s.hasHead {
			return strings.HasPrefix(headerText(s), bom)
		}
		if s.lined && len(s.body) > 0 {
			return strings.HasPrefix(s.body[0].text, bom)
		}
		if !s.lined && s.text != "" {
			return strings.HasPrefix(s.text, bom)
		}
	}
	return false
}

// match returns the indices in d.secs of ref's sections, in file order. ProfileRef("default")
// matches "[profile default]" when the file has one and "[default]" otherwise (rule 11).
func (d *Document) match(ref SectionRef) []int {
	if d.index == nil {
		d.index = make(map[SectionRef][]int, len(d.secs))
		for i := 1; i < len(d.secs); i++ {
			d.index[d.secs[i].ref] = append(d.index[d.secs[i].ref], i)
		}
	}
	if idx := d.index[ref]; len(idx) > 0 || ref != ProfileRef("default") {
		return idx
	}
	return d.index[CredentialsRef("default")]
}
