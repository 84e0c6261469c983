package emulator_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/awsso/awsso/internal/emulator"
)

const (
	hubARN    = "arn:aws:iam::111122223333:role/Hub"
	deployARN = "arn:aws:iam::444455556666:role/Deploy"
	auditARN  = "arn:aws:iam::012345678901:role/audit/ReadOnlyAudit"
)

// TestAssumeRoleTrustRules runs AssumeRole with each parameter against the trust rules of
// testdata/org.yaml, the organisation file the README documents.
func TestAssumeRoleTrustRules(t *testing.T) {
	t.Parallel()
	r := newRig(t, withOrgFile(t, "org.yaml"))
	admin := r.ssoSTS(t, "111122223333", "AdministratorAccess")
	readOnly := r.ssoSTS(t, "111122223333", "ReadOnly")
	alice := r.staticAlice()
	hubOut, err := assumeRole(alice, hubARN, "hub-session", duration(43200))
	if err != nil {
		t.Fatal(err)
	}
	wantExpiry(t, hubOut.Credentials.Expiration, 12*time.Hour)
	hub := r.stsAs(hubOut.Credentials)

	cur, next, err := r.env.Server.MFACode(emulator.DefaultMFASerial)
	if err != nil {
		t.Fatal(err)
	}
	deploy := func(extID, serial, token string) func(*sts.AssumeRoleInput) {
		return func(in *sts.AssumeRoleInput) {
			in.ExternalId, in.SerialNumber, in.TokenCode = nonEmpty(extID), nonEmpty(serial), nonEmpty(token)
		}
	}
	const denied = "is not authorized to perform: sts:AssumeRole on resource: "
	tests := []struct {
		name      string
		client    *sts.Client
		arn       string
		opt       func(*sts.AssumeRoleInput)
		code, msg string // "" for success
		arnOut    string
	}{
		{"hub from the admin permission set", admin, hubARN, nil, "", "", "arn:aws:sts::111122223333:assumed-role/Hub/sess"},
		{"hub from the admin permission set for 2 hours is role chaining", admin, hubARN, duration(7200), "ValidationError", "1 hour session limit for roles assumed by role chaining", ""},
		{"hub from another permission set", readOnly, hubARN, nil, "AccessDenied", ":assumed-role/AWSReservedSSO_ReadOnly_", ""},
		{"hub beyond its maximum", alice, hubARN, duration(43201), "ValidationError", "Member must have value less than or equal to 43200", ""},
		{"deploy with external id and MFA", hub, deployARN, deploy("acme-deploy-7", emulator.DefaultMFASerial, cur), "", "", "arn:aws:sts::444455556666:assumed-role/Deploy/sess"},
		{"deploy without external id", hub, deployARN, deploy("", emulator.DefaultMFASerial, next), "AccessDenied", denied + deployARN, ""},
		{"deploy with another external id", hub, deployARN, deploy("acme-deploy-8", "", ""), "AccessDenied", denied + deployARN, ""},
		{"deploy without MFA", hub, deployARN, deploy("acme-deploy-7", "", ""), "AccessDenied", denied + deployARN, ""},
		{"deploy from alice", alice, deployARN, deploy("acme-deploy-7", "", ""), "AccessDenied", "User: arn:aws:iam::111122223333:user/alice " + denied, ""},
		{"a wrong code", hub, deployARN, deploy("acme-deploy-7", emulator.DefaultMFASerial, wrongCode(t)), "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.", ""},
		{"an unknown device", hub, deployARN, deploy("acme-deploy-7", "arn:aws:iam::111122223333:mfa/bob", "123456"), "AccessDenied", "unable to validate MFA code", ""},
		{"a serial number without a code", hub, deployARN, deploy("acme-deploy-7", emulator.DefaultMFASerial, ""), "AccessDenied", "must provide both MFA serial number and one time pass code", ""},
		{"a code of letters", hub, deployARN, deploy("acme-deploy-7", emulator.DefaultMFASerial, "abcdef"), "ValidationError", "Value 'abcdef' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*", ""},
		{"audit by account", alice, auditARN, nil, "", "", "arn:aws:sts::012345678901:assumed-role/ReadOnlyAudit/sess"},
		{"audit from another account", hub, auditARN, nil, "", "", "arn:aws:sts::012345678901:assumed-role/ReadOnlyAudit/sess"},
		{"a web identity role", alice, "arn:aws:iam::444455556666:role/CI", nil, "AccessDenied", denied + "arn:aws:iam::444455556666:role/CI", ""},
		{"a role not in the file", alice, "arn:aws:iam::111122223333:role/Other", nil, "AccessDenied", denied + "arn:aws:iam::111122223333:role/Other", ""},
		{"not an ARN", alice, "this-is-not-a-role-arn", nil, "AccessDenied", denied + "this-is-not-a-role-arn", ""},
		{"an ARN too short", alice, "arn:aws:iam::1:role", nil, "ValidationError", "Value 'arn:aws:iam::1:role' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20", ""},
		{"a duration too short", alice, hubARN, duration(899), "ValidationError", "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900", ""},
		{"an external id too short", alice, auditARN, deploy("x", "", ""), "ValidationError", "Value 'x' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := []func(*sts.AssumeRoleInput){}
			if tt.opt != nil {
				opts = append(opts, tt.opt)
			}
			out, err := assumeRole(tt.client, tt.arn, "sess", opts...)
			if tt.code != "" {
				wantAPIError(t, err, tt.code, tt.msg)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := aws.ToString(out.AssumedRoleUser.Arn); got != tt.arnOut {
				t.Errorf("Arn = %s, want %s", got, tt.arnOut)
			}
		})
	}
}

