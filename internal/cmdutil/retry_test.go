package cmdutil_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sso"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/resolver"
	"github.com/awsso/awsso/internal/testsupport/emutest"
)

// TestRetryNotice checks that a retried call is announced on stderr when stderr is a
// terminal, and not at all otherwise (scripts and credential_process callers see only the
// outcome).
func TestRetryNotice(t *testing.T) {
	env := emutest.Start(t)
	token := emutest.SignIn(t, env).AccessToken
	for _, tty := range []bool{true, false} {
		ios, _, out, errOut := iostreams.Test()
		ios.SetTTY(false, false, tty)
		f := cmdutil.NewFactory(ios, "test")
		f.IsolateEnv(map[string]string{"AWS_ENDPOINT_URL": env.URL, "HOME": t.TempDir()})
		r, err := f.Resolver()
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := r.ClientConfig(&resolver.Profile{}, awsclient.ServiceSSO, env.Region)
		if err != nil {
			t.Fatal(err)
		}
		env.Server.FailNext(1, 429)
		_, err = portal.Accounts(context.Background(), sso.NewFromConfig(cfg), token)
		if err != nil {
			t.Fatal(err)
		}
		got := errOut.String()
		if tty && !strings.Contains(got, "waiting: ListAccounts throttled, retrying ") || !tty && got != "" {
			t.Errorf("stderr a terminal: %v; stderr = %q", tty, got)
		}
		if out.Len() != 0 {
			t.Errorf("stdout = %q, want nothing", out)
		}
	}
}
