package emulator

import (
	"net/http"
)

// handleDevicePage serves the page where a person approves a device code: GET /device shows
// the sign-in form (the code filled in from ?user_code=), POST /device signs in and shows the
// consent form, POST /device/consent records Allow or Deny.
func (s *Server) handleDevicePage(w http.ResponseWriter, r *http.Request, body []byte) error {
	form := formValues(r, body)
	switch {
	case r.URL.Path == "/device/consent":
		s.deviceConsent(w, form.Get("ticket"), form.Get("decision"))
	case r.Method == http.MethodPost:
		s.deviceSignIn(w, form.Get("user_code"), form.Get("username"), form.Get("password"))
	default:
		data := s.deviceSignInData(normalizeUserCode(form.Get("user_code")), "")
		s.render(w, http.StatusOK, "signin", data)
	}
	return nil
}

func (s *Server) deviceSignInData(userCode, username string) pageData {
	return pageData{Title: "Sign in", Device: true, Action: "/device", UserCode: userCode, Username: username}
}

func (s *Server) deviceSignIn(w http.ResponseWriter, userCode, username, password string) {
	userCode = normalizeUserCode(userCode)
	data := s.deviceSignInData(userCode, username)
	if !s.checkPassword(username, password) {
		data.Error = "The user name or password is incorrect."
		s.render(w, http.StatusUnauthorized, "signin", data)
		return
	}
	s.mu.Lock()
	d, err := s.pendingDeviceLocked(userCode)
	var id string
	if err == nil {
		id = s.newTicketLocked(&ticket{user: username, device: d})
	}
	s.mu.Unlock()
	if err != nil {
		data.Error = "That code is not valid: it may have expired or been used. Check the code your terminal shows."
		s.render(w, http.StatusBadRequest, "signin", data)
		return
	}
	s.render(w, http.StatusOK, "consent", pageData{
		Title: "Allow access", Action: "/device/consent", Ticket: id, Device: true,
		UserCode: d.userCode, ClientName: d.clientName, User: username, Scopes: s.clientScopes(d.clientID),
	})
}

func (s *Server) deviceConsent(w http.ResponseWriter, ticketID, decision string) {
	t := s.takeTicket(ticketID)
	if t == nil || t.device == nil {
		s.renderError(w, http.StatusBadRequest, "This request has expired", "The sign-in form was already used or is too old.")
		return
	}
	allow := decision == "allow"
	if err := s.decideDevice(t.device.userCode, t.user, allow); err != nil {
		s.renderError(w, http.StatusBadRequest, "This request has expired", "The code was already used or has expired.")
		return
	}
	if allow {
		s.render(w, http.StatusOK, "done", pageData{Title: "Request approved", Heading: "Request approved", OK: true,
			Message: t.device.clientName + " can now access your AWS accounts."})
		return
	}
	s.render(w, http.StatusOK, "done", pageData{Title: "Request denied", Heading: "Request denied",
		Message: "You denied access to " + t.device.clientName + "."})
}

// clientScopes returns the scopes a client registered, for the consent page.
func (s *Server) clientScopes(clientID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.st.clients[clientID]; c != nil {
		return c.scopes
	}
	return nil
}
