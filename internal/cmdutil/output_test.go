package cmdutil

import (
	"testing"

	"github.com/awsso/awsso/internal/iostreams"
)

type sample struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
	Tags  []any  `json:"tags"`
}

func TestRender(t *testing.T) {
	data := sample{Name: "dev", Count: 2, Tags: []any{"a", true, nil, 1.5}}
	table := Table{Header: []string{"NAME", "COUNT"}, Rows: [][]string{{"dev", "2"}, {"production", "10"}}}
	tests := []struct {
		format Format
		want   string
	}{
		{FormatJSON, "{\n    \"name\": \"dev\",\n    \"count\": 2,\n    \"tags\": [\n        \"a\",\n        true,\n        null,\n        1.5\n    ]\n}\n"},
		{FormatYAML, "name: dev\ncount: 2\ntags:\n  - a\n  - true\n  - null\n  - 1.5\n"},
		{FormatText, "dev\t2\nproduction\t10\n"},
		{FormatTable, "NAME        COUNT\ndev         2\nproduction  10\n"},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			ios, _, out, _ := iostreams.Test()
			if err := Render(ios, tt.format, data, table); err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.want {
				t.Errorf("got\n%q\nwant\n%q", out.String(), tt.want)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"json": FormatJSON, "JSON": FormatJSON, "table": FormatTable, "text": FormatText, "yaml": FormatYAML, "yaml-stream": FormatYAML} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("xml"); ExitCodeOf(err) != ExitError {
		t.Errorf("ParseFormat(xml) = %v, want a usage error", err)
	}
}

func TestOutputFormatPrecedence(t *testing.T) {
	env := map[string]string{}
	ios, _, _, _ := iostreams.Test()
	f := &Factory{IOStreams: ios, LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}
	check := func(name, profileOutput string, want Format) {
		t.Helper()
		if got, err := f.OutputFormat(profileOutput); err != nil || got != want {
			t.Errorf("%s: OutputFormat = %q, %v; want %q", name, got, err, want)
		}
	}
	check("pipe default", "", FormatText)
	ios.SetTTY(false, true, false)
	check("terminal default", "", FormatTable)
	check("profile output", "json", FormatJSON)
	env["AWS_DEFAULT_OUTPUT"] = "yaml"
	check("env beats profile", "json", FormatYAML)
	f.OutputFlag = "text"
	check("flag beats env", "json", FormatText)
}
