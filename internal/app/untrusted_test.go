package app

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// hostile is an account name that, printed raw, retitles the terminal and clears it.
const hostile = "Prod\x1b]0;PWNED\a\x1b[2J"

// controls reports whether s holds a byte a terminal would obey rather than print (newline
// and tab aside).
func controls(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			return true
		}
	}
	return false
}

// TestPortalTextStaysText: account names and e-mails from the portal reach the terminal as
// visible escapes in text and table output, and as JSON escapes in JSON.
func TestPortalTextStaysText(t *testing.T) {
	org := emulator.DefaultOrg()
	org.Accounts[0].Name = hostile
	org.Accounts[0].Email = "ops\x1b[8m@example.com"
	w := cmdtest.New(t, func(o *emulator.Options) { o.Org = org })
	w.SignIn(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"accounts", "--profile", "dev", "--output", "text"}, "111122223333\tProd\\x1b]0;PWNED\\x07\\x1b[2J\tops\\x1b[8m@example.com\n"},
		{[]string{"sso", "list-accounts", "--profile", "dev", "--output", "text"}, "ACCOUNTLIST\t111122223333\tProd\\x1b]0;PWNED\\x07\\x1b[2J\tops\\x1b[8m@example.com\n"},
		{[]string{"accounts", "--profile", "dev", "--output", "table"}, "111122223333  Prod\\x1b]0;PWNED\\x07\\x1b[2J  ops\\x1b[8m@example.com\n"},
		{[]string{"accounts", "--profile", "dev", "--output", "json"}, `"accountName": "Prod\u001b]0;PWNED\u0007\u001b[2J",`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			f, s := w.Factory(nil)
			if code := Run(context.Background(), f, tt.args); code != 0 {
				t.Fatalf("exit %d\n%s", code, s.Err)
			}
			if controls(s.Out.String()) || !strings.Contains(s.Out.String(), tt.want) {
				t.Errorf("stdout %q\nwant it to hold %q and no control character", s.Out, tt.want)
			}
		})
	}
}

// TestConfigTextStaysText: doctor shows section names and values of a hostile config as text,
// cuts a huge value, and reports an account id that is not 12 digits at its line.
func TestConfigTextStaysText(t *testing.T) {
	tests := []struct {
		name, config string
		want         string // a whole line of stdout
		maxOut       int
	}{
		{name: "escape in a section name", config: "[Profile evil\x1b[2J\a]\nregion = us-east-1\n",
			want: "~/.aws/config:1: warning: no AWS SDK reads section [Profile evil\\x1b[2J\\x07] as a profile or sso-session", maxOut: 1000},
		{name: "megabyte region", config: "[default]\nregion = " + strings.Repeat("a", 1<<20) + "\n",
			want: `~/.aws/config:2: error: region "` + strings.Repeat("a", 120) + `"… (1048456 more bytes) cannot be used: it is not a region name, and every awsso command refuses the profile`, maxOut: 1000},
		{name: "nine-digit account id", config: "[profile prod]\nsso_session = corp\nsso_account_id = 123456789\nsso_role_name = ReadOnly\n" +
			"[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n",
			want: `~/.aws/config:3: error: sso_account_id "123456789" is not an account id: an account id is 12 digits`, maxOut: 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := testenv.TempHome(t)
			if err := os.WriteFile(home.Config, []byte(tt.config), 0o600); err != nil {
				t.Fatal(err)
			}
			ios, _, out, errOut := iostreams.Test()
			f := cmdutil.NewFactory(ios, "test")
			f.LookupEnv = home.Lookup(nil)
			code := Run(context.Background(), f, []string{"doctor", "--offline"})
			lines := strings.Split(out.String(), "\n")
			if code != 1 || !contains(lines, tt.want) || controls(out.String()) || out.Len() > tt.maxOut {
				t.Errorf("exit %d, %d bytes of stdout:\n%.3000q\nwant exit 1, at most %d bytes, no control character and the line\n%q\nstderr: %s",
					code, out.Len(), out.String(), tt.maxOut, tt.want, errOut)
			}
		})
	}
}

func contains(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}
