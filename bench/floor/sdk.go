//go:build ignore

// Command sdk is the start-up floor of a Go tool on the AWS SDK: it links the SDK clients
// and operations awsso calls (SSO, SSO OIDC, STS, the container and instance-metadata
// credential providers) and returns at once. Built by bench/lib.sh's build_floors, outside
// awsso's module (//go:build ignore keeps it out of go build ./... and go vet).
package main

import (
	"context"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/ec2rolecreds"
	"github.com/aws/aws-sdk-go-v2/credentials/endpointcreds"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func main() {
	if len(os.Args) < 9 { // never, but the linker cannot know: the clients stay linked
		return
	}
	ctx, cfg := context.Background(), aws.Config{Region: os.Args[1]}
	s, o, t := sso.NewFromConfig(cfg), ssooidc.NewFromConfig(cfg), sts.NewFromConfig(cfg)
	s.GetRoleCredentials(ctx, &sso.GetRoleCredentialsInput{})
	s.ListAccounts(ctx, &sso.ListAccountsInput{})
	s.ListAccountRoles(ctx, &sso.ListAccountRolesInput{})
	s.Logout(ctx, &sso.LogoutInput{})
	o.RegisterClient(ctx, &ssooidc.RegisterClientInput{})
	o.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{})
	o.CreateToken(ctx, &ssooidc.CreateTokenInput{})
	t.AssumeRole(ctx, &sts.AssumeRoleInput{})
	t.AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{})
	t.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	ec2rolecreds.New().Retrieve(ctx)
	endpointcreds.New(os.Args[2]).Retrieve(ctx)
}
