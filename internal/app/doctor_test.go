package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// TestDoctorOnAHealthyAWSCLISetup: the cache folders as the AWS CLI creates them (0755, files
// 0600) and a clean config are no problem: doctor notes the folders and exits 0.
func TestDoctorOnAHealthyAWSCLISetup(t *testing.T) {
	h := testenv.TempHome(t)
	os.WriteFile(h.Config, []byte("[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\n\n"+
		"[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = eu-west-1\n"), 0o600)
	for _, dir := range []string{filepath.Join(h.AWSDir(), "sso", "cache"), filepath.Join(h.AWSDir(), "cli", "cache")} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		os.Chmod(dir, 0o755)
	}
	ios, _, out, errOut := iostreams.Test()
	f := cmdutil.NewFactory(ios, "test")
	f.LookupEnv = h.Lookup(nil)
	code := Run(context.Background(), f, []string{"doctor", "--offline"})
	if code != 0 || !strings.Contains(out.String(), "note: the folder is open to other users (mode 0755)") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
}
