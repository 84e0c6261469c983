package emulator

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// signinTokenTTL is how long a console sign-in token works, as with AWS.
const signinTokenTTL = 15 * time.Minute

func federationAction(r *http.Request) string {
	switch a := r.URL.Query().Get("Action"); a {
	case "getSigninToken", "login":
		return a
	}
	return "unsupported"
}

// handleFederation serves the console federation endpoint: Action=getSigninToken turns role
// credentials into a sign-in token, Action=login shows which account and role it signs in to.
func (s *Server) handleFederation(w http.ResponseWriter, r *http.Request, body []byte) error {
	form := formValues(r, body)
	switch form.Get("Action") {
	case "getSigninToken":
		return s.getSigninToken(w, form.Get("Session"), form.Get("SessionDuration"))
	case "login":
		s.federationLogin(w, form.Get("SigninToken"), form.Get("Issuer"), form.Get("Destination"))
		return nil
	}
	return errPortalRequest("Action must be getSigninToken or login")
}

func (s *Server) getSigninToken(w http.ResponseWriter, session, duration string) error {
	var in struct {
		SessionID    string `json:"sessionId"`
		SessionKey   string `json:"sessionKey"`
		SessionToken string `json:"sessionToken"`
	}
	if err := json.Unmarshal([]byte(session), &in); err != nil || in.SessionID == "" {
		return errPortalRequest("Session must be JSON with sessionId, sessionKey and sessionToken")
	}
	if duration != "" {
		// AWS refuses SessionDuration for role (session-token) credentials.
		if d, err := strconv.Atoi(duration); err != nil || d < 900 || d > 43200 {
			return errPortalRequest("SessionDuration must be between 900 and 43200 seconds")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.creds[in.SessionID]
	// Only temporary credentials sign in to the console: an IAM user's key has no token.
	if c == nil || c.token == "" || subtle.ConstantTimeCompare([]byte(in.SessionKey), []byte(c.secret)) != 1 ||
		subtle.ConstantTimeCompare([]byte(in.SessionToken), []byte(c.token)) != 1 {
		return portalError(http.StatusBadRequest, "InvalidSessionException", "the session credentials are not valid")
	}
	if !s.now().Before(c.expiresAt) {
		return portalError(http.StatusBadRequest, "ExpiredSessionException", "the session credentials have expired")
	}
	token := randomString(256)
	s.st.signins[token] = &signinToken{cred: c, expiresAt: s.now().Add(signinTokenTTL)}
	writeJSON(w, http.StatusOK, map[string]string{"SigninToken": token})
	return nil
}

func (s *Server) federationLogin(w http.ResponseWriter, token, issuer, destination string) {
	s.mu.Lock()
	t := s.st.signins[token]
	s.mu.Unlock()
	if t == nil || !s.now().Before(t.expiresAt) {
		s.renderError(w, http.StatusBadRequest, "This sign-in link has expired", "Sign-in links work for 15 minutes. Create a new one.")
		return
	}
	c := t.cred
	name := c.accountID
	if a := s.ix.accounts[c.accountID]; a != nil {
		name = a.Name
	}
	if destination == "" {
		destination = "https://console.aws.amazon.com/"
	}
	s.render(w, http.StatusOK, "federation", pageData{
		Title: "Signed in", Account: c.accountID, AccountName: name, Role: c.role, User: c.user,
		Issuer: issuer, Destination: destination,
	})
}
