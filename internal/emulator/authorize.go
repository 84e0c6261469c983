package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// authRequestTTL is how long a person has to sign in after the browser opens /authorize.
const authRequestTTL = 10 * time.Minute

// handleAuthorize serves the authorization code flow's pages: GET /authorize checks the
// request and shows the sign-in form (or, with AutoApprove, redirects at once), POST
// /authorize signs in and shows the consent form, POST /authorize/consent redirects to the
// client's loopback callback with a code or with error=access_denied.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request, body []byte) error {
	form := formValues(r, body)
	switch {
	case r.URL.Path == "/authorize/consent":
		s.authorizeConsent(w, r, form.Get("ticket"), form.Get("decision"))
	case r.Method == http.MethodPost:
		s.authorizeSignIn(w, form.Get("ticket"), form.Get("username"), form.Get("password"))
	default:
		s.authorizeStart(w, r, r.URL.Query())
	}
	return nil
}

func (s *Server) authorizeStart(w http.ResponseWriter, r *http.Request, q url.Values) {
	s.mu.Lock()
	c := s.st.clients[q.Get("client_id")]
	s.mu.Unlock()
	// Until the redirect URI is known good, errors are shown here, never redirected (RFC 6749 4.1.2.1).
	switch {
	case c == nil || !s.now().Before(c.expiresAt):
		s.renderError(w, http.StatusBadRequest, "Unknown application", "The application's client_id is not registered, or its registration expired.")
		return
	case !c.allows(grantAuthCode):
		s.renderError(w, http.StatusBadRequest, "Application not allowed", "The application is not registered for the authorization code grant.")
		return
	case !redirectMatches(c.redirectURIs, q.Get("redirect_uri")):
		s.renderError(w, http.StatusBadRequest, "Invalid redirect", "The redirect_uri does not match a loopback URI the application registered.")
		return
	}
	ar := &authRequest{
		id: randomString(24), clientID: c.id, clientName: c.name,
		redirectURI: q.Get("redirect_uri"), state: q.Get("state"), challenge: q.Get("code_challenge"),
		scopes: splitScopes(q), expiresAt: s.now().Add(authRequestTTL),
	}
	if q.Get("response_type") != "code" {
		redirectError(w, r, ar, "unsupported_response_type", "response_type must be code")
		return
	}
	if ar.challenge == "" || q.Get("code_challenge_method") != "S256" {
		redirectError(w, r, ar, "invalid_request", "code_challenge and code_challenge_method=S256 are required")
		return
	}
	for _, sc := range ar.scopes {
		if !slices.Contains(c.scopes, sc) {
			redirectError(w, r, ar, "invalid_scope", "scope "+sc+" was not registered for this client")
			return
		}
	}
	if len(ar.scopes) == 0 {
		ar.scopes = c.scopes
	}
	s.mu.Lock()
	if s.opts.AutoApprove {
		code := s.newAuthCodeLocked(ar, s.DefaultUser().Name)
		s.mu.Unlock()
		redirectCode(w, r, ar, code)
		return
	}
	s.st.authReqs[ar.id] = ar
	s.mu.Unlock()
	s.render(w, http.StatusOK, "signin", pageData{Title: "Sign in", Action: "/authorize", Ticket: ar.id, ClientName: ar.clientName})
}

// splitScopes reads the requested scopes: botocore sends "scopes", OAuth says "scope"; either
// may hold several, separated by spaces or commas.
func splitScopes(q url.Values) []string {
	var out []string
	for _, key := range []string{"scopes", "scope"} {
		for _, v := range q[key] {
			out = append(out, strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' })...)
		}
	}
	return out
}

func (s *Server) authorizeSignIn(w http.ResponseWriter, id, username, password string) {
	s.mu.Lock()
	ar := s.st.authReqs[id]
	s.mu.Unlock()
	if ar == nil || !s.now().Before(ar.expiresAt) {
		s.renderError(w, http.StatusBadRequest, "This request has expired", "The sign-in page was open too long or was already used.")
		return
	}
	if !s.checkPassword(username, password) {
		s.render(w, http.StatusUnauthorized, "signin", pageData{Title: "Sign in", Action: "/authorize", Ticket: ar.id,
			ClientName: ar.clientName, Username: username, Error: "The user name or password is incorrect."})
		return
	}
	s.mu.Lock()
	tid := s.newTicketLocked(&ticket{user: username, authReq: ar})
	s.mu.Unlock()
	s.render(w, http.StatusOK, "consent", pageData{Title: "Allow access", Action: "/authorize/consent", Ticket: tid,
		ClientName: ar.clientName, User: username, Scopes: ar.scopes})
}

func (s *Server) authorizeConsent(w http.ResponseWriter, r *http.Request, ticketID, decision string) {
	t := s.takeTicket(ticketID)
	if t == nil || t.authReq == nil {
		s.renderError(w, http.StatusBadRequest, "This request has expired", "The consent form was already used or is too old.")
		return
	}
	ar := t.authReq
	s.mu.Lock()
	_, pending := s.st.authReqs[ar.id]
	delete(s.st.authReqs, ar.id)
	var code string
	if pending && decision == "allow" {
		code = s.newAuthCodeLocked(ar, t.user)
	}
	s.mu.Unlock()
	switch {
	case !pending:
		s.renderError(w, http.StatusBadRequest, "This request has expired", "The request was already answered.")
	case code != "":
		redirectCode(w, r, ar, code)
	default:
		redirectError(w, r, ar, "access_denied", "The user denied the request")
	}
}

func (s *Server) newAuthCodeLocked(ar *authRequest, user string) string {
	code := randomString(32)
	s.st.authCodes[code] = &authCode{
		clientID: ar.clientID, redirectURI: ar.redirectURI, challenge: ar.challenge, user: user,
		scopes: ar.scopes, expiresAt: s.now().Add(authCodeTTL),
	}
	return code
}

func redirectCode(w http.ResponseWriter, r *http.Request, ar *authRequest, code string) {
	redirect(w, r, ar, url.Values{"code": {code}})
}

func redirectError(w http.ResponseWriter, r *http.Request, ar *authRequest, code, description string) {
	redirect(w, r, ar, url.Values{"error": {code}, "error_description": {description}})
}

// redirect sends the browser to the client's callback with params and the client's state.
func redirect(w http.ResponseWriter, r *http.Request, ar *authRequest, params url.Values) {
	u, _ := url.Parse(ar.redirectURI) // checked by redirectMatches
	q := u.Query()
	for k, v := range params {
		q[k] = v
	}
	if ar.state != "" {
		q.Set("state", ar.state)
	}
	u.RawQuery = q.Encode()
	status := http.StatusFound
	if r.Method == http.MethodPost {
		status = http.StatusSeeOther
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, u.String(), status)
}
