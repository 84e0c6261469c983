package login_test

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/awsso/awsso/internal/portal"
	"github.com/awsso/awsso/internal/testsupport/emutest"
)

// TestLoginPKCEInChromium runs `awsso login` whose browser is headless Chromium: it signs in
// on the emulator's page and clicks Allow; the loopback callback completes the login.
func TestLoginPKCEInChromium(t *testing.T) {
	w := newWorld(t)
	b := emutest.NewBrowser(t)
	user := w.env.Server.DefaultUser()
	landed := make(chan string, 1)
	w.stub.OnOpen = func(u string) error {
		go func() { landed <- b.Authorize(u, user, true) }()
		return nil
	}
	code, _, stderr := w.run("login", "--sso-session", "corp")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if cb := <-landed; !strings.HasPrefix(cb, "http://127.0.0.1:") || !strings.Contains(cb, "/oauth/callback?") {
		t.Errorf("the browser landed on %s, want the loopback callback", cb)
	}
	if got := b.Text("h1"); got != "Signed in to awsso" {
		t.Errorf("callback page heading %q", got)
	}
	for _, want := range []string{"/authorize?", "Logged in to sso-session corp (" + w.env.StartURL + ")",
		"; refreshed while your organisation's sign-in session lasts, at most until ", "serves profiles dev, stage, signin-only"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "refreshable until") {
		t.Errorf("stderr promises a refresh date nobody knows:\n%s", stderr)
	}
	stats := w.env.Server.Stats()
	if stats["CreateToken:authorization_code"] != 1 || stats["CreateToken:device_code"] != 0 {
		t.Errorf("stats %v, want one authorization_code exchange", stats)
	}
	if tok := w.token(); tok.RefreshToken == "" {
		t.Error("the PKCE token has no refresh token")
	}
	if out := w.mustRun("accounts", "--profile", "dev", "--output", "text"); strings.Count(out, "\n") != 3 {
		t.Errorf("accounts after login:\n%s", out)
	}
	// profiles shows each profile's token state: one login serves every profile of corp.
	out := w.mustRun("profiles", "--output", "text")
	for _, want := range []string{"PROFILE\tdev\tsso\tcorp\t111122223333\tReadOnly\tus-east-1\tvalid ", "PROFILE\tsignin-only\tsso\tcorp\t\t\t\tvalid ", "\tnot logged in\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("profiles lacks %q:\n%s", want, out)
		}
	}
}

var userCodeLine = regexp.MustCompile(`code\s+([A-Z0-9]{4}-[A-Z0-9]{4})`)

// TestLoginDeviceNoBrowserBinary runs the real binary with --no-browser: it prints the URL and
// code on stderr, and the test approves that code through the emulator's hook.
func TestLoginDeviceNoBrowserBinary(t *testing.T) {
	for _, tt := range []struct{ name, flag, value, file string }{
		{"sso-session with --use-device-code", "--sso-session", "corp", "corp"},
		{"legacy profile", "--profile", "old", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			args := []string{"login", tt.flag, tt.value, "--no-browser"}
			if tt.file != "" {
				args = append(args, "--use-device-code")
			}
			cmd := exec.Command(awssoBinary(t), args...)
			cmd.Env = w.vars("AWSSO_BROWSER=false") // a browser that would fail if called
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			var shown strings.Builder
			sc := bufio.NewScanner(stderr)
			approved := false
			for sc.Scan() {
				shown.WriteString(sc.Text() + "\n")
				if m := userCodeLine.FindStringSubmatch(sc.Text()); m != nil && !approved {
					approved = true
					if err := w.env.Server.ApproveDevice(m[1], ""); err != nil {
						t.Errorf("approve %s: %v", m[1], err)
					}
				}
			}
			if err := cmd.Wait(); err != nil {
				t.Fatalf("awsso login: %v\n%s", err, shown.String())
			}
			out := shown.String()
			for _, want := range []string{w.env.URL + "/device?user_code=", "Logged in to", "until"} {
				if !strings.Contains(out, want) {
					t.Errorf("stderr lacks %q:\n%s", want, out)
				}
			}
			if !approved {
				t.Fatalf("no user code on stderr:\n%s", out)
			}
			stats := w.env.Server.Stats()
			if stats["CreateToken:device_code"] < 2 || stats["Authorize"] != 0 {
				t.Errorf("stats %v, want device polling and no authorize page", stats)
			}
			if _, err := w.cache().LoadToken(tt.file, w.env.StartURL); err != nil {
				t.Errorf("no token saved: %v", err)
			}
		})
	}
}

