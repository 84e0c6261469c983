package emulator_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/sso/types"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/awsso/awsso/internal/emulator"
)

func listAccounts(token string) *sso.ListAccountsInput {
	return &sso.ListAccountsInput{AccessToken: aws.String(token)}
}

func wantUnauthorized(t *testing.T, err error) {
	t.Helper()
	e := wantErr[*ssotypes.UnauthorizedException](t, err)
	if aws.ToString(e.Message) == "" {
		t.Error("UnauthorizedException without a message")
	}
}

func TestListAccountsPaginates(t *testing.T) {
	t.Parallel()
	r := newRig(t, func(o *emulator.Options) { o.Org = emulator.GenerateOrg(45) })
	_, tok := r.login(t, "sso:account:access")
	tests := []struct {
		name      string
		max       int32
		wantPages int
	}{
		{"default page size", 0, 3},
		{"max_result 10", 10, 5},
		{"max_result 100", 100, 1},
		{"max_result 1", 1, 45},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := listAccounts(*tok.AccessToken)
			if tt.max > 0 {
				in.MaxResults = aws.Int32(tt.max)
			}
			p := sso.NewListAccountsPaginator(r.sso, in)
			var ids []string
			pages := 0
			for p.HasMorePages() {
				out, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				for _, a := range out.AccountList {
					ids = append(ids, *a.AccountId)
				}
			}
			if pages != tt.wantPages || len(ids) != 45 || ids[0] != "100000000001" || ids[44] != "100000000045" {
				t.Errorf("%d pages, %d accounts (%v...), want %d pages of 45", pages, len(ids), ids[:min(3, len(ids))], tt.wantPages)
			}
		})
	}
}

func TestListAccountRoles(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	_, tok := r.login(t, "sso:account:access")
	p := sso.NewListAccountRolesPaginator(r.sso, &sso.ListAccountRolesInput{
		AccessToken: tok.AccessToken, AccountId: aws.String("444455556666"), MaxResults: aws.Int32(2),
	})
	var roles []string
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, role := range out.RoleList {
			if *role.AccountId != "444455556666" {
				t.Errorf("role %s in account %s", *role.RoleName, *role.AccountId)
			}
			roles = append(roles, *role.RoleName)
		}
	}
	if got, want := strings.Join(roles, ","), "AdministratorAccess,ReadOnly,DataScientist"; got != want {
		t.Errorf("roles %s, want %s", got, want)
	}
	_, err := r.sso.ListAccountRoles(ctx, &sso.ListAccountRolesInput{AccessToken: tok.AccessToken, AccountId: aws.String("000000000000")})
	wantCode(t, err, "ForbiddenException")
}

func TestPortalRequestErrors(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	_, tok := r.login(t, "sso:account:access")
	tests := []struct {
		name string
		call func() error
	}{
		{"max_result 0", func() error {
			_, err := r.sso.ListAccounts(ctx, &sso.ListAccountsInput{AccessToken: tok.AccessToken, MaxResults: aws.Int32(0)})
			return err
		}},
		{"max_result 101", func() error {
			_, err := r.sso.ListAccounts(ctx, &sso.ListAccountsInput{AccessToken: tok.AccessToken, MaxResults: aws.Int32(101)})
			return err
		}},
		{"forged next_token", func() error {
			_, err := r.sso.ListAccounts(ctx, &sso.ListAccountsInput{AccessToken: tok.AccessToken, NextToken: aws.String("Zm9v")})
			return err
		}},
		{"roles token on accounts", func() error {
			out, err := r.sso.ListAccountRoles(ctx, &sso.ListAccountRolesInput{AccessToken: tok.AccessToken, AccountId: aws.String("444455556666"), MaxResults: aws.Int32(1)})
			if err != nil {
				return err
			}
			_, err = r.sso.ListAccounts(ctx, &sso.ListAccountsInput{AccessToken: tok.AccessToken, NextToken: out.NextToken})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := wantErr[*ssotypes.InvalidRequestException](t, tt.call())
			if aws.ToString(e.Message) == "" {
				t.Error("no message")
			}
		})
	}
}

func TestGetRoleCredentials(t *testing.T) {
	t.Parallel()
	clk := newClock()
	r := newRig(t, withClock(clk), func(o *emulator.Options) { o.CredentialsTTL = 45 * time.Minute })
	_, tok := r.login(t, "sso:account:access")
	c := r.roleCredentials(t, *tok.AccessToken, "111122223333", "ReadOnly")
	if want := clk.Now().Add(45 * time.Minute).UnixMilli(); c.Expiration != want {
		t.Errorf("expiration %d, want %d (epoch milliseconds)", c.Expiration, want)
	}
	if !strings.HasPrefix(*c.AccessKeyId, "ASIA") || len(*c.AccessKeyId) != 20 || len(*c.SecretAccessKey) != 40 || *c.SessionToken == "" {
		t.Errorf("credentials do not look like AWS's: %s", *c.AccessKeyId)
	}
	for _, tt := range []struct{ name, account, role string }{
		{"role not assigned", "111122223333", "DataScientist"},
		{"account not assigned", "000000000000", "ReadOnly"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.sso.GetRoleCredentials(ctx, &sso.GetRoleCredentialsInput{AccessToken: tok.AccessToken, AccountId: aws.String(tt.account), RoleName: aws.String(tt.role)})
			wantCode(t, err, "ForbiddenException")
		})
	}
}

func TestTokenLifecycle(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	reg, tok := r.login(t, "sso:account:access")
	if _, err := r.sso.ListAccounts(ctx, listAccounts(*tok.AccessToken)); err != nil {
		t.Fatal(err)
	}
	_, err := r.sso.ListAccounts(ctx, listAccounts("aoa-forged"))
	wantUnauthorized(t, err)

	r.env.Server.ExpireAccessTokens()
	_, err = r.sso.ListAccounts(ctx, listAccounts(*tok.AccessToken))
	wantUnauthorized(t, err)
	next, err := r.oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: aws.String("refresh_token"), RefreshToken: tok.RefreshToken})
	if err != nil {
		t.Fatalf("refresh after expiry: %v", err)
	}
	if _, err := r.sso.ListAccounts(ctx, listAccounts(*next.AccessToken)); err != nil {
		t.Fatal(err)
	}

	if _, err := r.sso.Logout(ctx, &sso.LogoutInput{AccessToken: next.AccessToken}); err != nil {
		t.Fatalf("Logout: %v", err)
	}
	_, err = r.sso.ListAccounts(ctx, listAccounts(*next.AccessToken))
	wantUnauthorized(t, err)
	_, err = r.oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: aws.String("refresh_token"), RefreshToken: next.RefreshToken})
	wantErr[*types.InvalidGrantException](t, err)
	_, err = r.sso.Logout(ctx, &sso.LogoutInput{AccessToken: next.AccessToken})
	wantUnauthorized(t, err)
}

func TestRevoke(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	_, tok1 := r.login(t, "sso:account:access")
	_, tok2 := r.login(t, "sso:account:access")
	c := r.roleCredentials(t, *tok1.AccessToken, "111122223333", "ReadOnly")
	resp, err := http.Post(r.env.URL+"/_emulator/revoke", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, tok := range []*ssooidc.CreateTokenOutput{tok1, tok2} {
		_, err := r.sso.ListAccounts(ctx, listAccounts(*tok.AccessToken))
		wantUnauthorized(t, err)
	}
	// Role credentials outlive the session, as with AWS.
	if _, err := r.sts(c).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Errorf("role credentials after revoke: %v", err)
	}
}
