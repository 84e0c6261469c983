package creds

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

var sample = &Credentials{
	AccessKeyID:     "ASIAEXAMPLEKEY123456",
	SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	SessionToken:    "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc==",
	Expiration:      time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC),
	AccountID:       "111122223333",
}

func TestKeyVector(t *testing.T) {
	if got := Key("111122223333", "Admin", "my-sso", "ignored"); got != "360f093cdc0bddf23eecc38b9cb6222fca5a195a" {
		t.Errorf("Key = %s", got)
	}
	legacy := Key("111122223333", "Admin", "", "https://d-1.awsapps.com/start")
	want := cachefile.Key(`{"accountId":"111122223333","roleName":"Admin","startUrl":"https://d-1.awsapps.com/start"}`)
	if legacy != want {
		t.Errorf("legacy Key = %s, want %s", legacy, want)
	}
}

func TestCacheBytesAndRoundTrip(t *testing.T) {
	c := Cache{Dir: filepath.Join(t.TempDir(), "cli", "cache")}
	if err := c.Save("k", sample); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(c.Path("k"))
	want := `{"ProviderType": "sso", "Credentials": {"AccessKeyId": "ASIAEXAMPLEKEY123456", "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "SessionToken": "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc==", "Expiration": "2026-11-23T18:00:00Z", "AccountId": "111122223333"}}`
	if string(raw) != want {
		t.Errorf("cache file\n%s\nwant\n%s", raw, want)
	}
	got, ok := c.Load("k")
	if !ok || *got != *sample {
		t.Errorf("Load = %+v, %v", got, ok)
	}
	if st, _ := os.Stat(c.Path("k")); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %o", st.Mode().Perm())
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	for name, content := range map[string]string{
		"truncated":      `{"ProviderType": "sso", "Credentials": {"AccessKeyId": "A`,
		"no credentials": `{"ProviderType": "sso"}`,
		"no expiration":  `{"ProviderType": "sso", "Credentials": {"AccessKeyId": "A", "SecretAccessKey": "s", "SessionToken": "t"}}`,
		"empty key":      `{"Credentials": {"AccessKeyId": "", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2026-11-23T18:00:00Z"}}`,
	} {
		os.WriteFile(c.Path(name), []byte(content), 0o600)
		if got, ok := c.Load(name); ok {
			t.Errorf("%s: Load = %+v, want not ok", name, got)
		}
	}
}

func TestDeleteSSOKeepsOtherProviders(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	c.Save("sso1", sample)
	c.Save("sso2", sample)
	os.WriteFile(c.Path("assume"), []byte(`{"ProviderType": "assume-role", "Credentials": {}}`), 0o600)
	os.WriteFile(c.Path("sso1")+".lock", nil, 0o600)
	n, err := c.DeleteSSO()
	if err != nil || n != 2 {
		t.Fatalf("DeleteSSO = %d, %v; want 2", n, err)
	}
	left, _ := os.ReadDir(c.Dir)
	var names []string
	for _, e := range left {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "assume.json,sso1.json.lock" { // a lock file a killed holder left: not a credential
		t.Errorf("left %v", names)
	}
}

func TestFormats(t *testing.T) {
	tests := []struct {
		format Format
		want   string
	}{
		{FormatProcess, "{\n  \"Version\": 1,\n  \"AccessKeyId\": \"ASIAEXAMPLEKEY123456\",\n  \"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\",\n  \"SessionToken\": \"IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc==\",\n  \"Expiration\": \"2026-11-23T18:00:00+00:00\"\n}\n"},
		{FormatJSON, "{\n  \"AccessKeyId\": \"ASIAEXAMPLEKEY123456\",\n  \"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\",\n  \"SessionToken\": \"IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc==\",\n  \"Expiration\": \"2026-11-23T18:00:00+00:00\",\n  \"AccountId\": \"111122223333\"\n}\n"},
		{FormatEnv, "export AWS_ACCESS_KEY_ID=ASIAEXAMPLEKEY123456\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nexport AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc==\nexport AWS_CREDENTIAL_EXPIRATION=2026-11-23T18:00:00+00:00\n"},
		{FormatEnvNoExport, "AWS_ACCESS_KEY_ID=ASIAEXAMPLEKEY123456\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nAWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc==\nAWS_CREDENTIAL_EXPIRATION=2026-11-23T18:00:00+00:00\n"},
		{FormatFish, "set -gx AWS_ACCESS_KEY_ID ASIAEXAMPLEKEY123456\nset -gx AWS_SECRET_ACCESS_KEY wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nset -gx AWS_SESSION_TOKEN IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc==\nset -gx AWS_CREDENTIAL_EXPIRATION 2026-11-23T18:00:00+00:00\n"},
		{FormatPowerShell, "$Env:AWS_ACCESS_KEY_ID=\"ASIAEXAMPLEKEY123456\"\n$Env:AWS_SECRET_ACCESS_KEY=\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n$Env:AWS_SESSION_TOKEN=\"IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc==\"\n$Env:AWS_CREDENTIAL_EXPIRATION=\"2026-11-23T18:00:00+00:00\"\n"},
		{FormatWindowsCmd, "set AWS_ACCESS_KEY_ID=ASIAEXAMPLEKEY123456\nset AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nset AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc==\nset AWS_CREDENTIAL_EXPIRATION=2026-11-23T18:00:00+00:00\n"},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, tt.format, sample); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tt.want)
			}
		})
	}
}

