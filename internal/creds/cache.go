package creds

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/awsso/awsso/internal/cachefile"
)

// Credentials are role credentials with their expiry and account.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	Expiration      time.Time
	AccountID       string
}

// Valid reports whether the credentials have more than margin left at now.
func (c *Credentials) Valid(now time.Time, margin time.Duration) bool {
	return now.Add(margin).Before(c.Expiration)
}

// Cache is the AWS CLI's role credential cache folder.
type Cache struct {
	Dir string
}

// DefaultCacheDir is ~/.aws/cli/cache under home.
func DefaultCacheDir(home string) string { return filepath.Join(home, ".aws", "cli", "cache") }

// Key is the file name stem the AWS CLI v2 uses for an SSO role: the sha1 of
// {"accountId","roleName","sessionName"} (or "startUrl" for a legacy profile) as compact sorted
// JSON.
func Key(accountID, roleName, session, startURL string) string {
	args := cachefile.Object{{Key: "roleName", Value: roleName}, {Key: "accountId", Value: accountID}}
	if session != "" {
		args = append(args, cachefile.Field{Key: "sessionName", Value: session})
	} else {
		args = append(args, cachefile.Field{Key: "startUrl", Value: startURL})
	}
	raw, _ := cachefile.PythonSortedJSON(args, ",", ":")
	return cachefile.Key(string(raw))
}

// Path is the cache file of a key.
func (c Cache) Path(key string) string { return filepath.Join(c.Dir, key+".json") }

// Load reads cached credentials in the AWS CLI's layout, of an SSO role or an assumed role (the
// same "Credentials" object). Missing, unreadable or undecodable files return ok == false.
func (c Cache) Load(key string) (creds *Credentials, ok bool) {
	obj, err := cachefile.ReadFile(c.Path(key))
	if err != nil {
		return nil, false
	}
	creds, err = decode(obj)
	return creds, err == nil
}

// Save writes credentials in the AWS CLI v2's layout, 0600, atomically.
func (c Cache) Save(key string, creds *Credentials) error {
	inner := cachefile.Object{
		{Key: "AccessKeyId", Value: creds.AccessKeyID},
		{Key: "SecretAccessKey", Value: creds.SecretAccessKey},
		{Key: "SessionToken", Value: creds.SessionToken},
		{Key: "Expiration", Value: creds.Expiration},
	}
	if creds.AccountID != "" {
		inner = append(inner, cachefile.Field{Key: "AccountId", Value: creds.AccountID})
	}
	return cachefile.WriteFile(c.Path(key), cachefile.Object{{Key: "ProviderType", Value: "sso"}, {Key: "Credentials", Value: inner}})
}

// DeleteSSO removes every cache file whose ProviderType is sso (what logout does), and returns
// how many it removed. Files of other providers (assume-role) stay.
func (c Cache) DeleteSSO() (int, error) {
	entries, err := os.ReadDir(c.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read credential cache: %w", err)
	}
	removed := 0
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".json" {
			continue
		}
		deleted, err := c.deleteIfSSO(filepath.Join(c.Dir, e.Name()))
		if err != nil {
			return removed, err
		}
		if deleted {
			removed++
		}
	}
	return removed, nil
}

// DeleteSSOKey removes the cache file of key when it holds SSO role credentials (what logout
// of one session does for each role its profiles name), and reports whether it did.
func (c Cache) DeleteSSOKey(key string) (bool, error) {
	return c.deleteIfSSO(c.Path(key))
}

// deleteIfSSO removes path when its ProviderType is sso; unreadable files and files of other
// providers stay.
func (c Cache) deleteIfSSO(path string) (bool, error) {
	obj, err := cachefile.ReadFile(path)
	if err != nil {
		return false, nil
	}
	if pt, _ := obj.String("ProviderType"); pt != "sso" {
		return false, nil
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return false, fmt.Errorf("delete cached credentials: %w", err)
	}
	return true, nil
}

func decode(obj cachefile.Object) (*Credentials, error) {
	inner, ok := obj.Get("Credentials").(cachefile.Object)
	if !ok {
		return nil, errors.New("no Credentials object")
	}
	c := &Credentials{}
	var ok1, ok2, ok3 bool
	c.AccessKeyID, ok1 = inner.String("AccessKeyId")
	c.SecretAccessKey, ok2 = inner.String("SecretAccessKey")
	c.SessionToken, ok3 = inner.String("SessionToken")
	if !ok1 || !ok2 || !ok3 || c.AccessKeyID == "" {
		return nil, errors.New("incomplete credentials")
	}
	var err error
	if c.Expiration, err = inner.Time("Expiration"); err != nil {
		return nil, err
	}
	c.AccountID, _ = inner.String("AccountId")
	if user, ok := obj.Get("AssumedRoleUser").(cachefile.Object); ok && c.AccountID == "" {
		arn, _ := user.String("Arn")
		c.AccountID = accountOfARN(arn) // the AWS CLI v2 writes no AccountId for an assumed role
	}
	return c, nil
}
