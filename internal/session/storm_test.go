package session_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/oidc"
	"github.com/awsso/awsso/internal/session"
	"github.com/awsso/awsso/internal/testsupport/emutest"
	"github.com/awsso/awsso/internal/tokencache"
)

func manager(cacheDir, endpoint string) *session.Manager {
	cache := tokencache.Cache{Dir: cacheDir}
	return &session.Manager{
		Cache: cache,
		Now:   time.Now,
		OIDC: func(t session.Target) (*oidc.Client, error) {
			cfg, err := awsclient.Config(awsclient.Options{Service: awsclient.ServiceSSOOIDC, Region: t.Region,
				LookupEnv: func(k string) (string, bool) {
					if k == "AWS_ENDPOINT_URL_SSO_OIDC" {
						return endpoint, true
					}
					return "", false
				}})
			if err != nil {
				return nil, err
			}
			return oidc.New(ssooidc.NewFromConfig(cfg), cache, endpoint), nil
		},
	}
}

// TestRefreshStorm starts 30 processes that all find an expired access token at once; all must
// get a valid token and the emulator must see exactly one refresh.
func TestRefreshStorm(t *testing.T) {
	env := emutest.Start(t)
	signed := emutest.SignIn(t, env)
	dir := filepath.Join(t.TempDir(), "sso", "cache")
	target := session.Target{Session: "corp", StartURL: env.StartURL, Region: env.Region}
	cache := tokencache.Cache{Dir: dir}
	err := cache.SaveToken("corp", env.StartURL, &tokencache.Token{StartURL: env.StartURL, Region: env.Region,
		AccessToken: signed.AccessToken, ExpiresAt: time.Now().Add(-time.Minute), ClientID: signed.ClientID, ClientSecret: signed.ClientSecret,
		RegistrationExpiresAt: time.Now().Add(24 * time.Hour), RefreshToken: signed.RefreshToken})
	if err != nil {
		t.Fatal(err)
	}
	env.Server.ResetStats()
	const procs = 30
	var wg sync.WaitGroup
	outs := make([]string, procs)
	errs := make([]error, procs)
	for i := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^TestStormHelper$")
			cmd.Env = append(os.Environ(), "STORM_CACHE="+dir, "STORM_URL="+env.URL, "STORM_START_URL="+target.StartURL, "STORM_REGION="+target.Region)
			out, err := cmd.CombinedOutput()
			outs[i], errs[i] = string(out), err
		}()
	}
	wg.Wait()
	for i := range procs {
		if errs[i] != nil {
			t.Errorf("process %d: %v\n%s", i, errs[i], outs[i])
		}
	}
	if got := env.Server.Stats()["CreateToken:refresh_token"]; got != 1 {
		t.Errorf("CreateToken:refresh_token = %d, want exactly 1 for %d processes", got, procs)
	}
}

func TestStormHelper(t *testing.T) {
	dir := os.Getenv("STORM_CACHE")
	if dir == "" {
		t.Skip("helper process for TestRefreshStorm")
	}
	m := manager(dir, os.Getenv("STORM_URL"))
	tok, err := m.Token(context.Background(), session.Target{Session: "corp", StartURL: os.Getenv("STORM_START_URL"), Region: os.Getenv("STORM_REGION")})
	if err != nil {
		t.Fatal(err)
	}
	if !tok.Valid(time.Now(), session.RefreshWindow) {
		t.Fatal(fmt.Sprint("token not fresh: expires ", tok.ExpiresAt))
	}
}
