package migrate_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/app"
	"github.com/awsso/awsso/internal/cmd/migrate"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/golden"
	"github.com/awsso/awsso/internal/testsupport/prompttest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// home is a temporary home holding testdata/before.config.
func home(t *testing.T) testenv.Home {
	t.Helper()
	h := testenv.TempHome(t)
	before, err := os.ReadFile("testdata/before.config")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(h.Config, before, 0o600); err != nil {
		t.Fatal(err)
	}
	return h
}

func run(h testenv.Home, ios *iostreams.IOStreams, args ...string) int {
	f := cmdutil.NewFactory(ios, "test")
	f.LookupEnv = h.Lookup(nil)
	return app.Run(context.Background(), f, args)
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestMigrate(t *testing.T) {
	before, _ := os.ReadFile("testdata/before.config")
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantChange bool
		wantErr    string
	}{
		{name: "yes applies", args: []string{"--yes"}, wantChange: true, wantErr: "Sign in once for dev, staging: awsso login --sso-session my-company"},
		{name: "dry run only shows", args: []string{"--dry-run"}},
		{name: "no terminal and no yes shows the diff and fails", wantCode: 1, wantErr: "hint: run 'awsso migrate --yes' to apply the change above"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := home(t)
			ios, _, out, errOut := iostreams.Test()
			code := run(h, ios, append([]string{"migrate"}, tt.args...)...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d\n%s", code, tt.wantCode, errOut)
			}
			golden.Check(t, "migrate.diff", out.String())
			for _, line := range []string{"new sso-session my-company (https://my-company.awsapps.com/start, us-east-1): dev, staging",
				"new sso-session my-company-eu-central-1 (https://my-company.awsapps.com/start, eu-central-1): eu",
				"existing sso-session existing (https://d-1234567890.awsapps.com/start, us-west-2): other", tt.wantErr} {
				if !strings.Contains(errOut.String(), line) {
					t.Errorf("stderr lacks %q:\n%s", line, errOut)
				}
			}
			after := read(t, h.Config)
			if tt.wantChange {
				golden.Check(t, "after.config", after)
			} else if after != string(before) {
				t.Errorf("the file changed:\n%s", after)
			}
		})
	}
}

func TestMigrateTwiceFindsNothing(t *testing.T) {
	h := home(t)
	ios, _, _, _ := iostreams.Test()
	if code := run(h, ios, "migrate", "--yes"); code != 0 {
		t.Fatal(code)
	}
	first := read(t, h.Config)
	ios, _, out, errOut := iostreams.Test()
	if code := run(h, ios, "migrate"); code != 0 || out.Len() != 0 || !strings.Contains(errOut.String(), "No legacy profiles to migrate") {
		t.Errorf("second run: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if read(t, h.Config) != first {
		t.Error("a second run changed the file")
	}
}

func TestConfirmOnATerminal(t *testing.T) {
	for _, tt := range []struct {
		answer   string
		wantCode int
	}{{"y", 0}, {"n", 1}, {"", 1}} {
		t.Run("answer "+tt.answer, func(t *testing.T) {
			t.Parallel()
			h := home(t)
			before := read(t, h.Config)
			c := prompttest.New(t)
			ios, _, out, _ := iostreams.Test()
			ios.In, ios.ErrOut = c.Tty, c.Tty
			ios.SetTTY(true, false, true)
			done := make(chan int, 1)
			go func() { done <- run(h, ios, "migrate") }()
			c.Expect("Apply this change to ~/.aws/config? [y/N]: ")
			c.Send(tt.answer + prompttest.Enter)
			if code := <-done; code != tt.wantCode {
				t.Fatalf("exit %d, want %d\n%s", code, tt.wantCode, c.Output())
			}
			if !strings.HasPrefix(out.String(), "--- ~/.aws/config\n+++ ~/.aws/config\n") {
				t.Errorf("the diff is not on stdout: %q", out)
			}
			if changed := read(t, h.Config) != before; changed != (tt.wantCode == 0) {
				t.Errorf("file changed = %v after answering %q", changed, tt.answer)
			}
		})
	}
}

func TestSessionName(t *testing.T) {
	for in, want := range map[string]string{
		"https://my-company.awsapps.com/start":          "my-company",
		"https://d-1234567890.awsapps.com/start#/":      "d-1234567890",
		"https://My_Corp.awsapps.com/start":             "my_corp",
		"https://ssoins-72230.portal.us-east-1.app.aws": "ssoins-72230",
		"http://127.0.0.1:8080/start":                   "127",
		"not a url":                                     "notaurl",
		"https://-.awsapps.com/":                        "sso",
		"":                                              "sso",
	} {
		if got := migrate.SessionName(in); got != want {
			t.Errorf("SessionName(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSessionName(f *testing.F) {
	f.Add("https://my-company.awsapps.com/start")
	f.Add("https://[::1]:443/x")
	f.Add("%zz://a.b")
	f.Fuzz(func(t *testing.T, s string) {
		name := migrate.SessionName(s)
		if name == "" || strings.ContainsAny(name, ".") || !validName(name) {
			t.Fatalf("SessionName(%q) = %q", s, name)
		}
	})
}

func validName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
