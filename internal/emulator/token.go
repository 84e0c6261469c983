package emulator

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"slices"
	"time"
)

type createTokenInput struct {
	ClientID     string   `json:"clientId"`
	ClientSecret string   `json:"clientSecret"`
	GrantType    string   `json:"grantType"`
	DeviceCode   string   `json:"deviceCode"`
	Code         string   `json:"code"`
	RefreshToken string   `json:"refreshToken"`
	Scope        []string `json:"scope"`
	RedirectURI  string   `json:"redirectUri"`
	CodeVerifier string   `json:"codeVerifier"`
}

type createTokenOutput struct {
	AccessToken  string `json:"accessToken"`
	TokenType    string `json:"tokenType"`
	ExpiresIn    int64  `json:"expiresIn"`
	RefreshToken string `json:"refreshToken,omitempty"`
}

// authCodeTTL is how long an authorization code can be exchanged.
const authCodeTTL = 5 * time.Minute

// slowDownStep is what RFC 8628 adds to the interval after each slow_down.
const slowDownStep = 5 * time.Second

func (s *Server) handleCreateToken(w http.ResponseWriter, r *http.Request, body []byte) error {
	var in createTokenInput
	if err := decodeJSON(body, &in); err != nil {
		return err
	}
	if in.ClientID == "" || in.ClientSecret == "" || in.GrantType == "" {
		return errInvalidRequest("clientId, clientSecret and grantType are required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, werr := s.authClientLocked(in.ClientID, in.ClientSecret)
	if werr != nil {
		return werr
	}
	for _, sc := range in.Scope {
		if !slices.Contains(c.scopes, sc) {
			return oidcError("InvalidScopeException", "invalid_scope", "scope %q was not registered for this client", truncate(sc, 80))
		}
	}
	var out createTokenOutput
	switch in.GrantType {
	case grantDeviceCode:
		out, werr = s.deviceGrantLocked(c, &in)
	case grantAuthCode:
		out, werr = s.authCodeGrantLocked(c, &in)
	case grantRefreshToken:
		out, werr = s.refreshGrantLocked(c, &in)
	default:
		werr = oidcError("UnsupportedGrantTypeException", "unsupported_grant_type", "grant type %q is not supported", truncate(in.GrantType, 80))
	}
	if werr != nil {
		return werr
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) deviceGrantLocked(c *client, in *createTokenInput) (createTokenOutput, *wireError) {
	if !c.allows(grantDeviceCode) {
		return createTokenOutput{}, errUnauthorizedClient("client is not registered for the device code grant")
	}
	if in.DeviceCode == "" {
		return createTokenOutput{}, errInvalidRequest("deviceCode is required")
	}
	d := s.st.devices[in.DeviceCode]
	if d == nil || d.clientID != c.id {
		return createTokenOutput{}, errInvalidGrant("invalid device code")
	}
	now := s.now()
	if !now.Before(d.expiresAt) {
		return createTokenOutput{}, oidcError("ExpiredTokenException", "expired_token", "device code has expired; start the sign-in again")
	}
	switch d.status {
	case deviceRedeemed:
		return createTokenOutput{}, errInvalidGrant("device code has already been used")
	case deviceDenied:
		return createTokenOutput{}, oidcError("AccessDeniedException", "access_denied", "the user denied the request")
	case devicePending:
		last := d.lastPoll
		d.lastPoll = now
		// Timers never fire early, so a client that waits the interval between polls never
		// lands here; a few milliseconds of slack cover clock granularity.
		if !last.IsZero() && now.Sub(last) < d.interval-10*time.Millisecond {
			d.interval += slowDownStep
			return createTokenOutput{}, oidcError("SlowDownException", "slow_down", "polling too fast: wait %s between requests", d.interval)
		}
		return createTokenOutput{}, oidcError("AuthorizationPendingException", "authorization_pending", "the user has not yet approved the request")
	}
	d.status = deviceRedeemed
	delete(s.st.userCodes, d.userCode)
	return s.issueLocked(c, d.user, nil), nil
}

var verifierRe = lazyRE(`^[A-Za-z0-9._~-]{43,128}$`)

func (s *Server) authCodeGrantLocked(c *client, in *createTokenInput) (createTokenOutput, *wireError) {
	if !c.allows(grantAuthCode) {
		return createTokenOutput{}, errUnauthorizedClient("client is not registered for the authorization_code grant")
	}
	if in.Code == "" || in.RedirectURI == "" || in.CodeVerifier == "" {
		return createTokenOutput{}, errInvalidRequest("code, redirectUri and codeVerifier are required")
	}
	ac := s.st.authCodes[in.Code]
	if ac == nil || ac.clientID != c.id {
		return createTokenOutput{}, errInvalidGrant("invalid authorization code")
	}
	if ac.used {
		// RFC 6749 4.1.2: a code used twice may have been stolen; revoke what it gave.
		if ac.issued != nil {
			ac.issued.revoked = true
		}
		return createTokenOutput{}, errInvalidGrant("authorization code has already been used")
	}
	if !s.now().Before(ac.expiresAt) {
		return createTokenOutput{}, oidcError("ExpiredTokenException", "expired_token", "authorization code has expired; sign in again")
	}
	if in.RedirectURI != ac.redirectURI {
		return createTokenOutput{}, errInvalidGrant("redirectUri does not match the one sent to /authorize")
	}
	if !verifierRe.MatchString(in.CodeVerifier) || !pkceMatches(in.CodeVerifier, ac.challenge) {
		return createTokenOutput{}, errInvalidGrant("code verifier does not match the code challenge")
	}
	ac.used = true
	out := s.issueLocked(c, ac.user, nil)
	ac.issued = s.st.access[out.AccessToken].sess
	return out, nil
}

// pkceMatches checks an S256 code challenge (RFC 7636 4.6).
func pkceMatches(verifier, challenge string) bool {
	sum := sha256.Sum256([]byte(verifier))
	want := base64.RawURLEncoding.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(want), []byte(challenge)) == 1
}

func (s *Server) refreshGrantLocked(c *client, in *createTokenInput) (createTokenOutput, *wireError) {
	if !c.allows(grantRefreshToken) {
		return createTokenOutput{}, errUnauthorizedClient("client is not registered for the refresh_token grant")
	}
	if in.RefreshToken == "" {
		return createTokenOutput{}, errInvalidRequest("refreshToken is required")
	}
	rt := s.st.refresh[in.RefreshToken]
	if rt == nil || rt.clientID != c.id {
		return createTokenOutput{}, errInvalidGrant("invalid refresh token")
	}
	if rt.used {
		return createTokenOutput{}, errInvalidGrant("refresh token has already been used: tokens rotate, use the newest one")
	}
	if !rt.sess.alive(s.now()) {
		return createTokenOutput{}, errInvalidGrant("the session has expired or was revoked; sign in again")
	}
	rt.used = true
	return s.issueLocked(c, rt.sess.user, rt.sess), nil
}

// issueLocked issues an access token (and a refresh token when the client gets them) in sess,
// or in a new session for user when sess is nil.
func (s *Server) issueLocked(c *client, user string, sess *session) createTokenOutput {
	now := s.now()
	if sess == nil {
		sess = &session{user: user, clientID: c.id, scopes: c.scopes, expiresAt: now.Add(s.opts.SessionTTL)}
		s.st.sessions = append(s.st.sessions, sess)
	}
	// A token that cannot be refreshed (a legacy registration, without scopes) lasts the whole
	// session, as with AWS; a refreshable one lasts AccessTokenTTL, within the session.
	expires := sess.expiresAt
	if c.issuesRefreshTokens() && now.Add(s.opts.AccessTokenTTL).Before(expires) {
		expires = now.Add(s.opts.AccessTokenTTL)
	}
	out := createTokenOutput{AccessToken: "aoa" + randomString(120), TokenType: "Bearer", ExpiresIn: int64(expires.Sub(now) / time.Second)}
	s.st.access[out.AccessToken] = &accessToken{sess: sess, expiresAt: expires}
	if c.issuesRefreshTokens() {
		out.RefreshToken = "aor" + randomString(120)
		s.st.refresh[out.RefreshToken] = &refreshToken{sess: sess, clientID: c.id}
	}
	return out
}
