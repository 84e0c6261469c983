package stress_test

import (
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/awsso/awsso/internal/testsupport/cmdtest"
)

// endpointAt points every AWS service of a child process at url.
func endpointAt(url string) []string {
	var env []string
	for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_SSO_OIDC", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SIGNIN"} {
		env = append(env, k+"="+url)
	}
	return env
}

// family is one kind of command and how it meets the network.
type family struct {
	name string
	args []string
	// warm: the command needs cached role credentials (whoami goes to STS with them).
	warm bool
}

// families are the commands that call a service, one line each, with the caches they need:
// a signed-in session (every one but login), and cached role credentials for whoami.
var families = []family{
	{name: "login", args: []string{"login", "--sso-session", "corp", "--use-device-code", "--no-browser"}},
	{name: "accounts", args: []string{"accounts", "--profile", "dev"}},
	{name: "roles", args: []string{"roles", "--profile", "dev"}},
	{name: "populate", args: []string{"populate", "--sso-session", "corp"}},
	{name: "credential-process", args: []string{"credential-process", "--profile", "dev"}},
	{name: "export-credentials", args: []string{"export-credentials", "--profile", "dev"}},
	{name: "exec", args: []string{"exec", "--profile", "dev", "--", "true"}},
	{name: "console", args: []string{"console", "--profile", "dev", "--print"}},
	{name: "whoami", args: []string{"whoami", "--profile", "dev"}, warm: true},
	{name: "configure", args: []string{"configure", "--non-interactive", "--profile", "new", "--sso-session", "corp", "--account-id", cmdtest.AccountID, "--role-name", cmdtest.RoleName}},
}

// TestNetworkFailures runs every command family against endpoints that fail in each way the
// network can: each says what happened in one line with a hint, exits 3, and shows no Go or
// SDK internals.
func TestNetworkFailures(t *testing.T) {
	refused := closedPort(t)
	tlsSrv := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	silent := silentServer(t)
	kinds := []struct {
		name     string
		endpoint string
		env      []string
		want     string
	}{
		{"connection refused", "http://" + refused, nil, "the connection was refused: nothing answers at " + refused},
		{"dns failure", "https://awsso-stress.invalid", nil, "cannot resolve awsso-stress.invalid"},
		{"untrusted tls certificate", tlsSrv.URL, nil, "the server's TLS certificate is not trusted"},
		{"timeout", silent, []string{"AWSSO_HTTP_TIMEOUT=300ms"}, "the service did not answer in time"},
	}
	for _, kind := range kinds {
		t.Run(kind.name, func(t *testing.T) {
			t.Parallel()
			w := cmdtest.New(t)
			for _, fam := range families {
				w.SignIn(t)
				os.RemoveAll(w.CredsCache().Dir)
				if fam.warm {
					mustRun(t, w.ProcessEnv(), "credential-process", "--profile", "dev")
				}
				if fam.name == "login" {
					os.RemoveAll(w.Home.AWSDir() + "/sso")
				}
				env := w.ProcessEnv(append(endpointAt(kind.endpoint), kind.env...)...)
				r := run(t, env, fam.args...)
				t.Run(fam.name, func(t *testing.T) { wantFailure(t, r, 3, kind.want, "hint: ") })
			}
		})
	}
}

// closedPort is a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// silentServer accepts requests and never answers them (until the test ends).
func silentServer(t *testing.T) string {
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-done:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(done); srv.Close() })
	return srv.URL
}

var _ = strings.Contains
