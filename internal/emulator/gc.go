package emulator

import "time"

// gcGrace is how long expired records are kept, so a client presenting one gets the
// "expired" error it would get from AWS rather than "unknown".
const gcGrace = time.Hour

// maybeGC forgets records that expired more than gcGrace ago, at most once a minute, so an
// emulator left running for days (or fuzzed) does not grow without bound.
func (s *Server) maybeGC() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if !s.lastGC.IsZero() && now.Sub(s.lastGC) < time.Minute {
		return
	}
	s.lastGC = now
	old := func(t time.Time) bool { return now.Sub(t) > gcGrace }
	st := &s.st
	sweep(st.clients, func(c *client) bool { return old(c.expiresAt) })
	sweep(st.devices, func(d *deviceAuth) bool { return old(d.expiresAt) })
	sweep(st.userCodes, func(d *deviceAuth) bool { return old(d.expiresAt) })
	sweep(st.authReqs, func(a *authRequest) bool { return old(a.expiresAt) })
	sweep(st.authCodes, func(a *authCode) bool { return old(a.expiresAt) })
	sweep(st.tickets, func(t *ticket) bool { return old(t.expiresAt) })
	sweep(st.signins, func(t *signinToken) bool { return old(t.expiresAt) })
	sweep(st.creds, func(c *roleCredential) bool { return old(c.expiresAt) })
	sweep(st.access, func(t *accessToken) bool { return old(t.expiresAt) })
	sweep(st.refresh, func(r *refreshToken) bool { return r.used || r.sess.revoked || old(r.sess.expiresAt) })
	live := st.sessions[:0]
	for _, sess := range st.sessions {
		if !sess.revoked && !old(sess.expiresAt) {
			live = append(live, sess)
		}
	}
	clear(st.sessions[len(live):])
	st.sessions = live
}

// sweep deletes the entries of m for which dead is true.
func sweep[K comparable, V any](m map[K]V, dead func(V) bool) {
	for k, v := range m {
		if dead(v) {
			delete(m, k)
		}
	}
}
