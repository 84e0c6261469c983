package profiles

import (
	"bufio"
	"io"
	"strings"
)

// writeJSON writes o exactly as cmdutil.WriteJSON would (four-space indent, no HTML escaping),
// in one pass: going through encoding/json re-scans every profile's object twice and made
// `awsso profiles --output json` on 10,000 profiles several times slower.
func writeJSON(w io.Writer, o output) error {
	b := bufio.NewWriterSize(w, 64<<10)
	b.WriteString("{\n")
	writeEntries(b, "profiles", o.Profiles)
	b.WriteString(",\n")
	writeEntries(b, "sso_sessions", o.SSOSessions)
	b.WriteString(",\n")
	writeEntries(b, "services", o.Services)
	b.WriteString("\n}\n")
	return b.Flush()
}

func writeEntries(b *bufio.Writer, name string, es []entry) {
	indent(b, 1)
	writeKey(b, name)
	if len(es) == 0 {
		b.WriteString(" []")
		return
	}
	b.WriteString(" [\n")
	for i, e := range es {
		if i > 0 {
			b.WriteString(",\n")
		}
		indent(b, 2)
		b.WriteString("{\n")
		for _, kv := range [][2]string{{"name", e.Name}, {"kind", e.Kind}, {"chain", e.Chain}} {
			if kv[1] == "" && kv[0] != "name" {
				continue // omitempty
			}
			indent(b, 3)
			writeKey(b, kv[0])
			b.WriteByte(' ')
			writeString(b, kv[1])
			b.WriteString(",\n")
		}
		indent(b, 3)
		writeKey(b, "properties")
		b.WriteByte(' ')
		writeObject(b, e.Properties, 3)
		b.WriteByte('\n')
		indent(b, 2)
		b.WriteByte('}')
	}
	b.WriteByte('\n')
	indent(b, 1)
	b.WriteByte(']')
}

// writeObject writes properties as an indented object at depth.
func writeObject(b *bufio.Writer, ps properties, depth int) {
	if len(ps) == 0 {
		b.WriteString("{}")
		return
	}
	b.WriteString("{\n")
	for i, p := range ps {
		if i > 0 {
			b.WriteString(",\n")
		}
		indent(b, depth+1)
		writeKey(b, p.Key)
		b.WriteByte(' ')
		if p.Sub != nil {
			writeObject(b, subProperties(p.Key, p.Sub), depth+1)
			continue
		}
		writeString(b, shown(p.Key, p.Value))
	}
	b.WriteByte('\n')
	indent(b, depth)
	b.WriteByte('}')
}

var spaces = strings.Repeat(" ", 64)

func indent(b *bufio.Writer, depth int) { b.WriteString(spaces[:4*depth]) }
