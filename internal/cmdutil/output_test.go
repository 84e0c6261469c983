package cmdutil

import (
	"os"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/testenv"
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

// TestInvalidOutputNamesItsSource: a bad output value is blamed on where it came from, the
// config's line included, never on a flag the user did not pass.
func TestInvalidOutputNamesItsSource(t *testing.T) {
	home := testenv.TempHome(t)
	if err := os.WriteFile(home.Config, []byte("[default]\nregion = eu-west-1\noutput = xml\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		env         map[string]string
		flag        string
		wantErr     string
		wantHintHas string
	}{
		{name: "flag", flag: "xml", wantErr: `invalid --output "xml"`}, // app adds the usage hint of flag errors
		{name: "environment", env: map[string]string{"AWS_DEFAULT_OUTPUT": "yml"}, wantErr: `invalid AWS_DEFAULT_OUTPUT "yml"`, wantHintHas: "unset it"},
		{name: "config", wantErr: `output "xml" at ~/.aws/config:3 cannot be used`, wantHintHas: "set output at ~/.aws/config:3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			f := NewFactory(ios, "test")
			f.LookupEnv = home.Lookup(tt.env)
			f.OutputFlag = tt.flag
			_, err := f.OutputFormat("xml")
			if err == nil || err.Error() != tt.wantErr && !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			if hints := strings.Join(HintsOf(err), "\n"); !strings.Contains(hints, tt.wantHintHas) {
				t.Errorf("hints %q do not say %q", hints, tt.wantHintHas)
			}
			if ExitCodeOf(err) != ExitError {
				t.Errorf("exit code %d", ExitCodeOf(err))
			}
		})
	}
}
