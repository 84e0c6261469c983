package tokencache

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/awsso/awsso/internal/cachefile"
)

// Grant types of a registration for the authorization code (PKCE) flow.
var PKCEGrantTypes = []string{"authorization_code", "refresh_token"}

// RegistrationArgs identify a client registration, as botocore keys them.
type RegistrationArgs struct {
	StartURL string
	Region   string   // sso_region
	Scopes   []string // nil when the profile sets none
	Session  string   // "" for a legacy profile
}

// RegistrationKey is the file name stem of a registration: the sha1 of
// json.dumps({"region", "scopes", "session_name", "startUrl", "tool": "botocore"}, sort_keys=True).
func RegistrationKey(a RegistrationArgs) string {
	var session any
	if a.Session != "" {
		session = a.Session
	}
	raw, _ := cachefile.PythonSortedJSON(cachefile.Object{
		{Key: "tool", Value: "botocore"},
		{Key: "startUrl", Value: a.StartURL},
		{Key: "region", Value: a.Region},
		{Key: "scopes", Value: a.Scopes},
		{Key: "session_name", Value: session},
	}, ", ", ": ")
	return cachefile.Key(string(raw))
}

// Registration is a cached OIDC client registration.
type Registration struct {
	ClientID     string
	ClientSecret string
	ExpiresAt    time.Time
	Scopes       []string // nil when registered without scopes
	GrantTypes   []string // nil for a device-code registration
	Extra        cachefile.Object
}

// Usable reports whether the registration can be reused at now: more than margin left, and
// every grant type in need registered (a device-code registration has none listed).
func (r *Registration) Usable(now time.Time, margin time.Duration, need []string) bool {
	if !now.Add(margin).Before(r.ExpiresAt) {
		return false
	}
	for _, g := range need {
		if !slices.Contains(r.GrantTypes, g) {
			return false
		}
	}
	return true
}

// RegistrationPath is the path of the registration file for a.
func (c Cache) RegistrationPath(a RegistrationArgs) string {
	return filepath.Join(c.Dir, RegistrationKey(a)+".json")
}

// LoadRegistration reads the registration for a; missing, corrupt or partial files are
// ErrNotFound (register again).
func (c Cache) LoadRegistration(a RegistrationArgs) (*Registration, error) {
	obj, err := cachefile.ReadFile(c.RegistrationPath(a))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, errors.Join(ErrNotFound, err)
	}
	r := &Registration{Extra: obj.Without("clientId", "clientSecret", "expiresAt", "scopes", "grantTypes")}
	var ok1, ok2 bool
	r.ClientID, ok1 = obj.String("clientId")
	r.ClientSecret, ok2 = obj.String("clientSecret")
	if !ok1 || !ok2 {
		return nil, ErrNotFound
	}
	if r.ExpiresAt, err = obj.Time("expiresAt"); err != nil {
		return nil, errors.Join(ErrNotFound, err)
	}
	if r.Scopes, err = obj.Strings("scopes"); err != nil {
		return nil, errors.Join(ErrNotFound, err)
	}
	if r.GrantTypes, err = obj.Strings("grantTypes"); err != nil {
		return nil, errors.Join(ErrNotFound, err)
	}
	return r, nil
}

// SaveRegistration writes the registration for a atomically, 0600, in the AWS CLI's layout:
// clientId, clientSecret, expiresAt, then scopes and grantTypes when present.
func (c Cache) SaveRegistration(a RegistrationArgs, r *Registration) error {
	o := cachefile.Object{
		{Key: "clientId", Value: r.ClientID},
		{Key: "clientSecret", Value: r.ClientSecret},
		{Key: "expiresAt", Value: r.ExpiresAt},
	}
	if len(r.Scopes) > 0 {
		o = append(o, cachefile.Field{Key: "scopes", Value: r.Scopes})
	}
	if len(r.GrantTypes) > 0 {
		o = append(o, cachefile.Field{Key: "grantTypes", Value: r.GrantTypes})
	}
	return cachefile.WriteFile(c.RegistrationPath(a), append(o, r.Extra...))
}
