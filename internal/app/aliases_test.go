package app

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/testenv"
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

func TestSSOAliases(t *testing.T) {
	h := testenv.TempHome(t)
	os.WriteFile(h.Config, []byte("[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\n"), 0o600)
	runIn := func(args ...string) (int, string, string) {
		ios, _, out, errOut := iostreams.Test()
		f := cmdutil.NewFactory(ios, "test")
		f.LookupEnv = h.Lookup(nil)
		return Run(context.Background(), f, args), out.String(), errOut.String()
	}
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStderr string
	}{
		{"access token refused", []string{"sso", "list-accounts", "--sso-session", "corp", "--access-token", "aoaXYZ"}, 1,
			"error: --access-token is not needed: awsso uses the cached token of the session\nhint: drop --access-token"},
		{"roles access token refused", []string{"sso", "list-account-roles", "--account-id", "111122223333", "--access-token", "x"}, 1, "error: --access-token is not needed"},
		{"not logged in", []string{"sso", "list-account-roles", "--sso-session", "corp", "--account-id", "111122223333"}, 2,
			"error: sso-session corp: not logged in\nhint: run: awsso login --sso-session corp\n"},
		{"logout when nothing is cached", []string{"sso", "logout"}, 0, "No cached tokens: nothing to sign out of.\n"},
		{"group needs a subcommand", []string{"sso"}, 1, "error: awsso sso needs a subcommand"},
		{"both flags", []string{"sso", "login", "--profile", "x", "--sso-session", "corp"}, 1, "error: use --profile or --sso-session, not both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runIn(tt.args...)
			if code != tt.wantCode || out != "" || !strings.HasPrefix(stderr, tt.wantStderr) {
				t.Errorf("exit %d, stdout %q, stderr:\n%s", code, out, stderr)
			}
			if strings.Contains(stderr, "aoaXYZ") {
				t.Error("the refused token is echoed")
			}
		})
	}
}
