package populate

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/sso/types"

	"github.com/awsso/awsso/internal/crash"
)

// panickyPortal lists two accounts, then panics when asked for the roles of the second, with a
// secret in the panic's value.
type panickyPortal struct{ *sso.Client }

func (panickyPortal) ListAccounts(context.Context, *sso.ListAccountsInput, ...func(*sso.Options)) (*sso.ListAccountsOutput, error) {
	return &sso.ListAccountsOutput{AccountList: []types.AccountInfo{
		{AccountId: aws.String("111111111111"), AccountName: aws.String("a")},
		{AccountId: aws.String("222222222222"), AccountName: aws.String("b")},
	}}, nil
}

func (panickyPortal) ListAccountRoles(_ context.Context, in *sso.ListAccountRolesInput, _ ...func(*sso.Options)) (*sso.ListAccountRolesOutput, error) {
	if aws.ToString(in.AccountId) == "222222222222" {
		panic("secret-token-value")
	}
	return &sso.ListAccountRolesOutput{RoleList: []types.RoleInfo{{RoleName: aws.String("ReadOnly"), AccountId: in.AccountId}}}, nil
}

// TestWorkerPanicIsAnError: a bug in a role-listing worker ends the command with the crash
// error, not Go's panic message and stack trace (which no deferred recover in the command's
// goroutine could catch).
func TestWorkerPanicIsAnError(t *testing.T) {
	_, _, _, err := fetch(context.Background(), panickyPortal{}, "token", 2, nil, nil)
	var ce *crash.Error
	if !errors.As(err, &ce) {
		t.Fatalf("fetch = %v, want a crash.Error", err)
	}
	if strings.Contains(err.Error(), "secret-token-value") {
		t.Errorf("the error shows the panic's value: %v", err)
	}
}
