package emulator

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxSkew is how far a request's X-Amz-Date may be from the emulator's clock, as with AWS.
const maxSkew = 15 * time.Minute

// stsForm is the query-protocol request: the form body of a POST, then the query string.
func stsForm(r *http.Request, body []byte) url.Values {
	form := r.URL.Query()
	if r.Method == http.MethodPost {
		if posted, err := url.ParseQuery(string(body)); err == nil {
			for k, v := range posted {
				form[k] = append(v, form[k]...)
			}
		}
	}
	return form
}

// stsAction reads the query-protocol Action from the form body or the query string.
func stsAction(r *http.Request, body []byte) string { return stsForm(r, body).Get("Action") }

type getCallerIdentityResponse struct {
	XMLName   xml.Name `xml:"GetCallerIdentityResponse"`
	Xmlns     string   `xml:"xmlns,attr"`
	Arn       string   `xml:"GetCallerIdentityResult>Arn"`
	UserID    string   `xml:"GetCallerIdentityResult>UserId"`
	Account   string   `xml:"GetCallerIdentityResult>Account"`
	RequestID string   `xml:"ResponseMetadata>RequestId"`
}

// stsActions are the STS operations the emulator serves; the counter names of the others are
// STS:unsupported.
var stsActions = map[string]bool{"GetCallerIdentity": true, "AssumeRole": true, "AssumeRoleWithWebIdentity": true}

// handleSTS serves the STS query protocol: AssumeRoleWithWebIdentity (unsigned, as at AWS),
// and GetCallerIdentity and AssumeRole after checking the SigV4 signature against
// credentials the emulator issued.
func (s *Server) handleSTS(w http.ResponseWriter, r *http.Request, body []byte) error {
	form := stsForm(r, body)
	action := form.Get("Action")
	if action == "AssumeRoleWithWebIdentity" {
		return s.assumeRoleWithWebIdentity(w, form)
	}
	cred, serr := s.verifySigV4(r, body, "sts")
	if serr != nil {
		return serr
	}
	switch action {
	case "GetCallerIdentity":
		writeXML(w, http.StatusOK, getCallerIdentityResponse{
			Xmlns:     stsNamespace,
			Arn:       cred.arn,
			UserID:    cred.userID,
			Account:   cred.accountID,
			RequestID: w.Header().Get("x-amzn-RequestId"),
		})
		return nil
	case "AssumeRole":
		return s.assumeRole(w, cred, form)
	}
	return newSTSError(http.StatusBadRequest, "InvalidAction", "Could not find operation %s for version 2011-06-15", truncate(action, 60))
}

// verifySigV4 authenticates a request signed with role credentials the emulator issued, and
// returns STS's errors for the ways it can fail.
func (s *Server) verifySigV4(r *http.Request, body []byte, service string) (*roleCredential, *stsError) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, newSTSError(http.StatusForbidden, "MissingAuthenticationToken", "Request is missing Authentication Token")
	}
	a, err := parseAuthorization(h)
	if err != nil {
		return nil, newSTSError(http.StatusBadRequest, "IncompleteSignature", "%v", err)
	}
	if a.service != service {
		return nil, newSTSError(http.StatusForbidden, "SignatureDoesNotMatch", "Credential should be scoped to correct service: '%s'.", service)
	}
	s.mu.Lock()
	var c *roleCredential
	if found := s.st.creds[a.accessKeyID]; found != nil {
		copied := *found // ExpireRoleCredentials may change the original
		c = &copied
	}
	s.mu.Unlock()
	if c == nil || subtle.ConstantTimeCompare([]byte(r.Header.Get("X-Amz-Security-Token")), []byte(c.token)) != 1 {
		return nil, newSTSError(http.StatusForbidden, "InvalidClientTokenId", "The security token included in the request is invalid.")
	}
	now := s.now()
	if !now.Before(c.expiresAt) {
		return nil, newSTSError(http.StatusForbidden, "ExpiredToken", "The security token included in the request is expired")
	}
	amzDate := r.Header.Get("X-Amz-Date")
	t, err := time.Parse("20060102T150405Z", amzDate)
	if err != nil || !strings.HasPrefix(amzDate, a.date) {
		return nil, newSTSError(http.StatusBadRequest, "IncompleteSignature", "X-Amz-Date must be yyyymmddThhmmssZ and match the credential scope date")
	}
	if d := now.Sub(t); d > maxSkew || d < -maxSkew {
		return nil, newSTSError(http.StatusForbidden, "SignatureDoesNotMatch", "Signature expired: %s is now earlier than %s (%s - 15 min.)",
			amzDate, now.UTC().Add(-maxSkew).Format("20060102T150405Z"), now.UTC().Format("20060102T150405Z"))
	}
	want := sigv4Signature(r, body, a, amzDate, c.secret)
	if subtle.ConstantTimeCompare([]byte(want), []byte(a.signature)) != 1 {
		return nil, newSTSError(http.StatusForbidden, "SignatureDoesNotMatch",
			"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
	}
	return c, nil
}

// roleSuffix is the stable hex suffix of the IAM role Identity Center creates for a permission
// set in an account (AWSReservedSSO_NAME_0123456789abcdef).
func roleSuffix(accountID, role string) string {
	sum := sha256.Sum256([]byte(accountID + "/" + role))
	return hex.EncodeToString(sum[:8])
}

// assumedRoleARN is the caller ARN of role credentials, as STS reports it.
func assumedRoleARN(accountID, role, user string) string {
	return "arn:aws:sts::" + accountID + ":assumed-role/AWSReservedSSO_" + role + "_" + roleSuffix(accountID, role) + "/" + user
}

// roleID is the unique id of the role (AROA...), the first half of GetCallerIdentity's UserId.
func roleID(accountID, role string) string {
	sum := sha256.Sum256([]byte("role:" + accountID + "/" + role))
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	out := make([]byte, 17)
	for i := range out {
		out[i] = alphabet[sum[i]%32]
	}
	return "AROA" + string(out)
}
