package roles

import (
	"context"
	"testing"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/testsupport/golden"
)

func run(t *testing.T, format cmdutil.Format, awsText bool, account string, profileAccount string) (string, string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	ios.SetTTY(false, true, false)
	ios.DisableColor()
	var asked string
	opts := &RolesOptions{
		IO:     ios,
		Config: func() (*awsconfig.Config, error) { return awsconfig.FromDocuments(nil, nil), nil },
		Resolve: func(string) (*awsconfig.SSO, error) {
			return &awsconfig.SSO{Session: "corp", AccountID: profileAccount}, nil
		},
		Format: func(string) (cmdutil.Format, error) { return format, nil },
		List: func(_ context.Context, _ *awsconfig.SSO, accountID string) ([]portal.Role, error) {
			asked = accountID
			return []portal.Role{{AccountID: accountID, Name: "AdministratorAccess"}, {AccountID: accountID, Name: "DataScientist"}, {AccountID: accountID, Name: "ReadOnly"}}, nil
		},
		AccountID:  account,
		AWSCLIText: awsText,
	}
	err := rolesRun(context.Background(), opts)
	return out.String(), asked, err
}

func TestRolesGolden(t *testing.T) {
	for _, tt := range []struct {
		name    string
		format  cmdutil.Format
		awsText bool
	}{
		{"json", cmdutil.FormatJSON, false},
		{"yaml", cmdutil.FormatYAML, false},
		{"text", cmdutil.FormatText, false},
		{"table", cmdutil.FormatTable, false},
		{"aws-cli-text", cmdutil.FormatText, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := run(t, tt.format, tt.awsText, "444455556666", "")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "roles."+tt.name+".golden", out)
		})
	}
}

func TestRolesAccount(t *testing.T) {
	tests := []struct {
		name, flag, profile, want string
		wantCode                  int
	}{
		{name: "flag", flag: "111122223333", profile: "444455556666", want: "111122223333"},
		{name: "profile's account", profile: "444455556666", want: "444455556666"},
		{name: "none", wantCode: cmdutil.ExitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, asked, err := run(t, cmdutil.FormatText, false, tt.flag, tt.profile)
			if code := cmdutil.ExitCodeOf(err); code != tt.wantCode || asked != tt.want {
				t.Errorf("exit %d (%v), asked for %q; want exit %d, %q", code, err, asked, tt.wantCode, tt.want)
			}
			if tt.wantCode != 0 && (out != "" || len(cmdutil.HintsOf(err)) == 0) {
				t.Errorf("error without a hint, or output: %q %v", out, err)
			}
		})
	}
}
