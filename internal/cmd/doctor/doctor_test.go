package doctor

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/doctor"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/golden"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

const broken = `[default]
region = us-west-2 ; prod

[profile dev]
sso-session = corp
sso_account_id = 111122223333
sso_role_name = Admin

[profile legacy]
sso_start_url = http://d-abc123.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = R
`

const warnOnly = `[profile legacy]
sso_start_url = https://d-abc123.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = R
`

func runDoctor(t *testing.T, config string, format cmdutil.Format) (string, int) {
	t.Helper()
	return runChecks(t, config, format, DefaultChecks)
}

// runChecks runs doctor with checks in a home whose config file holds config.
func runChecks(t *testing.T, config string, format cmdutil.Format, checks func(awsconfig.Paths) []doctor.Check) (string, int) {
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
		Checks: checks,
	}
	err := doctorRun(opts)
	return out.String(), cmdutil.ExitCodeOf(err)
}

func TestDoctorExitCodes(t *testing.T) {
	tests := []struct {
		name     string
		config   string
		wantCode int
	}{
		{"clean", "[default]\nregion = us-east-1\n", 0},
		{"no files", "", 0},
		{"errors", broken, 1},
		{"warnings only", warnOnly, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, code := runDoctor(t, tt.config, cmdutil.FormatText)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d:\n%s", code, tt.wantCode, out)
			}
		})
	}
}

// TestNotesNeedNothingDone: a note (a client registration about to expire) is shown and
// counted, but exits 0: there is nothing to fix yet.
func TestNotesNeedNothingDone(t *testing.T) {
	note := func(awsconfig.Paths) []doctor.Check {
		return []doctor.Check{func() ([]doctor.Finding, error) {
			return []doctor.Finding{{File: "/r.json", Severity: doctor.SeverityNote, Problem: "the client registration expires soon", Fix: "nothing to do now"}}, nil
		}}
	}
	out, code := runChecks(t, "", cmdutil.FormatText, note)
	if code != 0 || !strings.Contains(out, "/r.json: note: the client registration expires soon") || !strings.Contains(out, "no problems found") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	out, _ = runChecks(t, "", cmdutil.FormatJSON, note)
	if !strings.Contains(out, `"severity": "note"`) || !strings.Contains(out, `"notes": 1`) {
		t.Errorf("json:\n%s", out)
	}
}

func TestDoctorText(t *testing.T) {
	out, _ := runDoctor(t, broken, cmdutil.FormatTable)
	golden.Check(t, "broken.txt.golden", out)
	clean, _ := runDoctor(t, "[default]\nregion = us-east-1\n", cmdutil.FormatText)
	if clean != "✓ no problems found in ~/.aws/config and ~/.aws/credentials\n" {
		t.Errorf("clean output %q", clean)
	}
}

func TestDoctorJSON(t *testing.T) {
	out, code := runDoctor(t, broken, cmdutil.FormatJSON)
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
	empty, _ := runDoctor(t, "", cmdutil.FormatJSON)
	if !strings.Contains(empty, `"findings": []`) {
		t.Errorf("clean JSON %s", empty)
	}
}

// TestDoctorSummary: the summary names the places of the findings, not always the two files.
func TestDoctorSummary(t *testing.T) {
	at := func(fs ...doctor.Finding) func(awsconfig.Paths) []doctor.Check {
		return func(paths awsconfig.Paths) []doctor.Check {
			for i := range fs {
				fs[i].File = strings.NewReplacer("CONFIG", paths.Config, "CACHE", filepath.Join(filepath.Dir(paths.Config), "sso", "cache")).Replace(fs[i].File)
			}
			return []doctor.Check{func() ([]doctor.Finding, error) { return fs, nil }}
		}
	}
	tests := []struct {
		name   string
		checks func(awsconfig.Paths) []doctor.Check
		want   string
	}{
		{"a cache file", at(doctor.Finding{File: "CACHE/a.json", Problem: "p", Fix: "f"}),
			"1 error in ~/.aws/sso/cache/a.json"},
		{"config and cache", at(doctor.Finding{File: "CONFIG", Line: 2, Severity: doctor.SeverityWarning}, doctor.Finding{File: "CONFIG", Line: 3},
			doctor.Finding{File: "CACHE/a.json"}, doctor.Finding{File: "CACHE/b.json"}),
			"3 errors, 1 warning in ~/.aws/config, ~/.aws/sso/cache/a.json and ~/.aws/sso/cache/b.json"},
		{"many places", at(doctor.Finding{File: "CACHE/a.json"}, doctor.Finding{File: "CACHE/b.json"}, doctor.Finding{File: "CACHE/c.json"},
			doctor.Finding{File: "CACHE/d.json"}, doctor.Finding{File: "https://oidc.eu-west-1.amazonaws.com", Severity: doctor.SeverityWarning}),
			"4 errors, 1 warning in ~/.aws/sso/cache/a.json, ~/.aws/sso/cache/b.json, ~/.aws/sso/cache/c.json and 2 more places"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, code := runChecks(t, "", cmdutil.FormatText, tt.checks)
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if got := lines[len(lines)-1]; got != tt.want || code != 1 {
				t.Errorf("exit %d, summary\n got %s\nwant %s", code, got, tt.want)
			}
		})
	}
}
