package profiles

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/golden"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

func testdataPaths() (awsconfig.Paths, error) {
	return awsconfig.Paths{Config: filepath.Join("testdata", "config"), Credentials: filepath.Join("testdata", "credentials")}, nil
}

// run runs the command with args on the testdata files; tty makes stdout a terminal.
func run(t *testing.T, tty bool, env map[string]string, args ...string) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	ios.SetTTY(false, tty, false)
	ios.DisableColor()
	f := cmdutil.NewFactory(ios, "test")
	f.LookupEnv = func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	cmd := NewCmdProfiles(f, func(o *ProfilesOptions) error {
		o.Paths = testdataPaths
		return profilesRun(o)
	})
	cmd.PersistentFlags().StringVar(&f.OutputFlag, "output", "", "")
	cmd.SetArgs(append([]string{}, args...)) // never nil: cobra would read os.Args
	cmd.SetOut(out)
	cmd.SetErr(out)
	err := cmd.Execute()
	return out.String(), err
}

func TestProfilesGolden(t *testing.T) {
	tests := []struct {
		name string
		tty  bool
		args []string
	}{
		{name: "json", args: []string{"--output", "json"}},
		{name: "yaml", args: []string{"--output", "yaml"}},
		{name: "text", args: []string{"--output", "text"}},
		{name: "table", args: []string{"--output", "table"}},
		{name: "names", tty: true, args: []string{"--names"}},
		{name: "default-profile-output", tty: true}, // [default] says output = json
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := run(t, tt.tty, nil, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "profiles."+tt.name+".golden", out)
		})
	}
}

// TestJSONWriterMatchesEncodingJSON holds the hand-written JSON to what cmdutil.WriteJSON
// prints for the same data, on the testdata files and on empty ones.
func TestJSONWriterMatchesEncodingJSON(t *testing.T) {
	for _, paths := range []func() (awsconfig.Paths, error){testdataPaths, func() (awsconfig.Paths, error) { return awsconfig.Paths{}, nil }} {
		p, _ := paths()
		cfg, err := awsconfig.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		v := buildView(cfg, func(*awsconfig.SSO) string { return "state \"q\"" })
		var fast, slow bytes.Buffer
		if err := writeJSON(&fast, v.data); err != nil {
			t.Fatal(err)
		}
		if err := cmdutil.WriteJSON(&slow, v.data); err != nil {
			t.Fatal(err)
		}
		if fast.String() != slow.String() {
			t.Errorf("writeJSON:\n%s\nencoding/json:\n%s", fast.String(), slow.String())
		}
	}
}

func TestProfilesTerminalTableForProfileWithoutOutput(t *testing.T) {
	table, err := run(t, true, map[string]string{"AWS_PROFILE": "dev"})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := run(t, false, nil, "--output", "table")
	if table != want {
		t.Errorf("terminal default is not the table:\n%s", table)
	}
}

func TestProfilesRedactsSecrets(t *testing.T) {
	for _, format := range []string{"json", "yaml", "text", "table"} {
		out, err := run(t, false, nil, "--output", format)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"wJalrXUtnFEMI", "secret-value", "session-token-value", "security-token-value", "client-secret-value"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s output shows %q", format, secret)
			}
		}
	}
}

// TestProfilesTokenStateSeam: the table shows each profile's token state; JSON and YAML keep
// their shape, names, kinds and properties, without it.
func TestProfilesTokenStateSeam(t *testing.T) {
	for _, format := range []cmdutil.Format{cmdutil.FormatTable, cmdutil.FormatText, cmdutil.FormatJSON, cmdutil.FormatYAML} {
		ios, _, out, _ := iostreams.Test()
		asked := 0
		opts := &ProfilesOptions{IO: ios, Paths: testdataPaths, Format: func(string) (cmdutil.Format, error) { return format, nil },
			TokenState: func(s *awsconfig.SSO) string { asked++; return "valid via " + s.Session + s.StartURL }}
		if err := profilesRun(opts); err != nil {
			t.Fatal(err)
		}
		want := format == cmdutil.FormatTable || format == cmdutil.FormatText
		if hasState := strings.Contains(out.String(), "valid via corp"); hasState != want || (asked > 0) != want {
			t.Errorf("%s output shows the state: %v (asked %d times), want %v\n%s", format, hasState, asked, want, out)
		}
	}
}

