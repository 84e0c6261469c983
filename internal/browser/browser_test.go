package browser

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/awsso/awsso/internal/shellwords"
)

func TestCommand(t *testing.T) {
	const u = "https://example.com/authorize?a=1&b=2"
	has := func(names ...string) func(string) (string, error) {
		return func(n string) (string, error) {
			for _, x := range names {
				if x == n {
					return "/usr/bin/" + n, nil
				}
			}
			return "", errors.New("not found")
		}
	}
	tests := []struct {
		name    string
		goos    string
		env     map[string]string
		wsl     bool
		found   []string
		want    []string
		wantErr error
	}{
		{name: "awsso template", goos: "linux", env: map[string]string{"AWSSO_BROWSER": "firefox -P work {url}", "BROWSER": "chromium"}, want: []string{"firefox", "-P", "work", u}},
		{name: "BROWSER list picks the first installed", goos: "linux", env: map[string]string{"BROWSER": "nothere:google-chrome --profile-directory=Work"}, found: []string{"google-chrome"}, want: []string{"google-chrome", "--profile-directory=Work", u}},
		{name: "quoted argument", goos: "linux", env: map[string]string{"AWSSO_BROWSER": `google-chrome --profile-directory="Profile 2" {url}`}, want: []string{"google-chrome", "--profile-directory=Profile 2", u}},
		{name: "BROWSER with %s", goos: "linux", env: map[string]string{"BROWSER": "w3m %s"}, found: []string{"w3m"}, want: []string{"w3m", u}},
		{name: "linux desktop", goos: "linux", env: map[string]string{"DISPLAY": ":0"}, found: []string{"xdg-open"}, want: []string{"xdg-open", u}},
		{name: "wayland", goos: "linux", env: map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, found: []string{"xdg-open"}, want: []string{"xdg-open", u}},
		{name: "container without display", goos: "linux", found: []string{"xdg-open"}, wantErr: ErrNoBrowser},
		{name: "ssh with forwarded X", goos: "linux", env: map[string]string{"DISPLAY": "localhost:10", "SSH_CONNECTION": "1 2 3 4"}, found: []string{"xdg-open"}, wantErr: ErrNoBrowser},
		{name: "desktop without opener", goos: "linux", env: map[string]string{"DISPLAY": ":0"}, wantErr: ErrNoBrowser},
		{name: "wsl with wslview", goos: "linux", wsl: true, found: []string{"wslview"}, want: []string{"wslview", u}},
		{name: "wsl without wslview", goos: "linux", wsl: true, want: []string{"rundll32.exe", "url.dll,FileProtocolHandler", u}},
		{name: "macos", goos: "darwin", want: []string{"open", u}},
		{name: "macos over ssh", goos: "darwin", env: map[string]string{"SSH_TTY": "/dev/ttys001"}, wantErr: ErrNoBrowser},
		{name: "windows", goos: "windows", want: []string{"rundll32", "url.dll,FileProtocolHandler", u}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &System{GOOS: tt.goos, IsWSL: func() bool { return tt.wsl }, LookPath: has(tt.found...),
				LookupEnv: func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }}
			got, err := s.command(u)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("command = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOpenNeverHangs(t *testing.T) {
	dir := t.TempDir()
	slow := filepath.Join(dir, "slow-browser")
	os.WriteFile(slow, []byte("#!/bin/sh\nexec sleep 2\n"), 0o755)
	failing := filepath.Join(dir, "failing-browser")
	os.WriteFile(failing, []byte("#!/bin/sh\necho oops >&2\nexit 3\n"), 0o755)
	env := map[string]string{}
	s := New(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	s.Wait = 300 * time.Millisecond

	env["AWSSO_BROWSER"] = slow + " {url}"
	start := time.Now()
	if err := s.Open("https://x"); err != nil {
		t.Errorf("a browser that keeps running: err = %v", err)
	}
	if waited := time.Since(start); waited > s.Wait+time.Second {
		t.Errorf("Open waited %v for a running browser", waited)
	}
	env["AWSSO_BROWSER"] = failing
	if err := s.Open("https://x"); err == nil || !strings.Contains(err.Error(), "exit status 3") {
		t.Errorf("failing browser: err = %v", err)
	}
	env["AWSSO_BROWSER"] = filepath.Join(dir, "missing")
	if err := s.Open("https://x"); err == nil {
		t.Error("missing browser: no error")
	}
}

func TestStub(t *testing.T) {
	s := &Stub{OnOpen: func(u string) error { return ErrNoBrowser }}
	if err := s.Open("https://a"); !errors.Is(err, ErrNoBrowser) {
		t.Errorf("err = %v", err)
	}
	if got := s.Opened(); len(got) != 1 || got[0] != "https://a" {
		t.Errorf("Opened = %v", got)
	}
}

// FuzzTemplate checks that a browser command template never splits the URL into several
// arguments, whatever the URL holds (blanks, quotes, shell characters), and that the template's
// words stay as they are.
func FuzzTemplate(f *testing.F) {
	f.Add("firefox -P work {url}", "http://127.0.0.1:1/authorize?a=b c")
	f.Add("open -a 'Google Chrome' %s", "https://x/$(reboot);`id`")
	f.Add("", "http://x")
	f.Fuzz(func(t *testing.T, tmpl, url string) {
		argv := Template(tmpl, url)
		words := shellwords.Split(tmpl)
		if len(words) == 0 {
			if len(argv) != 0 {
				t.Fatalf("argv %q from an empty template", argv)
			}
			return
		}
		if len(argv) != len(words) && len(argv) != len(words)+1 {
			t.Fatalf("Template(%q) = %q: %d words became %d arguments", tmpl, argv, len(words), len(argv))
		}
		found := false
		for i, a := range argv {
			if strings.Contains(a, url) {
				found = true
			}
			if i < len(words) && !strings.Contains(words[i], "{url}") && !strings.Contains(words[i], "%s") && a != words[i] {
				t.Fatalf("word %q became %q", words[i], a)
			}
		}
		if !found {
			t.Fatalf("Template(%q, %q) = %q: the URL is in no argument", tmpl, url, argv)
		}
	})
}
