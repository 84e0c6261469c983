package stress_test

import (
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/awsso/awsso/internal/testsupport/cmdtest"
)

const evilRegion = "us-east-1.evil.example#"

// trap is a listener that counts every connection made to it: pointed at as the proxy of a
// child process, it sees any request the child makes to a host that is not loopback.
type trap struct {
	URL   string
	conns atomic.Int32
}

func newTrap(t *testing.T) *trap {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tr := &trap{URL: "http://" + ln.Addr().String()}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "trap", http.StatusForbidden)
	}), ConnState: func(c net.Conn, s http.ConnState) {
		if s == http.StateNew {
			tr.conns.Add(1)
		}
	}}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return tr
}

// proxiedTo is the environment that sends every request to a non-loopback host to the trap.
func (tr *trap) env() []string {
	return []string{"HTTPS_PROXY=" + tr.URL, "HTTP_PROXY=" + tr.URL, "https_proxy=" + tr.URL, "http_proxy=" + tr.URL, "NO_PROXY=", "no_proxy="}
}

// withoutEndpoints removes the endpoint variables from env, so the SDK builds AWS's hosts.
func withoutEndpoints(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "AWS_ENDPOINT_URL") {
			out = append(out, kv)
		}
	}
	return out
}

// TestHostileRegion puts a region that would turn an AWS endpoint host into another host in
// the sso-session and in a profile, and runs every command that could use it, both with the
// emulator's endpoints and with AWS's own (through a proxy that traps any request): each
// refuses with a clear error, exit 1, and nothing is contacted at all.
func TestHostileRegion(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	cmdtest.AppendConfig(t, w, "[sso-session evil]\nsso_start_url = "+w.Env.StartURL+"\nsso_region = "+evilRegion+"\n\n"+
		"[profile evil-session]\nsso_session = evil\nsso_account_id = "+cmdtest.AccountID+"\nsso_role_name = "+cmdtest.RoleName+"\n\n"+
		"[profile evil-region]\nsso_session = corp\nsso_account_id = "+cmdtest.AccountID+"\nsso_role_name = "+cmdtest.RoleName+"\nregion = "+evilRegion+"\n")
	config := readFile(t, w.Home.Config)
	tr := newTrap(t)
	session := [][]string{
		{"login", "--sso-session", "evil", "--use-device-code", "--no-browser"},
		{"login", "--profile", "evil-session", "--no-browser"},
		{"logout", "--sso-session", "evil"},
		{"accounts", "--sso-session", "evil"},
		{"roles", "--profile", "evil-session"},
		{"populate", "--sso-session", "evil"},
		{"credential-process", "--profile", "evil-session"},
		{"export-credentials", "--profile", "evil-session"},
		{"whoami", "--profile", "evil-session"},
		{"exec", "--profile", "evil-session", "--", "true"},
		{"console", "--profile", "evil-session", "--print"},
		{"configure", "--non-interactive", "--profile", "new", "--sso-session", "evil", "--account-id", cmdtest.AccountID, "--role-name", cmdtest.RoleName},
	}
	profile := [][]string{
		{"whoami", "--profile", "evil-region"},
		{"console", "--profile", "evil-region", "--print"},
		{"exec", "--profile", "evil-region", "--", "true"},
		{"export-credentials", "--profile", "evil-region", "--format", "env"},
		{"configure", "--non-interactive", "--profile", "new", "--sso-session", "corp", "--account-id", cmdtest.AccountID, "--role-name", cmdtest.RoleName, "--region", evilRegion},
		{"configure", "--non-interactive", "--profile", "new", "--sso-session", "other", "--start-url", w.Env.StartURL, "--sso-region", evilRegion},
		{"populate", "--sso-session", "corp", "--region", evilRegion},
	}
	for _, mode := range []struct {
		name string
		env  []string
	}{
		{"emulator endpoints", w.ProcessEnv()},
		{"AWS endpoints through a trap proxy", append(withoutEndpoints(w.ProcessEnv()), tr.env()...)},
	} {
		t.Run(mode.name, func(t *testing.T) {
			for _, args := range append(session, profile...) {
				w.Env.Server.ResetStats()
				os.RemoveAll(w.CredsCache().Dir)
				r := run(t, mode.env, args...)
				wantFailure(t, r, 1, evilRegion)
				if calls := w.Env.Server.Stats(); len(calls) != 0 {
					t.Errorf("the emulator was called: %v\n%s", calls, r)
				}
			}
			if n := tr.conns.Load(); n != 0 {
				t.Errorf("%d connections reached the trap", n)
			}
			if got := readFile(t, w.Home.Config); got != config {
				t.Errorf("the config changed:\n%s", got)
			}
		})
	}
}

