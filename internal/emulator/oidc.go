package emulator

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// The OAuth grant types the token endpoint accepts.
const (
	grantDeviceCode   = "urn:ietf:params:oauth:grant-type:device_code"
	grantAuthCode     = "authorization_code"
	grantRefreshToken = "refresh_token"
)

// registrationTTL is how long a client registration lasts, as with AWS.
const registrationTTL = 90 * 24 * time.Hour

// grantName is the short name of a grant type, for counters.
func grantName(g string) string {
	switch g {
	case grantDeviceCode:
		return "device_code"
	case grantAuthCode, grantRefreshToken:
		return g
	}
	return "unsupported"
}

type registerClientInput struct {
	ClientName             string   `json:"clientName"`
	ClientType             string   `json:"clientType"`
	Scopes                 []string `json:"scopes"`
	RedirectURIs           []string `json:"redirectUris"`
	GrantTypes             []string `json:"grantTypes"`
	IssuerURL              string   `json:"issuerUrl"`
	EntitledApplicationArn string   `json:"entitledApplicationArn"`
}

type registerClientOutput struct {
	ClientID              string `json:"clientId"`
	ClientSecret          string `json:"clientSecret"`
	ClientIDIssuedAt      int64  `json:"clientIdIssuedAt"`
	ClientSecretExpiresAt int64  `json:"clientSecretExpiresAt"`
}

var scopeRe = lazyRE(`^(openid|[A-Za-z0-9_.-]+(:[A-Za-z0-9_.*-]+)+)$`)

// decodeJSON decodes a request body; an empty body is an empty object.
func decodeJSON(body []byte, v any) *wireError {
	if len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return errInvalidRequest("malformed request body: %v", err)
	}
	return nil
}

func (s *Server) handleRegisterClient(w http.ResponseWriter, r *http.Request, body []byte) error {
	var in registerClientInput
	if err := decodeJSON(body, &in); err != nil {
		return err
	}
	if err := s.validateRegistration(&in); err != nil {
		return err
	}
	now := s.now()
	c := &client{
		id: randomString(16), secret: randomString(96), name: in.ClientName,
		scopes: in.Scopes, grantTypes: in.GrantTypes, redirectURIs: in.RedirectURIs, issuerURL: in.IssuerURL,
		issuedAt: now, expiresAt: now.Add(registrationTTL),
	}
	s.mu.Lock()
	s.st.clients[c.id] = c
	s.mu.Unlock()
	writeJSON(w, 200, registerClientOutput{
		ClientID: c.id, ClientSecret: c.secret,
		ClientIDIssuedAt: c.issuedAt.Unix(), ClientSecretExpiresAt: c.expiresAt.Unix(),
	})
	return nil
}

// validateRegistration checks a RegisterClient request as Identity Center does: a public
// client, known scopes and grant types, never both the device code and the authorization code
// grant, and for the authorization code grant, loopback redirect URIs and this organisation's
// start URL as issuer.
func (s *Server) validateRegistration(in *registerClientInput) error {
	switch {
	case in.ClientName == "":
		return errInvalidRequest("clientName is required")
	case in.ClientType == "":
		return errInvalidRequest("clientType is required")
	case in.ClientType != "public":
		return oidcError("InvalidClientMetadataException", "invalid_client_metadata", "clientType %q is not supported: use public", truncate(in.ClientType, 40))
	}
	for _, sc := range in.Scopes {
		if !scopeRe.MatchString(sc) {
			return oidcError("InvalidScopeException", "invalid_scope", "invalid scope %q", truncate(sc, 80))
		}
	}
	authCode, device := false, false
	for _, g := range in.GrantTypes {
		switch g {
		case grantAuthCode:
			authCode = true
		case grantDeviceCode:
			device = true
		case grantRefreshToken:
		default:
			return oidcError("UnsupportedGrantTypeException", "unsupported_grant_type", "grant type %q is not supported", truncate(g, 80))
		}
	}
	if authCode && device {
		// Identity Center refuses a client that asks for both sign-in grants (with this
		// exception and no message); a tool that needs both registers one client per grant.
		return oidcError("InvalidScopeException", "invalid_scope", "a client cannot be registered for both the device code and the authorization code grants: register one client per grant")
	}
	for _, u := range in.RedirectURIs {
		if !isLoopbackRedirect(u) {
			return oidcError("InvalidRedirectUriException", "invalid_redirect_uri", "redirect URI %q must be an http loopback URI such as http://127.0.0.1/oauth/callback", truncate(u, 120))
		}
	}
	if authCode {
		if len(in.RedirectURIs) == 0 {
			return oidcError("InvalidRedirectUriException", "invalid_redirect_uri", "redirectUris are required for the authorization_code grant")
		}
		if !sameStartURL(in.IssuerURL, s.startURL) {
			return errInvalidRequest("issuerUrl %q is not this organisation's start URL %s", truncate(in.IssuerURL, 120), s.startURL)
		}
	}
	return nil
}

