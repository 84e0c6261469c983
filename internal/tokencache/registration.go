package tokencache

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/awsso/awsso/internal/cachefile"
)

// Grant types, as SSO OIDC names them.
const (
	GrantDeviceCode        = "urn:ietf:params:oauth:grant-type:device_code"
	GrantAuthorizationCode = "authorization_code"
	GrantRefreshToken      = "refresh_token"
)

// PKCEGrantTypes are the grant types of a registration for the authorization code (PKCE) flow,
// as the AWS CLI registers them.
var PKCEGrantTypes = []string{GrantAuthorizationCode, GrantRefreshToken}

// Slot names one of the two registration files of a sign-in (see the package doc for why
// there are two).
type Slot int

const (
	// SlotAWSCLI is the AWS CLI's file, named by RegistrationKey: awsso keeps only
	// registrations the device flow can use there, since every AWS CLI reuses what it finds
	// in it and those before 2.22 know only the device flow.
	SlotAWSCLI Slot = iota
	// SlotPKCE is awsso's own file for an authorization code registration, named by
	// PKCERegistrationKey.
	SlotPKCE
)

// RegistrationArgs identify a client registration, as botocore keys them.
type RegistrationArgs struct {
	StartURL string
	Region   string   // sso_region
	Scopes   []string // as configured: nil when the session sets none
	Session  string   // "" for a legacy profile
}

// RegistrationKey is the file name stem of the AWS CLI's registration: the sha1 of
// json.dumps({"region", "scopes", "session_name", "startUrl", "tool": "botocore"}, sort_keys=True).
func RegistrationKey(a RegistrationArgs) string {
	return registrationKey(a, "botocore", nil)
}

// PKCERegistrationKey is the file name stem of awsso's authorization code registration: the
// sha1 of json.dumps({"grantTypes": ["authorization_code", "refresh_token"], "region",
// "scopes", "session_name", "startUrl", "tool": "awsso"}, sort_keys=True), the AWS CLI's key
// with awsso as the tool and the grant types added, so that no version of the AWS CLI reads it.
func PKCERegistrationKey(a RegistrationArgs) string {
	return registrationKey(a, "awsso", PKCEGrantTypes)
}

func registrationKey(a RegistrationArgs, tool string, grants []string) string {
	var session any
	if a.Session != "" {
		session = a.Session
	}
	args := cachefile.Object{
		{Key: "tool", Value: tool},
		{Key: "startUrl", Value: a.StartURL},
		{Key: "region", Value: a.Region},
		{Key: "scopes", Value: a.Scopes},
		{Key: "session_name", Value: session},
	}
	if grants != nil {
		args = append(args, cachefile.Field{Key: "grantTypes", Value: grants})
	}
	raw, _ := cachefile.PythonSortedJSON(args, ", ", ": ")
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

// Allows reports whether the service lets the registration use grant: one registered without
// grant types (the device flow of every AWS CLI) may use the device code and refresh grants,
// one registered with grant types only those.
func (r *Registration) Allows(grant string) bool {
	if len(r.GrantTypes) == 0 {
		return grant == GrantDeviceCode || grant == GrantRefreshToken
	}
	for _, g := range r.GrantTypes {
		if g == grant {
			return true
		}
	}
	return false
}

// Usable reports whether the registration can be reused at now: more than margin left, and
// every grant in need allowed.
func (r *Registration) Usable(now time.Time, margin time.Duration, need ...string) bool {
	if !now.Add(margin).Before(r.ExpiresAt) {
		return false
	}
	for _, g := range need {
		if !r.Allows(g) {
			return false
		}
	}
	return true
}

// RegistrationPath is the path of the registration file for a in slot s.
func (c Cache) RegistrationPath(a RegistrationArgs, s Slot) string {
	key := RegistrationKey(a)
	if s == SlotPKCE {
		key = PKCERegistrationKey(a)
	}
	return filepath.Join(c.Dir, key+".json")
}

// LoadRegistration reads the registration for a in slot s; missing, corrupt or partial files
// are ErrNotFound (register again).
func (c Cache) LoadRegistration(a RegistrationArgs, s Slot) (*Registration, error) {
	obj, err := cachefile.ReadFile(c.RegistrationPath(a, s))
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

// SaveRegistration writes the registration for a in slot s atomically, 0600, in the AWS CLI's
// layout: clientId, clientSecret, expiresAt, then scopes and grantTypes when present.
func (c Cache) SaveRegistration(a RegistrationArgs, s Slot, r *Registration) error {
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
	return cachefile.WriteFile(c.RegistrationPath(a, s), append(o, r.Extra...))
}

// DeleteRegistration removes the registration file for a in slot s if it still holds the
// client clientID, so that a registration another tool wrote in the meantime stays. A missing
// file is not an error.
func (c Cache) DeleteRegistration(a RegistrationArgs, s Slot, clientID string) error {
	now, err := c.LoadRegistration(a, s)
	if err != nil || now.ClientID != clientID {
		return nil
	}
	if err := os.Remove(c.RegistrationPath(a, s)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("delete client registration: %w", err)
	}
	return nil
}