// TestHostileStartURL gives sessions and legacy profiles start URLs with a user name and
// password, or without TLS: every command that signs in or uses the session refuses, exit 1,
// and nothing is contacted.
func TestHostileStartURL(t *testing.T) {
	w := cmdtest.New(t)
	tr := newTrap(t)
	userinfo := strings.Replace(w.Env.StartURL, "https://", "https://alice:secret@", 1)
	plain := strings.Replace(w.Env.StartURL, "https://", "http://", 1)
	cmdtest.AppendConfig(t, w, "[sso-session userinfo]\nsso_start_url = "+userinfo+"\nsso_region = "+w.Env.Region+"\n\n"+
		"[sso-session plain]\nsso_start_url = "+plain+"\nsso_region = "+w.Env.Region+"\n\n"+
		"[profile via-userinfo]\nsso_session = userinfo\nsso_account_id = "+cmdtest.AccountID+"\nsso_role_name = ReadOnly\n\n"+
		"[profile legacy-plain]\nsso_start_url = "+plain+"\nsso_region = "+w.Env.Region+"\nsso_account_id = "+cmdtest.AccountID+"\nsso_role_name = ReadOnly\n")
	config := readFile(t, w.Home.Config)
	var commands [][]string
	for _, target := range [][]string{{"--sso-session", "userinfo"}, {"--sso-session", "plain"}, {"--profile", "via-userinfo"}, {"--profile", "legacy-plain"}} {
		commands = append(commands, append([]string{"login", "--use-device-code", "--no-browser"}, target...), append([]string{"accounts"}, target...), append([]string{"logout"}, target...))
		if target[0] == "--profile" {
			commands = append(commands, append([]string{"credential-process"}, target...), append([]string{"whoami"}, target...), append([]string{"console", "--print"}, target...))
		} else {
			commands = append(commands, append([]string{"populate"}, target...))
		}
	}
	commands = append(commands, []string{"configure", "--non-interactive", "--profile", "new", "--sso-session", "fresh", "--start-url", userinfo, "--sso-region", w.Env.Region},
		[]string{"configure", "--non-interactive", "--profile", "new", "--sso-session", "fresh", "--start-url", plain, "--sso-region", w.Env.Region})
	for _, env := range [][]string{w.ProcessEnv(), append(withoutEndpoints(w.ProcessEnv()), tr.env()...)} {
		for _, args := range commands {
			w.Env.Server.ResetStats()
			r := run(t, env, args...)
			wantFailure(t, r, 1)
			if !strings.Contains(r.stderr, "user name or password") && !strings.Contains(r.stderr, "not https") {
				t.Errorf("the error does not say what is wrong with the start URL\n%s", r)
			}
			if strings.Contains(r.stderr, "secret") {
				t.Errorf("the refused URL is shown with its password\n%s", r)
			}
			if calls := w.Env.Server.Stats(); len(calls) != 0 {
				t.Errorf("the emulator was called: %v\n%s", calls, r)
			}
		}
	}
	if n := tr.conns.Load(); n != 0 {
		t.Errorf("%d connections reached the trap", n)
	}
	if got := readFile(t, w.Home.Config); got != config {
		t.Errorf("the config changed:\n%s", got)
	}
	// The trap works: a command that may call AWS does reach it.
	w.SignIn(t)
	r := run(t, append(withoutEndpoints(w.ProcessEnv()), tr.env()...), "accounts", "--profile", "dev")
	wantFailure(t, r, 3, "the request did not reach the service: Forbidden", "proxy")
	if tr.conns.Load() == 0 {
		t.Error("the trap saw nothing: it proves nothing")
	}
}
