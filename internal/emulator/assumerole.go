package emulator

import (
	"crypto/subtle"
	"encoding/xml"
	"net/http"
	"net/url"
	"time"
)

// The session limits of IAM roles, as AWS sets them.
const (
	defaultRoleDuration = 3600  // DurationSeconds when the request has none; also a new role's maximum
	roleChainingLimit   = 3600  // the longest session of a role assumed with role credentials
	maxRoleDuration     = 43200 // the largest MaxSessionDuration a role can have
)

type credentialsXML struct {
	AccessKeyID     string `xml:"AccessKeyId"`
	SecretAccessKey string `xml:"SecretAccessKey"`
	SessionToken    string `xml:"SessionToken"`
	Expiration      string `xml:"Expiration"`
}

type assumedRoleUserXML struct {
	AssumedRoleID string `xml:"AssumedRoleId"`
	Arn           string `xml:"Arn"`
}

type assumeRoleResponse struct {
	XMLName         xml.Name           `xml:"AssumeRoleResponse"`
	Xmlns           string             `xml:"xmlns,attr"`
	AssumedRoleUser assumedRoleUserXML `xml:"AssumeRoleResult>AssumedRoleUser"`
	Credentials     credentialsXML     `xml:"AssumeRoleResult>Credentials"`
	RequestID       string             `xml:"ResponseMetadata>RequestId"`
}

// assumeRole serves AssumeRole for the holder of caller: trust rules, external id, MFA and
// session duration checked as STS checks them, in STS's words.
func (s *Server) assumeRole(w http.ResponseWriter, caller *roleCredential, form url.Values) error {
	in, serr := decodeAssumeRole(form)
	if serr != nil {
		return serr
	}
	mfa, serr := s.checkMFA(in.serial, in.tokenCode)
	if serr != nil {
		return serr
	}
	role, ra, found := s.findRole(in.roleARN)
	if !found || !role.open && !trusts(role.TrustedPrincipals, caller) || !externalIDMatches(role.ExternalID, in.externalID) || role.MFARequired && !mfa {
		return newSTSError(http.StatusForbidden, "AccessDenied", "User: %s is not authorized to perform: sts:AssumeRole on resource: %s", caller.arn, in.roleARN)
	}
	d, serr := sessionDuration(in.duration, role, caller.roleSession)
	if serr != nil {
		return serr
	}
	c := s.issueRoleSession(in.roleARN, ra, in.sessionName, d)
	writeXML(w, http.StatusOK, assumeRoleResponse{
		Xmlns:           stsNamespace,
		AssumedRoleUser: assumedRoleUserXML{AssumedRoleID: c.userID, Arn: c.arn},
		Credentials:     c.xml(),
		RequestID:       w.Header().Get("x-amzn-RequestId"),
	})
	return nil
}

// findRole returns the role named by arn and its parsed ARN. Without roles in the organisation
// every well-formed role ARN in one of its accounts names an open role.
func (s *Server) findRole(arn string) (Role, parsedRoleARN, bool) {
	ra, ok := parseRoleARN(arn)
	if !ok {
		return Role{}, ra, false
	}
	if len(s.org.Roles) == 0 {
		return Role{ARN: arn, open: true}, ra, s.ix.accounts[ra.account] != nil
	}
	for _, r := range s.org.Roles {
		if r.ARN == arn {
			return r, ra, true
		}
	}
	return Role{}, ra, false
}

func externalIDMatches(want, got string) bool {
	return want == "" || subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

// checkMFA verifies SerialNumber and TokenCode when the request carries them, and reports
// whether it did. Each code is accepted once per device.
func (s *Server) checkMFA(serial, code string) (bool, *stsError) {
	switch {
	case serial == "" && code == "":
		return false, nil
	case serial == "" || code == "":
		return false, newSTSError(http.StatusForbidden, "AccessDenied", "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.")
	}
	var key []byte
	for _, d := range s.org.MFADevices {
		if d.SerialNumber == serial {
			key, _ = totpKey(d.Secret) // validated when the organisation loaded
		}
	}
	if key == nil {
		return false, newSTSError(http.StatusForbidden, "AccessDenied", "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	last, used := s.st.mfaUsed[serial]
	if !used {
		last = -1
	}
	n, ok := totpMatch(key, code, s.now(), last)
	if !ok {
		return false, newSTSError(http.StatusForbidden, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. ")
	}
	s.st.mfaUsed[serial] = n
	return true, nil
}

// sessionDuration is the session length for a request of requested seconds (0: the default
// hour): at most the role's maximum, and at most an hour when role credentials assume a role.
func sessionDuration(requested int, role Role, chained bool) (time.Duration, *stsError) {
	if requested == 0 {
		requested = defaultRoleDuration
	}
	limit := role.MaxSessionDuration
	if limit == 0 {
		limit = defaultRoleDuration
	}
	switch {
	case chained && requested > roleChainingLimit:
		return 0, newSTSError(http.StatusBadRequest, "ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
	case requested > limit:
		return 0, newSTSError(http.StatusBadRequest, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
	}
	return time.Duration(requested) * time.Second, nil
}

// issueRoleSession issues credentials for a session of the role arn (parsed as ra) named
// session, lasting d.
func (s *Server) issueRoleSession(arn string, ra parsedRoleARN, session string, d time.Duration) *roleCredential {
	c := newSessionCredential(s.now().Add(d))
	c.accountID, c.role, c.user = ra.account, ra.name, session
	c.identity = roleSessionIdentity(arn, ra, session)
	s.mu.Lock()
	s.st.creds[c.accessKeyID] = c
	s.mu.Unlock()
	return c
}

// xml is the Credentials element of an AssumeRole* response.
func (c *roleCredential) xml() credentialsXML {
	return credentialsXML{
		AccessKeyID: c.accessKeyID, SecretAccessKey: c.secret, SessionToken: c.token,
		Expiration: c.expiresAt.UTC().Format("2006-01-02T15:04:05Z"),
	}
}