// TestFormatsMatchAWSCLIv2 runs the AWS CLI v2's own formatters (Debian's awscli package, on
// the system python next to /usr/bin/aws) on the same credentials and compares bytes.
func TestFormatsMatchAWSCLIv2(t *testing.T) {
	aws := testenv.AWSCLIv2(t)
	python := filepath.Join(filepath.Dir(aws), "python3")
	script := `import sys, io, datetime
from awscli.customizations.configure.exportcreds import SUPPORTED_FORMATS, Credentials
exp = datetime.datetime(2026, 11, 23, 18, 0, 0, tzinfo=datetime.timezone.utc).isoformat()
c = Credentials(sys.argv[2], sys.argv[3], sys.argv[4], exp)
SUPPORTED_FORMATS[sys.argv[1]](sys.stdout).display_credentials(c)`
	for _, f := range []Format{FormatProcess, FormatEnv, FormatEnvNoExport, FormatPowerShell, FormatWindowsCmd} {
		want, err := exec.Command(python, "-c", script, string(f), sample.AccessKeyID, sample.SecretAccessKey, sample.SessionToken).Output()
		if err != nil {
			testenv.Missing(t, "the AWS CLI v2 python modules next to %s: %v", aws, err)
		}
		var got bytes.Buffer
		Write(&got, f, sample)
		if got.String() != string(want) {
			t.Errorf("%s:\nawsso  %q\naws v2 %q", f, got.String(), want)
		}
	}
}

// TestHostileValuesCannotRunCommands feeds values with shell syntax through eval in sh and
// checks that they arrive intact and nothing runs.
func TestHostileValuesCannotRunCommands(t *testing.T) {
	sh := testenv.LookPath(t, "sh")
	marker := filepath.Join(t.TempDir(), "pwned")
	evil := &Credentials{AccessKeyID: "AKIA$(touch " + marker + ")", SecretAccessKey: "a'b\"c`d`;e", SessionToken: "x\ny", Expiration: sample.Expiration}
	for _, f := range []Format{FormatEnv, FormatEnvNoExport} {
		var b bytes.Buffer
		if err := Write(&b, f, evil); err != nil {
			t.Fatal(err)
		}
		script := b.String() + `printf '%s|%s|%s' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN"`
		out, err := exec.Command(sh, "-c", script).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: sh: %v\n%s", f, err, out)
		}
		if want := evil.AccessKeyID + "|" + evil.SecretAccessKey + "|" + evil.SessionToken; string(out) != want {
			t.Errorf("%s: values changed: %q, want %q", f, out, want)
		}
		if _, err := os.Stat(marker); err == nil {
			t.Fatalf("%s: eval ran an embedded command", f)
		}
	}
	if err := Write(&bytes.Buffer{}, FormatWindowsCmd, evil); err == nil {
		t.Error("windows-cmd accepted a value cmd would interpret")
	}
}

