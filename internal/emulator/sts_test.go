package emulator_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/sso/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// sts returns an STS client signing with c.
func (r *rig) sts(c *ssotypes.RoleCredentials, optFns ...func(*sts.Options)) *sts.Client {
	cfg := r.cfg.Copy()
	cfg.Credentials = credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken)
	return sts.NewFromConfig(cfg, optFns...)
}

func TestGetCallerIdentity(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	_, tok := r.login(t, "sso:account:access")
	c := r.roleCredentials(t, *tok.AccessToken, "444455556666", "DataScientist")
	out, err := r.sts(c).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Account) != "444455556666" {
		t.Errorf("account %s", aws.ToString(out.Account))
	}
	arn := aws.ToString(out.Arn)
	if !strings.HasPrefix(arn, "arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_DataScientist_") || !strings.HasSuffix(arn, "/alice") {
		t.Errorf("arn %s", arn)
	}
	if id := aws.ToString(out.UserId); !strings.HasPrefix(id, "AROA") || !strings.HasSuffix(id, ":alice") {
		t.Errorf("user id %s", id)
	}
	if r.env.Server.Stats()["GetCallerIdentity"] != 1 {
		t.Errorf("stats %v", r.env.Server.Stats())
	}
}

func TestGetCallerIdentityErrors(t *testing.T) {
	t.Parallel()
	clk := newClock()
	r := newRig(t, withClock(clk))
	_, tok := r.login(t, "sso:account:access")
	good := r.roleCredentials(t, *tok.AccessToken, "111122223333", "AdministratorAccess")
	forge := func(f func(c *ssotypes.RoleCredentials)) *ssotypes.RoleCredentials {
		c := *good
		f(&c)
		return &c
	}
	tests := []struct {
		name  string
		creds *ssotypes.RoleCredentials
		clock time.Duration
		code  string
	}{
		{"forged secret", forge(func(c *ssotypes.RoleCredentials) { c.SecretAccessKey = aws.String(strings.Repeat("A", 40)) }), 0, "SignatureDoesNotMatch"},
		{"unknown key", forge(func(c *ssotypes.RoleCredentials) { c.AccessKeyId = aws.String("ASIAAAAAAAAAAAAAAAAA") }), 0, "InvalidClientTokenId"},
		{"wrong session token", forge(func(c *ssotypes.RoleCredentials) { c.SessionToken = aws.String("forged") }), 0, "InvalidClientTokenId"},
		{"clock skew", good, 20 * time.Minute, "SignatureDoesNotMatch"},
		{"expired", good, 61 * time.Minute, "ExpiredToken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk.Add(tt.clock)
			defer clk.Add(-tt.clock)
			_, err := r.sts(tt.creds).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			wantCode(t, err, tt.code)
		})
	}
}

func TestSTSRawErrors(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	tests := []struct {
		name, body, auth string
		status           int
		code             string
	}{
		{"unsigned", "Action=GetCallerIdentity&Version=2011-06-15", "", 403, "MissingAuthenticationToken"},
		{"garbage authorization", "Action=GetCallerIdentity&Version=2011-06-15", "Bearer xyz", 400, "IncompleteSignature"},
		{"other service", "Action=GetCallerIdentity", "AWS4-HMAC-SHA256 Credential=ASIA/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00", 403, "SignatureDoesNotMatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", r.env.URL+"/", strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status || !strings.Contains(string(body), "<Code>"+tt.code+"</Code>") ||
				!strings.Contains(string(body), "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">") {
				t.Errorf("%d %s", resp.StatusCode, body)
			}
		})
	}
}

func TestSTSUnsupportedAction(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	_, tok := r.login(t, "sso:account:access")
	c := r.roleCredentials(t, *tok.AccessToken, "111122223333", "AdministratorAccess")
	_, err := r.sts(c).GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	wantCode(t, err, "InvalidAction")
	if got := r.env.Server.Stats()["STS:unsupported"]; got != 1 {
		t.Errorf("STS:unsupported = %d", got)
	}
}

func TestExpireRoleCredentials(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	_, tok := r.login(t, "sso:account:access")
	c := r.roleCredentials(t, *tok.AccessToken, "111122223333", "ReadOnly")
	r.env.Server.ExpireRoleCredentials()
	_, err := r.sts(c).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantCode(t, err, "ExpiredToken")
}
