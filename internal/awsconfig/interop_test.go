package awsconfig

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// botocoreCases are tricky files read by awsso and by botocore. Where botocore reads a file
// differently on purpose (the rules in doc.go), botocore holds what botocore reads, and the test
// asserts that difference; otherwise the two views must be equal.
var botocoreCases = []struct {
	name, config, creds string
	botocore            string // "" when botocore agrees with awsso; else its JSON view or "error"
	oursFails           bool   // awsso reports a syntax error
}{
	{name: "sso-session profiles and credentials merge",
		config: "[default]\nregion = us-east-1\n[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n[sso-session corp]\nsso_start_url = https://d-abc123.awsapps.com/start\nsso_region = us-east-1\n",
		creds:  "[dev]\nregion = eu-west-1\naws_access_key_id = A\naws_secret_access_key = S\n[ci]\naws_access_key_id = B\naws_secret_access_key = S\n"},
	{name: "services sections",
		config: "[profile dev]\nservices = local\nendpoint_url = https://proxy\n[services local]\nsts =\n  endpoint_url = http://127.0.0.1:4566\nsso_oidc =\n\tendpoint_url = http://127.0.0.1:4566\n[services   other]\ns3 =\n  endpoint_url = http://s3\n"},
	{name: "quoted services names", config: "[services 'a b']\nsts =\n  endpoint_url = http://x\n",
		botocore: `{"profiles": {}, "sso_sessions": {}, "services": {"a b": {"sts": {"endpoint_url": "http://x"}}}, "order": []}`},
	{name: "comments everywhere", config: "# a\n; b\n[default]\n# c\nregion = a\n  ; d\n[profile x] # e\nk = v\n"},
	{name: "CRLF", config: "[default]\r\nregion = a\r\n[profile x]\r\nk = v\r\n  more\r\n"},
	{name: "continuation lines", config: "[profile p]\ncredential_process = tool\n  --flag x\n  --other ; kept\nregion = b\n"},
	{name: "indented k = v after a value", config: "[profile p]\nregion = us-east-1\n  foo = bar\n"},
	{name: "sub-property blocks", config: "[default]\ns3 =\n  max_concurrent_requests = 20 # kept\n  addressing_style = path\nregion = x\n[services s]\ndynamodb =\n  endpoint_url = http://localhost:8000\n"},
	{name: "colon separator", config: "[default]\nregion: us-east-1\nurl = https://x:443\n"},
	{name: "indented properties at the start of a section", config: "[default]\n  a = 1\n  b = 2\n    c\n"},
	{name: "keys lower-cased", config: "[default]\nRegion = a\nSSO_Account_ID = 222233334444\nsso_ROLE_name = c\nsso_session = s\n[sso-session s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n"},
	{name: "comment needs a blank before it", config: "[default]\na = 1;x\nb = x#y\n"},
	{name: "quotes kept", config: "[default]\na = \"x\"\nb = 'y'\n"},
	{name: "no final newline", config: "[default]\nregion = a", creds: "[default]\naws_access_key_id = A\naws_secret_access_key = S"},
	{name: "non-profile sections", config: "[dev]\nx = 1\n[plugins]\ny = 2\n[profile ok]\nz = 3\n"},
	{name: "name with blanks skipped", config: "[profile a b]\nx = 1\n[profile ok]\nz = 3\n"},
	{name: "profile order: config first, then credentials", config: "[profile b]\n[profile a]\n[default]\n", creds: "[c]\n[a]\n[0]\n"},
	{name: "property before any section", config: "region = a\n[default]\n", botocore: "error", oursFails: true},
	{name: "line without separator", config: "[default]\nregion\n", botocore: "error", oursFails: true},
	{name: "sub-property without equals", config: "[default]\ns3 =\n  oops\n", botocore: "error", oursFails: true},

	{name: "differs: inline comment kept by botocore",
		config:   "[default]\nregion = us-west-2 ; prod\n",
		botocore: `{"profiles":{"default":{"region":"us-west-2 ; prod"}},"sso_sessions":{},"services":{},"order":["default"]}`},
	{name: "differs: duplicate sections refused by botocore",
		config: "[profile a]\nx = 1\n[profile a]\ny = 2\n", botocore: "error"},
	{name: "differs: duplicate keys refused by botocore",
		config: "[profile a]\nx = 1\nx = 2\n", botocore: "error"},
	{name: "differs: [default] after [profile default] wins in botocore",
		config:   "[profile default]\nregion = a\n[default]\nregion = b\n",
		botocore: `{"profiles":{"default":{"region":"b"}},"sso_sessions":{},"services":{},"order":["default"]}`},
	{name: "differs: botocore reads [profile x] in the credentials file",
		creds:    "[profile x]\naws_access_key_id = A\n",
		botocore: `{"profiles":{"profile x":{"aws_access_key_id":"A"}},"sso_sessions":{},"services":{},"order":["profile x"]}`},
	{name: "differs: botocore unquotes names",
		config:   "[profile \"q\"]\nx = 1\n[sso-session 'my sso']\nsso_region = a\n",
		botocore: `{"profiles":{"q":{"x":"1"}},"sso_sessions":{"my sso":{"sso_region":"a"}},"services":{},"order":["q"]}`},
	{name: "differs: botocore reads an indented header after a value as a continuation",
		config:   "[profile a]\nx = 1\n  [profile b]\ny = 2\n",
		botocore: `{"profiles":{"a":{"x":"1\n[profile b]","y":"2"}},"sso_sessions":{},"services":{},"order":["a"]}`},
	{name: "differs: botocore keeps blank lines inside a value",
		config:   "[default]\nv = a\n\n  b\n",
		botocore: `{"profiles":{"default":{"v":"a\n\nb"}},"sso_sessions":{},"services":{},"order":["default"]}`},
	{name: "differs: botocore keeps the case of sub-property keys",
		config:   "[default]\ns3 =\n  Max = 1\n",
		botocore: `{"profiles":{"default":{"s3":{"Max":"1"}}},"sso_sessions":{},"services":{},"order":["default"]}`},
	{name: "differs: botocore copies [DEFAULT] into every section",
		config:   "[profile a]\nx = 1\n[DEFAULT]\nz = 2\n",
		botocore: `{"profiles":{"a":{"x":"1","z":"2"}},"sso_sessions":{},"services":{},"order":["a"]}`},
	{name: "differs: botocore ignores text after ']'",
		config:    "[profile a]x\ny = 1\n",
		botocore:  `{"profiles":{"a":{"y":"1"}},"sso_sessions":{},"services":{},"order":["a"]}`,
		oursFails: true},
}