// TestLogoutRevokesAtServer proves logout at the server: the token that worked before logout
// is refused by the portal afterwards, and the files are gone.
func TestLogoutRevokesAtServer(t *testing.T) {
	w := newWorld(t, emutest.AutoApprove)
	w.mustRun("login", "--profile", "signin-only") // no account or role: signing in is enough
	old := w.token().AccessToken
	api := sso.NewFromConfig(w.env.AWSConfig())
	if _, err := portal.Accounts(context.Background(), api, old); err != nil {
		t.Fatalf("the token does not work before logout: %v", err)
	}
	code, _, stderr := w.runBinary("logout", "--sso-session", "corp")
	if code != 0 || !strings.Contains(stderr, "signed out at the portal") {
		t.Fatalf("logout: exit %d\n%s", code, stderr)
	}
	if _, err := portal.Accounts(context.Background(), api, old); !errors.Is(err, portal.ErrUnauthorized) {
		t.Errorf("after logout the portal still takes the old token: %v", err)
	}
	if _, err := w.cache().LoadToken("corp", ""); err == nil {
		t.Error("the token file is still there")
	}
	if w.env.Server.Stats()["Logout"] != 1 {
		t.Errorf("stats %v, want one Logout", w.env.Server.Stats())
	}
}

// TestRevokedSession: when the portal refuses the session (revoked elsewhere), accounts and
// roles say to log in again with the exact command, exit 2.
func TestRevokedSession(t *testing.T) {
	w := newWorld(t, emutest.AutoApprove)
	w.mustRun("login", "--sso-session", "corp")
	w.mustRun("login", "--profile", "old")
	w.env.Server.Revoke()
	tests := []struct {
		args []string
		hint string
	}{
		{[]string{"accounts", "--sso-session", "corp"}, "awsso login --sso-session corp"},
		{[]string{"accounts", "--profile", "dev"}, "awsso login --sso-session corp"},
		{[]string{"roles", "--profile", "dev"}, "awsso login --sso-session corp"},
		{[]string{"sso", "list-account-roles", "--profile", "stage", "--account-id", "444455556666"}, "awsso login --sso-session corp"},
		{[]string{"roles", "--profile", "old"}, "awsso login --profile old"},
	}
	for _, tt := range tests {
		code, out, stderr := w.run(tt.args...)
		if code != 2 || out != "" || !strings.Contains(stderr, "hint: run: "+tt.hint+"\n") {
			t.Errorf("awsso %s: exit %d, stdout %q, stderr:\n%s", strings.Join(tt.args, " "), code, out, stderr)
		}
	}
	code, _, stderr := w.runBinary("accounts", "--profile", "dev")
	if code != 2 || !strings.Contains(stderr, "hint: run: awsso login --sso-session corp") {
		t.Errorf("binary: exit %d\n%s", code, stderr)
	}
}

// TestLoginErrors: each failure ends with the right exit code and a hint that says what to do.
func TestLoginErrors(t *testing.T) {
	w := newWorld(t)
	// A user who clicks Deny on the device page.
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for ctx.Err() == nil {
			for _, code := range w.env.Server.PendingUserCodes() {
				w.env.Server.DenyDevice(code, "")
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	code, _, stderr := w.run("login", "--profile", "old", "--no-browser")
	cancel()
	if code != 2 || !strings.Contains(stderr, "error: sign in to "+w.env.StartURL+": sign-in was denied") || !strings.Contains(stderr, "hint: run the login again and choose Allow") {
		t.Errorf("denied: exit %d\n%s", code, stderr)
	}
	os.WriteFile(w.home.Config, []byte("[profile plain]\nregion = eu-west-1\n"), 0o600)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"login", "--profile", "plain"}, "error: profile \"plain\" (~/.aws/config:1) does not use IAM Identity Center"},
		{[]string{"login", "--profile", "nope"}, "error: profile \"nope\" not found"},
		{[]string{"login", "--sso-session", "nope"}, "error: "},
	} {
		code, _, stderr := w.run(tt.args...)
		if code != 1 || !strings.HasPrefix(stderr, tt.want) || !strings.Contains(stderr, "hint: ") {
			t.Errorf("awsso %s: exit %d\n%s", strings.Join(tt.args, " "), code, stderr)
		}
	}
}
