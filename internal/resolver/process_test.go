package resolver

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// jwt is an unsigned token whose exp claim is exp.
func jwt(exp time.Time) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none"}`)) + "." + enc([]byte(fmt.Sprintf(`{"sub":"ci","exp":%d}`, exp.Unix()))) + ".sig"
}

func TestWebIdentity(t *testing.T) {
	dir := t.TempDir()
	token := filepath.Join(dir, "token")
	w := newWorld(t, "[profile ci]\nrole_arn = arn:aws:iam::111122223333:role/CI\nweb_identity_token_file = "+token+"\nrole_session_name = ci-run\n")
	p := w.resolve("ci")
	if _, err := w.r.Credentials(context.Background(), p, Fetch{}); !errors.As(err, new(*WebIdentityTokenError)) {
		t.Errorf("a missing token file: %v", err)
	}
	os.WriteFile(token, []byte(jwt(time.Now().Add(-time.Minute))+"\n"), 0o600)
	_, err := w.r.Credentials(context.Background(), p, Fetch{})
	var expired *WebIdentityTokenError
	if !errors.As(err, &expired) || expired.Expired.IsZero() || !strings.Contains(err.Error(), token) {
		t.Errorf("an expired token: %v", err)
	}
	os.WriteFile(token, []byte("expired"), 0o600) // the fake STS refuses it, as STS refuses an expired token
	_, err = w.r.Credentials(context.Background(), p, Fetch{})
	var refused *AssumeRoleError
	if !errors.As(err, &refused) || refused.ExitCode() != 3 || !strings.Contains(strings.Join(refused.Hints(), " "), token) {
		t.Errorf("a token STS refuses: %v", err)
	}
	if len(w.sts.calls()) != 1 {
		t.Errorf("%d calls: the expired JWT was sent", len(w.sts.calls()))
	}
	fresh := jwt(time.Now().Add(time.Hour))
	os.WriteFile(token, []byte(fresh+"\n"), 0o600)
	c := w.creds("ci", Fetch{})
	call := w.sts.calls()[1]
	if call.Get("WebIdentityToken") != fresh || call.Get("SignedBy") != "" || call.Get("RoleSessionName") != "ci-run" || c.AccountID != "111122223333" {
		t.Errorf("AssumeRoleWithWebIdentity %v gave %+v", call, c)
	}
	w.creds("ci", Fetch{})
	if len(w.sts.calls()) != 2 {
		t.Errorf("web identity credentials are not cached")
	}
}

func TestCredentialSourceECS(t *testing.T) {
	var auth string
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		fmt.Fprintf(rw, `{"AccessKeyId": "ASIAECS", "SecretAccessKey": "s", "Token": "t", "Expiration": %q}`, time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
	}))
	defer srv.Close()
	w := newWorld(t, "[profile task]\nrole_arn = arn:aws:iam::444455556666:role/Task\ncredential_source = EcsContainer\n")
	p := w.resolve("task")
	if _, err := w.r.Credentials(context.Background(), p, Fetch{}); !errors.As(err, new(*SourceUnavailableError)) {
		t.Errorf("EcsContainer outside a container: %v", err)
	}
	w.vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = srv.URL + "/creds"
	w.vars["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "Bearer abc"
	w.creds("task", Fetch{})
	if got := w.sts.calls()[0].Get("SignedBy"); got != "ASIAECS" || auth != "Bearer abc" {
		t.Errorf("AssumeRole signed by %q, authorization %q", got, auth)
	}
}
