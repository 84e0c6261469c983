package browser

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/awsso/awsso/internal/shellwords"
)

// ErrNoBrowser means no browser can be opened here (SSH, no display, nothing installed): print
// the URL for the user instead.
var ErrNoBrowser = errors.New("no browser available")

// Opener opens a URL in a browser.
type Opener interface {
	Open(url string) error
	// Available returns ErrNoBrowser when Open could not open anything here, without trying.
	Available() error
}

// startWait is how long a browser command may take to fail before it is assumed to have worked;
// awsso never waits longer for a browser.
const startWait = 3 * time.Second

// System opens URLs the way this machine can.
type System struct {
	LookupEnv func(string) (string, bool)
	GOOS      string
	// IsWSL reports whether this is Linux under WSL (read from /proc/version when nil).
	IsWSL    func() bool
	LookPath func(string) (string, error)
	// Wait is how long a browser command may take to fail (startWait when zero).
	Wait time.Duration
}

// New returns the opener for this process's environment.
func New(lookupEnv func(string) (string, bool)) *System {
	return &System{LookupEnv: lookupEnv, GOOS: runtime.GOOS, IsWSL: detectWSL, LookPath: exec.LookPath}
}

// Open opens url, or returns ErrNoBrowser when this machine has no browser to open.
func (s *System) Open(url string) error {
	argv, err := s.command(url)
	if err != nil {
		return err
	}
	wait := s.Wait
	if wait <= 0 {
		wait = startWait
	}
	return start(argv, wait)
}

// Available returns ErrNoBrowser when this machine has no browser to open (SSH, no display).
func (s *System) Available() error {
	_, err := s.command("https://example.com/")
	return err
}

func (s *System) getenv(key string) string {
	v, _ := s.LookupEnv(key)
	return v
}

// command chooses the command line that opens url.
func (s *System) command(url string) ([]string, error) {
	if tmpl := s.getenv("AWSSO_BROWSER"); tmpl != "" {
		return Template(tmpl, url), nil
	}
	if list := s.getenv("BROWSER"); list != "" {
		// BROWSER is a colon-separated list of commands; the first one found is used.
		for _, cmd := range strings.Split(list, ":") {
			if argv := Template(cmd, url); len(argv) > 0 {
				if _, err := s.LookPath(argv[0]); err == nil {
					return argv, nil
				}
			}
		}
	}
	switch s.GOOS {
	case "darwin":
		if s.remote() {
			return nil, ErrNoBrowser
		}
		return []string{"open", url}, nil
	case "windows":
		return []string{"rundll32", "url.dll,FileProtocolHandler", url}, nil
	}
	if s.IsWSL != nil && s.IsWSL() {
		if _, err := s.LookPath("wslview"); err == nil {
			return []string{"wslview", url}, nil
		}
		// Not cmd.exe /c start: cmd would read the & of every sign-in URL as a command separator.
		return []string{"rundll32.exe", "url.dll,FileProtocolHandler", url}, nil
	}
	if s.remote() || (s.getenv("DISPLAY") == "" && s.getenv("WAYLAND_DISPLAY") == "") {
		return nil, ErrNoBrowser
	}
	for _, opener := range []string{"xdg-open", "x-www-browser"} {
		if _, err := s.LookPath(opener); err == nil {
			return []string{opener, url}, nil
		}
	}
	return nil, ErrNoBrowser
}

// remote reports an SSH session, where a browser would open on the wrong machine.
func (s *System) remote() bool {
	return s.getenv("SSH_CONNECTION") != "" || s.getenv("SSH_TTY") != ""
}

// Template turns a browser command template into argv: {url} (or a %s, as BROWSER allows) is
// replaced by the URL, and the URL is appended when the template names neither.
// The template is split into words as botocore splits a credential_process line
// (shellwords.Split: shell quoting, or the Windows rules on Windows, where C:\Tools\x.exe keeps
// its backslashes), so an argument may hold blanks: chrome --profile-directory="Profile 2" {url}.
func Template(tmpl, url string) []string {
	fields := shellwords.Split(tmpl)
	placed := false
	for i, f := range fields {
		if strings.Contains(f, "{url}") || strings.Contains(f, "%s") {
			fields[i] = strings.NewReplacer("{url}", url, "%s", url).Replace(f)
			placed = true
		}
	}
	if len(fields) > 0 && !placed {
		fields = append(fields, url)
	}
	return fields
}

// start runs argv detached from awsso's streams and reports a failure only if the command
// fails within wait; a browser that keeps running is fine.
func start(argv []string, wait time.Duration) error {
	cmd := exec.Command(argv[0], argv[1:]...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open browser with %s: %w", argv[0], err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("open browser with %s: %w", argv[0], err)
		}
		return nil
	case <-time.After(wait):
		return nil
	}
}

var (
	wslOnce sync.Once
	wsl     bool
)

func detectWSL() bool {
	wslOnce.Do(func() {
		if os.Getenv("WSL_DISTRO_NAME") != "" {
			wsl = true
			return
		}
		v, err := os.ReadFile("/proc/version")
		wsl = err == nil && strings.Contains(strings.ToLower(string(v)), "microsoft")
	})
	return wsl
}

// Stub records the URLs it is asked to open, for tests; OnOpen, when set, decides the result
// (and may act as the user, e.g. by visiting the URL).
type Stub struct {
	mu     sync.Mutex
	URLs   []string
	OnOpen func(url string) error
	// Unavailable makes Available report ErrNoBrowser, as on a machine without a display.
	Unavailable bool
}

// Available reports ErrNoBrowser when Unavailable is set.
func (s *Stub) Available() error {
	if s.Unavailable {
		return ErrNoBrowser
	}
	return nil
}

// Open records url and calls OnOpen.
func (s *Stub) Open(url string) error {
	s.mu.Lock()
	s.URLs = append(s.URLs, url)
	s.mu.Unlock()
	if s.OnOpen != nil {
		return s.OnOpen(url)
	}
	return nil
}

// Opened returns the URLs opened so far.
func (s *Stub) Opened() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.URLs...)
}
