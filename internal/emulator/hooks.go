package emulator

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ApproveDevice approves a pending device authorization as if user had signed in on the
// device page and clicked Allow. user "" means the default user.
func (s *Server) ApproveDevice(userCode, user string) error {
	return s.decideDevice(userCode, user, true)
}

// DenyDevice denies a pending device authorization as if user had clicked Deny.
func (s *Server) DenyDevice(userCode, user string) error {
	return s.decideDevice(userCode, user, false)
}

func (s *Server) decideDevice(userCode, user string, allow bool) error {
	if user == "" {
		user = s.DefaultUser().Name
	}
	if s.ix.users[user] == nil {
		return fmt.Errorf("emulator: no user %q", user)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, err := s.pendingDeviceLocked(userCode)
	if err != nil {
		return err
	}
	d.user = user
	d.status = deviceDenied
	if allow {
		d.status = deviceApproved
	}
	return nil
}

// pendingDeviceLocked finds a device authorization by user code that can still be decided.
func (s *Server) pendingDeviceLocked(userCode string) (*deviceAuth, error) {
	d := s.st.userCodes[normalizeUserCode(userCode)]
	switch {
	case d == nil:
		return nil, errors.New("emulator: no such code; check it against the one your terminal shows")
	case !s.now().Before(d.expiresAt):
		return nil, errors.New("emulator: this code has expired; start the sign-in again")
	case d.status != devicePending:
		return nil, errors.New("emulator: this code has already been used")
	}
	return d, nil
}

// normalizeUserCode accepts codes as people type them: any case, with or without the dash.
func normalizeUserCode(c string) string {
	c = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(c), " ", ""))
	if len(c) == 8 && !strings.Contains(c, "-") {
		c = c[:4] + "-" + c[4:]
	}
	return c
}

// PendingUserCodes lists, sorted, the user codes waiting for a decision: a test that did not
// see the code a client printed can approve it with ApproveDevice.
func (s *Server) PendingUserCodes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	now := s.now()
	for code, d := range s.st.userCodes {
		if d.status == devicePending && now.Before(d.expiresAt) {
			out = append(out, code)
		}
	}
	slices.Sort(out)
	return out
}

// Revoke ends every session, as POST /_emulator/revoke does: access and refresh tokens stop
// working; role credentials already issued keep working until they expire, as with AWS.
func (s *Server) Revoke() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sess := range s.st.sessions {
		sess.revoked = true
	}
}

// ExpireAccessTokens makes every access token issued so far expire now, so clients must
// refresh; refresh tokens keep working.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for _, t := range s.st.access {
		if t.expiresAt.After(now) {
			t.expiresAt = now
		}
	}
}

// ExpireRoleCredentials makes every temporary credential issued so far (from the portal,
// AssumeRole or AssumeRoleWithWebIdentity) expire now; IAM user keys stay valid.
func (s *Server) ExpireRoleCredentials() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for _, c := range s.st.creds {
		if c.token != "" && c.expiresAt.After(now) {
			c.expiresAt = now
		}
	}
}

// SetAutoApprove turns auto-approval on or off while the server runs.
func (s *Server) SetAutoApprove(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.AutoApprove = on
}
