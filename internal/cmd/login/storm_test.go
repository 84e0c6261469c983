package login_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/testsupport/emutest"
)

// TestRefreshStormBinary starts 30 awsso processes at once that all find an expired access
// token: every one must succeed, and the emulator must count exactly one refresh.
func TestRefreshStormBinary(t *testing.T) {
	w := newWorld(t, emutest.AutoApprove)
	w.mustRun("login", "--sso-session", "corp")
	tok := w.token()
	tok.ExpiresAt = time.Now().Add(-time.Minute)
	if err := w.cache().SaveToken("corp", "", tok); err != nil {
		t.Fatal(err)
	}
	w.env.Server.ExpireAccessTokens()
	awssoBinary(t) // build before the clock starts for the processes
	w.env.Server.ResetStats()

	const procs = 30
	type result struct {
		code        int
		out, stderr string
	}
	results := make([]result, procs)
	var wg sync.WaitGroup
	for i := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			args := []string{"accounts", "--sso-session", "corp", "--output", "json"}
			if i%2 == 1 {
				args = []string{"roles", "--profile", "dev", "--output", "json"}
			}
			code, out, stderr := w.runBinary(args...)
			results[i] = result{code, out, stderr}
		}()
	}
	wg.Wait()
	for i, r := range results {
		if r.code != 0 || !strings.Contains(r.out, "List\": [") {
			t.Errorf("process %d: exit %d\n%s%s", i, r.code, r.out, r.stderr)
		}
	}
	resp, err := http.Get(w.env.URL + "/_emulator/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var stats struct{ Calls map[string]int }
	if err := json.NewDecoder(resp.Body).Decode(&stats); err != nil {
		t.Fatal(err)
	}
	if got := stats.Calls["CreateToken:refresh_token"]; got != 1 {
		t.Errorf("/_emulator/stats counts %d CreateToken:refresh_token for %d processes, want exactly 1 (all: %v)", got, procs, stats.Calls)
	}
	if tok := w.token(); !tok.Valid(time.Now(), 15*time.Minute) {
		t.Errorf("the cached token is not fresh after the storm: expires %s", tok.ExpiresAt)
	}
}