func TestProfilesSyntaxError(t *testing.T) {
	h := testenv.TempHome(t)
	os.WriteFile(h.Config, []byte("[default]\nregion\n"), 0o600)
	ios, _, _, _ := iostreams.Test()
	opts := &ProfilesOptions{IO: ios, Names: true, Paths: func() (awsconfig.Paths, error) { return awsconfig.PathsFromEnv(h.Lookup(nil)) }}
	err := profilesRun(opts)
	if err == nil || err.Error() != "~/.aws/config:2: expected 'name = value'" || cmdutil.ExitCodeOf(err) != 1 {
		t.Fatalf("err = %v", err)
	}
}

// TestNamesMatchAWSCLIv2 compares --names with 'aws configure list-profiles' of the AWS CLI v2
// on the same files.
func TestNamesMatchAWSCLIv2(t *testing.T) {
	aws := testenv.AWSCLIv2(t)
	h := testenv.TempHome(t)
	for _, f := range [][2]string{{"config", h.Config}, {"credentials", h.Credentials}} {
		b, _ := os.ReadFile(filepath.Join("testdata", f[0]))
		os.WriteFile(f[1], b, 0o600)
	}
	cmd := exec.Command(aws, "configure", "list-profiles")
	cmd.Env = append(testenv.CleanEnv(), h.Env()...)
	want, err := cmd.Output()
	if err != nil {
		t.Fatalf("aws configure list-profiles: %v", err)
	}
	ios, _, out, _ := iostreams.Test()
	opts := &ProfilesOptions{IO: ios, Names: true, Paths: func() (awsconfig.Paths, error) { return awsconfig.PathsFromEnv(h.Lookup(nil)) }}
	if err := profilesRun(opts); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("awsso profiles --names:\n%s\naws configure list-profiles:\n%s", out, want)
	}
}

// TestTextInChunksKeepsOrder: a config long enough to be summarised in several chunks prints
// the same rows as the table, in file order, and asks for each session's token state once.
func TestTextInChunksKeepsOrder(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3)) // three chunks, whatever the machine
	var b strings.Builder
	for s := range 7 {
		fmt.Fprintf(&b, "[sso-session org%d]\nsso_start_url = https://d-%010d.awsapps.com/start\nsso_region = us-east-1\n", s, s)
	}
	for i := range 3 * minChunk {
		switch i % 4 {
		case 0, 1: // IAM Identity Center
			fmt.Fprintf(&b, "[profile p%04d]\nsso_session = org%d\nsso_account_id = %012d\nsso_role_name = Admin\n", i, i%7, i)
		case 2: // a chain from the profile before
			fmt.Fprintf(&b, "[profile p%04d]\nrole_arn = arn:aws:iam::%012d:role/Deploy\nsource_profile = p%04d\n", i, i, i-1)
		case 3: // invalid: a session that does not exist
			fmt.Fprintf(&b, "[profile p%04d]\nsso_session = nosuch\nsso_account_id = %012d\nsso_role_name = Admin\n", i, i)
		}
	}
	dir := t.TempDir()
	paths := awsconfig.Paths{Config: filepath.Join(dir, "config"), Credentials: filepath.Join(dir, "credentials")}
	if err := os.WriteFile(paths.Config, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	listing := func(format cmdutil.Format) (string, map[string]int) {
		ios, _, out, _ := iostreams.Test()
		asked := map[string]int{} // tokenState is called under the listing's lock
		opts := &ProfilesOptions{IO: ios, Paths: func() (awsconfig.Paths, error) { return paths, nil },
			Format:     func(string) (cmdutil.Format, error) { return format, nil },
			TokenState: func(s *awsconfig.SSO) string { asked[s.Session]++; return "valid via " + s.Session }}
		if err := profilesRun(opts); err != nil {
			t.Fatal(err)
		}
		return out.String(), asked
	}
	text, asked := listing(cmdutil.FormatText)
	table, _ := listing(cmdutil.FormatTable)
	lines, rows := strings.Split(text, "\n"), strings.Split(table, "\n")
	for i := range 3 * minChunk {
		cells := strings.Split(lines[i], "\t")
		if want := fmt.Sprintf("p%04d", i); cells[0] != "PROFILE" || cells[1] != want {
			t.Fatalf("text line %d is %q, want profile %s", i, lines[i], want)
		}
		if got, want := strings.Join(strings.Fields(strings.Join(cells[1:], " ")), " "), strings.Join(strings.Fields(rows[i+1]), " "); got != want {
			t.Fatalf("text line %d says %q, the table %q", i, got, want)
		}
	}
	if len(asked) != 7 {
		t.Errorf("token state asked for %d sessions, want 7", len(asked))
	}
	for s, n := range asked {
		if n != 1 {
			t.Errorf("token state of %s asked %d times", s, n)
		}
	}
}
