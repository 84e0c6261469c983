package portal_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sso"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/testsupport/emutest"
)

// signIn returns the emulator, a real SSO client pointed at it, and an access token.
func signIn(t *testing.T, opts ...func(*emulator.Options)) (*emutest.Env, *sso.Client, string) {
	t.Helper()
	env := emutest.Start(t, append(opts, emutest.AutoApprove)...)
	cfg, err := awsclient.Config(awsclient.Options{Service: awsclient.ServiceSSO, Region: env.Region, MaxBackoff: 5 * time.Millisecond,
		LookupEnv: func(k string) (string, bool) {
			if k == "AWS_ENDPOINT_URL_SSO" {
				return env.URL, true
			}
			return "", false
		}})
	if err != nil {
		t.Fatal(err)
	}
	return env, sso.NewFromConfig(cfg), emutest.SignIn(t, env).AccessToken
}

func TestAccountsAllPagesSorted(t *testing.T) {
	env, api, token := signIn(t, func(o *emulator.Options) { o.Org = emulator.GenerateOrg(250) })
	accounts, err := portal.Accounts(context.Background(), api, token)
	if err != nil {
		t.Fatal(err)
	}
	if len(accounts) != 250 {
		t.Fatalf("got %d accounts, want 250", len(accounts))
	}
	for i := 1; i < len(accounts); i++ {
		if accounts[i-1].Name > accounts[i].Name {
			t.Fatalf("not sorted at %d: %s > %s", i, accounts[i-1].Name, accounts[i].Name)
		}
	}
	if got := env.Server.Stats()["ListAccounts"]; got != 3 {
		t.Errorf("ListAccounts calls = %d, want 3 pages of 100", got)
	}
	if accounts[0].ID != "100000000001" || accounts[0].Name != "account-0001" || accounts[0].Email == "" {
		t.Errorf("first account %+v", accounts[0])
	}
}

func TestRolesAndCredentials(t *testing.T) {
	_, api, token := signIn(t)
	roles, err := portal.Roles(context.Background(), api, token, "111122223333")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(roles) != "[{111122223333 AdministratorAccess} {111122223333 ReadOnly}]" {
		t.Errorf("roles %v", roles)
	}
	creds, err := portal.RoleCredentials(context.Background(), api, token, "111122223333", "ReadOnly")
	if err != nil {
		t.Fatal(err)
	}
	if creds.AccessKeyID == "" || creds.SecretAccessKey == "" || creds.SessionToken == "" ||
		creds.Expiration.Before(time.Now().Add(50*time.Minute)) || creds.Expiration.Location() != time.UTC {
		t.Errorf("credentials %+v", creds)
	}
	if _, err := portal.RoleCredentials(context.Background(), api, token, "111122223333", "DataScientist"); err == nil {
		t.Error("credentials for an unassigned role")
	}
}

func TestThrottlingIsRetried(t *testing.T) {
	env, api, token := signIn(t)
	env.Server.FailNext(3, 429)
	if _, err := portal.Accounts(context.Background(), api, token); err != nil {
		t.Fatalf("three 429s in a row: %v", err)
	}
}

func TestLogoutRevokesToken(t *testing.T) {
	_, api, token := signIn(t)
	if err := portal.Logout(context.Background(), api, token); err != nil {
		t.Fatal(err)
	}
	_, err := portal.Accounts(context.Background(), api, token)
	if !errors.Is(err, portal.ErrUnauthorized) {
		t.Fatalf("after logout: err = %v, want ErrUnauthorized", err)
	}
}
