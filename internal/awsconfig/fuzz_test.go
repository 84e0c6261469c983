package awsconfig

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata files from the generators")

// GenerateConfig writes a config file with n profiles as a large organisation has them: one
// sso-session per 50 profiles, most profiles in sso-session form, every tenth a legacy one,
// some with comments and sub-property blocks.
func generateConfig(n int) []byte {
	var b bytes.Buffer
	b.WriteString("# generated: ")
	fmt.Fprintf(&b, "%d profiles\n[default]\nregion = us-east-1\noutput = json\n", n)
	for s := 0; s*50 < n; s++ {
		fmt.Fprintf(&b, "\n[sso-session org%d]\nsso_start_url = https://d-%010d.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n", s, s)
	}
	for i := 0; i < n; i++ {
		account := fmt.Sprintf("%012d", 100000000000+i*7919)
		if i%7 == 0 {
			fmt.Fprintf(&b, "\n# managed: account %s\n", account)
		} else {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "[profile acct-%05d-admin]\n", i)
		if i%10 == 9 {
			fmt.Fprintf(&b, "sso_start_url = https://d-%010d.awsapps.com/start\nsso_region = us-east-1\n", i/50)
		} else {
			fmt.Fprintf(&b, "sso_session = org%d\n", i/50)
		}
		fmt.Fprintf(&b, "sso_account_id = %s\nsso_role_name = AdministratorAccess\nregion = %s\n", account, []string{"us-east-1", "eu-west-2", "ap-southeast-2"}[i%3])
		if i%13 == 0 {
			b.WriteString("s3 =\n  max_concurrent_requests = 20\n  addressing_style = path\n")
		}
	}
	return b.Bytes()
}

func TestGeneratedCorpus(t *testing.T) {
	path := filepath.Join("testdata", "corpus", "generated-1000.ini")
	want := generateConfig(1000)
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("%s is stale (%v): run go test -run TestGeneratedCorpus -update", path, err)
	}
	d, err := Parse(path, got)
	if err != nil {
		t.Fatal(err)
	}
	c := FromDocuments(d, nil)
	if len(c.Profiles()) != 1001 || len(c.SSOSessions()) != 20 {
		t.Fatalf("%d profiles, %d sessions", len(c.Profiles()), len(c.SSOSessions()))
	}
	for _, p := range c.Profiles()[1:] {
		if _, err := c.ResolveSSO(p.Name); err != nil {
			t.Fatal(err)
		}
	}
}

// maxSeed is the largest seed given to the fuzz engine. Go's fuzzer slows to a crawl with a
// 150 KB entry in its corpus, so larger files seed it with their first maxSeed bytes (cut at a
// line end) and run whole through the same checks in TestLargeCorpusFiles.
const maxSeed = 16 << 10

// corpus returns the testdata files that seed the fuzz targets.
func corpus(t testing.TB) [][]byte {
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.ini"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no corpus files")
	}
	var out [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > maxSeed {
			b = b[:bytes.LastIndexByte(b[:maxSeed], '\n')+1]
		}
		out = append(out, b)
	}
	return out
}

// FuzzParse checks that parsing never panics, that an unedited document writes back byte for
// byte, and that the model and SSO resolution accept whatever the parser produced.
func FuzzParse(f *testing.F) {
	for _, b := range corpus(f) {
		f.Add(b)
	}
	f.Add([]byte("[profile a]\nx = 1\n  [b\n= \n\ufeff\r\r\n"))
	f.Fuzz(checkRoundTrip)
}

func checkRoundTrip(t *testing.T, data []byte) {
	d, _ := Parse("config", data)
	if got := d.Bytes(); !bytes.Equal(got, data) {
		t.Fatalf("round trip changed the file:\n%q\n%q", data, got)
	}
	c := FromDocuments(d, d)
	env := func(string) (string, bool) { return "", false }
	for _, p := range c.Profiles() {
		c.ResolveSSO(p.Name)
		for _, svc := range []string{"sso", "SSO_OIDC", "sts"} {
			url, source, err := c.EndpointURL(p.Name, svc, env)
			if url != "" && (source == "" || err != nil) {
				t.Fatalf("EndpointURL(%s, %s) = %q from %q, %v", p.Name, svc, url, source, err)
			}
		}
	}
	for _, s := range c.SSOSessions() {
		c.ResolveSession(s.Name)
	}
}

