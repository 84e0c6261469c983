package profiles

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
)

// benchConfig writes a config with n sso-session profiles, one session per 50.
func benchConfig(b *testing.B, n int) awsconfig.Paths {
	var s strings.Builder
	for i := 0; i*50 < n; i++ {
		fmt.Fprintf(&s, "[sso-session org%d]\nsso_start_url = https://d-%010d.awsapps.com/start\nsso_region = us-east-1\n\n", i, i)
	}
	for i := range n {
		fmt.Fprintf(&s, "[profile acct-%05d-admin]\nsso_session = org%d\nsso_account_id = %012d\nsso_role_name = AdministratorAccess\nregion = eu-west-2\n\n", i, i/50, 100000000000+i)
	}
	dir := b.TempDir()
	p := awsconfig.Paths{Config: filepath.Join(dir, "config"), Credentials: filepath.Join(dir, "credentials")}
	if err := os.WriteFile(p.Config, []byte(s.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkProfiles10k runs `awsso profiles` on a 10,000-profile config in each format, the
// table and the text with a STATE column.
func BenchmarkProfiles10k(b *testing.B) {
	paths := benchConfig(b, 10000)
	for _, tc := range []struct {
		name   string
		names  bool
		format cmdutil.Format
	}{{"names", true, ""}, {"json", false, cmdutil.FormatJSON}, {"table", false, cmdutil.FormatTable}, {"text", false, cmdutil.FormatText}} {
		b.Run(tc.name, func(b *testing.B) {
			ios, _, _, _ := iostreams.Test()
			ios.Out = io.Discard
			opts := &ProfilesOptions{IO: ios, Names: tc.names,
				Paths:      func() (awsconfig.Paths, error) { return paths, nil },
				Format:     func(string) (cmdutil.Format, error) { return tc.format, nil },
				TokenState: func(*awsconfig.SSO) string { return "valid 7h" }}
			b.ReportAllocs()
			for b.Loop() {
				if err := profilesRun(opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
