package configure_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"testing"

	"github.com/awsso/awsso/internal/app"
	"github.com/awsso/awsso/internal/browser"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/emutest"
	"github.com/awsso/awsso/internal/testsupport/prompttest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// harness is an isolated home, an emulator, and a way to run awsso in-process against them.
type harness struct {
	t    *testing.T
	env  *emutest.Env
	home testenv.Home
}

func newHarness(t *testing.T, opts ...func(*emulator.Options)) *harness {
	t.Helper()
	return &harness{t: t, env: emutest.Start(t, append([]func(*emulator.Options){emutest.AutoApprove}, opts...)...), home: testenv.TempHome(t)}
}

// writeConfig seeds the config file.
func (h *harness) writeConfig(text string) {
	h.t.Helper()
	if err := os.WriteFile(h.home.Config, []byte(text), 0o600); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) config() string {
	h.t.Helper()
	b, err := os.ReadFile(h.home.Config)
	if err != nil && !os.IsNotExist(err) {
		h.t.Fatal(err)
	}
	return string(b)
}

// factory builds a Factory on ios whose browser completes every sign-in (the emulator
// auto-approves, so following the URL is the user clicking through).
func (h *harness) factory(ios *iostreams.IOStreams) *cmdutil.Factory {
	f := cmdutil.NewFactory(ios, "test")
	f.LookupEnv = h.home.Lookup(map[string]string{"AWS_ENDPOINT_URL": h.env.URL})
	f.Browser = &browser.Stub{OnOpen: func(u string) error {
		go func() {
			if resp, err := http.Get(u); err == nil {
				resp.Body.Close()
			}
		}()
		return nil
	}}
	return f
}

// run runs awsso with streams that are not terminals.
func (h *harness) run(args ...string) (code int, stdout, stderr string) {
	h.t.Helper()
	ios, _, out, errOut := iostreams.Test()
	code = app.Run(context.Background(), h.factory(ios), args)
	return code, out.String(), errOut.String()
}

// runTTY runs awsso with stdin and stderr on a pseudo-terminal, in the background; the test
// types on the console and reads the exit code from the channel.
func (h *harness) runTTY(args ...string) (*prompttest.Console, <-chan int, *bytes.Buffer) {
	h.t.Helper()
	c := prompttest.New(h.t)
	ios, _, out, _ := iostreams.Test()
	ios.In, ios.ErrOut = c.Tty, c.Tty
	ios.SetTTY(true, false, true)
	f := h.factory(ios)
	done := make(chan int, 1)
	go func() { done <- app.Run(context.Background(), f, args) }()
	return c, done, out
}

// oneAccountOrg is an organisation where the user has one account with one role.
func oneAccountOrg(o *emulator.Options) {
	o.Org = &emulator.Org{
		Users:          []emulator.User{{Name: "alice", Password: "pw"}},
		Accounts:       []emulator.Account{{ID: "123456789012", Name: "Solo", Email: "solo@example.com"}},
		PermissionSets: []emulator.PermissionSet{{Name: "ReadOnly"}},
		Assignments:    []emulator.Assignment{{User: "alice", Account: "123456789012", PermissionSets: []string{"ReadOnly"}}},
	}
}
