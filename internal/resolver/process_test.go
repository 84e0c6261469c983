package resolver

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/emulator"
)

func TestCredentialProcess(t *testing.T) {
	good := `{"Version": 1, "AccessKeyId": "AKIAPROC", "SecretAccessKey": "procsecret", "SessionToken": "proctoken", "Expiration": "2099-01-02T03:04:05Z"}`
	tests := []struct {
		name, script string
		want         string // the access key, or a part of the error
		code         int
	}{
		{name: "credentials", script: "echo '" + good + "'", want: "AKIAPROC"},
		{name: "no expiration", script: `echo '{"Version": 1, "AccessKeyId": "AKIALONG", "SecretAccessKey": "s"}'`, want: "AKIALONG"},
		{name: "chain variable", script: `echo "{\"Version\": 1, \"AccessKeyId\": \"$AWSSO_PROFILE_CHAIN\", \"SecretAccessKey\": \"s\"}"`, want: "outer,proc"},
		{name: "junk", script: "echo hello", want: "not a JSON object of credentials", code: 1},
		{name: "nothing", script: "true", want: "printed nothing", code: 1},
		{name: "version 2", script: `echo '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "s"}'`, want: "Version 2", code: 1},
		{name: "no secret", script: `echo '{"Version": 1, "AccessKeyId": "A"}'`, want: "lacks AccessKeyId or SecretAccessKey", code: 1},
		{name: "expired", script: `echo '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", "Expiration": "2001-01-01T00:00:00Z"}'`, want: "expired at 2001", code: 1},
		{name: "non-zero exit", script: "echo 'no session, log in' >&2; exit 3", want: "exited with status 3; it said: no session, log in", code: 1},
		{name: "hang", script: "sleep 30", want: "did not finish within 500ms", code: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, "[profile proc]\ncredential_process = sh -c '"+strings.ReplaceAll(tt.script, "'", `'"'"'`)+"'\n")
			w.r.ProcessTimeout = 500 * time.Millisecond
			w.vars["AWSSO_PROFILE_CHAIN"] = "outer"
			c, err := w.r.Credentials(context.Background(), w.resolve("proc"), Fetch{})
			if tt.code == 0 {
				if err != nil || c.AccessKeyID != tt.want {
					t.Fatalf("got %v, %v; want %s", c, err, tt.want)
				}
				return
			}
			var pe *ProcessError
			if !errors.As(err, &pe) || pe.ExitCode() != tt.code || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "config:") {
				t.Fatalf("error %v, want a *ProcessError with %q and the line", err, tt.want)
			}
			if strings.Contains(err.Error(), "procsecret") {
				t.Errorf("the error shows the output: %v", err)
			}
		})
	}
}

func TestCredentialProcessLoop(t *testing.T) {
	w := newWorld(t, "[profile proc]\ncredential_process = /bin/echo\n")
	w.vars["AWSSO_PROFILE_CHAIN"] = "top,proc"
	if _, err := w.r.Credentials(context.Background(), w.resolve("proc"), Fetch{}); !errors.As(err, new(*CredentialLoopError)) {
		t.Errorf("a profile already on the chain: %v", err)
	}
}

// webToken is a web identity token of the emulator's OIDC provider: c's fields, or defaults.
func webToken(t testing.TB, w *world, c emulator.WebIdentityClaims) string {
	t.Helper()
	tok, err := w.env.Server.WebIdentityToken(c)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestWebIdentity: a missing token file and an expired token are refused before any call; a
// token STS refuses (an audience its provider does not list) is exit 3 naming the file;
// a good one is exchanged for the role's credentials, which are cached.
func TestWebIdentity(t *testing.T) {
	dir := t.TempDir()
	token := filepath.Join(dir, "token")
	w := newWorld(t, "[profile ci]\nrole_arn = arn:aws:iam::111122223333:role/CI\nweb_identity_token_file = "+token+"\nrole_session_name = ci-run\n")
	p := w.resolve("ci")
	if _, err := w.r.Credentials(context.Background(), p, Fetch{}); !errors.As(err, new(*WebIdentityTokenError)) {
		t.Errorf("a missing token file: %v", err)
	}
	writeFile(t, token, webToken(t, w, emulator.WebIdentityClaims{ExpiresAt: time.Now().Add(-time.Minute)})+"\n")
	_, err := w.r.Credentials(context.Background(), p, Fetch{})
	var expired *WebIdentityTokenError
	if !errors.As(err, &expired) || expired.Expired.IsZero() || !strings.Contains(err.Error(), token) {
		t.Errorf("an expired token: %v", err)
	}
	if n := w.calls("AssumeRoleWithWebIdentity"); n != 0 {
		t.Errorf("%d calls: the expired token was sent", n)
	}
	writeFile(t, token, webToken(t, w, emulator.WebIdentityClaims{Audience: "not-sts"}))
	_, err = w.r.Credentials(context.Background(), p, Fetch{})
	var refused *AssumeRoleError
	if !errors.As(err, &refused) || refused.ExitCode() != 3 || !strings.Contains(strings.Join(refused.Hints(), " "), token) {
		t.Errorf("a token STS refuses: %v", err)
	}
	writeFile(t, token, webToken(t, w, emulator.WebIdentityClaims{})+"\n")
	if c := w.creds("ci", Fetch{}); c.AccountID != "111122223333" {
		t.Errorf("web identity credentials %+v", c)
	}
	if arn := identity(t, w, "ci"); arn != "arn:aws:sts::111122223333:assumed-role/CI/ci-run" {
		t.Errorf("ci is %s", arn)
	}
	if n := w.calls("AssumeRoleWithWebIdentity"); n != 2 {
		t.Errorf("%d AssumeRoleWithWebIdentity calls, want 2 (the refused one, then one cached)", n)
	}
}
