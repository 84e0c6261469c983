package app

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	f := cmdutil.NewFactory(ios, "v9.9.9")
	f.LookupEnv = func(string) (string, bool) { return "", false }
	code = Run(context.Background(), f, args)
	return code, out.String(), errOut.String()
}

func TestRunExitCodesAndMessages(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantOut    string
		wantErrOut string
	}{
		{name: "version", args: []string{"version"}, wantCode: 0, wantOut: "awsso v9.9.9 ("},
		{name: "--version", args: []string{"--version"}, wantCode: 0, wantOut: "awsso v9.9.9\n"},
		{name: "unknown command", args: []string{"frobnicate"}, wantCode: 1, wantErrOut: "error: unknown command \"frobnicate\" for \"awsso\"\nhint: run 'awsso --help' for the commands\n"},
		{name: "unknown flag", args: []string{"version", "--frob"}, wantCode: 1, wantErrOut: "error: unknown flag: --frob\n"},
		{name: "bad output", args: []string{"--output", "xml", "version"}, wantCode: 1, wantErrOut: "error: invalid --output \"xml\""},
		{name: "help", args: []string{"--help"}, wantCode: 0, wantOut: "awsso signs you in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d (stderr %q)", code, tt.wantCode, errOut)
			}
			if !strings.HasPrefix(out, tt.wantOut) {
				t.Errorf("stdout = %q, want prefix %q", out, tt.wantOut)
			}
			if !strings.HasPrefix(errOut, tt.wantErrOut) {
				t.Errorf("stderr = %q, want prefix %q", errOut, tt.wantErrOut)
			}
		})
	}
}

func TestProfileCompletion(t *testing.T) {
	home := testenv.TempHome(t)
	os.WriteFile(home.Config, []byte("[profile dev]\nregion = eu-west-1\n[profile prod]\nregion = us-east-1\n[default]\nregion = x\n"), 0o600)
	ios, _, out, _ := iostreams.Test()
	f := cmdutil.NewFactory(ios, "test")
	f.LookupEnv = home.Lookup(nil)
	if code := Run(context.Background(), f, []string{"__complete", "whoami", "--profile", ""}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	got := strings.Fields(out.String())
	if len(got) < 3 || got[0] != "dev" || got[1] != "prod" || got[2] != "default" {
		t.Errorf("completions %q, want dev prod default", out.String())
	}
}
