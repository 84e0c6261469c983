package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// kind says which service a route belongs to, which decides the error shape and the faults.
type kind int

const (
	kindOIDC   kind = iota // REST-JSON, OAuth errors
	kindPortal             // REST-JSON, message errors; rate limited
	kindSTS                // query protocol, XML errors
	kindPage               // HTML for people
	kindAdmin              // /_emulator, JSON, no faults
)

type handlerFunc func(w http.ResponseWriter, r *http.Request, body []byte) error

type route struct {
	kind kind
	op   string // counter name; "" for routes not counted
	h    handlerFunc
}

// maxBody bounds request bodies; no legitimate call comes near it.
const maxBody = 1 << 20

// route finds the handler for r. Unknown paths and methods get ok=false.
func (s *Server) route(r *http.Request) (rt route, ok bool) {
	get, post := r.Method == http.MethodGet, r.Method == http.MethodPost
	switch p := r.URL.Path; {
	case p == "/client/register" && post:
		return route{kindOIDC, "RegisterClient", s.handleRegisterClient}, true
	case p == "/device_authorization" && post:
		return route{kindOIDC, "StartDeviceAuthorization", s.handleStartDeviceAuthorization}, true
	case p == "/token" && post:
		return route{kindOIDC, "CreateToken", s.handleCreateToken}, true
	case p == "/assignment/accounts" && get:
		return route{kindPortal, "ListAccounts", s.handleListAccounts}, true
	case p == "/assignment/roles" && get:
		return route{kindPortal, "ListAccountRoles", s.handleListAccountRoles}, true
	case p == "/federation/credentials" && get:
		return route{kindPortal, "GetRoleCredentials", s.handleGetRoleCredentials}, true
	case p == "/logout" && post:
		return route{kindPortal, "Logout", s.handleLogout}, true
	case p == "/" && (post || get && r.URL.Query().Has("Action")):
		return route{kindSTS, "STS", s.handleSTS}, true
	case p == "/" && get:
		return route{kindPage, "", s.handleHome}, true
	case p == "/authorize" && (get || post), p == "/authorize/consent" && post:
		return route{kindPage, "Authorize", s.handleAuthorize}, true
	case p == "/device" && (get || post), p == "/device/consent" && post:
		return route{kindPage, "DevicePage", s.handleDevicePage}, true
	case p == "/federation" && (get || post):
		return route{kindPage, "Federation", s.handleFederation}, true
	case p == "/_emulator/stats" && get, p == "/_emulator/faults" && (get || post), p == "/_emulator/mfa-code" && get,
		p == "/_emulator/web-identity-token" && post,
		(p == "/_emulator/stats/reset" || p == "/_emulator/revoke" || p == "/_emulator/expire-tokens" ||
			p == "/_emulator/approve" || p == "/_emulator/deny") && post:
		return route{kindAdmin, "", s.handleAdmin}, true
	}
	return route{}, false
}

// ServeHTTP serves every API, page and test endpoint of the emulator.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w}
	requestID := newRequestID()
	rec.Header().Set("x-amzn-RequestId", requestID)
	op := s.serve(rec, r, requestID)
	s.logf("%s %s %s %d %s", r.Method, r.URL.Path, op, rec.status, time.Since(start).Round(time.Microsecond))
}

// serve does the work of ServeHTTP and returns the operation name for the log line.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, requestID string) string {
	rt, ok := s.route(r)
	if !ok {
		writeJSONError(w, portalError(http.StatusNotFound, "UnknownOperationException", "no operation %s %s on this emulator", r.Method, truncate(r.URL.Path, 100)))
		return "unknown"
	}
	var body []byte
	if r.Body != nil {
		var err error
		body, err = io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			s.fail(w, rt.kind, requestID, errInvalidRequest("request body too large or unreadable"))
			return rt.op
		}
	}
	op := rt.op
	switch rt.kind {
	case kindOIDC, kindPortal, kindSTS:
		op = s.opName(rt, r, body)
		s.count(op)
		s.maybeGC()
		if err := sleep(r.Context(), s.latency()); err != nil {
			return op // the client went away
		}
		if status := s.injectFault(rt.kind == kindPortal); status != 0 {
			s.writeFault(w, rt.kind, requestID, op, status)
			return op
		}
	case kindPage:
		// Pages count the GETs a client or browser starts with, not the form posts after them.
		if op == "Federation" {
			op = "Federation:" + federationAction(r)
		}
		if op != "" && r.Method == http.MethodGet {
			s.count(op)
		}
	}
	if err := rt.h(w, r, body); err != nil {
		s.fail(w, rt.kind, requestID, err)
	}
	return op
}

// opName is the counter name of an API call; CreateToken is counted per grant type.
func (s *Server) opName(rt route, r *http.Request, body []byte) string {
	switch rt.op {
	case "CreateToken":
		var in struct {
			GrantType string `json:"grantType"`
		}
		json.Unmarshal(body, &in)
		return "CreateToken:" + grantName(in.GrantType)
	case "STS":
		if action := stsAction(r, body); stsActions[action] {
			return action
		}
		return "STS:unsupported"
	}
	return rt.op
}

// writeFault answers an API call with an injected 429 or 500 in the service's own shape.
func (s *Server) writeFault(w http.ResponseWriter, k kind, requestID, op string, status int) {
	if status == http.StatusTooManyRequests {
		s.count("Throttled:" + op)
		if k == kindSTS {
			writeSTSError(w, requestID, newSTSError(http.StatusBadRequest, "Throttling", "Rate exceeded"))
			return
		}
		writeJSONError(w, portalError(http.StatusTooManyRequests, "TooManyRequestsException", "Rate exceeded (emulator throttle)"))
		return
	}
	s.count("Fault:" + op)
	switch k {
	case kindSTS:
		writeSTSError(w, requestID, newSTSError(http.StatusInternalServerError, "InternalFailure", "injected fault (emulator error rate)"))
	case kindPortal:
		writeJSONError(w, portalError(http.StatusInternalServerError, "InternalServerException", "injected fault (emulator error rate)"))
	default:
		writeJSONError(w, oidcError("InternalServerException", "server_error", "injected fault (emulator error rate)"))
	}
}

// fail writes a handler's error in the shape of its service.
func (s *Server) fail(w http.ResponseWriter, k kind, requestID string, err error) {
	var we *wireError
	var se *stsError
	switch {
	case errors.As(err, &se):
		writeSTSError(w, requestID, se)
	case k == kindSTS:
		writeSTSError(w, requestID, newSTSError(http.StatusBadRequest, "InvalidParameterValue", "%v", err))
	case errors.As(err, &we):
		writeJSONError(w, we)
	default:
		writeJSONError(w, oidcError("InternalServerException", "server_error", "%v", err))
	}
}

// statusRecorder remembers the status written, for the log line.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// newRequestID returns a UUID-shaped request id, as AWS's x-amzn-RequestId.
func newRequestID() string {
	b := []byte(randomFrom("0123456789abcdef", 32))
	return fmt.Sprintf("%s-%s-%s-%s-%s", b[0:8], b[8:12], b[12:16], b[16:20], b[20:32])
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
