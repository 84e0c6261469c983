package awsconfig

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkParse10k parses a config file with 10,000 profiles.
func BenchmarkParse10k(b *testing.B) {
	data := generateConfig(10000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("config", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadResolve10k reads a 10,000-profile config from disk, builds the merged view and
// resolves one profile's SSO settings: what every awsso command pays before doing its work.
func BenchmarkLoadResolve10k(b *testing.B) {
	dir := b.TempDir()
	p := Paths{Config: filepath.Join(dir, "config"), Credentials: filepath.Join(dir, "credentials")}
	if err := os.WriteFile(p.Config, generateConfig(10000), 0o600); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		c, err := Load(p)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.ResolveSSO("acct-09999-admin"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResolveAll10k resolves every profile of a loaded 10,000-profile config.
func BenchmarkResolveAll10k(b *testing.B) {
	d, _ := Parse("config", generateConfig(10000))
	c := FromDocuments(d, nil)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range c.Profiles()[1:] {
			if _, err := c.ResolveSSO(p.Name); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkSet1000 adds 1,000 new profiles of four keys each to a 10,000-profile document, as
// populate does for a large organisation.
func BenchmarkSet1000(b *testing.B) {
	data := generateConfig(10000)
	b.ReportAllocs()
	for b.Loop() {
		d, _ := Parse("config", data)
		for i := range 1000 {
			ref := ProfileRef("new-" + string(rune('a'+i%26)) + itoa(i))
			d.Set(ref, "sso_session", "org1")
			d.Set(ref, "sso_account_id", "111122223333")
			d.Set(ref, "sso_role_name", "Admin")
			d.Set(ref, "region", "us-east-1")
		}
		_ = d.Bytes()
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