// FuzzEdit applies one edit to a valid file and checks that the file still parses, that the
// edited profile reads the edited value, and that nothing else changed.
func FuzzEdit(f *testing.F) {
	for i, b := range corpus(f) {
		f.Add(b, uint8(i), uint16(i), "region", "eu-west-1")
		f.Add(b, uint8(i+1), uint16(i*3), "sso_session", "")
		f.Add(b, uint8(i+2), uint16(i*7), "s3", "x")
	}
	// Comments inside the continuation block of the value a Set replaces or a Delete removes.
	block := []byte("[profile dev]\nsso_account_id = 1\n  # keep me\n  2\ns3 =\n  ; tuned\n  max = 1\n# and me\n  min = 0\n")
	f.Add(block, uint8(0), uint16(1), "sso_account_id", "111122223333")
	f.Add(block, uint8(1), uint16(1), "s3", "")
	f.Fuzz(checkEdit)
}

func checkEdit(t *testing.T, data []byte, op uint8, pick uint16, key, value string) {
	d, err := Parse("config", data)
	if err != nil {
		return
	}
	before := FromDocuments(d, nil)
	name := "fuzz-new"
	if n := len(before.Profiles()); n > 0 && pick%4 != 0 {
		name = before.Profiles()[int(pick)%n].Name
	}
	key = lower(key)
	ref := ProfileRef(name)
	switch op % 3 {
	case 0:
		if d.Set(ref, key, value) != nil {
			return
		}
	case 1:
		d.Delete(ref, key)
	case 2:
		d.RemoveSection(ref)
	}
	out := d.Bytes()
	d2, err := Parse("config", out)
	if err != nil {
		t.Fatalf("edited file does not parse: %v\n%q", err, out)
	}
	if op%3 != 2 && comments(out) != comments(data) {
		t.Fatalf("Set or Delete of %s/%s lost a comment line:\n%q\n%q", name, key, data, out)
	}
	after := FromDocuments(d2, nil)
	p, ok := after.Profile(name)
	switch op % 3 {
	case 0:
		if v, has := p.Get(key); !ok || !has || v != value {
			t.Fatalf("after Set(%s, %q, %q) read %q %v\n%q", name, key, value, v, has, out)
		}
	case 1:
		if !ok {
			break
		}
		if _, has := p.Get(key); has {
			t.Fatalf("after Delete(%s, %q) the key is still there\n%q", name, key, out)
		}
	case 2:
		if ok {
			t.Fatalf("after RemoveSection(%s) the profile is still there\n%q", name, out)
		}
	}
	skip := key
	if op%3 == 2 {
		skip = "" // the whole profile went
	}
	if got, want := view(after, name, skip), view(before, name, skip); !reflect.DeepEqual(got, want) {
		t.Fatalf("edit of %s/%s changed other settings:\n got %v\nwant %v\n%q", name, key, got, want, out)
	}
}

// comments counts the comment lines of a file.
func comments(data []byte) int {
	n := 0
	for _, l := range strings.Split(string(data), "\n") {
		if isComment(strings.TrimSuffix(l, "\r")) {
			n++
		}
	}
	return n
}

// TestLargeCorpusFiles runs the fuzz targets' checks on the corpus files too large to seed the
// fuzz engine whole.
func TestLargeCorpusFiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.ini"))
	if err != nil {
		t.Fatal(err)
	}
	large := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) <= maxSeed {
			continue
		}
		large++
		t.Run(filepath.Base(f), func(t *testing.T) {
			checkRoundTrip(t, b)
			for op := range uint8(3) {
				for _, pick := range []uint16{0, 1, 333, 1000} {
					checkEdit(t, b, op, pick, "region", "eu-west-3")
					checkEdit(t, b, op, pick, "s3", "flat")
				}
			}
		})
	}
	if large == 0 {
		t.Fatal("no corpus file is larger than the fuzz seed limit: this test would check nothing")
	}
}

// view is every setting of c as "profile/key" -> value (sub-properties as "profile/key.sub"),
// without key of profile name (all of that profile when key is "").
func view(c *Config, name, key string) map[string]string {
	m := map[string]string{}
	add := func(prefix string, props Properties) {
		for _, p := range props {
			k := prefix + "/" + p.Key
			m[k] = p.Value
			for _, s := range p.Sub {
				m[k+"."+s.Key] = s.Value
			}
		}
	}
	for _, p := range c.Profiles() {
		if p.Name == name && key == "" {
			continue
		}
		props := Properties{}
		for _, prop := range p.Properties {
			if p.Name != name || prop.Key != key {
				props = append(props, prop)
			}
		}
		if p.Name != name || len(props) > 0 {
			add("profile "+p.Name, props)
		}
	}
	for _, s := range c.SSOSessions() {
		add("sso-session "+s.Name, s.Properties)
	}
	for _, s := range c.ServicesSections() {
		add("services "+s.Name, s.Properties)
	}
	return m
}
