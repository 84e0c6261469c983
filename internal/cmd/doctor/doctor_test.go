package doctor

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const broken = `[default]
region = us-west-2 ; prod

[profile dev]
sso-session = corp
sso_account_id = 111122223333
sso_role_name = Admin

[profile legacy]
sso_start_url = http://d-abc123.awsapps.com/start
sso_region = us-east-1
sso_account_id = 1
sso_role_name = R
`

const warnOnly = `[profile legacy]
sso_start_url = https://d-abc123.awsapps.com/start
sso_region = us-east-1
sso_account_id = 1
sso_role_name = R
`

func runDoctor(t *testing.T, config string, format cmdutil.Format, strict bool) (string, int) {
	t.Helper()
	h := testenv.TempHome(t)
	if config != "" {
		os.WriteFile(h.Config, []byte(config), 0o600)
	}
	ios, _, out, _ := iostreams.Test()
	opts := &DoctorOptions{
		IO:     ios,
		Paths:  func() (awsconfig.Paths, error) { return awsconfig.PathsFromEnv(h.Lookup(nil)) },
		Format: func(string) (cmdutil.Format, error) { return format, nil },
		Checks: DefaultChecks,
		Strict: strict,
	}
	err := doctorRun(opts)
	return out.String(), cmdutil.ExitCodeOf(err)
}

func TestDoctorExitCodes(t *testing.T) {
	tests := []struct {
		name     string
		config   string
		strict   bool
		wantCode int
	}{
		{"clean", "[default]\nregion = us-east-1\n", false, 0},
		{"no files", "", false, 0},
		{"errors", broken, false, 1},
		{"warnings only", warnOnly, false, 0},
		{"warnings only, strict", warnOnly, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, code := runDoctor(t, tt.config, cmdutil.FormatText, tt.strict)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d:\n%s", code, tt.wantCode, out)
			}
		})
	}
}

func TestDoctorText(t *testing.T) {
	out, _ := runDoctor(t, broken, cmdutil.FormatTable, false)
	golden(t, "broken.txt", out)
	clean, _ := runDoctor(t, "[default]\nregion = us-east-1\n", cmdutil.FormatText, false)
	if clean != "✓ no problems found in ~/.aws/config and ~/.aws/credentials\n" {
		t.Errorf("clean output %q", clean)
	}
}

func TestDoctorJSON(t *testing.T) {
	out, code := runDoctor(t, broken, cmdutil.FormatJSON, false)
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	var r struct {
		Findings []struct {
			File, Severity, Problem, Fix string
			Line                         int
		}
		Errors, Warnings int
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if r.Errors != 3 || r.Warnings != 1 || len(r.Findings) != 4 {
		t.Fatalf("report %+v", r)
	}
	f := r.Findings[0]
	if !strings.HasSuffix(f.File, filepath.Join(".aws", "config")) || f.Line != 2 || f.Severity != "error" || f.Fix == "" {
		t.Errorf("first finding %+v", f)
	}
	empty, _ := runDoctor(t, "", cmdutil.FormatJSON, false)
	if !strings.Contains(empty, `"findings": []`) {
		t.Errorf("clean JSON %s", empty)
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		os.WriteFile(path, []byte(got), 0o644)
	}
	want, err := os.ReadFile(path)
	if err != nil || string(want) != got {
		t.Errorf("output differs from %s (go test -update rewrites it):\n%s", path, got)
	}
}