// botoView is c in the shape botocore_view.py prints.
func botoView(c *Config) any {
	props := func(ps Properties) map[string]any {
		m := map[string]any{}
		for _, p := range ps {
			if p.Sub != nil {
				m[p.Key] = p.SubMap()
			} else {
				m[p.Key] = p.Value
			}
		}
		return m
	}
	profiles, sessions, services := map[string]any{}, map[string]any{}, map[string]any{}
	for _, p := range c.Profiles() {
		profiles[p.Name] = props(p.Properties)
	}
	for _, s := range c.SSOSessions() {
		sessions[s.Name] = props(s.Properties)
	}
	for _, s := range c.ServicesSections() {
		services[s.Name] = props(s.Properties)
	}
	return normalize(map[string]any{"profiles": profiles, "sso_sessions": sessions, "services": services, "order": c.ProfileNames()})
}

// normalize turns v into the generic form encoding/json decodes to, so views compare equal.
func normalize(v any) any {
	b, _ := json.Marshal(v)
	var out any
	json.Unmarshal(b, &out)
	return out
}

func TestBotocoreAgreement(t *testing.T) {
	py := testenv.Python(t, false)
	dir := t.TempDir()
	var args []string
	for i, tt := range botocoreCases {
		cfg, creds := filepath.Join(dir, fmt.Sprint(i, "config")), filepath.Join(dir, fmt.Sprint(i, "creds"))
		os.WriteFile(cfg, []byte(tt.config), 0o600)
		os.WriteFile(creds, []byte(tt.creds), 0o600)
		args = append(args, cfg, creds)
	}
	cmd := exec.Command(py, append([]string{filepath.Join("testdata", "botocore_view.py")}, args...)...)
	cmd.Env = testenv.CleanEnv()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("botocore_view.py: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for i, tt := range botocoreCases {
		if !sc.Scan() {
			t.Fatalf("botocore printed %d lines for %d cases", i, len(botocoreCases))
		}
		var boto any
		if err := json.Unmarshal(sc.Bytes(), &boto); err != nil {
			t.Fatal(err)
		}
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(Paths{Config: args[2*i], Credentials: args[2*i+1]})
			if (err != nil) != tt.oursFails {
				t.Fatalf("awsso: err = %v, want failure %v", err, tt.oursFails)
			}
			ours := botoView(c)
			_, botoFailed := boto.(map[string]any)["error"]
			switch {
			case tt.botocore == "error":
				if !botoFailed {
					t.Errorf("botocore read the file: %v", boto)
				}
			case tt.botocore != "":
				var want any
				json.Unmarshal([]byte(tt.botocore), &want)
				if !reflect.DeepEqual(boto, want) {
					t.Errorf("botocore no longer reads it as documented:\n got %v\nwant %v", boto, want)
				}
				if reflect.DeepEqual(ours, boto) {
					t.Errorf("awsso now reads it as botocore does; move the case to the agreeing ones")
				}
			case tt.oursFails:
				t.Fatalf("a case awsso refuses needs botocore's view")
			default:
				if !reflect.DeepEqual(ours, boto) {
					t.Errorf("awsso and botocore disagree:\nawsso    %v\nbotocore %v", ours, boto)
				}
			}
		})
	}
}