// readPowerShellString reads a single-quoted PowerShell string at the start of s as PowerShell
// does: any of ' ‘ ’ ‚ ‛ opens and closes it, and two of them in a row stand
// for one. It returns the value and what follows the closing quote.
func readPowerShellString(t *testing.T, s string) (value, rest string) {
	t.Helper()
	isQuote := func(r rune) bool { return strings.ContainsRune("'\u2018\u2019\u201a\u201b", r) }
	runes := []rune(s)
	if len(runes) == 0 || !isQuote(runes[0]) {
		t.Fatalf("not a single-quoted string: %q", s)
	}
	var b strings.Builder
	for i := 1; i < len(runes); i++ {
		if !isQuote(runes[i]) {
			b.WriteRune(runes[i])
			continue
		}
		if i+1 < len(runes) && isQuote(runes[i+1]) {
			b.WriteRune(runes[i])
			i++
			continue
		}
		return b.String(), string(runes[i+1:])
	}
	t.Fatalf("unterminated string: %q", s)
	return "", ""
}

func TestPowerShellQuotingEndsOnlyAtTheEnd(t *testing.T) {
	for _, v := range []string{"a'b", "a\u2018b\u2019c", "\u201a$(Stop-Computer)\u201b", "'';Remove-Item x;''", "\u2019\u2019"} {
		line, err := envLine(FormatPowerShell, "AWS_SECRET_ACCESS_KEY", v)
		if err != nil {
			t.Fatal(err)
		}
		got, rest := readPowerShellString(t, strings.TrimPrefix(line, "$Env:AWS_SECRET_ACCESS_KEY="))
		if got != v || rest != "" {
			t.Errorf("%q printed as %s: PowerShell reads %q, then %q", v, line, got, rest)
		}
	}
}

func TestParseFormat(t *testing.T) {
	if f, err := ParseFormat("env-no-export"); err != nil || f != FormatEnvNoExport {
		t.Errorf("ParseFormat = %q, %v", f, err)
	}
	if _, err := ParseFormat("yaml"); err == nil || !strings.Contains(err.Error(), "process, env") {
		t.Errorf("ParseFormat(yaml) = %v", err)
	}
}

func FuzzLoad(f *testing.F) {
	var seed bytes.Buffer
	c := Cache{Dir: f.TempDir()}
	c.Save("seed", sample)
	raw, _ := os.ReadFile(c.Path("seed"))
	seed.Write(raw)
	f.Add(seed.Bytes())
	f.Add([]byte(`{"ProviderType": "sso", "Credentials": {"AccessKeyId": "A", "Expiration": 5}}`))
	f.Add([]byte(`{"Credentials": []}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := Cache{Dir: t.TempDir()}
		os.WriteFile(c.Path("k"), data, 0o600)
		got, ok := c.Load("k")
		if !ok {
			return
		}
		if got.AccessKeyID == "" || got.Expiration.IsZero() {
			t.Fatalf("Load accepted incomplete credentials: %+v", got)
		}
		if err := c.Save("k", got); err != nil {
			t.Fatal(err)
		}
		again, ok := c.Load("k")
		if !ok || again.AccessKeyID != got.AccessKeyID || !again.Expiration.Equal(got.Expiration.Truncate(time.Second)) {
			t.Fatalf("round trip changed the credentials: %+v -> %+v", got, again)
		}
	})
}

// TestJSONEscapesAsPython compares the process format of values outside printable ASCII with
// what Python's json.dumps writes.
func TestJSONEscapesAsPython(t *testing.T) {
	python := testenv.LookPath(t, "python3")
	odd := &Credentials{AccessKeyID: "A\"\\\x01\x7f", SecretAccessKey: "é€", SessionToken: "😀\n", Expiration: sample.Expiration}
	var got bytes.Buffer
	if err := Write(&got, FormatProcess, odd); err != nil {
		t.Fatal(err)
	}
	script := `import json, sys
print(json.dumps({"Version": 1, "AccessKeyId": sys.argv[1], "SecretAccessKey": sys.argv[2], "SessionToken": sys.argv[3], "Expiration": "2026-11-23T18:00:00+00:00"}, indent=2))`
	want, err := exec.Command(python, "-c", script, odd.AccessKeyID, odd.SecretAccessKey, odd.SessionToken).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("awsso\n%s\npython\n%s", got.String(), want)
	}
}
