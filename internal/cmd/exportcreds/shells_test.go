package exportcreds_test

import (
	"bytes"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// hostile holds values with every character a shell might interpret. Real credentials never
// have them; the formats must still never let one run a command.
var hostile = &creds.Credentials{AccessKeyID: "AKIA$(echo pwned)`echo pwned`", SecretAccessKey: `a'b"c\d;e&f|g<h>i%j!k^l $HOME {x} #`,
	SessionToken: "multi\nline\ttab", Expiration: time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC)}

// exported returns what `awsso export-credentials` prints for the world's cached credentials.
func exported(t *testing.T, w *cmdtest.World, format creds.Format) (string, *creds.Credentials) {
	t.Helper()
	code, s, _ := run(w, nil, "export-credentials", "--profile", "dev", "--format", string(format))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, s.Err)
	}
	return s.Out.String(), w.Cached(t)
}

func render(t *testing.T, format creds.Format, c *creds.Credentials) string {
	t.Helper()
	var b bytes.Buffer
	if err := creds.Write(&b, format, c); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func want(c *creds.Credentials) string {
	return strings.Join([]string{c.AccessKeyID, c.SecretAccessKey, c.SessionToken, c.ExpirationString()}, "|")
}

// roundTrip runs script (the output followed by a command that prints the four variables
// joined by |) with a shell and compares.
func roundTrip(t *testing.T, shell []string, script string, c *creds.Credentials) {
	t.Helper()
	cmd := exec.Command(shell[0], append(shell[1:], script)...)
	cmd.Env = append(testenv.CleanEnv(), "HOME=/nonexistent")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s\nscript:\n%s", shell[0], err, out, script)
	}
	if got := strings.TrimRight(string(out), "\r\n"); got != want(c) {
		t.Errorf("%s changed the values:\ngot  %q\nwant %q", shell[0], got, want(c))
	}
}

func TestEnvRoundTripsThroughSh(t *testing.T) {
	sh := testenv.LookPath(t, "sh")
	w := cmdtest.New(t)
	w.SignIn(t)
	printVars := `printf '%s|%s|%s|%s' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_CREDENTIAL_EXPIRATION"`
	for _, format := range []creds.Format{creds.FormatEnv, creds.FormatEnvNoExport} {
		out, c := exported(t, w, format)
		roundTrip(t, []string{sh, "-c"}, out+printVars, c)
		roundTrip(t, []string{sh, "-c"}, render(t, format, hostile)+printVars, hostile)
		// eval, as users write it.
		roundTrip(t, []string{sh, "-c"}, "eval \"$(cat <<'EOF'\n"+out+"EOF\n)\"\n"+printVars, c)
	}
}

func TestFishRoundTrip(t *testing.T) {
	fish := testenv.LookPath(t, "fish")
	w := cmdtest.New(t)
	w.SignIn(t)
	out, c := exported(t, w, creds.FormatFish)
	printVars := `printf '%s|%s|%s|%s' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_CREDENTIAL_EXPIRATION"`
	if msg, err := exec.Command(fish, "--no-execute", "-c", out).CombinedOutput(); err != nil {
		t.Fatalf("fish --no-execute: %v\n%s", err, msg)
	}
	roundTrip(t, []string{fish, "--no-config", "-c"}, out+printVars, c)
	roundTrip(t, []string{fish, "--no-config", "-c"}, render(t, creds.FormatFish, hostile)+printVars, hostile)
}

func TestPowerShellRoundTrip(t *testing.T) {
	pwsh, err := exec.LookPath("pwsh")
	if err != nil {
		t.Skip("pwsh is not installed; the powershell format is checked where it is (not a CI requirement)")
	}
	w := cmdtest.New(t)
	w.SignIn(t)
	out, c := exported(t, w, creds.FormatPowerShell)
	printVars := "\n[Console]::Write(($Env:AWS_ACCESS_KEY_ID, $Env:AWS_SECRET_ACCESS_KEY, $Env:AWS_SESSION_TOKEN, $Env:AWS_CREDENTIAL_EXPIRATION) -join '|')"
	roundTrip(t, []string{pwsh, "-NoProfile", "-NonInteractive", "-Command"}, out+printVars, c)
	roundTrip(t, []string{pwsh, "-NoProfile", "-NonInteractive", "-Command"}, render(t, creds.FormatPowerShell, hostile)+printVars, hostile)
}

// cmdLine is what cmd.exe's set takes literally: everything after the first = up to the end
// of the line is the value, so the value must hold none of cmd's special characters (& | < > ^
// % ! " and no line break), and no quotes, which set would keep as part of the value.
var cmdLine = regexp.MustCompile(`^set AWS_[A-Z_]+=[A-Za-z0-9+/=:._-]+$`)

// TestWindowsCmdQuotingRules checks the windows-cmd lines against cmd.exe's rules (there is no
// cmd.exe here to run them): real credentials pass as plain set lines, and a value cmd would
// interpret is refused rather than printed.
func TestWindowsCmdQuotingRules(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	out, c := exported(t, w, creds.FormatWindowsCmd)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for _, line := range lines {
		if !cmdLine.MatchString(line) {
			t.Errorf("line cmd would not take literally: %q", line)
		}
	}
	if lines[1] != "set AWS_SECRET_ACCESS_KEY="+c.SecretAccessKey {
		t.Errorf("second line %q", lines[1])
	}
	for _, bad := range []string{"a&b", "a|b", "a<b", "a>b", "a^b", "a%PATH%b", "a!b", `a"b`, "a\r\nb"} {
		v := *hostile
		v.AccessKeyID, v.SecretAccessKey, v.SessionToken = "ASIAOK", bad, "token"
		if err := creds.Write(&bytes.Buffer{}, creds.FormatWindowsCmd, &v); err == nil {
			t.Errorf("windows-cmd printed a value with %q", bad)
		}
	}
}