// TestMFACodeOnce: a code is accepted once; the next step's code works within the same 30 s.
func TestMFACodeOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t, withOrgFile(t, "org.yaml"))
	hubOut, err := assumeRole(r.staticAlice(), hubARN, "hub-session")
	if err != nil {
		t.Fatal(err)
	}
	code, next, err := r.env.Server.MFACode(emulator.DefaultMFASerial)
	if err != nil {
		t.Fatal(err)
	}
	withCode := func(c string) func(*sts.AssumeRoleInput) {
		return func(in *sts.AssumeRoleInput) {
			in.ExternalId, in.SerialNumber, in.TokenCode = aws.String("acme-deploy-7"), aws.String(emulator.DefaultMFASerial), aws.String(c)
		}
	}
	hub := r.stsAs(hubOut.Credentials)
	if _, err := assumeRole(hub, deployARN, "one", withCode(code)); err != nil {
		t.Fatal(err)
	}
	_, err = assumeRole(hub, deployARN, "two", withCode(code))
	wantAPIError(t, err, "AccessDenied", "invalid MFA one time pass code")
	if _, err := assumeRole(hub, deployARN, "three", withCode(next)); err != nil {
		t.Errorf("the next code: %v", err)
	}
}

// TestTOTPVectors checks TOTP against RFC 6238 appendix B (SHA-1), last six digits.
func TestTOTPVectors(t *testing.T) {
	t.Parallel()
	const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" // "12345678901234567890"
	for unix, want := range map[int64]string{59: "287082", 1111111109: "081804", 1111111111: "050471",
		1234567890: "005924", 2000000000: "279037", 20000000000: "353130"} {
		got, err := emulator.TOTP(strings.ToLower(secret), time.Unix(unix, 0))
		if err != nil || got != want {
			t.Errorf("TOTP at %d = %s, %v; want %s", unix, got, err, want)
		}
	}
	if _, err := emulator.TOTP("not base32!", time.Now()); err == nil {
		t.Error("a secret that is not base32 was accepted")
	}
	if _, err := emulator.TOTP("JBSWY3DP", time.Now()); err == nil {
		t.Error("a 40-bit secret was accepted")
	}
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

// wrongCode returns a 6-digit code that the default MFA device shows at no time within a
// minute of now.
func wrongCode(t *testing.T) string {
	t.Helper()
	shown := map[string]bool{}
	for step := -2; step <= 2; step++ {
		c, err := emulator.TOTP(emulator.DefaultMFASecret, time.Now().Add(time.Duration(step)*30*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		shown[c] = true
	}
	for _, c := range []string{"000000", "000001", "000002", "000003", "000004", "000005"} {
		if !shown[c] {
			return c
		}
	}
	panic("unreachable: five codes cannot cover six candidates")
}
