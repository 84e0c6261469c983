package emulator_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/awsso/awsso/internal/emulator"
)

func (r *rig) webIdentity(arn, token string, d int32) (*sts.AssumeRoleWithWebIdentityOutput, error) {
	in := &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String(arn), RoleSessionName: aws.String("web"), WebIdentityToken: aws.String(token)}
	if d != 0 {
		in.DurationSeconds = aws.Int32(d)
	}
	return sts.NewFromConfig(r.cfg).AssumeRoleWithWebIdentity(ctx, in)
}

func (r *rig) token(t *testing.T, c emulator.WebIdentityClaims) string {
	t.Helper()
	tok, err := r.env.Server.WebIdentityToken(c)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestWebIdentityDefaultOrg: a token of the default provider assumes any role; its credentials
// are role credentials (GetCallerIdentity, role chaining's hour).
func TestWebIdentityDefaultOrg(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	out, err := r.webIdentity("arn:aws:iam::444455556666:role/WebApp", r.token(t, emulator.WebIdentityClaims{Subject: "system:serviceaccount:ci:builder"}), 900)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.SubjectFromWebIdentityToken) != "system:serviceaccount:ci:builder" || aws.ToString(out.Audience) != "sts.amazonaws.com" ||
		aws.ToString(out.Provider) != emulator.DefaultOIDCIssuer || aws.ToString(out.AssumedRoleUser.Arn) != "arn:aws:sts::444455556666:assumed-role/WebApp/web" {
		t.Errorf("output %s %s %s %s", aws.ToString(out.SubjectFromWebIdentityToken), aws.ToString(out.Audience), aws.ToString(out.Provider), aws.ToString(out.AssumedRoleUser.Arn))
	}
	wantExpiry(t, out.Credentials.Expiration, 15*time.Minute)
	who, err := r.stsAs(out.Credentials).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Arn) != aws.ToString(out.AssumedRoleUser.Arn) {
		t.Fatalf("GetCallerIdentity = %v, %v", who, err)
	}
	_, err = assumeRole(r.stsAs(out.Credentials), "arn:aws:iam::444455556666:role/Next", "next", duration(7200))
	wantAPIError(t, err, "ValidationError", "role chaining")
	if n := r.env.Server.Stats()["AssumeRoleWithWebIdentity"]; n != 1 {
		t.Errorf("AssumeRoleWithWebIdentity counted %d times", n)
	}
}

// TestWebIdentityErrors: each bad token fails as STS fails it, typed as the SDK decodes it.
func TestWebIdentityErrors(t *testing.T) {
	t.Parallel()
	r := newRig(t, withOrgFile(t, "org.yaml"))
	const ci, issuer = "arn:aws:iam::444455556666:role/CI", "https://token.ci.example.com"
	good := r.token(t, emulator.WebIdentityClaims{Subject: "repo:acme/app:ref:refs/heads/main"})
	out, err := r.webIdentity(ci, good, 0)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Provider) != issuer {
		t.Errorf("Provider = %s", aws.ToString(out.Provider))
	}
	wantExpiry(t, out.Credentials.Expiration, time.Hour)

	// A token for an issuer the organisation does not know, signed by a server that does.
	foreign := newRig(t).token(t, emulator.WebIdentityClaims{})
	tests := []struct {
		name  string
		arn   string
		token string
		d     int32
		check func(t *testing.T, err error)
	}{
		{"expired", ci, r.token(t, emulator.WebIdentityClaims{Subject: "repo:acme/app:x", ExpiresAt: time.Now().Add(-time.Minute)}), 0, func(t *testing.T, err error) {
			e := wantErr[*ststypes.ExpiredTokenException](t, err)
			if msg := e.ErrorMessage(); !strings.HasPrefix(msg, "Token expired: current date/time ") || !strings.Contains(msg, " must be before the expiration date/time ") {
				t.Errorf("message %q", msg)
			}
		}},
		{"another audience", ci, r.token(t, emulator.WebIdentityClaims{Subject: "repo:acme/app:x", Audience: "api://other"}), 0, func(t *testing.T, err error) {
			if e := wantErr[*ststypes.InvalidIdentityTokenException](t, err); e.ErrorMessage() != "Incorrect token audience" {
				t.Errorf("message %q", e.ErrorMessage())
			}
		}},
		{"unknown issuer", ci, foreign, 0, func(t *testing.T, err error) {
			if e := wantErr[*ststypes.InvalidIdentityTokenException](t, err); e.ErrorMessage() != "No OpenIDConnect provider found in your account for "+emulator.DefaultOIDCIssuer {
				t.Errorf("message %q", e.ErrorMessage())
			}
		}},
		{"forged signature", ci, good[:len(good)-4] + "AAAA", 0, func(t *testing.T, err error) {
			wantErr[*ststypes.InvalidIdentityTokenException](t, err)
		}},
		{"not a JWT", ci, "an-opaque-access-token", 0, func(t *testing.T, err error) {
			wantErr[*ststypes.InvalidIdentityTokenException](t, err)
		}},
		{"another subject", ci, r.token(t, emulator.WebIdentityClaims{Subject: "repo:evil/app:x"}), 0, func(t *testing.T, err error) {
			wantAPIError(t, err, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
		}},
		{"a role without web identity trust for this provider", deployARN, good, 0, func(t *testing.T, err error) {
			wantAPIError(t, err, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
		}},
		{"beyond the role's maximum", ci, good, 3601, func(t *testing.T, err error) {
			wantAPIError(t, err, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
		}},
		{"a token too short", ci, "abc", 0, func(t *testing.T, err error) {
			wantAPIError(t, err, "ValidationError", "Value '***' at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.webIdentity(tt.arn, tt.token, tt.d)
			tt.check(t, err)
		})
	}
}
