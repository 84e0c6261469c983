package emutest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/awsso/awsso/internal/emulator"
	"github.com/awsso/awsso/internal/testsupport/testenv"
)

// Browser is a headless Chromium for clicking through the emulator's pages.
type Browser struct {
	ctx context.Context
	t   testing.TB
}

// browserTimeout bounds each Browser step, so a page that never appears fails the test
// instead of hanging it.
const browserTimeout = 60 * time.Second

// NewBrowser starts a headless Chromium with a fresh profile, stopped when the test ends. A
// missing Chromium skips the test (fails it under CI=true) through testenv.Missing.
func NewBrowser(t testing.TB) *Browser {
	t.Helper()
	path := testenv.Chromium(t)
	profile := t.TempDir() // before the cleanups below, so it is removed after Chromium exits
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(900, 760),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelAlloc)
	t.Cleanup(cancel)
	b := &Browser{ctx: ctx, t: t}
	// The first call starts Chromium and must not carry a timeout: it would stop the browser.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium %s: %v", path, err)
	}
	return b
}

// Do runs chromedp steps in the browser's tab, with a timeout.
func (b *Browser) Do(steps ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(b.ctx, browserTimeout)
	defer cancel()
	return chromedp.Do(ctx, steps...)
}

// run runs one action that returns a value, with a timeout.
func run[T any](b *Browser, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, browserTimeout)
	defer cancel()
	return chromedp.Run(ctx, a)
}

// Location returns the URL the tab shows.
func (b *Browser) Location() string {
	loc, err := run(b, chromedp.Location())
	if err != nil {
		b.t.Fatalf("browser location: %v", err)
	}
	return loc
}

// Text returns the visible text of the first element matching the CSS selector.
func (b *Browser) Text(selector string) string {
	text, err := run(b, chromedp.Text(chromedp.CSS(selector)))
	if err != nil {
		b.t.Fatalf("browser text of %s: %v", selector, err)
	}
	return strings.TrimSpace(text)
}

// SignIn fills the sign-in form the tab shows with u's name and password and submits it.
func (b *Browser) SignIn(u emulator.User) {
	b.t.Helper()
	err := b.Do(
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SetValue(chromedp.CSS("#username"), u.Name),
		chromedp.SetValue(chromedp.CSS("#password"), u.Password),
		chromedp.Click(chromedp.CSS("#signin")),
	)
	if err != nil {
		b.t.Fatalf("sign in as %s: %v", u.Name, err)
	}
}

// Decide clicks Allow or Deny on the consent page.
func (b *Browser) Decide(allow bool) {
	b.t.Helper()
	button := "#deny"
	if allow {
		button = "#allow"
	}
	if err := b.Do(chromedp.WaitVisible(chromedp.CSS(button)), chromedp.Click(chromedp.CSS(button))); err != nil {
		b.t.Fatalf("click %s: %v", button, err)
	}
}

// Device opens a verification URI (verificationUriComplete, or the bare one and then the code
// is typed), signs in as u, and allows or denies. It returns the heading of the final page.
func (b *Browser) Device(verificationURI, userCode string, u emulator.User, allow bool) string {
	b.t.Helper()
	if err := b.Do(chromedp.Navigate(verificationURI)); err != nil {
		b.t.Fatalf("open %s: %v", verificationURI, err)
	}
	if userCode != "" {
		if err := b.Do(chromedp.SetValue(chromedp.CSS("#user_code"), userCode)); err != nil {
			b.t.Fatalf("type the user code: %v", err)
		}
	}
	b.SignIn(u)
	b.Decide(allow)
	if err := b.Do(chromedp.WaitVisible(chromedp.CSS(`[role=status]`))); err != nil {
		b.t.Fatalf("wait for the result page: %v", err)
	}
	return b.Text("h1")
}

// Authorize opens an authorization URL (GET /authorize...), signs in as u, allows or denies,
// and waits until the browser has left the emulator for the client's redirect URI; it
// returns that URL (with code and state, or error=access_denied).
func (b *Browser) Authorize(authorizeURL string, u emulator.User, allow bool) string {
	b.t.Helper()
	start, err := url.Parse(authorizeURL)
	if err != nil {
		b.t.Fatalf("authorize URL: %v", err)
	}
	if err := b.Do(chromedp.Navigate(authorizeURL)); err != nil {
		b.t.Fatalf("open %s: %v", authorizeURL, err)
	}
	if b.onHost(start.Host) {
		b.SignIn(u)
		b.Decide(allow)
	}
	return b.waitLeave(start.Host)
}

func (b *Browser) onHost(host string) bool {
	u, err := url.Parse(b.Location())
	return err == nil && u.Host == host
}

// waitLeave polls the tab's location until it is no longer on host.
func (b *Browser) waitLeave(host string) string {
	deadline := time.Now().Add(browserTimeout)
	for {
		loc := b.Location()
		if u, err := url.Parse(loc); err == nil && u.Host != host {
			return loc
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("browser still on %s after %s", loc, browserTimeout)
		}
		if err := b.Do(chromedp.Sleep(50 * time.Millisecond)); err != nil {
			b.t.Fatalf("browser: %v", err)
		}
	}
}

// Screenshot saves a PNG of the whole page to path.
func (b *Browser) Screenshot(path string) {
	b.t.Helper()
	png, err := run(b, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatalf("screenshot: %v", fmt.Errorf("write %s: %w", path, err))
	}
}

// FocusedID returns the id of the element that has the keyboard focus, for accessibility
// checks (the first empty field of a form should). Browsers apply autofocus after the page
// loads, so it waits until an element with an id has the focus.
func (b *Browser) FocusedID() string {
	id, err := run(b, chromedp.Poll[string](`document.activeElement && document.activeElement.id`,
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		b.t.Fatalf("browser focus: %v", err)
	}
	return id
}

// Open navigates the tab to u.
func (b *Browser) Open(u string) {
	b.t.Helper()
	if err := b.Do(chromedp.Navigate(u)); err != nil {
		b.t.Fatalf("open %s: %v", u, err)
	}
}
