package resolver

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/creds"
)

// CacheKey is the name stem of the AWS CLI v2's cache file for an assume-role or web identity
// profile (creds.AssumeRoleKey of its call's arguments); "" for other kinds.
func (p *Profile) CacheKey() string {
	if p.Role == nil {
		return ""
	}
	args := creds.AssumeRoleArgs{RoleARN: p.Role.ARN, RoleSessionName: p.Role.SessionName}
	if p.Kind == KindAssumeRole {
		args.ExternalID, args.SerialNumber = p.Role.ExternalID, p.Role.MFASerial
		args.DurationSeconds = int(p.Role.Duration / time.Second)
	}
	return creds.AssumeRoleKey(args)
}

// assume returns the credentials of an assume-role or web identity hop: from the cache while
// more than margin remains (without looking at the source at all, as botocore), else from
// STS, then cached. Processes that ask at once make one call: they queue on the cache file's
// lock and reread.
func (f *fetch) assume(ctx context.Context, n *Profile, margin time.Duration, refresh bool) (*creds.Credentials, error) {
	cache := f.r.CredsCache()
	key := n.CacheKey()
	if !refresh {
		if c, ok := f.cached(cache, n, key, margin); ok {
			return c, nil
		}
	}
	wait := f.r.LockWait
	if wait <= 0 {
		wait = creds.DefaultLockWait
	}
	lock, err := cachefile.LockWithin(ctx, cache.Path(key), wait, func() {
		f.debugf("%s: another awsso process is assuming %s; waiting up to %s", n.Name, n.Role.ARN, wait)
	})
	if err != nil {
		return nil, fmt.Errorf("assume %s for profile %s: %w", n.Role.ARN, n.Name, err)
	}
	defer lock.Release()
	if !refresh {
		if c, ok := f.cached(cache, n, key, margin); ok {
			return c, nil
		}
	}
	var answer *creds.AssumedRole
	if n.Kind == KindWebIdentity {
		answer, err = f.assumeWithWebIdentity(ctx, n)
	} else {
		answer, err = f.assumeRole(ctx, n)
	}
	if err != nil {
		return nil, err
	}
	if err := creds.Check(&answer.Credentials, "STS's credentials for role "+n.Role.ARN, f.r.now()); err != nil {
		return nil, err // exit 3, and nothing cached
	}
	if err := cache.SaveAssumedRole(key, answer); err != nil {
		return nil, fmt.Errorf("cache the credentials of %s: %w", n.Role.ARN, err)
	}
	c := answer.Credentials
	return &c, nil
}

// cached returns n's cached credentials when more than margin remains.
func (f *fetch) cached(cache creds.Cache, n *Profile, key string, margin time.Duration) (*creds.Credentials, bool) {
	c, ok := cache.Load(key)
	if !ok || !c.Valid(f.r.now(), margin) {
		f.debugf("%s: no cached credentials of %s with %s left (%s)", n.Name, n.Role.ARN, margin, cache.Path(key))
		return nil, false
	}
	f.debugf("%s: cached credentials of %s %s, until %s", n.Name, n.Role.ARN, cache.Path(key), c.Expiration.UTC().Format(time.RFC3339))
	return c, true
}

// assumeRole calls STS AssumeRole with the credentials of n's source.
func (f *fetch) assumeRole(ctx context.Context, n *Profile) (*creds.AssumedRole, error) {
	var (
		src *creds.Credentials
		err error
	)
	if n.CredentialSource != "" {
		src, err = f.credentialSource(ctx, n)
	} else {
		src, err = f.get(ctx, n.Source, creds.Margin, false)
	}
	if err != nil {
		return nil, err
	}
	in := &sts.AssumeRoleInput{RoleArn: aws.String(n.Role.ARN), RoleSessionName: aws.String(f.sessionName(n))}
	if n.Role.ExternalID != "" {
		in.ExternalId = aws.String(n.Role.ExternalID)
	}
	if n.Role.Duration > 0 {
		in.DurationSeconds = aws.Int32(int32(n.Role.Duration / time.Second))
	}
	if n.Role.MFASerial != "" {
		code, err := f.mfa(ctx, n)
		if err != nil {
			return nil, err
		}
		in.SerialNumber, in.TokenCode = aws.String(n.Role.MFASerial), aws.String(code)
	}
	client, err := f.sts(aws.Credentials{AccessKeyID: src.AccessKeyID, SecretAccessKey: src.SecretAccessKey, SessionToken: src.SessionToken,
		CanExpire: !src.Expiration.IsZero(), Expires: src.Expiration, Source: "awsso"})
	if err != nil {
		return nil, err
	}
	f.debugf("%s: STS AssumeRole %s as %s", n.Name, n.Role.ARN, aws.ToString(in.RoleSessionName))
	out, err := client.AssumeRole(ctx, in)
	if err != nil {
		return nil, &AssumeRoleError{Profile: n.Name, RoleARN: n.Role.ARN, Where: n.Role.Where, MFA: n.Role.MFASerial != "", Err: err}
	}
	a := answer(out.Credentials, out.AssumedRoleUser, out.PackedPolicySize, out.SourceIdentity, out.ResultMetadata)
	return a, nil
}

