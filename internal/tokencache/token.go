package tokencache

import (
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
	// Extra holds fields written by other tools, kept in order on rewrite.
	Extra cachefile.Object
}

var tokenKeys = []string{"startUrl", "region", "accessToken", "expiresAt", "clientId", "clientSecret", "registrationExpiresAt", "refreshToken"}

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
	return t, nil
}

// Valid reports whether the access token is still good for at least margin at now.
func (t *Token) Valid(now time.Time, margin time.Duration) bool {
	return now.Add(margin).Before(t.ExpiresAt)
}

// Refreshable reports whether the token carries what a refresh needs (a refresh token and a
// client registration that has not expired at now).
func (t *Token) Refreshable(now time.Time) bool {
	if t.RefreshToken == "" || t.ClientID == "" || t.ClientSecret == "" {
		return false
	}
	return t.RegistrationExpiresAt.IsZero() || now.Before(t.RegistrationExpiresAt)
}
