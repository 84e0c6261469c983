package cmdutil

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/textsafe"
)

// Format is an --output format.
type Format string

// The --output formats, named as the AWS CLI names them.
const (
	FormatJSON  Format = "json"
	FormatTable Format = "table"
	FormatText  Format = "text"
	FormatYAML  Format = "yaml"
)

// ParseFormat checks an --output value. The AWS CLI's "yaml-stream" is read as yaml.
func ParseFormat(s string) (Format, error) {
	if f, ok := formatOf(s); ok {
		return f, nil
	}
	return "", FlagErrorf("invalid --output %q: use json, table, text or yaml", s)
}

func formatOf(s string) (Format, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "json":
		return FormatJSON, true
	case "table":
		return FormatTable, true
	case "text":
		return FormatText, true
	case "yaml", "yaml-stream":
		return FormatYAML, true
	}
	return "", false
}

// Table is the tabular view of a result: a header and rows of cells. Text output prints the
// rows tab-separated without the header, as the AWS CLI's text output does.
type Table struct {
	Header []string
	Rows   [][]string
}

// Render writes data in the chosen format: json and yaml encode data itself (field order
// kept), table and text print t. Table and text cells are printed through textsafe.Clean:
// an account name or a section name can hold any character, and a terminal must show it,
// not obey it (JSON and YAML escape control characters themselves).
func Render(ios *iostreams.IOStreams, format Format, data any, t Table) error {
	switch format {
	case FormatJSON:
		return WriteJSON(ios.Out, data)
	case FormatYAML:
		return writeYAML(ios.Out, data)
	case FormatText:
		return writeText(ios.Out, t.clean())
	default:
		return writeTable(ios.Out, ios.ColorScheme(), t.clean())
	}
}

// clean returns t with every cell made safe to print; t itself is left as it is.
func (t Table) clean() Table {
	out := Table{Header: cleanRow(t.Header), Rows: make([][]string, len(t.Rows))}
	for i, row := range t.Rows {
		out.Rows[i] = cleanRow(row)
	}
	return out
}

func cleanRow(row []string) []string {
	var out []string
	for i, cell := range row {
		if c := textsafe.Clean(cell); c != cell {
			if out == nil {
				out = append([]string(nil), row...)
			}
			out[i] = c
		}
	}
	if out == nil {
		return row
	}
	return out
}

// WriteJSON writes v as JSON indented by four spaces, as the AWS CLI prints it, without
// escaping <, > and &.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	return enc.Encode(v)
}

func writeText(w io.Writer, t Table) error {
	tw := NewTextWriter(w)
	for _, row := range t.Rows {
		tw.row(row)
	}
	return tw.Flush()
}

// TextWriter writes text output a row at a time, for listings too long to hold as a Table
// (10,000 profiles): each row tab-separated on a line of its own, every cell through
// textsafe.Clean, as Render writes a Table's rows.
type TextWriter struct {
	b *bufio.Writer
}

// NewTextWriter returns a TextWriter on w. Rows are buffered: call Flush at the end.
func NewTextWriter(w io.Writer) *TextWriter {
	// Through a buffer rather than one string built whole: a listing of 10,000 profiles would
	// otherwise grow and copy megabytes before the first byte goes out.
	return &TextWriter{b: bufio.NewWriterSize(w, 64<<10)}
}

// Row writes one row, its cells made safe to print.
func (tw *TextWriter) Row(cells ...string) { tw.row(cleanRow(cells)) }

func (tw *TextWriter) row(cells []string) {
	for i, cell := range cells {
		if i > 0 {
			tw.b.WriteByte('\t')
		}
		tw.b.WriteString(cell)
	}
	tw.b.WriteByte('\n')
}

// Flush writes out what is buffered and returns the first write error.
func (tw *TextWriter) Flush() error { return tw.b.Flush() }

func writeTable(w io.Writer, cs iostreams.ColorScheme, t Table) error {
	widths := make([]int, len(t.Header))
	for i, h := range t.Header {
		widths[i] = utf8.RuneCountInString(h)
	}
	for _, row := range t.Rows {
		for i, cell := range row {
			if i < len(widths) && utf8.RuneCountInString(cell) > widths[i] {
				widths[i] = utf8.RuneCountInString(cell)
			}
		}
	}
	var b strings.Builder
	line := func(cells []string, style func(string) string) {
		for i, cell := range cells {
			if i >= len(widths) {
				break
			}
			if i > 0 {
				b.WriteString("  ")
			}
			pad := ""
			if i < len(cells)-1 {
				pad = strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			}
			b.WriteString(style(cell))
			b.WriteString(pad)
		}
		b.WriteByte('\n')
	}
	if len(t.Header) > 0 {
		line(t.Header, cs.Bold)
	}
	for _, row := range t.Rows {
		line(row, func(s string) string { return s })
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeYAML encodes data through its JSON form, so field names and order match the JSON output.
func writeYAML(w io.Writer, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	node, err := jsonToYAML(dec)
	if err != nil {
		return err
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(node); err != nil {
		return err
	}
	return enc.Close()
}

// jsonToYAML reads one JSON value from dec and returns it as a YAML node, keeping key order.
func jsonToYAML(dec *json.Decoder) (*yaml.Node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch v := tok.(type) {
	case json.Delim:
		node := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		if v == '{' {
			node = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		}
		for dec.More() {
			if v == '{' {
				key, err := dec.Token()
				if err != nil {
					return nil, err
				}
				node.Content = append(node.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key.(string)})
			}
			child, err := jsonToYAML(dec)
			if err != nil {
				return nil, err
			}
			node.Content = append(node.Content, child)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return node, nil
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}, nil
	case json.Number:
		tag := "!!int"
		if strings.ContainsAny(v.String(), ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v.String()}, nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(v)}, nil
	default: // nil
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	}
}
