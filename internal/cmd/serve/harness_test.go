package serve_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	osexec "os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

var awsso string // the binary TestMain built

// clientVar makes the test binary an aws-sdk-go-v2 client instead of running tests: "once"
// calls STS GetCallerIdentity and prints the ARN; "loop:DURATION" calls it for that long and
// prints the number of calls, failing at the first error; "retrieve" prints the access key
// the SDK's default chain resolves, without a call.
const clientVar = "AWSSO_SERVE_TEST_CLIENT"

func TestMain(m *testing.M) {
	if mode := os.Getenv(clientVar); mode != "" {
		os.Exit(goClient(mode))
	}
	os.Exit(cmdtest.RunWithBinary(m, &awsso))
}

// goClient loads the SDK's default configuration from the environment alone, as any Go program
// would, and calls STS with it.
func goClient(mode string) int {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if mode == "retrieve" {
		c, err := cfg.Credentials.Retrieve(ctx)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println(c.AccessKeyID)
		return 0
	}
	client := sts.NewFromConfig(cfg)
	until := time.Now()
	if d, ok := strings.CutPrefix(mode, "loop:"); ok {
		dur, _ := time.ParseDuration(d)
		until = until.Add(dur)
	}
	calls := 0
	for {
		out, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			fmt.Fprintf(os.Stderr, "call %d: %v\n", calls+1, err)
			return 1
		}
		calls++
		if mode == "once" {
			fmt.Println(*out.Arn)
			return 0
		}
		if time.Now().After(until) {
			fmt.Println(calls)
			return 0
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// server is a running `awsso serve`.
type server struct {
	cmd    *osexec.Cmd
	URL    string // AWS_CONTAINER_CREDENTIALS_FULL_URI
	Token  string // AWS_CONTAINER_AUTHORIZATION_TOKEN
	stderr *syncBuffer
	done   chan error
}

// startServe runs `awsso serve args...` in w and waits for its export lines; the test's end
// stops it with SIGTERM and checks that it exits 0.
func startServe(t *testing.T, w *cmdtest.World, args ...string) *server {
	t.Helper()
	return startServeEnv(t, w, nil, args...)
}

// startServeEnv is startServe with extra variables in the server's environment.
func startServeEnv(t *testing.T, w *cmdtest.World, env []string, args ...string) *server {
	t.Helper()
	cmd := osexec.Command(awsso, append([]string{"serve"}, args...)...)
	cmd.Env = w.ProcessEnv(env...)
	s := &server{cmd: cmd, stderr: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stderr = s.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// serve closes its stdout after the export lines when it is not a terminal.
	exports, _ := io.ReadAll(stdout)
	go func() { s.done <- cmd.Wait() }()
	for _, line := range strings.Split(strings.TrimSpace(string(exports)), "\n") {
		switch name, value, _ := strings.Cut(strings.TrimPrefix(line, "export "), "="); name {
		case "AWS_CONTAINER_CREDENTIALS_FULL_URI":
			s.URL = value
		case "AWS_CONTAINER_AUTHORIZATION_TOKEN":
			s.Token = value
		}
	}
	if s.URL == "" || s.Token == "" {
		cmd.Process.Kill()
		t.Fatalf("awsso serve printed %q; stderr:\n%s", exports, s.stderr)
	}
	t.Cleanup(func() { s.stop(t, syscall.SIGTERM) })
	return s
}

// stop sends sig and checks that the server ends cleanly: exit 0, "stopped" on stderr. It is
// a no-op once the server has ended.
func (s *server) stop(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if s.cmd.ProcessState != nil {
		return
	}
	s.cmd.Process.Signal(sig)
	select {
	case err := <-s.done:
		if err != nil || !strings.Contains(s.stderr.String(), "awsso serve: stopped") {
			t.Errorf("after %v, awsso serve ended with %v; stderr:\n%s", sig, err, s.stderr)
		}
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		t.Errorf("awsso serve did not stop within 30s of %v", sig)
	}
}

// get fetches a URL with the header pairs given and returns the status and body.
func get(t *testing.T, url string, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// wire is the server's answer.
type wire struct {
	AccessKeyID string `json:"AccessKeyId"`
	Expiration  time.Time
	Code        string `json:"code"`
	Message     string `json:"message"`
}

// credentials fetches the profile URL with the token and decodes the answer.
func (s *server) credentials(t *testing.T, url string) (int, wire) {
	t.Helper()
	status, body := get(t, url, "Authorization", s.Token)
	var w wire
	if err := json.Unmarshal([]byte(body), &w); err != nil {
		t.Fatalf("%d %q: %v", status, body, err)
	}
	return status, w
}

// clientEnv is the environment of a client with no profile, no keys and no config: only the
// server's two variables, a region, and the emulator as STS endpoint.
func clientEnv(t *testing.T, w *cmdtest.World, s *server, extra ...string) []string {
	t.Helper()
	home := t.TempDir()
	env := []string{"HOME=" + home, "AWS_CONFIG_FILE=" + home + "/none", "AWS_SHARED_CREDENTIALS_FILE=" + home + "/none",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI=" + s.URL, "AWS_CONTAINER_AUTHORIZATION_TOKEN=" + s.Token,
		"AWS_REGION=" + cmdtest.Region, "AWS_DEFAULT_REGION=" + cmdtest.Region, "AWS_ENDPOINT_URL_STS=" + w.Env.URL}
	for _, kv := range testenv.CleanEnv() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// syncBuffer is a bytes.Buffer that a process writes while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
