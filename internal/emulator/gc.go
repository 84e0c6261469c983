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
	if now.Sub(s.lastGC) < time.Minute && !s.lastGC.IsZero() {
		return
	}
	s.lastGC = now
	old := func(t time.Time) bool { return now.Sub(t) > gcGrace }
	st := &s.st
	for k, c := range st.clients {
		if old(c.expiresAt) {
			delete(st.clients, k)
		}
	}
	for k, d := range st.devices {
		if old(d.expiresAt) {
			delete(st.devices, k)
			delete(st.userCodes, d.userCode)
		}
	}
	for k, a := range st.authReqs {
		if old(a.expiresAt) {
			delete(st.authReqs, k)
		}
	}
	for k, a := range st.authCodes {
		if old(a.expiresAt) {
			delete(st.authCodes, k)
		}
	}
	for k, t := range st.tickets {
		if old(t.expiresAt) {
			delete(st.tickets, k)
		}
	}
	for k, t := range st.signins {
		if old(t.expiresAt) {
			delete(st.signins, k)
		}
	}
	for k, c := range st.creds {
		if old(c.expiresAt) {
			delete(st.creds, k)
		}
	}
	for k, t := range st.access {
		if old(t.expiresAt) {
			delete(st.access, k)
		}
	}
	live := st.sessions[:0]
	for _, sess := range st.sessions {
		if !sess.revoked && !old(sess.expiresAt) {
			live = append(live, sess)
		}
	}
	clear(st.sessions[len(live):])
	st.sessions = live
	for k, r := range st.refresh {
		if r.used || r.sess.revoked || old(r.sess.expiresAt) {
			delete(st.refresh, k)
		}
	}
}
