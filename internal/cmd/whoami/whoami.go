// Package whoami implements `awsso whoami` (and the AWS CLI spelling `awsso sts
// get-caller-identity`): STS GetCallerIdentity with a profile's role credentials, through
// aws-sdk-go-v2, to show which account, role and user they belong to.
package whoami

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/spf13/cobra"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/creds"
	"github.com/awsso/awsso/internal/iostreams"
	"github.com/awsso/awsso/internal/resolver"
)

// WhoamiOptions are the inputs of whoami.
type WhoamiOptions struct {
	IO *iostreams.IOStreams
	// Format chooses the output format given the profile's output key.
	Format func(profileOutput string) (cmdutil.Format, error)
	// LookupEnv reads the environment (AWS_REGION, AWS_DEFAULT_REGION).
	LookupEnv func(string) (string, bool)
	// MFACode is --mfa-code: the current code of the MFA device a chain asks for.
	MFACode string
	// Profile resolves the profile: without --profile, credentials in the environment win, as
	// with the AWS CLI.
	Profile func() (*resolver.Profile, error)
	// Credentials returns the profile's credentials (cached while they last, else fetched).
	Credentials func(context.Context, *resolver.Profile, resolver.Fetch) (*creds.Credentials, error)
	// ClientConfig builds the SDK configuration of a service in a region, with the profile's
	// client settings.
	ClientConfig func(p *resolver.Profile, service, region string) (aws.Config, error)
}

// Identity is what GetCallerIdentity answers, with the JSON shape of `aws sts
// get-caller-identity`.
type Identity struct {
	UserID  string `json:"UserId"`
	Account string `json:"Account"`
	Arn     string `json:"Arn"`
}

// NewCmdWhoami returns the whoami command; runF replaces the run function in tests.
func NewCmdWhoami(f *cmdutil.Factory, runF func(context.Context, *WhoamiOptions) error) *cobra.Command {
	opts := &WhoamiOptions{
		IO:          f.IOStreams,
		Format:      f.OutputFormat,
		LookupEnv:   f.LookupEnv,
		Profile:     f.Profile,
		Credentials: f.ProfileCredentials,
		ClientConfig: func(p *resolver.Profile, service, region string) (aws.Config, error) {
			r, err := f.Resolver()
			if err != nil {
				return aws.Config{}, err
			}
			return r.ClientConfig(p, service, region)
		},
	}
	cmd := &cobra.Command{
		Use:   "whoami [--profile P]",
		Short: "Show the account, role and user of a profile's credentials (STS GetCallerIdentity)",
		Long: `Call STS GetCallerIdentity with a profile's credentials (of any kind: IAM Identity Center,
a role chain, static keys, credential_process, web identity) and show the account, role,
user and ARN they belong to. STS is called in the profile's region (else AWS_REGION, else the
sso_region); AWS_ENDPOINT_URL_STS and endpoint_url choose another endpoint.

Without --profile, credentials in the environment (AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY, as awsso exec sets them) come first, as with the AWS CLI.
--output json prints what 'aws sts get-caller-identity' prints.`,
		Example: `  awsso whoami --profile dev
  awsso sts get-caller-identity --profile dev --output json
  awsso exec --profile dev -- awsso whoami`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return whoamiRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.MFACode, "mfa-code", "", "the current `CODE` of the MFA device (mfa_serial) when a role asks for one")
	return cmd
}

