package console_test

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/awsso/awsso/internal/app"
	"github.com/awsso/awsso/internal/browser"
	"github.com/awsso/awsso/internal/cmd/console"
	"github.com/awsso/awsso/internal/testsupport/cmdtest"
	"github.com/awsso/awsso/internal/testsupport/emutest"
)

func TestPrint(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	f, s := w.Factory(nil)
	if code := app.Run(context.Background(), f, []string{"console", "--profile", "dev", "--print"}); code != 0 {
		t.Fatalf("exit %d: %s", code, s.Err)
	}
	link := strings.TrimSuffix(s.Out.String(), "\n")
	u, err := url.Parse(link)
	if err != nil || strings.Contains(link, "\n") {
		t.Fatalf("stdout is not one URL: %q", s.Out)
	}
	q := u.Query()
	if u.Path != "/federation" || q.Get("Action") != "login" || q.Get("SigninToken") == "" || q.Get("Issuer") != "awsso" ||
		q.Get("Destination") != "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1" {
		t.Errorf("sign-in URL %s", link)
	}
	if !strings.HasPrefix(s.Err.String(), "warning: this URL signs whoever opens it in to the AWS console as ReadOnly in account 111122223333") {
		t.Errorf("stderr %q", s.Err)
	}
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "111122223333") || !strings.Contains(string(body), "ReadOnly") {
		t.Errorf("the emulator's console login page: %s\n%s", resp.Status, body)
	}
	if got := w.Browser.Opened(); len(got) != 0 {
		t.Errorf("--print opened %v", got)
	}
}

// TestOpensTheBrowserWithoutTheTokenOnItsCommandLine: the browser gets a private local page,
// never the sign-in URL (any local user can read a command line), the page leads it to the
// sign-in URL through a one-time loopback address, and it is gone once the browser has read it.
func TestOpensTheBrowserWithoutTheTokenOnItsCommandLine(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	var page, landed string
	var pageMode, dirMode os.FileMode
	w.Browser.OnOpen = func(u string) error { // the browser: read the page, follow it
		page = strings.TrimPrefix(u, "file://")
		if st, err := os.Stat(page); err == nil {
			pageMode = st.Mode().Perm()
		}
		if st, err := os.Stat(filepath.Dir(page)); err == nil {
			dirMode = st.Mode().Perm()
		}
		hop, err := cmdtest.RefreshTarget(page)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(hop, "http://127.0.0.1:") || strings.Contains(hop, "SigninToken") {
			t.Errorf("the page sends the browser to %s", hop)
		}
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Get(hop)
		if err != nil {
			return err
		}
		resp.Body.Close()
		landed = resp.Header.Get("Location")
		if again, err := client.Get(hop); err == nil { // one time only
			if again.StatusCode != http.StatusNotFound {
				t.Errorf("the hop answered twice: %s", again.Status)
			}
			again.Body.Close()
		}
		return nil
	}
	f, s := w.Factory(nil)
	if code := app.Run(context.Background(), f, []string{"console", "--profile", "dev", "--destination", "https://console.aws.amazon.com/s3/home"}); code != 0 {
		t.Fatalf("exit %d: %s", code, s.Err)
	}
	opened := w.Browser.Opened()
	if len(opened) != 1 || !strings.HasPrefix(opened[0], "file:///") || strings.Contains(opened[0], "SigninToken") {
		t.Fatalf("the browser was given %v, want one file:// URL without the token", opened)
	}
	if pageMode != 0o600 || dirMode != 0o700 {
		t.Errorf("page mode %04o in a folder of mode %04o, want 0600 and 0700", pageMode, dirMode)
	}
	u, err := url.Parse(landed)
	if err != nil || u.Query().Get("Action") != "login" || u.Query().Get("SigninToken") == "" || u.Query().Get("Destination") != "https://console.aws.amazon.com/s3/home" {
		t.Errorf("the hop sent the browser to %q, want the federation login", landed)
	}
	if _, err := os.Stat(filepath.Dir(page)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the page's folder is still there after the command: %v", err)
	}
	if s.Out.Len() != 0 || strings.Contains(s.Err.String(), u.Query().Get("SigninToken")) || !strings.Contains(s.Err.String(), "Opening the AWS console as ReadOnly") {
		t.Errorf("stdout %q, stderr %q", s.Out, s.Err)
	}
}

func TestErrors(t *testing.T) {
	w := cmdtest.New(t)
	w.SignIn(t)
	w.Browser.OnOpen = func(string) error { return browser.ErrNoBrowser }
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		wantCode int
		wantErr  string
	}{
		{name: "no browser", args: []string{}, wantCode: 1, wantErr: "error: no browser can be opened here\nhint: run awsso console --print"},
		{name: "bad destination", args: []string{"--destination", "javascript:alert(1)"}, wantCode: 1, wantErr: "error: --destination must be an https URL"},
		{name: "federation unreachable", args: []string{"--print"}, env: map[string]string{"AWS_ENDPOINT_URL_SIGNIN": "http://127.0.0.1:1"}, wantCode: 3,
			wantErr: "error: get a console sign-in token: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, s := w.Factory(tt.env)
			code := app.Run(context.Background(), f, append([]string{"console", "--profile", "dev"}, tt.args...))
			if code != tt.wantCode || !strings.Contains(s.Err.String(), tt.wantErr) || s.Out.Len() != 0 {
				t.Errorf("exit %d, stdout %q, stderr %q", code, s.Out, s.Err)
			}
		})
	}
}

func TestFederationURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:4000":           "http://127.0.0.1:4000/federation",
		"http://127.0.0.1:4000/":          "http://127.0.0.1:4000/federation",
		"https://signin.example/federate": "https://signin.example/federate",
	} {
		if got := console.FederationURL(in); got != want {
			t.Errorf("FederationURL(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestChromiumFollowsThePage: a real browser, given the local page, lands on the console
// sign-in of the federation endpoint.
func TestChromiumFollowsThePage(t *testing.T) {
	b := emutest.NewBrowser(t)
	w := cmdtest.New(t)
	w.SignIn(t)
	navigated := make(chan error, 1)
	w.Browser.OnOpen = func(u string) error {
		go func() { navigated <- b.Do(chromedp.Navigate(u)) }()
		return nil
	}
	f, s := w.Factory(nil)
	if code := app.Run(context.Background(), f, []string{"console", "--profile", "dev"}); code != 0 {
		t.Fatalf("exit %d: %s", code, s.Err)
	}
	if err := <-navigated; err != nil {
		t.Fatal(err)
	}
	if loc := b.Location(); !strings.HasPrefix(loc, w.Env.URL+"/federation?Action=login&") {
		t.Errorf("the browser is at %s, want the emulator's console sign-in", loc)
	}
}
