package emulator

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
)

// wireError is an error as the REST-JSON services send it: an HTTP status, the exception name
// in the x-amzn-ErrorType header and in __type, and either the OAuth pair error and
// error_description (SSO OIDC) or a message (the portal).
type wireError struct {
	status int
	typ    string // exception name, e.g. AuthorizationPendingException
	oauth  string // OAuth error code for OIDC errors; "" for portal errors
	msg    string
}

func (e *wireError) Error() string { return e.typ + ": " + e.msg }

// oidcError returns an SSO OIDC error with its modelled status.
func oidcError(typ, oauth, format string, args ...any) *wireError {
	status := http.StatusBadRequest
	switch typ {
	case "InvalidClientException":
		status = http.StatusUnauthorized
	case "InternalServerException":
		status = http.StatusInternalServerError
	case "TooManyRequestsException":
		status = http.StatusTooManyRequests
	}
	return &wireError{status: status, typ: typ, oauth: oauth, msg: fmt.Sprintf(format, args...)}
}

// portalError returns an SSO portal error (message style).
func portalError(status int, typ, format string, args ...any) *wireError {
	return &wireError{status: status, typ: typ, msg: fmt.Sprintf(format, args...)}
}

// The OIDC errors the token endpoint and friends return, by name.
func errInvalidRequest(format string, args ...any) *wireError {
	return oidcError("InvalidRequestException", "invalid_request", format, args...)
}

func errInvalidClient(format string, args ...any) *wireError {
	return oidcError("InvalidClientException", "invalid_client", format, args...)
}

func errInvalidGrant(format string, args ...any) *wireError {
	return oidcError("InvalidGrantException", "invalid_grant", format, args...)
}

func errUnauthorizedClient(format string, args ...any) *wireError {
	return oidcError("UnauthorizedClientException", "unauthorized_client", format, args...)
}

// Portal errors.
func errUnauthorized() *wireError {
	return portalError(http.StatusUnauthorized, "UnauthorizedException", "Session token not found or invalid")
}

func errPortalRequest(format string, args ...any) *wireError {
	return portalError(http.StatusBadRequest, "InvalidRequestException", format, args...)
}

func errForbidden() *wireError {
	return portalError(http.StatusForbidden, "ForbiddenException", "No access")
}

// writeJSONError writes e as the REST-JSON services do.
func writeJSONError(w http.ResponseWriter, e *wireError) {
	body := map[string]string{"__type": e.typ}
	if e.oauth != "" {
		body["error"] = e.oauth
		body["error_description"] = e.msg
	} else {
		body["message"] = e.msg
	}
	w.Header().Set("x-amzn-ErrorType", e.typ)
	writeJSON(w, e.status, body)
}

// writeJSON writes v as a JSON response body with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		// Only our own wire types reach here; a failure is a bug, reported as AWS would.
		status, data = http.StatusInternalServerError, []byte(`{"__type":"InternalServerException","error":"server_error","error_description":"encoding failed"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(status)
	w.Write(data)
}

// stsError is an error in the STS (query protocol) XML shape.
type stsError struct {
	status int
	code   string // SignatureDoesNotMatch, InvalidClientTokenId, ExpiredToken...
	msg    string
}

func (e *stsError) Error() string { return e.code + ": " + e.msg }

func newSTSError(status int, code, format string, args ...any) *stsError {
	return &stsError{status: status, code: code, msg: fmt.Sprintf(format, args...)}
}

const stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"

type stsErrorResponse struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Xmlns     string   `xml:"xmlns,attr"`
	Type      string   `xml:"Error>Type"`
	Code      string   `xml:"Error>Code"`
	Message   string   `xml:"Error>Message"`
	RequestID string   `xml:"RequestId"`
}

// writeSTSError writes e in the STS XML error shape.
func writeSTSError(w http.ResponseWriter, requestID string, e *stsError) {
	typ := "Sender"
	if e.status >= 500 {
		typ = "Receiver"
	}
	writeXML(w, e.status, stsErrorResponse{Xmlns: stsNamespace, Type: typ, Code: e.code, Message: e.msg, RequestID: requestID})
}

// writeXML writes v as an XML response body with status.
func writeXML(w http.ResponseWriter, status int, v any) {
	data, err := xml.Marshal(v)
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code></Error></ErrorResponse>`)
	}
	data = append([]byte(xml.Header), data...)
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(status)
	w.Write(data)
}
