package portal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/sso/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// API is the part of the SSO client the portal calls use; *sso.Client implements it.
type API interface {
	sso.ListAccountsAPIClient
	sso.ListAccountRolesAPIClient
	GetRoleCredentials(ctx context.Context, in *sso.GetRoleCredentialsInput, optFns ...func(*sso.Options)) (*sso.GetRoleCredentialsOutput, error)
	Logout(ctx context.Context, in *sso.LogoutInput, optFns ...func(*sso.Options)) (*sso.LogoutOutput, error)
}

// ErrUnauthorized means the portal refused the access token: it expired, was revoked, or the
// user signed out elsewhere. The user must log in again.
var ErrUnauthorized = errors.New("the access portal refused the session's token (expired, revoked or signed out)")

// NoAccessError means the portal answered 403: the signed-in user has no assignment for the
// account (or for the role in it). Signing in again does not help; another account or role does.
type NoAccessError struct {
	AccountID string
	RoleName  string // "" when the call was about the account as a whole
	// ListCommand is the command that lists what the session can reach ("awsso accounts
	// --sso-session corp"); the command layer fills it in, "awsso accounts" otherwise.
	ListCommand string
	Err         error
}

func (e *NoAccessError) Error() string {
	if e.RoleName != "" {
		return fmt.Sprintf("the session has no access to role %s in account %s", e.RoleName, e.AccountID)
	}
	return fmt.Sprintf("the session has no access to account %s", e.AccountID)
}

// Unwrap returns the portal's answer.
func (e *NoAccessError) Unwrap() error { return e.Err }

// ExitCode is 1: the account or role must change, not the sign-in or the network.
func (e *NoAccessError) ExitCode() int { return 1 }

// Hints names the command that lists what the session can reach.
func (e *NoAccessError) Hints() []string {
	list := e.ListCommand
	if list == "" {
		list = "awsso accounts"
	}
	if e.RoleName != "" {
		return []string{fmt.Sprintf("run '%s' to list the accounts this session can reach, and 'awsso roles --account-id %s' the roles of this one",
			list, e.AccountID)}
	}
	return []string{"run '" + list + "' to list the accounts this session can reach"}
}

// Account is an AWS account the user can reach.
type Account struct {
	ID    string `json:"accountId"`
	Name  string `json:"accountName"`
	Email string `json:"emailAddress"`
}

// Role is a role (permission set) the user can assume in an account.
type Role struct {
	AccountID string `json:"accountId"`
	Name      string `json:"roleName"`
}

// Credentials are short-term role credentials.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	Expiration      time.Time
}

// pageSize asks for the largest page the portal serves, to make as few calls as possible.
const pageSize = 100

// Accounts lists every account of the token's user, all pages, sorted by name then id.
func Accounts(ctx context.Context, api API, token string) ([]Account, error) {
	p := sso.NewListAccountsPaginator(api, &sso.ListAccountsInput{AccessToken: aws.String(token), MaxResults: aws.Int32(pageSize)})
	var accounts []Account
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, wrap("list accounts", err)
		}
		for _, a := range page.AccountList {
			accounts = append(accounts, Account{ID: aws.ToString(a.AccountId), Name: aws.ToString(a.AccountName), Email: aws.ToString(a.EmailAddress)})
		}
	}
	sort.Slice(accounts, func(i, j int) bool {
		if ni, nj := strings.ToLower(accounts[i].Name), strings.ToLower(accounts[j].Name); ni != nj {
			return ni < nj
		}
		return accounts[i].ID < accounts[j].ID
	})
	return accounts, nil
}

// Roles lists every role of the token's user in an account, all pages, sorted by name.
func Roles(ctx context.Context, api API, token, accountID string) ([]Role, error) {
	p := sso.NewListAccountRolesPaginator(api, &sso.ListAccountRolesInput{AccessToken: aws.String(token), AccountId: aws.String(accountID), MaxResults: aws.Int32(pageSize)})
	var roles []Role
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, wrap("list roles of account "+accountID, noAccess(err, accountID, ""))
		}
		for _, r := range page.RoleList {
			roles = append(roles, Role{AccountID: aws.ToString(r.AccountId), Name: aws.ToString(r.RoleName)})
		}
	}
	sort.Slice(roles, func(i, j int) bool { return strings.ToLower(roles[i].Name) < strings.ToLower(roles[j].Name) })
	return roles, nil
}

// RoleCredentials gets short-term credentials for a role, as the portal gave them: an answer
// without credentials gives empty ones. Whether they can be used (keys present, a sane
// expiration) is for the caller to check before it trusts or caches them (creds.Check).
func RoleCredentials(ctx context.Context, api API, token, accountID, roleName string) (*Credentials, error) {
	out, err := api.GetRoleCredentials(ctx, &sso.GetRoleCredentialsInput{AccessToken: aws.String(token), AccountId: aws.String(accountID), RoleName: aws.String(roleName)})
	if err != nil {
		return nil, wrap(fmt.Sprintf("get credentials for role %s in account %s", roleName, accountID), noAccess(err, accountID, roleName))
	}
	rc := out.RoleCredentials
	if rc == nil {
		return &Credentials{}, nil
	}
	return &Credentials{
		AccessKeyID:     aws.ToString(rc.AccessKeyId),
		SecretAccessKey: aws.ToString(rc.SecretAccessKey),
		SessionToken:    aws.ToString(rc.SessionToken),
		Expiration:      time.UnixMilli(rc.Expiration).UTC(),
	}, nil
}

// Logout signs the token out at the portal, which revokes it and its refresh token.
func Logout(ctx context.Context, api API, token string) error {
	if _, err := api.Logout(ctx, &sso.LogoutInput{AccessToken: aws.String(token)}); err != nil {
		return wrap("sign out at the access portal", err)
	}
	return nil
}

// noAccess turns the portal's refusal of an account or role (403 ForbiddenException, which the
// SDK does not model, or ResourceNotFoundException) into a *NoAccessError.
func noAccess(err error, accountID, roleName string) error {
	var api smithy.APIError
	var resp *smithyhttp.ResponseError
	var notFound *types.ResourceNotFoundException
	if errors.As(err, &api) && api.ErrorCode() == "ForbiddenException" || errors.As(err, &resp) && resp.HTTPStatusCode() == http.StatusForbidden ||
		errors.As(err, &notFound) {
		return &NoAccessError{AccountID: accountID, RoleName: roleName, Err: err}
	}
	return err
}

// wrap names the action and turns the portal's 401 into ErrUnauthorized.
func wrap(action string, err error) error {
	var denied *NoAccessError
	if errors.As(err, &denied) {
		return err // it says what was asked for
	}
	var unauthorized *types.UnauthorizedException
	if errors.As(err, &unauthorized) {
		return fmt.Errorf("%s: %w", action, ErrUnauthorized)
	}
	return fmt.Errorf("%s: %w", action, err)
}
