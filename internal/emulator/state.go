package emulator

import (
	"crypto/rand"
	"encoding/base64"
	"time"
)

// state is everything the emulator remembers, guarded by Server.mu. Records are looked up by
// the secret the client presents (client id, device code, token...), as a real service would.
type state struct {
	clients   map[string]*client
	devices   map[string]*deviceAuth // by device code
	userCodes map[string]*deviceAuth // by user code
	authReqs  map[string]*authRequest
	authCodes map[string]*authCode
	sessions  []*session
	access    map[string]*accessToken
	refresh   map[string]*refreshToken
	creds     map[string]*roleCredential // by access key id
	signins   map[string]*signinToken
	tickets   map[string]*ticket
	mfaUsed   map[string]int64 // MFA serial -> the last TOTP counter accepted
}

func newState() state {
	return state{
		clients:   map[string]*client{},
		devices:   map[string]*deviceAuth{},
		userCodes: map[string]*deviceAuth{},
		authReqs:  map[string]*authRequest{},
		authCodes: map[string]*authCode{},
		access:    map[string]*accessToken{},
		refresh:   map[string]*refreshToken{},
		creds:     map[string]*roleCredential{},
		signins:   map[string]*signinToken{},
		tickets:   map[string]*ticket{},
		mfaUsed:   map[string]int64{},
	}
}

// client is an OIDC client registration.
type client struct {
	id, secret, name string
	scopes           []string
	grantTypes       []string
	redirectURIs     []string
	issuerURL        string
	issuedAt         time.Time
	expiresAt        time.Time
}

// allows reports whether the client may use grant. Clients registered without grant types
// (the device flow of botocore and the AWS CLI) may use the device code and refresh grants.
func (c *client) allows(grant string) bool {
	if len(c.grantTypes) == 0 {
		return grant == grantDeviceCode || grant == grantRefreshToken
	}
	for _, g := range c.grantTypes {
		if g == grant {
			return true
		}
	}
	return false
}

// issuesRefreshTokens reports whether tokens for this client come with a refresh token: only
// clients registered with scopes (sso-session configurations) get one, as with AWS, where
// legacy registrations cannot refresh.
func (c *client) issuesRefreshTokens() bool {
	return len(c.scopes) > 0 || (len(c.grantTypes) > 0 && c.allows(grantRefreshToken))
}

type deviceStatus int

const (
	devicePending deviceStatus = iota
	deviceApproved
	deviceDenied
	deviceRedeemed
)

// deviceAuth is one StartDeviceAuthorization.
type deviceAuth struct {
	code, userCode string
	clientID       string
	clientName     string
	expiresAt      time.Time
	interval       time.Duration
	lastPoll       time.Time
	status         deviceStatus
	user           string
}

// authRequest is a GET /authorize waiting for the user to sign in and consent.
type authRequest struct {
	id                            string
	clientID, clientName          string
	redirectURI, state, challenge string
	scopes                        []string
	expiresAt                     time.Time
}

// authCode is an authorization code waiting to be exchanged.
type authCode struct {
	clientID, redirectURI, challenge, user string
	scopes                                 []string
	expiresAt                              time.Time
	used                                   bool
	issued                                 *session // the session its exchange started, revoked on reuse
}

// session is one sign-in: the access and refresh tokens issued from it share its fate.
type session struct {
	user, clientID string
	scopes         []string
	expiresAt      time.Time
	revoked        bool
}

func (s *session) alive(now time.Time) bool { return !s.revoked && now.Before(s.expiresAt) }

type accessToken struct {
	sess      *session
	expiresAt time.Time
}

type refreshToken struct {
	sess     *session
	clientID string
	used     bool
}

// roleCredential is a set of credentials the emulator accepts: role credentials from
// GetRoleCredentials, AssumeRole or AssumeRoleWithWebIdentity, or an IAM user's access key
// (no token; it never expires).
type roleCredential struct {
	accessKeyID, secret, token string
	expiresAt                  time.Time
	accountID, role, user      string // role and user: the role and session names of a role session
	identity
}

// signinToken is a console sign-in token from the federation endpoint.
type signinToken struct {
	cred      *roleCredential
	expiresAt time.Time
}

// ticket carries a signed-in user from a sign-in form to its consent form.
type ticket struct {
	user      string
	device    *deviceAuth  // for the device page
	authReq   *authRequest // for the authorize page
	expiresAt time.Time
}

// randomString returns n random bytes in unpadded base64url.
func randomString(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// randomFrom returns n characters drawn uniformly from alphabet (at most 256 characters).
func randomFrom(alphabet string, n int) string {
	out := make([]byte, 0, n)
	limit := 256 - 256%len(alphabet) // reject the top of the byte range: every character equally likely
	buf := make([]byte, n+n/2+8)
	for len(out) < n {
		rand.Read(buf)
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(out)
}

// userCodeAlphabet has no vowels (no words) and no look-alike characters, as RFC 8628 advises.
const userCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ"

func newUserCode() string {
	c := randomFrom(userCodeAlphabet, 8)
	return c[:4] + "-" + c[4:]
}
