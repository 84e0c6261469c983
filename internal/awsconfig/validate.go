package awsconfig

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/awsso/awsso/internal/region"
	"github.com/awsso/awsso/internal/textsafe"
)

// OutputFormats are the values of a profile's output key that the AWS CLI v2 accepts, exactly
// as written (it is case-sensitive).
var OutputFormats = []string{"json", "text", "table", "yaml", "yaml-stream"}

// CheckStartURL returns why s cannot be an AWS access portal URL, or nil: it must be https
// (the portal and the tokens it leads to must never travel in the clear), name a host, and hold
// no user name or password.
func CheckStartURL(s string) error {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return errors.New("it is not a URL")
	case u.Scheme != "https":
		return errors.New("it is not https: the start URL leads to your sign-in, which must never travel unencrypted")
	case u.Host == "" || u.Hostname() == "":
		return errors.New("it names no host")
	case u.User != nil:
		return errors.New("it holds a user name or password, which a start URL never has")
	}
	return nil
}

// ValidAccountID reports whether s is an AWS account id: exactly 12 ASCII digits (leading
// zeros are part of it). Anything else would only earn a 403 from the access portal.
func ValidAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// SameStartURL compares start URLs as users write them: a trailing "/" or "#/" does not matter.
func SameStartURL(a, b string) bool {
	norm := func(s string) string { return strings.TrimSuffix(strings.TrimSuffix(s, "#/"), "/") }
	return norm(a) == norm(b)
}

// RedactURL returns s with the password of its user-info part replaced, for messages that must
// show a refused start URL without the secret in it.
func RedactURL(s string) string {
	if u, err := url.Parse(s); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			return u.Redacted()
		}
	}
	return s
}

// InvalidValueError is a value of the config file that awsso refuses to use.
type InvalidValueError struct {
	Key, Value string
	At         string // "~/.aws/config:4"
	Reason     string
}

func (e *InvalidValueError) Error() string {
	return fmt.Sprintf("%s %s at %s cannot be used: %s", e.Key, textsafe.Quote(e.Value), e.At, e.Reason)
}

// ExitCode is 1: a config error.
func (e *InvalidValueError) ExitCode() int { return exitConfig }

// Hints says what a valid value looks like.
func (e *InvalidValueError) Hints() []string {
	switch e.Key {
	case KeySSORegion:
		return []string{"set sso_region at " + e.At + " to the region of your IAM Identity Center, such as us-east-1"}
	case KeyRegion:
		return []string{"set region at " + e.At + " to the region the profile works in, such as us-east-1"}
	case KeyAccountID:
		return []string{"set sso_account_id at " + e.At + " to the 12-digit id of the account; 'awsso accounts' lists the ones you can reach"}
	}
	return []string{"set sso_start_url at " + e.At + " to your AWS access portal URL, such as https://d-1234567890.awsapps.com/start"}
}

// checkValues refuses a start URL, sso_region or region that cannot be used safely (a region
// becomes part of an endpoint's host name), naming the line that sets it.
func (c *Config) checkValues(props ...Properties) error {
	for _, ps := range props {
		if p := ps.Lookup(KeyStartURL); p != nil && p.Value != "" {
			if err := CheckStartURL(p.Value); err != nil {
				return &InvalidValueError{Key: KeyStartURL, Value: RedactURL(p.Value), At: c.display(p.Loc()), Reason: err.Error()}
			}
		}
		if p := ps.Lookup(KeySSORegion); p != nil && p.Value != "" && !region.ValidName(p.Value) {
			return &InvalidValueError{Key: KeySSORegion, Value: p.Value, At: c.display(p.Loc()), Reason: "it is not an AWS region name"}
		}
		if p := ps.Lookup(KeyRegion); p != nil && p.Value != "" && !region.ValidHostLabel(p.Value) {
			return &InvalidValueError{Key: KeyRegion, Value: p.Value, At: c.display(p.Loc()), Reason: "it is not a region name"}
		}
		if p := ps.Lookup(KeyAccountID); p != nil && p.Value != "" && !ValidAccountID(p.Value) {
			return &InvalidValueError{Key: KeyAccountID, Value: p.Value, At: c.display(p.Loc()), Reason: "an account id is 12 digits"}
		}
	}
	return nil
}
