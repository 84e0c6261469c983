package awsclient

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// tracingTransport writes one line per request and response for --debug: method, URL with
// every query value outside a short list of harmless ones redacted, status, request id and
// duration. Headers and bodies are never written: they carry tokens and keys.
type tracingTransport struct {
	next http.RoundTripper
	w    io.Writer
	mu   sync.Mutex
}

// safeQueryKeys are query parameters that never hold a secret.
var safeQueryKeys = map[string]bool{
	"account_id": true, "role_name": true, "max_result": true, "Action": true, "Version": true,
}

func (t *tracingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	elapsed := time.Since(start).Round(time.Millisecond)
	line := fmt.Sprintf("debug: %s %s", req.Method, RedactURL(req.URL))
	if err != nil {
		line += fmt.Sprintf(" -> error after %s: %v", elapsed, redactError(err, req.URL))
	} else {
		line += fmt.Sprintf(" -> %d in %s", resp.StatusCode, elapsed)
		if id := resp.Header.Get("x-amzn-RequestId"); id != "" {
			line += " (request id " + id + ")"
		}
	}
	t.mu.Lock()
	fmt.Fprintln(t.w, line)
	t.mu.Unlock()
	return resp, err
}

// RedactURL returns u as a string with every query value replaced by "REDACTED", except for
// parameters known to hold no secret.
func RedactURL(u *url.URL) string {
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		q := c.Query()
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			v := "REDACTED"
			if safeQueryKeys[k] {
				v = url.QueryEscape(q.Get(k))
			}
			parts = append(parts, url.QueryEscape(k)+"="+v)
		}
		c.RawQuery = strings.Join(parts, "&")
	}
	return c.String()
}

// redactError removes the raw URL (with its query) from a transport error message.
func redactError(err error, u *url.URL) string {
	msg := err.Error()
	if u.RawQuery != "" {
		msg = strings.ReplaceAll(msg, u.String(), RedactURL(u))
	}
	return msg
}

// redactEndpoint is an endpoint URL as --debug shows it: "the AWS default" when empty, and
// without user information or query values, which could hold a password.
func redactEndpoint(raw string) string {
	if raw == "" {
		return "the AWS default"
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	return RedactURL(u)
}
