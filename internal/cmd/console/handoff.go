package console

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/awsso/awsso/internal/fsutil"
)

// DefaultHandOffWait is how long console waits for the browser to load the sign-in page it
// was handed, as login waits for its browser.
const DefaultHandOffWait = 2 * time.Minute

// errNotLoaded means the browser never asked for the sign-in page within the wait.
var errNotLoaded = errors.New("the browser did not load the sign-in page")

// handOff opens link in the browser without putting it on a command line, where any local
// user could read its SigninToken (ps, /proc/PID/cmdline): the browser is given a file of its
// own, readable by this user only (0600 in a 0700 folder), whose page sends it to a one-time
// address on 127.0.0.1 that answers with a redirect to link. That address is random and named
// only inside the file, so no one else can take the link from it. The file and the folder are
// removed as soon as the browser has asked (awsso then knows the page was read), when wait
// passes, or when ctx ends.
func handOff(ctx context.Context, open func(string) error, link string, wait time.Duration) error {
	var secret [16]byte
	if _, err := rand.Read(secret[:]); err != nil {
		return err
	}
	path := "/" + hex.EncodeToString(secret[:])
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen on 127.0.0.1 for the browser: %w", err)
	}
	loaded := make(chan struct{})
	var once sync.Once
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served := false
		if r.URL.Path == path {
			once.Do(func() { served = true })
		}
		if !served {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		http.Redirect(w, r, link, http.StatusFound)
		close(loaded)
	})}
	go srv.Serve(ln)
	defer func() {
		stop, cancel := context.WithTimeout(context.Background(), 2*time.Second) // the redirect is on its way
		defer cancel()
		srv.Shutdown(stop)
	}()

	dir, err := os.MkdirTemp("", "awsso-console-") // 0700
	if err != nil {
		return fmt.Errorf("write the sign-in page: %w", err)
	}
	defer os.RemoveAll(dir)
	page := filepath.Join(dir, "console.html")
	if err := fsutil.WritePrivateFile(page, redirectPage("http://"+ln.Addr().String()+path)); err != nil {
		return fmt.Errorf("write the sign-in page: %w", err)
	}
	if err := open(fileURL(page)); err != nil {
		return err
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-loaded:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return errNotLoaded
	}
}

// redirectPage is a page that sends the browser to target at once.
func redirectPage(target string) []byte {
	t := html.EscapeString(target)
	return []byte(`<!doctype html>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url=` + t + `">
<title>AWS console sign-in</title>
<p>Signing in to the AWS console&hellip; <a href="` + t + `">continue</a></p>
<script>location.replace(document.querySelector("a").href)</script>
`)
}

// fileURL is the file:// URL of an absolute path, on Windows too (file:///C:/Users/...).
func fileURL(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
