package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

type assumeRoleWithWebIdentityResponse struct {
	XMLName         xml.Name           `xml:"AssumeRoleWithWebIdentityResponse"`
	Xmlns           string             `xml:"xmlns,attr"`
	Subject         string             `xml:"AssumeRoleWithWebIdentityResult>SubjectFromWebIdentityToken"`
	Audience        string             `xml:"AssumeRoleWithWebIdentityResult>Audience"`
	AssumedRoleUser assumedRoleUserXML `xml:"AssumeRoleWithWebIdentityResult>AssumedRoleUser"`
	Credentials     credentialsXML     `xml:"AssumeRoleWithWebIdentityResult>Credentials"`
	Provider        string             `xml:"AssumeRoleWithWebIdentityResult>Provider"`
	RequestID       string             `xml:"ResponseMetadata>RequestId"`
}

// assumeRoleWithWebIdentity serves the unsigned AssumeRoleWithWebIdentity: the token must be a
// JWT signed (HS256) by an OIDC provider of the organisation, for one of its audiences, not
// expired, and admitted by the role's web identity trust.
func (s *Server) assumeRoleWithWebIdentity(w http.ResponseWriter, form url.Values) error {
	in, serr := decodeWebIdentity(form)
	if serr != nil {
		return serr
	}
	claims, serr := s.verifyWebIdentityToken(in.token)
	if serr != nil {
		return serr
	}
	role, ra, found := s.findRole(in.roleARN)
	if !found || !role.open && !webIdentityTrusts(role.WebIdentity, claims) {
		return newSTSError(http.StatusForbidden, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
	}
	d, serr := sessionDuration(in.duration, role, false)
	if serr != nil {
		return serr
	}
	c := s.issueRoleSession(in.roleARN, ra, in.sessionName, d)
	writeXML(w, http.StatusOK, assumeRoleWithWebIdentityResponse{
		Xmlns:           stsNamespace,
		Subject:         claims.Subject,
		Audience:        claims.matchedAudience,
		AssumedRoleUser: assumedRoleUserXML{AssumedRoleID: c.userID, Arn: c.arn},
		Credentials:     c.xml(),
		Provider:        claims.Issuer,
		RequestID:       w.Header().Get("x-amzn-RequestId"),
	})
	return nil
}

func webIdentityTrusts(rules []WebIdentityTrust, c *jwtClaims) bool {
	for _, r := range rules {
		if r.Provider == c.Issuer && (r.Subject == "" || globMatch(r.Subject, c.Subject)) {
			return true
		}
	}
	return false
}

// jwtClaims are the claims of a web identity token the emulator reads.
type jwtClaims struct {
	Issuer    string    `json:"iss"`
	Subject   string    `json:"sub"`
	Audience  audiences `json:"aud"`
	ExpiresAt *float64  `json:"exp"`

	matchedAudience string
}

// audiences is a JWT aud claim: one string or a list of them.
type audiences []string

func (a *audiences) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*a = audiences{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New("aud must be a string or a list of strings")
	}
	*a = many
	return nil
}

// parseJWT splits a compact JWS and decodes its header and claims, without verifying it.
func parseJWT(token string) (alg string, claims *jwtClaims, signed string, sig []byte, err error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", nil, "", nil, errors.New("not three dot-separated parts")
	}
	var header struct {
		Alg string `json:"alg"`
	}
	claims = &jwtClaims{}
	for i, into := range []any{&header, claims} {
		raw, derr := base64.RawURLEncoding.DecodeString(parts[i])
		if derr != nil {
			return "", nil, "", nil, derr
		}
		if jerr := json.Unmarshal(raw, into); jerr != nil {
			return "", nil, "", nil, jerr
		}
	}
	if sig, err = base64.RawURLEncoding.DecodeString(parts[2]); err != nil {
		return "", nil, "", nil, err
	}
	if claims.Issuer == "" || claims.Subject == "" || len(claims.Audience) == 0 || claims.ExpiresAt == nil {
		return "", nil, "", nil, errors.New("iss, sub, aud and exp are required")
	}
	return header.Alg, claims, parts[0] + "." + parts[1], sig, nil
}

