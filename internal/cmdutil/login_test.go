package cmdutil_test

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/browser"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/testsupport/emutest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// factory returns a Factory for an isolated home whose config has an sso-session profile and a
// legacy profile, both pointing at env.
func factory(t *testing.T, env *emutest.Env, stub *browser.Stub) *cmdutil.Factory {
	t.Helper()
	home := testenv.TempHome(t)
	config := "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = eu-west-1\n\n" +
		"[sso-session corp]\nsso_start_url = " + env.StartURL + "\nsso_region = " + env.Region + "\nsso_registration_scopes = sso:account:access\n\n" +
		"[profile old]\nsso_start_url = " + env.StartURL + "\nsso_region = " + env.Region + "\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n"
	if err := os.WriteFile(home.Config, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	ios, _, _, _ := iostreams.Test()
	f := cmdutil.NewFactory(ios, "test")
	f.LookupEnv = home.Lookup(map[string]string{"AWS_ENDPOINT_URL": env.URL})
	f.Browser = stub
	return f
}

func TestLoginFlows(t *testing.T) {
	follow := func(u string) error {
		go func() {
			if resp, err := http.Get(u); err == nil {
				resp.Body.Close()
			}
		}()
		return nil
	}
	tests := []struct {
		name        string
		profile     string
		flags       cmdutil.LoginFlags
		unavailable bool
		wantGrant   string
	}{
		{name: "sso-session uses PKCE", profile: "dev", wantGrant: "CreateToken:authorization_code"},
		{name: "device code on request", profile: "dev", flags: cmdutil.LoginFlags{UseDeviceCode: true}, wantGrant: "CreateToken:device_code"},
		{name: "legacy uses the device code", profile: "old", wantGrant: "CreateToken:device_code"},
		{name: "no browser here falls back to the device code", profile: "dev", unavailable: true, wantGrant: "CreateToken:device_code"},
		// Over SSH the loopback callback is on the remote machine: a URL printed for another
		// device could never come back to it.
		{name: "--no-browser over SSH uses the device code", profile: "dev", flags: cmdutil.LoginFlags{NoBrowser: true}, unavailable: true, wantGrant: "CreateToken:device_code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := emutest.Start(t, emutest.AutoApprove)
			stub := &browser.Stub{OnOpen: follow, Unavailable: tt.unavailable}
			f := factory(t, env, stub)
			f.ProfileFlag = tt.profile
			s, err := f.ResolveTarget("")
			if err != nil {
				t.Fatal(err)
			}
			tok, err := f.Login(context.Background(), s, tt.flags, cmdutil.LoginOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if env.Server.Stats()[tt.wantGrant] != 1 {
				t.Errorf("stats %v, want one %s", env.Server.Stats(), tt.wantGrant)
			}
			cache, _ := f.TokenCache()
			saved, err := cache.LoadToken(s.Session, s.StartURL)
			if err != nil || saved.AccessToken != tok.AccessToken {
				t.Errorf("token not saved in the shared cache: %v", err)
			}
			stderr := f.IOStreams.ErrOut.(interface{ String() string }).String()
			if tt.wantGrant == "CreateToken:authorization_code" && !strings.Contains(stderr, "/authorize?") {
				t.Errorf("stderr does not show the sign-in URL:\n%s", stderr)
			}
			if strings.Contains(stderr, tok.AccessToken) {
				t.Error("stderr shows the access token")
			}
		})
	}
}

func TestResolveTargetErrors(t *testing.T) {
	env := emutest.Start(t)
	f := factory(t, env, &browser.Stub{})
	f.ProfileFlag = "dev"
	if _, err := f.ResolveTarget("corp"); cmdutil.ExitCodeOf(err) != cmdutil.ExitError || !strings.Contains(err.Error(), "not both") {
		t.Errorf("both flags: %v", err)
	}
	f.ProfileFlag = "nope"
	if _, err := f.ResolveTarget(""); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("missing profile: %v", err)
	}
	f.ProfileFlag = ""
	s, err := f.ResolveTarget("corp")
	if err != nil || s.Session != "corp" || s.StartURL != env.StartURL {
		t.Errorf("ResolveTarget(corp) = %+v, %v", s, err)
	}
}
