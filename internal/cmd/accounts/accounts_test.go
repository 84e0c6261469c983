package accounts

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/testsupport/golden"
)

var sample = []portal.Account{
	{ID: "111122223333", Name: "Production", Email: "aws-production@example.com"},
	{ID: "777788889999", Name: "Sandbox", Email: "aws-sandbox@example.com"},
	{ID: "444455556666", Name: "Staging & QA", Email: "aws-staging@example.com"},
}

func run(t *testing.T, format cmdutil.Format, awsText bool, list func(context.Context, *awsconfig.SSO) ([]portal.Account, error)) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	ios.SetTTY(false, true, false)
	ios.DisableColor()
	opts := &AccountsOptions{
		IO:         ios,
		Config:     func() (*awsconfig.Config, error) { return awsconfig.FromDocuments(nil, nil), nil },
		Resolve:    func(string) (*awsconfig.SSO, error) { return &awsconfig.SSO{Session: "corp"}, nil },
		Format:     func(string) (cmdutil.Format, error) { return format, nil },
		List:       list,
		AWSCLIText: awsText,
	}
	err := accountsRun(context.Background(), opts)
	return out.String(), err
}

func TestAccountsGolden(t *testing.T) {
	list := func(context.Context, *awsconfig.SSO) ([]portal.Account, error) { return sample, nil }
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
			out, err := run(t, tt.format, tt.awsText, list)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "accounts."+tt.name+".golden", out)
		})
	}
	t.Run("none", func(t *testing.T) {
		out, _ := run(t, cmdutil.FormatJSON, false, func(context.Context, *awsconfig.SSO) ([]portal.Account, error) { return nil, nil })
		if out != "{\n    \"accountList\": []\n}\n" {
			t.Errorf("no accounts: %q", out)
		}
	})
}

func TestAccountsErrors(t *testing.T) {
	login := &session.LoginRequiredError{Target: session.Target{Session: "corp"}, Reason: "not logged in"}
	out, err := run(t, cmdutil.FormatJSON, false, func(context.Context, *awsconfig.SSO) ([]portal.Account, error) { return nil, login })
	if out != "" || cmdutil.ExitCodeOf(err) != cmdutil.ExitLoginRequired || !strings.Contains(strings.Join(cmdutil.HintsOf(err), "\n"), "awsso login --sso-session corp") {
		t.Errorf("not logged in: stdout %q, err %v (exit %d)", out, err, cmdutil.ExitCodeOf(err))
	}
	p := &cmdutil.PortalSession{Target: session.Target{Session: "corp"}}
	if err := p.Check(errors.New("list accounts: " + portal.ErrUnauthorized.Error())); cmdutil.ExitCodeOf(err) != cmdutil.ExitRemote {
		t.Errorf("a plain failure: exit %d, want 3", cmdutil.ExitCodeOf(err))
	}
	if err := p.Check(errors.Join(errors.New("list accounts"), portal.ErrUnauthorized)); cmdutil.ExitCodeOf(err) != cmdutil.ExitLoginRequired ||
		cmdutil.HintsOf(err)[0] != "run: awsso login --sso-session corp" {
		t.Errorf("the portal's refusal: %v, hints %q", err, cmdutil.HintsOf(err))
	}
}
