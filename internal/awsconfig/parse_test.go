package awsconfig

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dump writes the merged view of c in a canonical form that tests compare:
// "profile NAME" / "sso-session NAME" lines, each followed by "  key = "value"" lines and
// "    sub = "value"" lines for sub-properties.
func dump(c *Config) string {
	var b strings.Builder
	write := func(kind, name string, props Properties) {
		fmt.Fprintf(&b, "%s %s\n", kind, name)
		for _, p := range props {
			if p.Sub != nil {
				fmt.Fprintf(&b, "  %s =\n", p.Key)
				for _, s := range p.Sub {
					fmt.Fprintf(&b, "    %s = %q\n", s.Key, s.Value)
				}
				continue
			}
			fmt.Fprintf(&b, "  %s = %q\n", p.Key, p.Value)
		}
	}
	for _, p := range c.Profiles() {
		write("profile", p.Name, p.Properties)
	}
	for _, s := range c.SSOSessions() {
		write("sso-session", s.Name, s.Properties)
	}
	return b.String()
}

// errLines lists the syntax errors of err as "LINE: message".
func errLines(err error) string {
	var se SyntaxErrors
	if !errors.As(err, &se) {
		return ""
	}
	var b strings.Builder
	for _, e := range se {
		fmt.Fprintf(&b, "%d: %s\n", e.Line, e.Msg)
	}
	return b.String()
}