// sessionName is n's role_session_name, or the AWS CLI's botocore-session-<unix seconds>.
func (f *fetch) sessionName(n *Profile) string {
	if n.Role.SessionName != "" {
		return n.Role.SessionName
	}
	return "botocore-session-" + strconv.FormatInt(f.r.now().Unix(), 10)
}

// sts returns an STS client of the top profile's settings that signs with c.
func (f *fetch) sts(c aws.Credentials) (*sts.Client, error) {
	cfg, err := f.r.clientConfig(f.top.Client, awsclient.ServiceSTS, f.stsRegion())
	if err != nil {
		return nil, err
	}
	cfg.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) { return c, nil })
	return sts.NewFromConfig(cfg), nil
}

// stsRegion is the region of STS calls: AWS_REGION, AWS_DEFAULT_REGION, the top profile's
// region, else us-east-1 (where the AWS CLI's global endpoint is).
func (f *fetch) stsRegion() string {
	for _, key := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
		if v, _ := f.r.LookupEnv(key); v != "" {
			return v
		}
	}
	if f.top.Region != "" {
		return f.top.Region
	}
	return "us-east-1"
}

// answer turns an STS answer into what the cache keeps.
func answer(c *ststypes.Credentials, user *ststypes.AssumedRoleUser, packed *int32, source *string, md middleware.Metadata) *creds.AssumedRole {
	a := &creds.AssumedRole{SourceIdentity: aws.ToString(source), StatusCode: 200, Headers: map[string]string{}}
	if c != nil {
		a.AccessKeyID, a.SecretAccessKey, a.SessionToken = aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken)
		a.Expiration = aws.ToTime(c.Expiration)
	}
	if user != nil {
		a.AssumedRoleID, a.ARN = aws.ToString(user.AssumedRoleId), aws.ToString(user.Arn)
		a.AccountID = accountOf(a.ARN)
	}
	if packed != nil {
		n := int(*packed)
		a.PackedPolicySize = &n
	}
	a.RequestID, _ = awsmiddleware.GetRequestIDMetadata(md)
	if raw, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response); ok {
		a.StatusCode = raw.StatusCode
		for name, values := range raw.Header {
			a.Headers[strings.ToLower(name)] = strings.Join(values, ",")
		}
	}
	if results, ok := retry.GetAttemptResults(md); ok && len(results.Results) > 0 {
		a.RetryAttempts = len(results.Results) - 1
	}
	return a
}

// accountOf is the account of an ARN, or "".
func accountOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 {
		return ""
	}
	return parts[4]
}

// AssumeRoleError is an AssumeRole (or AssumeRoleWithWebIdentity) that STS refused or that
// could not reach STS: exit 3, with what to check.
type AssumeRoleError struct {
	Profile, RoleARN string
	Where
	MFA         bool // the call carried an MFA code
	WebIdentity string
	Err         error
}

func (e *AssumeRoleError) Error() string {
	op := "assume role"
	if e.WebIdentity != "" {
		op = "assume role with web identity"
	}
	return fmt.Sprintf("profile %s: %s %s%s: %v", e.Profile, op, e.RoleARN, where(e.At), e.Err)
}

func (e *AssumeRoleError) Unwrap() error { return e.Err }

// ExitCode is 3: a remote call failed.
func (e *AssumeRoleError) ExitCode() int { return exitRemote }

// Hints says what the refusal usually means.
func (e *AssumeRoleError) Hints() []string {
	var api interface{ ErrorCode() string }
	if !errors.As(e.Err, &api) {
		return []string{"check the network, and AWS_ENDPOINT_URL_STS or the profile's endpoint_url if you set them; --debug traces each request"}
	}
	switch api.ErrorCode() {
	case "ExpiredTokenException", "ExpiredToken":
		if e.WebIdentity != "" {
			return []string{"the token in " + e.WebIdentity + " has expired: whatever writes it (Kubernetes, your CI system) must write a fresh one"}
		}
		return []string{"the source credentials have expired: refresh them (for IAM Identity Center, 'awsso login'), then try again"}
	case "AccessDenied", "AccessDeniedException":
		hint := "the role's trust policy must allow the source credentials to assume it"
		if e.MFA {
			hint += "; check that the MFA code was current and belongs to mfa_serial"
		}
		return []string{hint + "; check external_id and role_arn" + where(e.At)}
	case "InvalidIdentityToken", "InvalidIdentityTokenException":
		return []string{"STS refused the web identity token in " + e.WebIdentity + ": check its issuer and audience against the role's identity provider"}
	}
	return []string{"STS refused the call: check role_arn, external_id and duration_seconds (at most the role's maximum session duration)"}
}
