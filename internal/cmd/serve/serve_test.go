package serve_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/awsso/awsso/internal/credserver"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// TestPeersThroughTheServer: boto3, the AWS CLI v2 and an aws-sdk-go-v2 program with no profile,
// no keys and no config, only the server's two variables, call STS GetCallerIdentity with the
// profile's role, all served by the one fetch made at start.
func TestPeersThroughTheServer(t *testing.T) {
	t.Parallel()
	python := testenv.Python(t, false)
	aws := testenv.AWSCLIv2(t)
	w := cmdtest.New(t)
	w.SignIn(t)
	s := startServe(t, w, "--profile", "dev")
	wantArn := "arn:aws:sts::" + cmdtest.AccountID + ":assumed-role/AWSReservedSSO_" + cmdtest.RoleName + "_"
	peers := map[string][]string{
		"boto3":         {python, "-c", `import boto3; print(boto3.client("sts").get_caller_identity()["Arn"])`},
		"AWS CLI v2":    {aws, "sts", "get-caller-identity", "--query", "Arn", "--output", "text"},
		"aws-sdk-go-v2": {os.Args[0]},
	}
	env := clientEnv(t, w, s, "AWS_DATA_PATH="+w.Env.DataPath(t), clientVar+"=once")
	for name, argv := range peers {
		if got := testenv.Run(t, env, argv[0], argv[1:]...); !strings.HasPrefix(got, wantArn) {
			t.Errorf("%s: %q, want the ARN of %s", name, got, wantArn)
		}
	}
	stats := w.Env.Server.Stats()
	if stats["GetCallerIdentity"] != 3 || stats["GetRoleCredentials"] != 1 {
		t.Errorf("emulator counted %v: want 3 GetCallerIdentity served by 1 GetRoleCredentials", stats)
	}
	if strings.Contains(s.stderr.String(), s.Token) {
		t.Errorf("the token reached stderr:\n%s", s.stderr)
	}
}

// TestColdBurst sends 200 requests at once for a profile the server has not fetched yet: one
// GetRoleCredentials serves them all.
func TestColdBurst(t *testing.T) {
	t.Parallel()
	w := cmdtest.New(t)
	w.SignIn(t)
	s := startServe(t, w, "--profile", "dev")
	w.Env.Server.ResetStats()
	url := credserver.ProfileURL(strings.TrimSuffix(s.URL, "/profiles/dev"), "old") // the legacy profile: its own cache key, cold
	var wg sync.WaitGroup
	keys := make([]string, 200)
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if status, c := s.credentials(t, url); status == 200 {
				keys[i] = c.AccessKeyID
			}
		}()
	}
	wg.Wait()
	for i, k := range keys {
		if k == "" || k != keys[0] {
			t.Fatalf("request %d got %q, request 0 %q", i, k, keys[0])
		}
	}
	if n := w.Env.Server.Stats()["GetRoleCredentials"]; n != 1 {
		t.Errorf("%d GetRoleCredentials for 200 requests, want 1", n)
	}
}

// TestRefusals: requests without the token, with a wrong one, or from a web page get no
// credentials; addresses other than loopback are refused unless they are bridge addresses.
func TestRefusals(t *testing.T) {
	t.Parallel()
	w := cmdtest.New(t)
	w.SignIn(t)
	s := startServe(t, w, "--profile", "dev")
	tests := []struct {
		name     string
		header   []string
		wantCode int
	}{
		{"no token", nil, 401},
		{"wrong token", []string{"Authorization", s.Token[1:] + "x"}, 403},
		{"web page", []string{"Authorization", s.Token, "Origin", "https://example.com"}, 403},
		{"right token", []string{"Authorization", s.Token}, 200},
	}
	for _, tt := range tests {
		status, body := get(t, s.URL, tt.header...)
		if status != tt.wantCode || tt.wantCode != 200 && strings.Contains(body, "SecretAccessKey") {
			t.Errorf("%s: %d %s, want %d", tt.name, status, body, tt.wantCode)
		}
	}
	for _, args := range [][]string{{"--addr", "0.0.0.0:0"}, {"--addr", "192.0.2.1:0"}, {"--bridge-addr", "172.17.0.1:0"}, {"--bridge-addr", "0.0.0.0:0"}} {
		out := testenv.Run(t, w.ProcessEnv(), "sh", "-c", `"$@"; echo "exit $?"`, "sh", awsso, "serve", "--profile", "dev", args[0], args[1])
		if !strings.HasSuffix(out, "exit 1\n") || strings.Contains(out, "export") {
			t.Errorf("serve %s: %q, want exit 1 and no exports", strings.Join(args, " "), out)
		}
	}
}

// TestSignedOut: serve names the sign-in to run and exits 2 before listening; a session revoked
// while it runs makes it answer with that line, and log it.
func TestSignedOut(t *testing.T) {
	t.Parallel()
	w := cmdtest.New(t)
	r := testenv.Run(t, w.ProcessEnv(), "sh", "-c", `"$@" 2>&1; echo "exit $?"`, "sh", awsso, "serve", "--profile", "dev")
	if !strings.Contains(r, "hint: run: awsso login --sso-session corp") || !strings.HasSuffix(r, "exit 2\n") {
		t.Errorf("serve signed out: %q", r)
	}
	w.SignIn(t)
	s := startServe(t, w, "--profile", "dev")
	w.Env.Server.Revoke()
	os.RemoveAll(filepath.Join(w.Home.AWSDir(), "cli", "cache"))
	url := credserver.ProfileURL(strings.TrimSuffix(s.URL, "/profiles/dev"), "old") // not in memory yet
	status, c := s.credentials(t, url)
	const want = "run: awsso login --profile old"
	if status != 503 || c.Code != credserver.CodeLoginRequired || !strings.HasSuffix(c.Message, want) {
		t.Errorf("got %d %s %q, want 503 ending in %q", status, c.Code, c.Message, want)
	}
	s.stop(t, syscall.SIGINT)
	if !strings.Contains(s.stderr.String(), "awsso serve: profile old: "+c.Message+"\n") {
		t.Errorf("the server did not log the client's message %q:\n%s", c.Message, s.stderr)
	}
}