func TestParseRules(t *testing.T) {
	tests := []struct {
		name, config, creds string
		want                string // dump of the merged view
		errs                string // syntax errors, "LINE: message" lines
	}{
		{name: "1 CRLF line endings are not part of values",
			config: "[default]\r\nregion = us-east-1\r\n",
			want:   "profile default\n  region = \"us-east-1\"\n"},
		{name: "1 byte order mark ignored",
			config: "\ufeff[default]\nregion = a\n",
			want:   "profile default\n  region = \"a\"\n"},
		{name: "2 comments and blank lines anywhere",
			config: "# c\n; c\n\n[default]\n  # indented comment\n\t; tab comment\nregion = a\n\n",
			want:   "profile default\n  region = \"a\"\n"},
		{name: "3 header with comment after bracket",
			config: "[profile dev] # development\nregion = a\n[profile qa]; q\nregion = b\n",
			want:   "profile dev\n  region = \"a\"\nprofile qa\n  region = \"b\"\n"},
		{name: "3 indented header is a header",
			config: "[profile a]\nx = 1\n  [profile b]\ny = 2\n",
			want:   "profile a\n  x = \"1\"\nprofile b\n  y = \"2\"\n"},
		{name: "3 missing bracket is a syntax error and its properties are not read",
			config: "[profile a]\nx = 1\n[profile b\ny = 2\n",
			want:   "profile a\n  x = \"1\"\n",
			errs:   "3: section header has no closing ']'\n"},
		{name: "3 text after bracket is a syntax error",
			config: "[profile a]x\ny = 2\n",
			errs:   "1: unexpected text after ']' in section header\n"},
		{name: "3 empty header is a syntax error",
			config: "[]\ny = 2\n",
			errs:   "1: empty section name\n"},
		{name: "4 blanks between type and name collapse",
			config: "[profile \t  dev  ]\nregion = a\n[sso-session   corp]\nsso_region = b\n",
			want:   "profile dev\n  region = \"a\"\nsso-session corp\n  sso_region = \"b\"\n"},
		{name: "4 invalid and quoted names are skipped",
			config: "[profile a b]\nx = 1\n[profile 'q']\nx = 2\n[sso-session \"my sso\"]\nx = 3\n[profile ok]\nx = 4\n",
			want:   "profile ok\n  x = \"4\"\n"},
		{name: "4 config sections without the profile prefix are not profiles",
			config: "[dev]\nx = 1\n[plugins]\ny = 2\n[services s]\nz = 3\n[Profile x]\nw = 4\n[DEFAULT]\nv = 5\n",
			want:   ""},
		{name: "4 credentials file takes bare names only",
			creds: "[dev]\naws_access_key_id = A\n[profile qa]\naws_access_key_id = B\n",
			want:  "profile dev\n  aws_access_key_id = \"A\"\n"},
		{name: "4 names are case-sensitive",
			config: "[profile Dev]\nx = 1\n[profile dev]\nx = 2\n",
			want:   "profile Dev\n  x = \"1\"\nprofile dev\n  x = \"2\"\n"},
		{name: "5 property before any section",
			config: "region = a\n[default]\nx = 1\n",
			want:   "profile default\n  x = \"1\"\n",
			errs:   "1: property outside a section: add a [profile NAME] header above it\n"},
		{name: "6 keys trimmed and lower-cased, colon separates",
			config: "[default]\n  Region  =  us-east-1  \nOutput: json\nurl = https://x:443/a\nk:v=w\n",
			want:   "profile default\n  region = \"us-east-1\"\n  output = \"json\"\n  url = \"https://x:443/a\"\n  k = \"v=w\"\n"},
		{name: "6 line without separator",
			config: "[default]\nregion\nx = 1\n",
			want:   "profile default\n  x = \"1\"\n",
			errs:   "2: expected 'name = value'\n"},
		{name: "6 empty key",
			config: "[default]\n= v\n",
			want:   "profile default\n",
			errs:   "2: property has no name before '='\n"},
		{name: "7 inline comments need a blank before them",
			config: "[default]\na = 1;x\nb = 1 ;x\nc = 1\t# x\nd = #x\ne = x#y\nf = 'q' ; c\n",
			want:   "profile default\n  a = \"1;x\"\n  b = \"1\"\n  c = \"1\"\n  d = \"\"\n  e = \"x#y\"\n  f = \"'q'\"\n"},
		{name: "7 quotes are kept",
			config: "[default]\na = \"x\"\nb = 'y'\n",
			want:   "profile default\n  a = \"\\\"x\\\"\"\n  b = \"'y'\"\n"},
		{name: "8 continuation lines join with newline, comments kept",
			config: "[default]\nca = first\n  second ; kept\n\tthird\nnext = 1\n",
			want:   "profile default\n  ca = \"first\\nsecond ; kept\\nthird\"\n  next = \"1\"\n"},
		{name: "8 indented k = v after a value continues it",
			config: "[default]\nregion = us-east-1\n  foo = bar\n",
			want:   "profile default\n  region = \"us-east-1\\nfoo = bar\"\n"},
		{name: "8 sub-property block",
			config: "[default]\ns3 =\n  Max_Concurrent_Requests = 20 # kept\n  addressing_style=path\n  a:b = c\nregion = x\n",
			want:   "profile default\n  s3 =\n    max_concurrent_requests = \"20 # kept\"\n    addressing_style = \"path\"\n    a:b = \"c\"\n  region = \"x\"\n"},
		{name: "8 sub-property block with comment on the key line",
			config: "[default]\ns3 = # settings\n  max = 1\n",
			want:   "profile default\n  s3 =\n    max = \"1\"\n"},
		{name: "8 sub-property line without equals",
			config: "[default]\ns3 =\n  oops\n  max = 1\n",
			want:   "profile default\n  s3 =\n    max = \"1\"\n",
			errs:   "3: expected 'name = value' in the sub-properties of s3\n"},
		{name: "8 indented property at the start of a section",
			config: "[default]\n  a = 1\n  b = 2\n    c\n",
			want:   "profile default\n  a = \"1\"\n  b = \"2\\nc\"\n"},
		{name: "9 blank and comment lines inside a continuation are skipped",
			config: "[default]\nv = a\n\n  b\n  # c\n  d\n",
			want:   "profile default\n  v = \"a\\nb\\nd\"\n"},
		{name: "10 duplicate sections merge, last key wins in place",
			config: "[profile a]\nx = 1\ny = 1\n[profile b]\nz = 1\n[profile a]\nx = 2\nw = 2\n",
			want:   "profile a\n  x = \"2\"\n  y = \"1\"\n  w = \"2\"\nprofile b\n  z = \"1\"\n"},
		{name: "10 duplicate keys in one section, last wins",
			config: "[profile a]\nx = 1\nX = 2\n",
			want:   "profile a\n  x = \"2\"\n"},
		{name: "10 a later sub-property block replaces an earlier one",
			config: "[profile a]\ns3 =\n  a = 1\n[profile a]\ns3 =\n  b = 2\n",
			want:   "profile a\n  s3 =\n    b = \"2\"\n"},
		{name: "10 duplicate sso-sessions merge",
			config: "[sso-session c]\nsso_region = a\n[sso-session c]\nsso_region = b\nsso_start_url = u\n",
			want:   "sso-session c\n  sso_region = \"b\"\n  sso_start_url = \"u\"\n"},
		{name: "11 profile default beats default whole",
			config: "[default]\nregion = a\noutput = json\n[profile default]\nregion = b\n",
			want:   "profile default\n  region = \"b\"\n"},
		{name: "11 default alone is the default profile",
			config: "[default]\nregion = a\n",
			want:   "profile default\n  region = \"a\"\n"},
		{name: "12 credentials values win key by key, new keys at the end",
			config: "[profile a]\nregion = a\noutput = json\n[default]\nregion = d\n",
			creds:  "[a]\nregion = c\naws_access_key_id = K\n[only]\nx = 1\n",
			want:   "profile a\n  region = \"c\"\n  output = \"json\"\n  aws_access_key_id = \"K\"\nprofile default\n  region = \"d\"\nprofile only\n  x = \"1\"\n"},
		{name: "13 empty files",
			want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err1 := Parse("config", []byte(tt.config))
			creds, err2 := Parse("credentials", []byte(tt.creds))
			if got := errLines(err1) + errLines(err2); got != tt.errs {
				t.Errorf("syntax errors:\n%s\nwant:\n%s", got, tt.errs)
			}
			if got := dump(FromDocuments(cfg, creds)); got != tt.want {
				t.Errorf("parsed:\n%s\nwant:\n%s", got, tt.want)
			}
			if got := string(cfg.Bytes()); got != tt.config {
				t.Errorf("Bytes() = %q, want the input back", got)
			}
		})
	}
}

