package stress_test

import (
	"bytes"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
	"github.com/awsso/awsso/internal/tokencache"
)

// killRounds returns how many times to kill each command: many in CI and by default, fewer
// with -short.
func killRounds() int {
	if testing.Short() {
		return 10
	}
	return 60
}

// killAt starts the binary and kills it with SIGKILL after d (unless it ended before), and
// reports whether it was killed and how long it ran.
func killAt(t *testing.T, env []string, d time.Duration, args ...string) (killed bool, ran time.Duration) {
	t.Helper()
	cmd := exec.Command(awsso, args...)
	start := time.Now()
	cmd.Env = env
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("awsso %s failed before the kill: %v\n%s", strings.Join(args, " "), err, errOut.String())
		}
		return false, time.Since(start)
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		return true, time.Since(start)
	}
}

// timed runs the binary to completion and returns how long it took.
func timed(t *testing.T, env []string, args ...string) time.Duration {
	t.Helper()
	return mustRun(t, env, args...).took
}

// crashConfig is a config with a profile populate must never touch, comments and all.
const bystander = "# team settings, hand-written\n[profile bystander]\nregion = eu-west-1 ; keep me\ns3 =\n  max_concurrent_requests = 20\n"

// TestKillPopulate kills populate on 400 accounts at random moments, over and over, starting
// each time from the same config: after every kill the config parses and is byte for byte
// either what it was or what a complete run writes, and the next run completes.
func TestKillPopulate(t *testing.T) {
	t.Parallel()
	w := cmdtest.New(t, func(o *emulator.Options) { o.Org = emulator.GenerateOrg(400) })
	w.SignIn(t)
	cmdtest.AppendConfig(t, w, bystander)
	env := w.ProcessEnv()
	before := readFile(t, w.Home.Config)
	took := timed(t, env, "populate", "--sso-session", "corp")
	after := readFile(t, w.Home.Config)
	if !strings.HasPrefix(after, before) || strings.Count(after, "# managed by awsso populate") < 800 {
		t.Fatalf("a complete run did not append 800+ profiles:\n%.2000s", after)
	}
	rng := rand.New(rand.NewPCG(7, 400))
	outcomes := map[string]int{}
	for round := range killRounds() {
		writeFile(t, w.Home.Config, before)
		killAt(t, env, time.Duration(rng.Float64()*1.3*float64(took)), "populate", "--sso-session", "corp")
		got := readFile(t, w.Home.Config)
		if _, err := awsconfig.Parse(w.Home.Config, []byte(got)); err != nil {
			t.Fatalf("round %d: the config no longer parses: %v", round, err)
		}
		switch got {
		case before:
			outcomes["old"]++
		case after:
			outcomes["new"]++
		default:
			t.Fatalf("round %d: the config is neither the old nor the new one:\n%s", round, got)
		}
	}
	t.Logf("%d kills over a %s run: %v; %d temp files left by writers killed mid-write", killRounds(), took.Round(time.Millisecond), outcomes, countTemps(w.Home.AWSDir()))
	if outcomes["old"] == 0 || outcomes["new"] == 0 && !testing.Short() {
		t.Errorf("outcomes %v: the kills did not bracket the write", outcomes)
	}
	writeFile(t, w.Home.Config, before)
	ageTemps(t, w.Home.AWSDir())
	mustRun(t, env, "populate", "--sso-session", "corp")
	if got := readFile(t, w.Home.Config); got != after {
		t.Errorf("the run after the kills wrote another config")
	}
	checkLeftovers(t, w.Home.AWSDir())
}

// TestKillLogin kills sign-ins (device code and PKCE, alternately) at random moments: the token
// and registration files always parse, and the next sign-in works.
func TestKillLogin(t *testing.T) {
	t.Parallel()
	curl := testenv.LookPath(t, "curl")
	w := cmdtest.New(t)
	env := w.ProcessEnv("AWSSO_BROWSER=" + curl + " -fsSL -o /dev/null {url}")
	config := readFile(t, w.Home.Config)
	flows := [][]string{{"login", "--sso-session", "corp", "--use-device-code"}, {"login", "--sso-session", "corp"}}
	var took [2]time.Duration
	for i, args := range flows {
		timed(t, env, args...) // the first sign-in of each flow registers a client; later ones reuse it
		took[i] = timed(t, env, args...)
	}
	cache := tokencache.Cache{Dir: tokencache.DefaultDir(w.Home.Dir)}
	rng := rand.New(rand.NewPCG(7, 2))
	killed := 0
	for round := range killRounds() {
		i := round % 2
		if round%5 == 0 {
			os.RemoveAll(cache.Dir) // a first sign-in writes the registration too
		}
		ok, ran := killAt(t, env, time.Duration(rng.Float64()*1.2*float64(took[i])), flows[i]...)
		if ok {
			killed++
		} else {
			// A sign-in timed while the machine was busy overstates how long one takes: follow
			// the runs that finished, so the kills keep landing inside the sign-in.
			took[i] = min(took[i], ran)
		}
		checkCacheFiles(t, cache.Dir)
		if _, err := cache.LoadToken("corp", ""); err != nil && err != tokencache.ErrNotFound {
			t.Fatalf("round %d: the token is unreadable: %v", round, err)
		}
	}
	if killed < killRounds()/2 {
		t.Errorf("only %d of %d sign-ins were killed", killed, killRounds())
	}
	if got := readFile(t, w.Home.Config); got != config {
		t.Errorf("login changed the config:\n%s", got)
	}
	ageTemps(t, w.Home.AWSDir())
	for _, args := range flows {
		mustRun(t, env, args...)
	}
	mustRun(t, env, "credential-process", "--profile", "dev")
	checkLeftovers(t, w.Home.AWSDir())
}