// verifyWebIdentityToken checks a web identity token and returns its claims, or the error STS
// returns for it.
func (s *Server) verifyWebIdentityToken(token string) (*jwtClaims, *stsError) {
	invalid := func(format string, args ...any) *stsError {
		return newSTSError(http.StatusBadRequest, "InvalidIdentityToken", format, args...)
	}
	alg, claims, signed, sig, err := parseJWT(token)
	if err != nil {
		return nil, invalid("The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)")
	}
	p := s.oidcProvider(claims.Issuer)
	if p == nil {
		return nil, invalid("No OpenIDConnect provider found in your account for %s", truncate(claims.Issuer, 200))
	}
	if alg != "HS256" || !hmac.Equal(sig, hs256(p.Secret, signed)) {
		return nil, invalid("Couldn't verify the signature of the token with the key of %s (the emulator accepts HS256 tokens signed with the provider's secret)", p.URL)
	}
	for _, aud := range providerAudiences(p) {
		if slices.Contains(claims.Audience, aud) {
			claims.matchedAudience = aud
		}
	}
	if claims.matchedAudience == "" {
		return nil, invalid("Incorrect token audience")
	}
	now := s.now()
	if exp := *claims.ExpiresAt; math.IsNaN(exp) || float64(now.Unix()) >= exp {
		return nil, newSTSError(http.StatusBadRequest, "ExpiredTokenException", "Token expired: current date/time %d must be before the expiration date/time %d", now.Unix(), int64(exp))
	}
	return claims, nil
}

func (s *Server) oidcProvider(issuer string) *OIDCProvider {
	for i := range s.org.OIDCProviders {
		if s.org.OIDCProviders[i].URL == issuer {
			return &s.org.OIDCProviders[i]
		}
	}
	return nil
}

func providerAudiences(p *OIDCProvider) []string {
	if len(p.Audiences) == 0 {
		return []string{defaultAudience}
	}
	return p.Audiences
}

func hs256(secret, signed string) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(signed))
	return m.Sum(nil)
}

// WebIdentityClaims are the claims of a token WebIdentityToken signs. Empty fields get
// defaults: the organisation's first OIDC provider, its first audience, subject "awsso", an
// hour of validity.
type WebIdentityClaims struct {
	Issuer    string
	Audience  string
	Subject   string
	ExpiresAt time.Time
}

// WebIdentityToken returns a JWT that AssumeRoleWithWebIdentity accepts (or rejects, for an
// expiry in the past or an audience the provider does not list), signed with the secret of
// the provider named by Issuer, for tests of web_identity_token_file profiles.
func (s *Server) WebIdentityToken(c WebIdentityClaims) (string, error) {
	if c.Issuer == "" && len(s.org.OIDCProviders) > 0 {
		c.Issuer = s.org.OIDCProviders[0].URL
	}
	p := s.oidcProvider(c.Issuer)
	if p == nil {
		return "", fmt.Errorf("emulator: no OIDC provider %q in the organisation", c.Issuer)
	}
	if c.Audience == "" {
		c.Audience = providerAudiences(p)[0]
	}
	if c.Subject == "" {
		c.Subject = "awsso"
	}
	if c.ExpiresAt.IsZero() {
		c.ExpiresAt = s.now().Add(time.Hour)
	}
	header, _ := json.Marshal(map[string]string{"alg": "HS256", "typ": "JWT"})
	payload, _ := json.Marshal(map[string]any{"iss": c.Issuer, "sub": c.Subject, "aud": c.Audience, "iat": s.now().Unix(), "exp": c.ExpiresAt.Unix()})
	signed := base64.RawURLEncoding.EncodeToString(header) + "." + base64.RawURLEncoding.EncodeToString(payload)
	return signed + "." + base64.RawURLEncoding.EncodeToString(hs256(p.Secret, signed)), nil
}

// adminWebIdentityToken serves POST /_emulator/web-identity-token: {"iss", "aud", "sub",
// "expiresIn" (seconds, negative for a token that has expired)}, every key optional, answered
// with {"token": JWT}.
func (s *Server) adminWebIdentityToken(w http.ResponseWriter, body []byte) error {
	var in struct {
		Iss, Aud, Sub string
		ExpiresIn     *int64 `json:"expiresIn"`
	}
	if len(body) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			return errInvalidRequest(`body must be {"iss": url, "aud": audience, "sub": subject, "expiresIn": seconds}`)
		}
	}
	c := WebIdentityClaims{Issuer: in.Iss, Audience: in.Aud, Subject: in.Sub}
	if in.ExpiresIn != nil {
		c.ExpiresAt = s.now().Add(time.Duration(*in.ExpiresIn) * time.Second)
	}
	token, err := s.WebIdentityToken(c)
	if err != nil {
		return errInvalidRequest("%v", err)
	}
	writeJSON(w, http.StatusOK, map[string]string{"token": token})
	return nil
}
