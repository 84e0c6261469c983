package emulator

import (
	"encoding/json"
	"maps"
	"net/http"
)

// Stats returns how many times each operation was called since the start or the last
// ResetStats, with the keys of GET /_emulator/stats: RegisterClient, StartDeviceAuthorization,
// CreateToken:device_code, CreateToken:authorization_code, CreateToken:refresh_token,
// ListAccounts, ListAccountRoles, GetRoleCredentials, Logout, GetCallerIdentity, AssumeRole,
// AssumeRoleWithWebIdentity, and for the
// pages (GET only) Authorize, DevicePage, Federation:getSigninToken, Federation:login. Calls
// answered with an injected fault count too, and also under "Throttled:OP" (429) or
// "Fault:OP" (500).
func (s *Server) Stats() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.stats)
}

// ResetStats sets every counter back to zero.
func (s *Server) ResetStats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.stats)
}

func (s *Server) count(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats[key]++
}

// handleAdmin serves the /_emulator endpoints that tests in other processes use.
func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request, body []byte) error {
	switch r.URL.Path {
	case "/_emulator/stats":
		writeJSON(w, http.StatusOK, map[string]any{"calls": s.Stats()})
	case "/_emulator/stats/reset":
		s.ResetStats()
		writeJSON(w, http.StatusOK, map[string]any{})
	case "/_emulator/revoke":
		s.Revoke()
		writeJSON(w, http.StatusOK, map[string]any{})
	case "/_emulator/expire-tokens":
		s.ExpireAccessTokens()
		writeJSON(w, http.StatusOK, map[string]any{})
	case "/_emulator/approve", "/_emulator/deny":
		var in struct {
			UserCode string `json:"userCode"`
			User     string `json:"user"`
		}
		if len(body) > 0 {
			if err := json.Unmarshal(body, &in); err != nil {
				return errInvalidRequest("body must be {\"userCode\": \"ABCD-EFGH\", \"user\": \"name\"}")
			}
		}
		var err error
		if r.URL.Path == "/_emulator/approve" {
			err = s.ApproveDevice(in.UserCode, in.User)
		} else {
			err = s.DenyDevice(in.UserCode, in.User)
		}
		if err != nil {
			return errInvalidRequest("%v", err)
		}
		writeJSON(w, http.StatusOK, map[string]any{})
	case "/_emulator/mfa-code":
		code, next, err := s.MFACode(r.URL.Query().Get("serialNumber"))
		if err != nil {
			return errInvalidRequest("%v", err)
		}
		writeJSON(w, http.StatusOK, map[string]string{"code": code, "nextCode": next})
	case "/_emulator/web-identity-token":
		return s.adminWebIdentityToken(w, body)
	case "/_emulator/faults":
		if r.Method == http.MethodPost {
			var f faultsJSON
			if err := json.Unmarshal(body, &f); err != nil || f.ErrorRate < 0 || f.ErrorRate > 1 || f.Throttle < 0 || f.LatencyMillis < 0 {
				return errInvalidRequest("body must be {\"latencyMillis\": n, \"errorRate\": 0..1, \"throttle\": rps}")
			}
			s.SetFaults(f.faults())
		}
		writeJSON(w, http.StatusOK, toFaultsJSON(s.Faults()))
	}
	return nil
}
