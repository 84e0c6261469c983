package emulator_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/aws/smithy-go"

	"github.com/awsso/awsso/internal/emulator"
)

// withOrgFile is an emutest.Start option that serves the organisation in testdata/NAME.
func withOrgFile(t *testing.T, name string) func(*emulator.Options) {
	t.Helper()
	org, err := emulator.LoadOrg(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return func(o *emulator.Options) { o.Org = org }
}

// stsKeys returns an STS client signing with the given key, secret and token.
func (r *rig) stsKeys(id, secret, token string) *sts.Client {
	cfg := r.cfg.Copy()
	cfg.Credentials = credentials.NewStaticCredentialsProvider(id, secret, token)
	return sts.NewFromConfig(cfg)
}

// stsAs returns an STS client signing with credentials from AssumeRole*.
func (r *rig) stsAs(c *ststypes.Credentials) *sts.Client {
	return r.stsKeys(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken)
}

// staticAlice is an STS client with the organisation's IAM user alice's access key.
func (r *rig) staticAlice() *sts.Client {
	return r.stsKeys(emulator.DefaultAccessKeyID, emulator.DefaultSecretAccessKey, "")
}

// ssoSTS signs in and returns an STS client with the role credentials of account and role.
func (r *rig) ssoSTS(t *testing.T, account, role string) *sts.Client {
	t.Helper()
	_, tok := r.login(t, "sso:account:access")
	return r.sts(r.roleCredentials(t, *tok.AccessToken, account, role))
}

func assumeRole(c *sts.Client, arn, session string, opt ...func(*sts.AssumeRoleInput)) (*sts.AssumeRoleOutput, error) {
	in := &sts.AssumeRoleInput{RoleArn: aws.String(arn), RoleSessionName: aws.String(session)}
	for _, f := range opt {
		f(in)
	}
	return c.AssumeRole(ctx, in)
}

func duration(d int32) func(*sts.AssumeRoleInput) {
	return func(in *sts.AssumeRoleInput) { in.DurationSeconds = aws.Int32(d) }
}

// wantAPIError fails unless err is an API error with code whose message contains msg.
func wantAPIError(t *testing.T, err error, code, msg string) {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != code || !strings.Contains(apiErr.ErrorMessage(), msg) {
		t.Fatalf("error = %v, want %s containing %q", err, code, msg)
	}
}

// wantExpiry fails unless exp is d from now, give or take a few seconds.
func wantExpiry(t *testing.T, exp *time.Time, d time.Duration) {
	t.Helper()
	if exp == nil || exp.Sub(time.Now().Add(d)).Abs() > 5*time.Second {
		t.Errorf("expiration %v, want about %v from now", exp, d)
	}
}

// TestAssumeRoleChainDefaultOrg walks a chain with no organisation file: Identity Center role
// credentials assume a role, whose credentials call GetCallerIdentity and assume another.
func TestAssumeRoleChainDefaultOrg(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	first, err := assumeRole(r.ssoSTS(t, "444455556666", "DataScientist"), "arn:aws:iam::777788889999:role/Deploy", "first")
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(first.AssumedRoleUser.Arn); got != "arn:aws:sts::777788889999:assumed-role/Deploy/first" {
		t.Errorf("AssumedRoleUser.Arn = %s", got)
	}
	id := aws.ToString(first.AssumedRoleUser.AssumedRoleId)
	if !strings.HasPrefix(id, "AROA") || !strings.HasSuffix(id, ":first") || len(id) != len("AROA")+17+len(":first") {
		t.Errorf("AssumedRoleId = %s", id)
	}
	wantExpiry(t, first.Credentials.Expiration, time.Hour)
	if !strings.HasPrefix(aws.ToString(first.Credentials.AccessKeyId), "ASIA") || first.PackedPolicySize != nil {
		t.Errorf("credentials %s, packed policy size %v", aws.ToString(first.Credentials.AccessKeyId), first.PackedPolicySize)
	}

	who, err := r.stsAs(first.Credentials).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(who.Arn) != aws.ToString(first.AssumedRoleUser.Arn) || aws.ToString(who.UserId) != id || aws.ToString(who.Account) != "777788889999" {
		t.Errorf("GetCallerIdentity = %s %s %s", aws.ToString(who.Arn), aws.ToString(who.UserId), aws.ToString(who.Account))
	}

	second, err := assumeRole(r.stsAs(first.Credentials), "arn:aws:iam::111122223333:role/team/Admin", "second", duration(900))
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(second.AssumedRoleUser.Arn); got != "arn:aws:sts::111122223333:assumed-role/Admin/second" {
		t.Errorf("second hop Arn = %s (the path is not part of it)", got)
	}
	wantExpiry(t, second.Credentials.Expiration, 15*time.Minute)

	_, err = assumeRole(r.stsAs(second.Credentials), "arn:aws:iam::111122223333:role/Admin", "third", duration(3601))
	wantAPIError(t, err, "ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
	_, err = assumeRole(r.stsAs(second.Credentials), "arn:aws:iam::999999999999:role/Admin", "third")
	wantAPIError(t, err, "AccessDenied",
		"User: arn:aws:sts::111122223333:assumed-role/Admin/second is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::999999999999:role/Admin")

	if got := r.env.Server.Stats(); got["AssumeRole"] != 4 || got["GetCallerIdentity"] != 1 {
		t.Errorf("stats %v, want 4 AssumeRole and 1 GetCallerIdentity", got)
	}
}

// TestStaticKeys: the default organisation's IAM user signs with a long-term key; assuming a
// role from it is not role chaining, so only the role's maximum applies.
func TestStaticKeys(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	who, err := r.staticAlice().GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(who.Arn) != "arn:aws:iam::111122223333:user/alice" || !strings.HasPrefix(aws.ToString(who.UserId), "AIDA") {
		t.Errorf("GetCallerIdentity = %s %s", aws.ToString(who.Arn), aws.ToString(who.UserId))
	}
	_, err = assumeRole(r.staticAlice(), "arn:aws:iam::111122223333:role/Admin", "sess", duration(3601))
	wantAPIError(t, err, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
	_, err = r.stsKeys(emulator.DefaultAccessKeyID, strings.Repeat("x", 40), "").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantCode(t, err, "SignatureDoesNotMatch")
	r.env.Server.ExpireRoleCredentials() // an access key is not a temporary credential
	if _, err := assumeRole(r.staticAlice(), "arn:aws:iam::111122223333:role/Admin", "sess"); err != nil {
		t.Errorf("after ExpireRoleCredentials: %v", err)
	}
}

func TestAssumedRoleCredentialsExpire(t *testing.T) {
	t.Parallel()
	clk := newClock()
	r := newRig(t, withClock(clk))
	out, err := assumeRole(r.staticAlice(), "arn:aws:iam::444455556666:role/Short", "sess", duration(900))
	if err != nil {
		t.Fatal(err)
	}
	clk.Add(901 * time.Second)
	_, err = r.stsAs(out.Credentials).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantCode(t, err, "ExpiredToken")
}

// TestAssumeRoleFaults: injected failures hit AssumeRole as every other call, in STS's shape,
// so the SDK retries them, and the counters say so.
func TestAssumeRoleFaults(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.env.Server.FailNext(1, 500)
	r.env.Server.FailNext(1, 429)
	if _, err := assumeRole(r.staticAlice(), "arn:aws:iam::444455556666:role/Flaky", "sess"); err != nil {
		t.Fatalf("the SDK did not retry through the faults: %v", err)
	}
	r.env.Server.FailNext(3, 500)
	_, err := assumeRole(r.staticAlice(), "arn:aws:iam::444455556666:role/Flaky", "sess")
	wantAPIError(t, err, "InternalFailure", "injected fault")
	stats := r.env.Server.Stats()
	for op, want := range map[string]int{"AssumeRole": 6, "Fault:AssumeRole": 4, "Throttled:AssumeRole": 1} {
		if stats[op] != want {
			t.Errorf("stats[%s] = %d, want %d (all: %v)", op, stats[op], want, stats)
		}
	}
}
