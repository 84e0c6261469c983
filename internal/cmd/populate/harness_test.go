package populate_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/app"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/emutest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
	"github.com/awsso/awsso/internal/tokencache"
)

// harness is a home with [sso-session corp] signed in to an emulator.
type harness struct {
	t    testing.TB
	env  *emutest.Env
	home testenv.Home
}

const sessionConfig = "[sso-session corp]\nsso_start_url = START\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n"

func newHarness(t testing.TB, extra string, opts ...func(*emulator.Options)) *harness {
	t.Helper()
	h := &harness{t: t, env: emutest.Start(t, opts...), home: testenv.TempHome(t)}
	h.writeConfig(sessionConfig + extra)
	tok := emutest.SignIn(t, h.env)
	cache := tokencache.Cache{Dir: tokencache.DefaultDir(h.home.Dir)}
	if err := cache.SaveToken("corp", h.env.StartURL, &tokencache.Token{StartURL: h.env.StartURL, Region: h.env.Region,
		AccessToken: tok.AccessToken, ExpiresAt: time.Now().Add(time.Hour).UTC().Truncate(time.Second)}); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *harness) writeConfig(text string) {
	h.t.Helper()
	if err := os.WriteFile(h.home.Config, []byte(strings.ReplaceAll(text, "START", h.env.StartURL)), 0o600); err != nil {
		h.t.Fatal(err)
	}
}

// config is the config file with the emulator's start URL written START.
func (h *harness) config() string {
	h.t.Helper()
	b, err := os.ReadFile(h.home.Config)
	if err != nil {
		h.t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), h.env.StartURL, "START")
}

// run runs awsso in-process; stderrTTY makes stderr a terminal.
func (h *harness) run(stderrTTY bool, args ...string) (code int, stdout, stderr string) {
	h.t.Helper()
	ios, _, out, errOut := iostreams.Test()
	ios.SetTTY(false, false, stderrTTY)
	f := cmdutil.NewFactory(ios, "test")
	f.LookupEnv = h.home.Lookup(map[string]string{"AWS_ENDPOINT_URL": h.env.URL})
	code = app.Run(context.Background(), f, args)
	return code, strings.ReplaceAll(out.String(), h.env.StartURL, "START"), errOut.String()
}

func (h *harness) mustRun(args ...string) (stdout, stderr string) {
	h.t.Helper()
	code, stdout, stderr := h.run(false, args...)
	if code != 0 {
		h.t.Fatalf("awsso %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
	}
	return stdout, stderr
}