func whoamiRun(ctx context.Context, opts *WhoamiOptions) error {
	p, err := opts.Profile()
	if err != nil {
		return err
	}
	cfg, err := opts.stsConfig(ctx, p)
	if err != nil {
		return err
	}
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return cmdutil.WithHint(fmt.Errorf("get caller identity: %w", err), cmdutil.ExitRemote, stsHint(err))
	}
	id := Identity{UserID: aws.ToString(out.UserId), Account: aws.ToString(out.Account), Arn: aws.ToString(out.Arn)}
	format, err := opts.Format(p.Output)
	if err != nil {
		return err
	}
	role, user := ParseARN(id.Arn)
	table := cmdutil.Table{Header: []string{"ACCOUNT", "ROLE", "USER", "ARN"}, Rows: [][]string{{id.Account, PermissionSet(role), user, id.Arn}}}
	if format == cmdutil.FormatText {
		// The AWS CLI's text output: the values in the order of their sorted keys.
		table = cmdutil.Table{Rows: [][]string{{id.Account, id.Arn, id.UserID}}}
	}
	return cmdutil.Render(opts.IO, format, id, table)
}

// stsConfig returns the STS configuration with p's credentials, in p's region (else
// AWS_REGION, AWS_DEFAULT_REGION, the sso_region of its chain, us-east-1).
func (opts *WhoamiOptions) stsConfig(ctx context.Context, p *resolver.Profile) (aws.Config, error) {
	getenv := func(k string) string { v, _ := opts.LookupEnv(k); return v }
	rc, err := opts.Credentials(ctx, p, resolver.Fetch{MFACode: opts.MFACode})
	if err != nil {
		return aws.Config{}, err
	}
	c := aws.Credentials{AccessKeyID: rc.AccessKeyID, SecretAccessKey: rc.SecretAccessKey, SessionToken: rc.SessionToken,
		CanExpire: !rc.Expiration.IsZero(), Expires: rc.Expiration, Source: "awsso"}
	var ssoRegion string
	if root := p.Root(); root.SSO != nil {
		ssoRegion = root.SSO.Region
	}
	region := firstOf(p.Region, getenv("AWS_REGION"), getenv("AWS_DEFAULT_REGION"), ssoRegion, "us-east-1")
	if p.Kind == resolver.KindEnvironment {
		region = firstOf(getenv("AWS_REGION"), getenv("AWS_DEFAULT_REGION"), p.Region, "us-east-1")
	}
	cfg, err := opts.ClientConfig(p, awsclient.ServiceSTS, region)
	if err != nil {
		return aws.Config{}, err
	}
	cfg.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) { return c, nil })
	return cfg, nil
}

// stsHint says what to do about a failed GetCallerIdentity.
func stsHint(err error) string {
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "ExpiredToken", "InvalidClientTokenId", "SignatureDoesNotMatch":
			return "STS refused the credentials: if they came from the cache and were revoked, 'awsso logout' deletes the cached copies; then sign in again"
		}
		return "STS answered with an error: check the account's and role's permissions"
	}
	return "check the network, and AWS_ENDPOINT_URL_STS or the profile's endpoint_url if you set them"
}

// ParseARN returns the role and user of an identity ARN: the role and session name of an
// assumed role (arn:aws:sts::111122223333:assumed-role/ReadOnly/alice), the user name of an
// IAM user, "root" for the account root; "" for what it cannot tell.
func ParseARN(arn string) (role, user string) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return "", ""
	}
	resource := parts[5]
	switch {
	case strings.HasPrefix(resource, "assumed-role/"):
		fields := strings.Split(strings.TrimPrefix(resource, "assumed-role/"), "/")
		if len(fields) >= 2 {
			return fields[0], fields[len(fields)-1]
		}
		return fields[0], ""
	case strings.HasPrefix(resource, "user/"):
		return "", resource[strings.LastIndexByte(resource, '/')+1:]
	case resource == "root":
		return "", "root"
	}
	return "", ""
}

// PermissionSet returns the permission set of a role that IAM Identity Center made
// (AWSReservedSSO_ReadOnly_0123456789abcdef -> ReadOnly), or role itself.
func PermissionSet(role string) string {
	rest, ok := strings.CutPrefix(role, "AWSReservedSSO_")
	i := strings.LastIndexByte(rest, '_')
	if !ok || i <= 0 || len(rest)-i-1 != 16 || strings.Trim(rest[i+1:], "0123456789abcdef") != "" {
		return role
	}
	return rest[:i]
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
