package cmdutil_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sso"

	"github.com/awsso/awsso/internal/awsclient"
	"github.com/awsso/awsso/internal/cmdutil"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/testsupport/emutest"
)

// listAccounts runs a real portal call against endpoint and returns the explained error.
func listAccounts(t *testing.T, endpoint string, timeout time.Duration) error {
	t.Helper()
	return cmdutil.Explain(listAccountsWithin(t, endpoint, timeout))
}

// listAccountsRaw runs a real portal call against endpoint and returns the SDK's error.
func listAccountsRaw(t *testing.T, endpoint string) error {
	t.Helper()
	return listAccountsWithin(t, endpoint, 10*time.Second)
}

func listAccountsWithin(t *testing.T, endpoint string, timeout time.Duration) error {
	t.Helper()
	cfg, err := awsclient.Config(awsclient.Options{Service: awsclient.ServiceSSO, Region: "us-east-1", MaxAttempts: 2, MaxBackoff: time.Millisecond,
		LookupEnv: func(k string) (string, bool) {
			if k == "AWS_ENDPOINT_URL_SSO" {
				return endpoint, true
			}
			return "", false
		}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	_, err = portal.Accounts(ctx, sso.NewFromConfig(cfg), "secret-token")
	return err
}

func TestExplainNetworkFailures(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	tlsSrv := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are the point
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer slow.Close()
	env := emutest.Start(t)
	env.Server.FailNext(100, 500)
	hangUp := hangUpServer(t)

	tests := []struct {
		name     string
		endpoint string
		timeout  time.Duration
		want     string
	}{
		{"connection refused", closedURL, 10 * time.Second, "list accounts: the connection was refused: nothing answers at 127.0.0.1:"},
		{"dns failure", "https://nonexistent.invalid", 10 * time.Second, "list accounts: cannot resolve nonexistent.invalid"},
		{"untrusted certificate", tlsSrv.URL, 10 * time.Second, "list accounts: the server's TLS certificate is not trusted"},
		{"plain http on https", strings.Replace(env.URL, "http://", "https://", 1), 10 * time.Second, "list accounts: the server does not speak TLS"},
		{"timeout", slow.URL, 300 * time.Millisecond, "list accounts: the service did not answer in time"},
		{"server errors after retries", env.URL, 10 * time.Second, "list accounts: the service kept failing after retries (HTTP 500)"},
		{"connection closed before an answer", hangUp, 10 * time.Second, "list accounts: the request did not reach the service: EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := listAccounts(t, tt.endpoint, tt.timeout)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("message %q\nwant prefix %q", err, tt.want)
			}
			if cmdutil.ExitCodeOf(err) != cmdutil.ExitRemote || len(cmdutil.HintsOf(err)) == 0 {
				t.Errorf("exit %d, hints %q", cmdutil.ExitCodeOf(err), cmdutil.HintsOf(err))
			}
			if strings.Contains(err.Error(), "secret-token") {
				t.Error("message leaks the token")
			}
		})
	}
}

func TestExplainLeavesOtherErrorsAlone(t *testing.T) {
	plain := errors.New("profile x not found")
	if got := cmdutil.Explain(plain); got != plain {
		t.Errorf("plain error changed: %v", got)
	}
	coded := cmdutil.WithHint(fmt.Errorf("x: %w", context.DeadlineExceeded), cmdutil.ExitLoginRequired, "log in")
	if got := cmdutil.Explain(coded); cmdutil.ExitCodeOf(got) != cmdutil.ExitLoginRequired {
		t.Errorf("an error with its own exit code was re-coded: %v", got)
	}
	if cmdutil.Explain(nil) != nil {
		t.Error("Explain(nil) != nil")
	}
}

// TestExplainKeepsTheCommandsHints: a command that marked a network failure as a remote error
// with a hint of its own gets the short message, the network hint and its own hint.
func TestExplainKeepsTheCommandsHints(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	raw := listAccountsRaw(t, closedURL)
	err := cmdutil.Explain(cmdutil.WithHint(fmt.Errorf("list accounts and roles: %w", raw), cmdutil.ExitRemote, "nothing was written; run awsso populate again"))
	if !strings.HasPrefix(err.Error(), "list accounts and roles: list accounts: the connection was refused") {
		t.Errorf("message %q", err)
	}
	hints := cmdutil.HintsOf(err)
	if len(hints) != 2 || !strings.Contains(hints[0], "network") || hints[1] != "nothing was written; run awsso populate again" {
		t.Errorf("hints %q", hints)
	}
	if again := cmdutil.Explain(err); again != err {
		t.Error("explaining twice changed the error")
	}
}

// hangUpServer reads each request and closes the connection without a word.
func hangUpServer(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				c.Read(make([]byte, 64<<10))
				c.Close()
			}()
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return "http://" + ln.Addr().String()
}

// TestExplainKeepsWhatTheCommandWasDoing: an error from a plain HTTP client (no SDK chain)
// keeps the command's own words before the short cause.
func TestExplainKeepsWhatTheCommandWasDoing(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, dialErr := net.Dial("tcp", addr)
	err = cmdutil.Explain(cmdutil.WithHint(fmt.Errorf("get a console sign-in token: %w", dialErr), cmdutil.ExitRemote, "check the network"))
	if want := "get a console sign-in token: the connection was refused: nothing answers at " + addr; err.Error() != want {
		t.Errorf("message %q\nwant %q", err, want)
	}
}