// isLoopbackRedirect reports whether u is an http URI on a loopback host (RFC 8252 7.3).
func isLoopbackRedirect(u string) bool {
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "http" || p.Fragment != "" || p.User != nil {
		return false
	}
	switch p.Hostname() {
	case "127.0.0.1", "::1", "localhost":
		return true
	}
	return false
}

// redirectMatches reports whether requested matches a registered loopback redirect URI: the
// same scheme, host, path and query, and any port, as RFC 8252 asks of loopback redirects.
func redirectMatches(registered []string, requested string) bool {
	q, err := url.Parse(requested)
	if err != nil || !isLoopbackRedirect(requested) {
		return false
	}
	for _, reg := range registered {
		p, err := url.Parse(reg)
		if err != nil {
			continue
		}
		if p.Scheme == q.Scheme && p.Hostname() == q.Hostname() && p.EscapedPath() == q.EscapedPath() && p.RawQuery == q.RawQuery {
			return true
		}
	}
	return false
}

// authClientLocked authenticates a client by id and secret.
func (s *Server) authClientLocked(id, secret string) (*client, *wireError) {
	c := s.st.clients[id]
	if c == nil || subtle.ConstantTimeCompare([]byte(secret), []byte(c.secret)) != 1 {
		return nil, errInvalidClient("invalid client id or client secret")
	}
	if !s.now().Before(c.expiresAt) {
		return nil, errInvalidClient("client registration has expired; register the client again")
	}
	return c, nil
}

type startDeviceAuthorizationInput struct {
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
	StartURL     string `json:"startUrl"`
}

type startDeviceAuthorizationOutput struct {
	DeviceCode              string `json:"deviceCode"`
	UserCode                string `json:"userCode"`
	VerificationURI         string `json:"verificationUri"`
	VerificationURIComplete string `json:"verificationUriComplete"`
	ExpiresIn               int64  `json:"expiresIn"`
	Interval                int64  `json:"interval"`
}

func (s *Server) handleStartDeviceAuthorization(w http.ResponseWriter, r *http.Request, body []byte) error {
	var in startDeviceAuthorizationInput
	if err := decodeJSON(body, &in); err != nil {
		return err
	}
	if in.ClientID == "" || in.ClientSecret == "" || in.StartURL == "" {
		return errInvalidRequest("clientId, clientSecret and startUrl are required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, werr := s.authClientLocked(in.ClientID, in.ClientSecret)
	if werr != nil {
		return werr
	}
	if !c.allows(grantDeviceCode) {
		return errUnauthorizedClient("client is not registered for the device code grant")
	}
	if !sameStartURL(in.StartURL, s.startURL) {
		return errInvalidRequest("start URL %q is not this organisation's: use %s", truncate(in.StartURL, 120), s.startURL)
	}
	now := s.now()
	d := &deviceAuth{
		code: randomString(64), clientID: c.id, clientName: c.name,
		expiresAt: now.Add(s.opts.DeviceCodeTTL), interval: s.opts.Interval,
	}
	for d.userCode == "" || s.st.userCodes[d.userCode] != nil {
		d.userCode = newUserCode()
	}
	if s.opts.AutoApprove {
		d.status, d.user = deviceApproved, s.DefaultUser().Name
	}
	s.st.devices[d.code] = d
	s.st.userCodes[d.userCode] = d
	base := s.baseURL(r) + "/device"
	writeJSON(w, 200, startDeviceAuthorizationOutput{
		DeviceCode: d.code, UserCode: d.userCode,
		VerificationURI: base, VerificationURIComplete: base + "?user_code=" + url.QueryEscape(d.userCode),
		ExpiresIn: ceilSeconds(s.opts.DeviceCodeTTL), Interval: ceilSeconds(s.opts.Interval),
	})
	return nil
}

// ceilSeconds is d in whole seconds, rounded up and at least 1, for the wire's integer fields.
func ceilSeconds(d time.Duration) int64 {
	return max(1, int64((d+time.Second-1)/time.Second))
}
