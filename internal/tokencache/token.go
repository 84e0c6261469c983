package tokencache

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/awsso/awsso/internal/cachefile"
)

// Token is a cached IAM Identity Center access token with what is needed to refresh it.
type Token struct {
	StartURL              string
	Region                string
	AccessToken           string
	ExpiresAt             time.Time
	ClientID              string
	ClientSecret          string
	RegistrationExpiresAt time.Time // zero when absent
	RefreshToken          string
	// RefreshRefusedAt is when the service refused to refresh this token (zero when it has
	// not): its sign-in session ended, or it was revoked. It is kept in the file (see
	// refusalKey) so that every process, and every view of the session, knows a login is due.
	RefreshRefusedAt time.Time
	// Extra holds fields written by other tools, kept in order on rewrite.
	Extra cachefile.Object
}

var tokenKeys = []string{"startUrl", "region", "accessToken", "expiresAt", "clientId", "clientSecret", "registrationExpiresAt", "refreshToken", refusalKey}

// object lays the token out in the AWS CLI v2's key order; optional fields are left out when
// empty, as the AWS CLI leaves them out.
func (t *Token) object() cachefile.Object {
	o := cachefile.Object{
		{Key: "startUrl", Value: t.StartURL},
		{Key: "region", Value: t.Region},
		{Key: "accessToken", Value: t.AccessToken},
		{Key: "expiresAt", Value: t.ExpiresAt},
	}
	if t.ClientID != "" {
		o = append(o, cachefile.Field{Key: "clientId", Value: t.ClientID}, cachefile.Field{Key: "clientSecret", Value: t.ClientSecret})
	}
	if !t.RegistrationExpiresAt.IsZero() {
		o = append(o, cachefile.Field{Key: "registrationExpiresAt", Value: t.RegistrationExpiresAt})
	}
	if t.RefreshToken != "" {
		o = append(o, cachefile.Field{Key: "refreshToken", Value: t.RefreshToken})
	}
	if !t.RefreshRefusedAt.IsZero() {
		o = append(o, cachefile.Field{Key: refusalKey, Value: cachefile.Object{
			{Key: "refreshRefusedAt", Value: t.RefreshRefusedAt},
			{Key: "accessTokenHash", Value: tokenHash(t.AccessToken)},
		}})
	}
	return append(o, t.Extra...)
}

func decodeToken(o cachefile.Object) (*Token, error) {
	t := &Token{Extra: o.Without(tokenKeys...)}
	var ok bool
	if t.AccessToken, ok = o.String("accessToken"); !ok || t.AccessToken == "" {
		return nil, errors.New("accessToken is missing")
	}
	var err error
	if t.ExpiresAt, err = o.Time("expiresAt"); err != nil {
		return nil, err
	}
	t.StartURL, _ = o.String("startUrl")
	t.Region, _ = o.String("region")
	t.ClientID, _ = o.String("clientId")
	t.ClientSecret, _ = o.String("clientSecret")
	t.RefreshToken, _ = o.String("refreshToken")
	if o.Get("registrationExpiresAt") != nil {
		if t.RegistrationExpiresAt, err = o.Time("registrationExpiresAt"); err != nil {
			return nil, err
		}
	}
	t.RefreshRefusedAt = refusal(o, t.AccessToken)
	return t, nil
}

// Valid reports whether the access token is still good for at least margin at now.
func (t *Token) Valid(now time.Time, margin time.Duration) bool {
	return now.Add(margin).Before(t.ExpiresAt)
}

// Refreshable reports whether a refresh of the token may work: it carries what a refresh needs
// (a refresh token and a client registration that has not expired at now), and the service has
// not refused it already. Whether the organisation's sign-in session still lasts, which decides
// whether the service grants the refresh, nobody can know without asking.
func (t *Token) Refreshable(now time.Time) bool {
	if t.RefreshToken == "" || t.ClientID == "" || t.ClientSecret == "" || !t.RefreshRefusedAt.IsZero() {
		return false
	}
	return t.RegistrationExpiresAt.IsZero() || now.Before(t.RegistrationExpiresAt)
}

// refusalKey holds awsso's record of a refused refresh in the token file:
//
//	"awsso": {"refreshRefusedAt": "2026-11-23T18:00:00Z", "accessTokenHash": "9f86d081884c7d65"}
//
// One more key in the JSON object is invisible to the AWS CLI, botocore and the SDKs, which
// read the keys they know. The record lives and dies with the token it is about: a sign-in by
// any tool writes a new file without it, and the hash of the access token it was written for
// makes a record stale once the token changes, in case a tool that keeps unknown keys (the Go
// SDK does) refreshed it successfully meanwhile.
const refusalKey = "awsso"

// tokenHash identifies an access token without holding it: 16 hex digits of its SHA-256.
func tokenHash(accessToken string) string {
	sum := sha256.Sum256([]byte(accessToken))
	return hex.EncodeToString(sum[:8])
}

// refusal returns the time of the refusal recorded in o for accessToken, or zero when there is
// none or it was written for another token.
func refusal(o cachefile.Object, accessToken string) time.Time {
	rec, ok := o.Get(refusalKey).(cachefile.Object)
	if !ok {
		return time.Time{}
	}
	if h, _ := rec.String("accessTokenHash"); h != tokenHash(accessToken) {
		return time.Time{}
	}
	at, err := rec.Time("refreshRefusedAt")
	if err != nil {
		return time.Time{}
	}
	return at
}
