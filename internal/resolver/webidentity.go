package resolver

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/awsso/awsso/internal/creds"
)

// maxTokenSize bounds a web identity token file; real tokens are a few KiB.
const maxTokenSize = 64 << 10

// assumeWithWebIdentity calls STS AssumeRoleWithWebIdentity (unsigned) with the token in n's
// file.
func (f *fetch) assumeWithWebIdentity(ctx context.Context, n *Profile) (*creds.AssumedRole, error) {
	token, err := readToken(n.WebIdentityTokenFile)
	if err != nil {
		return nil, &WebIdentityTokenError{Profile: n.Name, File: n.WebIdentityTokenFile, Err: err}
	}
	if exp, ok := tokenExpiry(token); ok && !exp.After(f.r.now()) {
		return nil, &WebIdentityTokenError{Profile: n.Name, File: n.WebIdentityTokenFile, Expired: exp}
	}
	client, err := f.sts(aws.Credentials{})
	if err != nil {
		return nil, err
	}
	in := &sts.AssumeRoleWithWebIdentityInput{RoleArn: aws.String(n.Role.ARN), RoleSessionName: aws.String(f.sessionName(n)),
		WebIdentityToken: aws.String(token)}
	f.debugf("%s: STS AssumeRoleWithWebIdentity %s with the token in %s", n.Name, n.Role.ARN, n.WebIdentityTokenFile)
	out, err := client.AssumeRoleWithWebIdentity(ctx, in, func(o *sts.Options) { o.Credentials = aws.AnonymousCredentials{} })
	if err != nil {
		return nil, &AssumeRoleError{Profile: n.Name, RoleARN: n.Role.ARN, Where: n.Role.Where, WebIdentity: n.WebIdentityTokenFile, Err: err}
	}
	a := answer(out.Credentials, out.AssumedRoleUser, out.PackedPolicySize, out.SourceIdentity, out.ResultMetadata)
	a.WebIdentity = &creds.WebIdentityAnswer{SubjectFromWebIdentityToken: aws.ToString(out.SubjectFromWebIdentityToken),
		Provider: aws.ToString(out.Provider), Audience: aws.ToString(out.Audience)}
	return a, nil
}

// readToken reads a token file without blocking on a pipe or device, and trims it.
func readToken(path string) (string, error) {
	// Stat first: opening a named pipe would wait for a writer.
	if info, err := os.Stat(path); err != nil {
		return "", err
	} else if !info.Mode().IsRegular() {
		return "", errors.New("not a regular file")
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxTokenSize+1))
	if err != nil {
		return "", err
	}
	if len(data) > maxTokenSize {
		return "", fmt.Errorf("larger than %d KiB", maxTokenSize>>10)
	}
	token := string(bytes.TrimSpace(data))
	if token == "" {
		return "", errors.New("the file is empty")
	}
	return token, nil
}

// tokenExpiry reads the exp claim of a JWT, without checking anything else: STS checks the
// token, this only spares a call that cannot succeed.
func tokenExpiry(token string) (time.Time, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}, false
	}
	var claims struct {
		Exp *json.Number `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Exp == nil {
		return time.Time{}, false
	}
	secs, err := claims.Exp.Float64()
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(int64(secs), 0), true
}

// WebIdentityTokenError is a web identity token file that cannot be used: unreadable, empty,
// or holding a token that has expired.
type WebIdentityTokenError struct {
	Profile, File string
	Expired       time.Time // when the token expired; zero when Err says what is wrong
	Err           error
}

func (e *WebIdentityTokenError) Error() string {
	if !e.Expired.IsZero() {
		return fmt.Sprintf("profile %s: the web identity token in %s expired at %s", e.Profile, e.File, e.Expired.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	return fmt.Sprintf("profile %s: cannot read the web identity token in %s: %v", e.Profile, e.File, e.Err)
}

func (e *WebIdentityTokenError) Unwrap() error { return e.Err }

// ExitCode is 1: the token file must change.
func (e *WebIdentityTokenError) ExitCode() int { return exitConfig }

// Hints says who writes the file.
func (e *WebIdentityTokenError) Hints() []string {
	return []string{"whatever writes " + e.File + " (Kubernetes for a service account, your CI system) must keep a current token there; check web_identity_token_file or AWS_WEB_IDENTITY_TOKEN_FILE"}
}
