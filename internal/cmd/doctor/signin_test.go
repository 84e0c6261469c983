package doctor

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// TestDoctorSignInChecks runs doctor through its command with the cache and clock checks: a
// corrupt token file is an error, and the clock check sends one HEAD per configured region's
// endpoint, none with --offline.
func TestDoctorSignInChecks(t *testing.T) {
	var heads atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			heads.Add(1)
		}
	}))
	defer srv.Close()
	h := testenv.TempHome(t)
	os.WriteFile(h.Config, []byte("[sso-session corp]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = eu-west-1\n"+
		"[sso-session lab]\nsso_start_url = https://d-2.awsapps.com/start\nsso_region = eu-west-1\n"), 0o600)
	cache := filepath.Join(h.AWSDir(), "sso", "cache")
	os.MkdirAll(cache, 0o700)
	os.WriteFile(filepath.Join(cache, "broken.json"), []byte("{"), 0o600)
	for _, tt := range []struct {
		args      []string
		wantHeads int32
	}{
		{args: []string{"--offline"}, wantHeads: 0},
		{args: nil, wantHeads: 1}, // both sessions are in eu-west-1: one endpoint
	} {
		heads.Store(0)
		ios, _, out, _ := iostreams.Test()
		f := cmdutil.NewFactory(ios, "test")
		f.LookupEnv = h.Lookup(map[string]string{"AWS_ENDPOINT_URL_SSO_OIDC": srv.URL})
		cmd := NewCmdDoctor(f, nil)
		cmd.SetArgs(append([]string{}, tt.args...))
		cmd.SetOut(out)
		cmd.SetErr(out)
		err := cmd.Execute()
		if code := cmdutil.ExitCodeOf(err); code != 1 || !strings.Contains(out.String(), "~/.aws/sso/cache/broken.json: error: the file is not a valid cache file") {
			t.Errorf("doctor %v: exit %d\n%s", tt.args, code, out)
		}
		if got := heads.Load(); got != tt.wantHeads {
			t.Errorf("doctor %v sent %d HEAD requests, want %d", tt.args, got, tt.wantHeads)
		}
	}
}