func TestParseLocations(t *testing.T) {
	cfg, _ := Parse("/c", []byte("# x\n[profile a]\n\nregion = a\ns3 =\n  max = 1\n[profile a]\noutput = json\n"))
	creds, _ := Parse("/k", []byte("[a]\nregion = b\n"))
	c := FromDocuments(cfg, creds)
	p, ok := c.Profile("a")
	if !ok {
		t.Fatal("profile a missing")
	}
	if p.Location != (Location{File: "/c", Line: 2}) {
		t.Errorf("profile location = %v", p.Location)
	}
	for key, want := range map[string]Location{"region": {"/k", 2}, "s3": {"/c", 5}, "output": {"/c", 8}} {
		if got := p.Lookup(key).Loc(); got != want {
			t.Errorf("%s at %v, want %v", key, got, want)
		}
	}
	if got := p.Lookup("s3").Sub[0].Loc(); got != (Location{"/c", 6}) {
		t.Errorf("sub-property at %v", got)
	}
}

func TestSyntaxErrorMessage(t *testing.T) {
	_, err := Parse("/home/u/.aws/config", []byte("[default]\nx\n"))
	var se SyntaxErrors
	if !errors.As(err, &se) || len(se) != 1 {
		t.Fatalf("err = %v", err)
	}
	if got, want := err.Error(), "/home/u/.aws/config:2: expected 'name = value'"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if se.ExitCode() != 1 || !strings.Contains(se.Hints()[0], "line 2") {
		t.Errorf("ExitCode %d, hints %q", se.ExitCode(), se.Hints())
	}
}

// TestReadFileRefusesHugeFiles: a file beyond MaxFileSize is refused before it is read, and
// so are Load and Update on it.
func TestReadFileRefusesHugeFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxFileSize + 1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	var tooLarge *TooLargeError
	if _, err := ReadFile(path, "~/.aws/config"); !errors.As(err, &tooLarge) || !strings.HasPrefix(err.Error(), "~/.aws/config is 16.0 MB, more than awsso reads (16 MB)") {
		t.Errorf("ReadFile: %v", err)
	}
	if _, err := Load(Paths{Config: path, Credentials: filepath.Join(dir, "credentials")}); !errors.As(err, &tooLarge) {
		t.Errorf("Load: %v", err)
	}
	if err := Update(context.Background(), path, func(*Document) error { return nil }); !errors.As(err, &tooLarge) {
		t.Errorf("Update: %v", err)
	}
	if err := os.Truncate(path, MaxFileSize); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadFile(path, "config"); err != nil || len(data) != MaxFileSize {
		t.Errorf("a file of exactly MaxFileSize: %d bytes, %v", len(data), err)
	}
}
