package docs

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/tokencache"
)

// vectorRow is one row of design.md's cache key table.
type vectorRow struct {
	line        int
	kind, input string
	name        string // the file name stem
}

// cell is one back-quoted table cell.
var cell = regexp.MustCompile("^`([^`]*)`$")

// tableAfter returns the rows of the Markdown table that follows the HTML comment marker in
// design.md, header and separator left out, each split into trimmed cells, with its line.
func tableAfter(t *testing.T, marker string) (rows [][]string, lines []int) {
	t.Helper()
	data, err := os.ReadFile("design.md")
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Split(string(data), "\n")
	start := -1
	for i, l := range all {
		if strings.TrimSpace(l) == "<!-- "+marker+" -->" {
			start = i + 1
			break
		}
	}
	if start < 0 {
		t.Fatalf("design.md has no <!-- %s --> marker before its table", marker)
	}
	for i := start; i < len(all) && strings.HasPrefix(all[i], "|"); i++ {
		if i < start+2 {
			continue // header and separator
		}
		var cells []string
		for _, c := range strings.Split(strings.Trim(all[i], "|"), " | ") {
			cells = append(cells, strings.TrimSpace(c))
		}
		rows, lines = append(rows, cells), append(lines, i+1)
	}
	if len(rows) == 0 {
		t.Fatalf("no table rows after <!-- %s --> in design.md", marker)
	}
	return rows, lines
}

func keyVectors(t *testing.T) []vectorRow {
	t.Helper()
	rows, lines := tableAfter(t, "vectors: cache-keys")
	var out []vectorRow
	for i, cells := range rows {
		if len(cells) != 3 {
			t.Fatalf("design.md:%d: want 3 cells (kind | input | file name), got %d", lines[i], len(cells))
		}
		in, name := cell.FindStringSubmatch(cells[1]), cell.FindStringSubmatch(cells[2])
		if in == nil || name == nil {
			t.Fatalf("design.md:%d: input and file name must be `quoted`", lines[i])
		}
		out = append(out, vectorRow{line: lines[i], kind: cells[0], input: in[1], name: name[1]})
	}
	return out
}

// keyOf computes a row's file name from the input's fields with the function the code uses
// for that kind of file.
func keyOf(t *testing.T, r vectorRow) string {
	t.Helper()
	fields := map[string]any{}
	if strings.HasPrefix(r.input, "{") {
		if err := json.Unmarshal([]byte(r.input), &fields); err != nil {
			t.Fatalf("design.md:%d: input is not JSON: %v", r.line, err)
		}
	}
	str := func(k string) string { s, _ := fields[k].(string); return s }
	switch r.kind {
	case "token":
		return tokencache.TokenKey(r.input, "")
	case "legacy token":
		return tokencache.TokenKey("", r.input)
	case "registration", "legacy registration":
		return tokencache.RegistrationKey(registrationArgs(fields))
	case "PKCE registration":
		return tokencache.PKCERegistrationKey(registrationArgs(fields))
	case "role credentials", "legacy role credentials":
		return creds.Key(str("accountId"), str("roleName"), str("sessionName"), str("startUrl"))
	case "assumed role":
		d, _ := fields["DurationSeconds"].(float64)
		return creds.AssumeRoleKey(creds.AssumeRoleArgs{RoleARN: str("RoleArn"), RoleSessionName: str("RoleSessionName"),
			ExternalID: str("ExternalId"), SerialNumber: str("SerialNumber"), DurationSeconds: int(d)})
	}
	t.Fatalf("design.md:%d: unknown kind %q", r.line, r.kind)
	return ""
}

func registrationArgs(f map[string]any) tokencache.RegistrationArgs {
	a := tokencache.RegistrationArgs{}
	a.StartURL, _ = f["startUrl"].(string)
	a.Region, _ = f["region"].(string)
	a.Session, _ = f["session_name"].(string)
	if scopes, ok := f["scopes"].([]any); ok {
		for _, s := range scopes {
			str, _ := s.(string)
			a.Scopes = append(a.Scopes, str)
		}
	}
	return a
}

// TestDesignKeyVectors holds every row of design.md's cache key table to the code: the file
// name is the sha1 of the input exactly as written (so the input shows the bytes that are
// hashed), and the function the code uses for that kind of file computes the same name from
// the input's fields. Every kind of cache file has a row.
func TestDesignKeyVectors(t *testing.T) {
	kinds := map[string]bool{}
	for _, r := range keyVectors(t) {
		kinds[r.kind] = true
		t.Run(r.kind+"/"+r.name[:8], func(t *testing.T) {
			if got := cachefile.Key(r.input); got != r.name {
				t.Errorf("design.md:%d: sha1 of the input is %s, the row says %s", r.line, got, r.name)
			}
			if got := keyOf(t, r); got != r.name {
				t.Errorf("design.md:%d: the code names this %s file %s, the row says %s", r.line, r.kind, got, r.name)
			}
		})
	}
	for _, k := range []string{"token", "legacy token", "registration", "legacy registration", "PKCE registration",
		"role credentials", "legacy role credentials", "assumed role"} {
		if !kinds[k] {
			t.Errorf("design.md's cache key table has no %q row", k)
		}
	}
}
