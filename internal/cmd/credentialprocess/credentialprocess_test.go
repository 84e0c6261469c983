package credentialprocess_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/app"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
)

// process is the credential_process document.
type process struct {
	Version                                   int
	AccessKeyID                               string `json:"AccessKeyId"`
	SecretAccessKey, SessionToken, Expiration string
}

// decodeOne decodes stdout as exactly one JSON document with nothing around it.
func decodeOne(t *testing.T, out string) process {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var p process
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("stdout is not a credential_process document: %v\n%s", err, out)
	}
	if rest := strings.TrimSpace(out[dec.InputOffset():]); rest != "" {
		t.Fatalf("stdout holds more than one document: %q", rest)
	}
	if p.Version != 1 || p.AccessKeyID == "" || p.SecretAccessKey == "" || p.SessionToken == "" {
		t.Fatalf("incomplete document %+v", p)
	}
	if _, err := time.Parse(time.RFC3339, p.Expiration); err != nil {
		t.Fatalf("Expiration %q is not RFC 3339: %v", p.Expiration, err)
	}
	return p
}

func TestColdThenWarm(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	w.Env.Server.ResetStats()
	f, s := w.Factory(nil)
	if code := app.Run(context.Background(), f, []string{"credential-process", "--profile", "dev"}); code != 0 {
		t.Fatalf("exit %d: %s", code, s.Err)
	}
	first := decodeOne(t, s.Out.String())
	if s.Err.Len() != 0 {
		t.Errorf("stderr %q", s.Err)
	}
	if got := w.Env.Server.Stats(); got["GetRoleCredentials"] != 1 || len(got) != 1 {
		t.Errorf("cold run made %v, want one GetRoleCredentials", got)
	}
	if c := w.Cached(t); c.AccessKeyID != first.AccessKeyID {
		t.Errorf("cache holds %s, stdout %s", c.AccessKeyID, first.AccessKeyID)
	}

	w.Env.Server.ResetStats()
	f, s = w.Factory(nil)
	if code := app.Run(context.Background(), f, []string{"credential-process", "--profile", "dev"}); code != 0 {
		t.Fatalf("warm exit %d: %s", code, s.Err)
	}
	if warm := decodeOne(t, s.Out.String()); warm != first {
		t.Errorf("warm run printed other credentials")
	}
	if got := w.Env.Server.Stats(); len(got) != 0 {
		t.Errorf("warm run called the emulator: %v", got)
	}
}

func TestLoginRequiredNeverOpensABrowser(t *testing.T) {
	w := cmdtest.New(t)
	f, s := w.Factory(nil)
	code := app.Run(context.Background(), f, []string{"credential-process", "--profile", "dev"})
	want := "error: sso-session corp: not logged in\nhint: run: awsso login --sso-session corp\n" +
		"hint: or add --login to the credential_process line, to sign in from there (it opens a browser)\n"
	if code != 2 || s.Out.Len() != 0 || s.Err.String() != want {
		t.Errorf("exit %d, stdout %q, stderr\n%s\nwant\n%s", code, s.Out, s.Err, want)
	}
	if opened := w.Browser.Opened(); len(opened) != 0 {
		t.Errorf("opened %v", opened)
	}
	if calls := w.Env.Server.Stats(); len(calls) != 0 {
		t.Errorf("called %v", calls)
	}
}

func TestUseDeviceCodeNeedsLogin(t *testing.T) {
	w := cmdtest.New(t)
	f, s := w.Factory(nil)
	if code := app.Run(context.Background(), f, []string{"credential-process", "--profile", "dev", "--use-device-code"}); code != 1 ||
		!strings.Contains(s.Err.String(), "--use-device-code works with --login") {
		t.Errorf("exit %d, stderr %q", code, s.Err)
	}
}

// TestParallelLoginsOpenOneTab starts many credential-process --login at once, as tools that
// start together would: one signs in through the browser, the others use its token.
func TestParallelLoginsOpenOneTab(t *testing.T) {
	w := cmdtest.New(t)
	const n = 6
	var wg sync.WaitGroup
	outs := make([]string, n)
	codes := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, s := w.Factory(nil)
			codes[i] = app.Run(context.Background(), f, []string{"credential-process", "--profile", "dev", "--login"})
			outs[i] = s.Out.String()
			if codes[i] != 0 {
				t.Errorf("process %d exited %d: %s", i, codes[i], s.Err)
			}
		}()
	}
	wg.Wait()
	for i := range n {
		decodeOne(t, outs[i])
	}
	if opened := w.Browser.Opened(); len(opened) != 1 || !strings.Contains(opened[0], "/authorize?") {
		t.Errorf("opened %d tabs: %v", len(opened), opened)
	}
	stats := w.Env.Server.Stats()
	if stats["CreateToken:authorization_code"] != 1 || stats["GetRoleCredentials"] != 1 {
		t.Errorf("stats %v, want one sign-in and one GetRoleCredentials", stats)
	}
}