// TestEditedFilesReadBackByBoto3AndAWSCLIv1 edits real-looking files with Update and checks
// that boto3 (botocore) and the AWS CLI v1 read every profile as awsso does.
func TestEditedFilesReadBackByBoto3AndAWSCLIv1(t *testing.T) {
	py := testenv.Python(t, true)
	h := testenv.TempHome(t)
	base, err := os.ReadFile(filepath.Join("testdata", "corpus", "crlf.ini"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(h.Config, base, 0o600)
	os.WriteFile(h.Credentials, []byte("[dev]\naws_access_key_id = OLD\n"), 0o600)
	ctx := context.Background()
	err = Update(ctx, h.Config, func(d *Document) error {
		d.Delete(ProfileRef("default"), "region") // had an inline comment botocore would keep
		// The AWS CLI v1 would try to import the corpus's made-up plugin.
		if !d.RemoveSection(SectionRef{Type: TypeBare, Name: "plugins"}) {
			return fmt.Errorf("no [plugins] section to remove")
		}
		return firstErr(
			d.Set(ProfileRef("default"), "region", "eu-central-1"),
			d.Set(ProfileRef("prod"), "region", "ap-southeast-2"),
			d.Set(ProfileRef("prod"), "s3", "replaced-block"),
			d.Set(ProfileRef("tool"), "credential_process", "/bin/other --x"),
			d.Set(SSOSessionRef("corp"), "sso_registration_scopes", "sso:account:access,codewhisperer:completions"),
			d.Set(ProfileRef("new"), "sso_session", "corp"),
			d.Set(ProfileRef("new"), "sso_account_id", "999988887777"),
			d.Set(ProfileRef("new"), "sso_role_name", "ViewOnly"),
			d.AddSection(SSOSessionRef("second"), "awsso:populate"),
			d.Set(SSOSessionRef("second"), "sso_start_url", "https://d-2222222222.awsapps.com/start"),
			d.Set(SSOSessionRef("second"), "sso_region", "eu-west-1"),
		)
	})
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := os.ReadFile(h.Config); !bytes.HasPrefix(d, base[:100]) || !bytes.Contains(d, []byte("\r\n[profile new]\r\n")) {
		t.Errorf("edited file lost its CRLF endings:\n%q", d)
	}
	err = Update(ctx, h.Credentials, func(d *Document) error {
		d.RemoveSection(CredentialsRef("nothing"))
		return d.Set(CredentialsRef("dev"), "aws_access_key_id", "NEW")
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(Paths{Config: h.Config, Credentials: h.Credentials})
	if err != nil {
		t.Fatal(err)
	}
	names := c.ProfileNames()
	cmd := exec.Command(py, append([]string{filepath.Join("testdata", "botocore_scoped.py")}, names...)...)
	cmd.Env = append(testenv.CleanEnv(), h.Env()...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("botocore_scoped.py: %v", err)
	}
	var boto map[string]any
	json.Unmarshal(out, &boto)
	for _, name := range names {
		p, _ := c.Profile(name)
		ours := map[string]any{}
		for _, prop := range p.Properties {
			if prop.Sub != nil {
				ours[prop.Key] = prop.SubMap()
			} else {
				ours[prop.Key] = prop.Value
			}
		}
		if !reflect.DeepEqual(normalize(ours), boto[name]) {
			t.Errorf("profile %s:\nawsso    %v\nbotocore %v", name, normalize(ours), boto[name])
		}
	}
	for _, q := range []struct{ profile, key, want string }{
		{"default", "region", "eu-central-1"},
		{"prod", "region", "ap-southeast-2"},
		{"new", "sso_account_id", "999988887777"},
		{"new", "sso_session", "corp"},
		{"dev", "aws_access_key_id", "NEW"},
		{"tool", "credential_process", "/bin/other --x"},
	} {
		cmd := exec.Command(py, "-m", "awscli", "configure", "get", q.key, "--profile", q.profile)
		cmd.Env = append(testenv.CleanEnv(), h.Env()...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		got, err := cmd.Output()
		if err != nil || strings.TrimSpace(string(got)) != q.want {
			t.Errorf("aws (v1) configure get %s --profile %s = %q, %v (%s); want %q", q.key, q.profile, got, err, stderr.String(), q.want)
		}
	}
	sso, err := c.ResolveSSO("new")
	if err != nil || sso.StartURL != "https://d-abc123.awsapps.com/start" || len(sso.Scopes) != 2 {
		t.Errorf("ResolveSSO(new) = %+v, %v", sso, err)
	}
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
