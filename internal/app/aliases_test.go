package app

import (
	"context"
	"os"
	"testing"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testenv"
)

func TestConfigureListProfilesIsProfilesNames(t *testing.T) {
	h := testenv.TempHome(t)
	os.WriteFile(h.Config, []byte("[profile b]\n[default]\n[profile a]\nregion = eu-west-1 ; prod\n"), 0o600)
	os.WriteFile(h.Credentials, []byte("[c]\n"), 0o600)
	runIn := func(args ...string) (int, string) {
		ios, _, out, _ := iostreams.Test()
		f := cmdutil.NewFactory(ios, "test")
		f.LookupEnv = h.Lookup(nil)
		return Run(context.Background(), f, args), out.String()
	}
	code, alias := runIn("configure", "list-profiles")
	_, names := runIn("profiles", "--names")
	if code != 0 || alias != "b\ndefault\na\nc\n" || alias != names {
		t.Errorf("configure list-profiles = %d %q; profiles --names = %q", code, alias, names)
	}
	if code, _ := runIn("doctor"); code != 1 {
		t.Errorf("doctor on a file with an inline comment exited %d, want 1", code)
	}
}
