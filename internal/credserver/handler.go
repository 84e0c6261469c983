package credserver

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/awsso/awsso/internal/awsconfig"
	"github.com/awsso/awsso/internal/crash"
	"github.com/awsso/awsso/internal/session"
)

// profilesPath is where the profiles are: /profiles/NAME, the name path-escaped.
const profilesPath = "/profiles/"

// Error codes of the error responses ({"code", "message"}, as aws-sdk-go-v2 decodes them).
const (
	CodeMethodNotAllowed       = "MethodNotAllowed"
	CodeBrowserRefused         = "BrowserRequestRefused"
	CodeHostRefused            = "HostRefused"
	CodeMissingToken           = "MissingToken"
	CodeInvalidToken           = "InvalidToken"
	CodeNotFound               = "NotFound"
	CodeProfileNotFound        = "ProfileNotFound"
	CodeLoginRequired          = "LoginRequired"
	CodeCredentialsUnavailable = "CredentialsUnavailable"
)

// ServeHTTP answers GET /profiles/NAME with the credentials of profile NAME, and every other
// request with an error: {"code", "message"}.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	status, note := s.serve(w, r)
	if s.opts.Debugf == nil {
		return
	}
	// The path is quoted and cut: it is the client's text. No header is logged: one holds the token.
	s.debugf("%s %s from %s: %d %s", r.Method, strconv.Quote(cut(r.URL.EscapedPath(), 200)), r.RemoteAddr, status, note)
}

// serve does the work of ServeHTTP and returns the status and a note for --debug.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) (status int, note string) {
	var crashed error
	defer func() {
		if crashed != nil {
			status, note = writeError(w, http.StatusInternalServerError, CodeCredentialsUnavailable, crashed.Error()), "panic"
			s.logf("%s", message(crashed))
		}
	}()
	defer crash.Recover(&crashed)
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		return writeError(w, http.StatusMethodNotAllowed, CodeMethodNotAllowed, "the container credentials protocol uses GET"), ""
	}
	if fromBrowser(r) {
		return writeError(w, http.StatusForbidden, CodeBrowserRefused, "requests from web pages are refused (Origin or Sec-Fetch-* header)"), ""
	}
	if !hostAllowed(r.Host) {
		return writeError(w, http.StatusMisdirectedRequest, CodeHostRefused, "address the server by IP address or as localhost"), ""
	}
	tokens := r.Header.Values("Authorization")
	switch {
	case len(tokens) == 0:
		return writeError(w, http.StatusUnauthorized, CodeMissingToken,
			"send the token of AWS_CONTAINER_AUTHORIZATION_TOKEN in the Authorization header"), ""
	case len(tokens) > 1 || !s.tokenOK(tokens[0]):
		return writeError(w, http.StatusForbidden, CodeInvalidToken, "the Authorization header is not this server's token"), ""
	}
	profile, ok := profileOf(r.URL)
	if !ok {
		return writeError(w, http.StatusNotFound, CodeNotFound, "credentials are at "+profilesPath+"PROFILE"), ""
	}
	if s.only != nil && !s.only[profile] {
		return writeError(w, http.StatusNotFound, CodeProfileNotFound, "this server serves profile "+strings.Join(s.served(), ", ")+" only"), ""
	}
	sn, note, err := s.credentials(r.Context(), profile)
	if err != nil && r.Context().Err() != nil {
		return 0, "the client went away"
	}
	if err != nil {
		return s.writeFailure(w, err), "failed"
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(sn.body)
	return http.StatusOK, note
}

// tokenOK compares in constant time, of the token's length too: both sides are hashed first.
func (s *Server) tokenOK(got string) bool {
	sum := sha256.Sum256([]byte(got))
	return subtle.ConstantTimeCompare(sum[:], s.tokenSum[:]) == 1
}

// fromBrowser reports whether a browser sent the request: only browsers send Origin and the
// Sec-Fetch-* headers, and a web page must never read keys through the user's browser.
func fromBrowser(r *http.Request) bool {
	for name := range r.Header {
		if name == "Origin" || strings.HasPrefix(name, "Sec-Fetch-") {
			return true
		}
	}
	return false
}

// profileOf returns the profile a request's path names.
func profileOf(u *url.URL) (string, bool) {
	escaped, ok := strings.CutPrefix(u.EscapedPath(), profilesPath)
	if !ok || escaped == "" || strings.Contains(escaped, "/") {
		return "", false
	}
	name, err := url.PathUnescape(escaped)
	return name, err == nil && name != ""
}

func (s *Server) served() []string {
	names := make([]string, 0, len(s.opts.Profiles))
	for _, p := range s.opts.Profiles {
		names = append(names, strconv.Quote(p))
	}
	return names
}

// writeFailure answers a request whose credentials could not be had: 404 for a profile the
// config lacks, 503 until someone signs in, else 500.
func (s *Server) writeFailure(w http.ResponseWriter, err error) int {
	var notFound *awsconfig.ProfileNotFoundError
	var login *session.LoginRequiredError
	switch {
	case s.base.Err() != nil:
		return writeError(w, http.StatusServiceUnavailable, CodeCredentialsUnavailable, "the server is stopping")
	case errors.Is(err, context.DeadlineExceeded):
		return writeError(w, http.StatusServiceUnavailable, CodeCredentialsUnavailable,
			"the credentials did not come within "+s.opts.FetchTimeout.String())
	case errors.As(err, &notFound):
		return writeError(w, http.StatusNotFound, CodeProfileNotFound, message(err))
	case errors.As(err, &login):
		return writeError(w, http.StatusServiceUnavailable, CodeLoginRequired, message(err))
	}
	return writeError(w, http.StatusInternalServerError, CodeCredentialsUnavailable, message(err))
}

// writeError writes {"code", "message"} with the one Content-Type under which aws-sdk-go-v2
// decodes it (no charset), and returns status.
func writeError(w http.ResponseWriter, status int, code, msg string) int {
	body, _ := json.Marshal(struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}{code, msg})
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
	return status
}

// message is an error on one line with the hints of its chain after it, such as "sso-session
// corp: the session expired at ...; run: awsso login --sso-session corp".
func message(err error) string {
	parts := []string{err.Error()}
	seen := map[string]bool{}
	for _, h := range hintsOf(err) {
		if !seen[h] {
			seen[h] = true
			parts = append(parts, h)
		}
	}
	return strings.Join(parts, "; ")
}

// hintsOf collects the hints of every error in the chain (errors with a Hints method).
func hintsOf(err error) []string {
	if err == nil {
		return nil
	}
	var hints []string
	if h, ok := err.(interface{ Hints() []string }); ok {
		hints = h.Hints()
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		hints = append(hints, hintsOf(u.Unwrap())...)
	case interface{ Unwrap() []error }:
		for _, inner := range u.Unwrap() {
			hints = append(hints, hintsOf(inner)...)
		}
	}
	return hints
}

func cut(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
