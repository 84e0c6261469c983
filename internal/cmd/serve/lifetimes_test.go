package serve_test

import (
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// TestClientsOutliveLifetimes: with role credentials that live 15 seconds, an aws-sdk-go-v2
// program and a boto3 script call STS through the server for three lifetimes and never fail,
// and the emulator counts one GetRoleCredentials per replacement (half a lifetime), not one per
// call.
func TestClientsOutliveLifetimes(t *testing.T) {
	t.Parallel()
	python := testenv.Python(t, false)
	const life, run = 15 * time.Second, 45 * time.Second
	w := cmdtest.New(t, func(o *emulator.Options) { o.CredentialsTTL = life })
	w.SignIn(t)
	start := time.Now()
	s := startServe(t, w, "--profile", "dev")
	boto3 := `import boto3, sys, time
sts, end, n = boto3.client("sts"), time.time() + float(sys.argv[1]), 0
while True:
    sts.get_caller_identity()
    n += 1
    if time.time() > end:
        break
    time.sleep(0.1)
print(n)`
	env := clientEnv(t, w, s, clientVar+"=loop:"+run.String())
	clients := map[string][]string{"aws-sdk-go-v2": {os.Args[0]}, "boto3": {python, "-c", boto3, strconv.Itoa(int(run.Seconds()))}}
	var wg sync.WaitGroup
	calls := map[string]int{}
	var mu sync.Mutex
	for name, argv := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, _ := strconv.Atoi(strings.TrimSpace(testenv.Run(t, env, argv[0], argv[1:]...))) // fails the test at the first failed call
			mu.Lock()
			calls[name] = n
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	stats := w.Env.Server.Stats()
	fetches := stats["GetRoleCredentials"]
	t.Logf("%s of calls in %s: %v; GetRoleCredentials %d, GetCallerIdentity %d", run, elapsed.Round(time.Second), calls, fetches, stats["GetCallerIdentity"])
	// Each replacement lives half a lifetime from when it came: at most one per half lifetime.
	if most := 1 + int(elapsed/(life/2)); fetches > most || fetches < int(run/life) {
		t.Errorf("%d GetRoleCredentials in %s: want one per replacement, between %d and %d", fetches, elapsed, int(run/life), most)
	}
	if stats["GetCallerIdentity"] < 10*fetches {
		t.Errorf("%d calls for %d fetches: the clients did not keep calling", stats["GetCallerIdentity"], fetches)
	}
}

// TestFaultsDoNotFailClients: while the portal is slow, failing or throttling, requests for
// credentials that are due for replacement but still valid get those, until they expire; once
// the portal recovers, the replacement comes.
func TestFaultsDoNotFailClients(t *testing.T) {
	t.Parallel()
	faults := map[string]func(*emulator.Server){
		"latency":    func(srv *emulator.Server) { srv.SetFaults(emulator.Faults{Latency: 3 * time.Second}) },
		"errors":     func(srv *emulator.Server) { srv.SetFaults(emulator.Faults{ErrorRate: 1}) },
		"throttling": func(srv *emulator.Server) { srv.SetFaults(emulator.Faults{Throttle: 0.001}) },
	}
	for name, inject := range faults {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			w := cmdtest.New(t, func(o *emulator.Options) { o.CredentialsTTL = 10 * time.Second })
			w.SignIn(t)
			s := startServeEnv(t, w, []string{"AWS_MAX_ATTEMPTS=2"}, "--profile", "dev")
			_, first := s.credentials(t, s.URL)
			inject(w.Env.Server)
			if name == "throttling" { // spend the token bucket's one request
				if resp, err := http.Get(w.Env.URL + "/assignment/accounts"); err == nil {
					resp.Body.Close()
				}
			}
			served := map[string]int{}
			for time.Until(first.Expiration) > time.Second {
				status, c := s.credentials(t, s.URL)
				if status != 200 {
					t.Fatalf("%s before the credentials in memory expired: %d %s %s", name, status, c.Code, c.Message)
				}
				served[c.AccessKeyID]++
				time.Sleep(100 * time.Millisecond)
			}
			stats := w.Env.Server.Stats()
			t.Logf("served %v; emulator %v", served, stats)
			if name != "latency" && stats["Fault:GetRoleCredentials"]+stats["Throttled:GetRoleCredentials"] == 0 {
				t.Errorf("no replacement was tried under %s", name)
			}
			w.Env.Server.SetFaults(emulator.Faults{})
			deadline := time.Now().Add(time.Minute)
			for {
				status, c := s.credentials(t, s.URL)
				if status == 200 && c.AccessKeyID != first.AccessKeyID && c.Expiration.After(first.Expiration) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("no replacement within a minute of the recovery: %d %s %s", status, c.Code, c.Message)
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
	}
}
