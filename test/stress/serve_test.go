package stress_test

import (
	"io"
	"math/rand/v2"
	"net/http"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
)

// TestKillServe kills `awsso serve` with SIGKILL at random moments while a client keeps it
// replacing credentials that live a second (a fetch and a cache write every half second):
// every file of the credential cache parses after every kill, and a clean run afterwards
// leaves nothing stale behind.
func TestKillServe(t *testing.T) {
	t.Parallel()
	w := cmdtest.New(t, func(o *emulator.Options) { o.CredentialsTTL = time.Second })
	w.SignIn(t)
	env := w.ProcessEnv()
	cache := w.CredsCache().Dir
	rng := rand.New(rand.NewPCG(7, 13))
	var served atomic.Int64
	var slept time.Duration // while serving, before the kills
	rounds := killRounds() / 2
	for round := range rounds {
		cmd := exec.Command(awsso, "serve", "--profile", "dev")
		cmd.Env = env
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exports, _ := io.ReadAll(stdout) // until serve closes it, once it listens
		url, token := exported(string(exports), "AWS_CONTAINER_CREDENTIALS_FULL_URI"), exported(string(exports), "AWS_CONTAINER_AUTHORIZATION_TOKEN")
		stop := make(chan struct{})
		go hammer(url, token, stop, &served)
		d := time.Duration(rng.Float64() * 1.5 * float64(time.Second))
		slept += d
		time.Sleep(d)
		cmd.Process.Kill()
		cmd.Wait()
		close(stop)
		if url == "" {
			t.Fatalf("round %d: serve printed %q", round, exports)
		}
		checkCacheFiles(t, cache)
	}
	stats := w.Env.Server.Stats()
	t.Logf("%d kills, %d requests served, %d fetches; %d temp files left by writers killed mid-write", rounds, served.Load(), stats["GetRoleCredentials"], countTemps(w.Home.AWSDir()))
	// One fetch as each server starts, and one per half second served: at least half of that
	// on a busy machine.
	if want := rounds + int(slept/time.Second); stats["GetRoleCredentials"] < want {
		t.Errorf("%d fetches in %d rounds and %s served, want %d or more: the kills did not come among the writes",
			stats["GetRoleCredentials"], rounds, slept.Round(time.Millisecond), want)
	}
	ageTemps(t, w.Home.AWSDir())
	mustRun(t, env, "credential-process", "--profile", "dev")
	checkLeftovers(t, w.Home.AWSDir())
}

// hammer asks for credentials at url until stop closes, counting the answers.
func hammer(url, token string, stop <-chan struct{}, served *atomic.Int64) {
	client := &http.Client{Timeout: 5 * time.Second}
	for {
		select {
		case <-stop:
			return
		default:
		}
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Authorization", token)
		if resp, err := client.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				served.Add(1)
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// exported returns the value of `export NAME=value` in lines.
func exported(lines, name string) string {
	for _, line := range strings.Split(lines, "\n") {
		if v, ok := strings.CutPrefix(line, "export "+name+"="); ok {
			return v
		}
	}
	return ""
}