// TestKillRefresh kills commands while they refresh a token due for it: the token file always
// parses and holds the old token or the new one, and the next command works.
func TestKillRefresh(t *testing.T) {
	t.Parallel()
	w := cmdtest.New(t)
	env := w.ProcessEnv()
	cache := tokencache.Cache{Dir: tokencache.DefaultDir(w.Home.Dir)}
	// seed signs in afresh (a killed refresh may have rotated the file's refresh token away)
	// and makes the token due for a refresh.
	seed := func() *tokencache.Token {
		w.SignIn(t)
		tok, err := cache.LoadToken("corp", "")
		if err != nil {
			t.Fatal(err)
		}
		tok.ExpiresAt = time.Now().Add(5 * time.Minute).UTC().Truncate(time.Second)
		if err := cache.SaveToken("corp", "", tok); err != nil {
			t.Fatal(err)
		}
		os.RemoveAll(w.CredsCache().Dir)
		return tok
	}
	commands := [][]string{{"accounts", "--profile", "dev"}, {"credential-process", "--profile", "dev"}}
	var took [2]time.Duration
	for i, args := range commands {
		seed()
		took[i] = timed(t, env, args...)
	}
	rng := rand.New(rand.NewPCG(7, 3))
	outcomes := map[string]int{}
	for round := range killRounds() {
		i := round % 2
		old := seed()
		killAt(t, env, time.Duration(rng.Float64()*1.2*float64(took[i])), commands[i]...)
		checkCacheFiles(t, cache.Dir)
		tok, err := cache.LoadToken("corp", "")
		switch {
		case err != nil:
			t.Fatalf("round %d: the token is unreadable: %v", round, err)
		case tok.AccessToken == old.AccessToken && tok.ExpiresAt.Equal(old.ExpiresAt):
			outcomes["old"]++
		case tok.AccessToken != old.AccessToken && tok.ExpiresAt.After(old.ExpiresAt):
			outcomes["new"]++
		default:
			t.Fatalf("round %d: the token is neither the old nor a refreshed one: %+v", round, tok)
		}
	}
	t.Logf("%d kills: %v; %d temp files left by writers killed mid-write", killRounds(), outcomes, countTemps(w.Home.AWSDir()))
	if outcomes["old"] == 0 || outcomes["new"] == 0 && !testing.Short() {
		t.Errorf("outcomes %v: the kills did not bracket the refresh", outcomes)
	}
	seed()
	ageTemps(t, w.Home.AWSDir())
	for _, args := range commands {
		mustRun(t, env, args...)
	}
	checkLeftovers(t, w.Home.AWSDir())
}

// checkCacheFiles checks that every .json file of a cache folder is a whole JSON object.
func checkCacheFiles(t *testing.T, dir string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, f := range files {
		if _, err := cachefile.ReadFile(f); err != nil {
			t.Fatalf("%s is torn: %v", filepath.Base(f), err)
		}
	}
}

// ageTemps makes every temp file a killed writer left under dir eleven minutes old, as if the
// crash was that long ago.
func ageTemps(t *testing.T, dir string) {
	t.Helper()
	old := time.Now().Add(-11 * time.Minute)
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			if err := os.Chtimes(path, old, old); err != nil {
				t.Fatal(err)
			}
		}
		return nil
	})
}

// countTemps counts the temp files under dir.
func countTemps(dir string) int {
	n := 0
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			n++
		}
		return nil
	})
	return n
}

// checkLeftovers checks that what is left under ~/.aws after the kills and a clean run is
// what belongs there: the files, no lock file (a killed holder leaves one, and the next holder
// removes it), and no temp file older than ten minutes (the writes of the clean run swept those).
func checkLeftovers(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		switch {
		case strings.Contains(name, ".tmp-"):
			t.Errorf("a stale temp file survived a clean run: %s", path)
		case name == "config", name == "credentials", strings.HasSuffix(name, ".json"):
		default:
			t.Errorf("unexpected file %s", path)
		}
		return nil
	})
}

// writeFile replaces a file's content, failing the test if it cannot.
func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
}
