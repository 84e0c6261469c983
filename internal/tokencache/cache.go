package tokencache

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/fsutil"
)

// ErrNotFound reports that no usable cached token exists: the file is missing, or it is corrupt
// or partial (which a login repairs).
var ErrNotFound = errors.New("no cached token")

// Cache is the token cache folder.
type Cache struct {
	Dir string
}

// DefaultDir returns ~/.aws/sso/cache under home. Like the AWS CLI, it does not move with
// AWS_CONFIG_FILE.
func DefaultDir(home string) string { return filepath.Join(home, ".aws", "sso", "cache") }

// TokenKey is the file name stem of a token: the sha1 of the sso-session name, or of the raw
// start URL for a legacy profile (session == "").
func TokenKey(session, startURL string) string {
	if session != "" {
		return cachefile.Key(session)
	}
	return cachefile.Key(startURL)
}

// TokenPath is the path of the token file for a session (or legacy start URL).
func (c Cache) TokenPath(session, startURL string) string {
	return filepath.Join(c.Dir, TokenKey(session, startURL)+".json")
}

// LoadToken reads the token of a session (or legacy start URL). A missing file is ErrNotFound;
// a corrupt or partial one is an error that wraps both ErrNotFound and a
// *cachefile.CorruptError, so callers treat it as "not logged in" and can still say why.
func (c Cache) LoadToken(session, startURL string) (*Token, error) {
	path := c.TokenPath(session, startURL)
	obj, err := cachefile.ReadFile(path)
	var unsafe *fsutil.UnsafePathError
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, ErrNotFound
	case errors.As(err, &unsafe):
		return nil, err // not "not logged in": a sign-in would be refused the same way
	case err != nil:
		return nil, corrupt(path, err)
	}
	tok, err := decodeToken(obj)
	if err != nil {
		return nil, corrupt(path, &cachefile.CorruptError{Path: path, Err: err})
	}
	return tok, nil
}

// SaveToken writes the token of a session (or legacy start URL) atomically, 0600.
func (c Cache) SaveToken(session, startURL string, t *Token) error {
	return cachefile.WriteFile(c.TokenPath(session, startURL), t.object())
}

// Entry is one file of the cache folder, as found by Scan.
type Entry struct {
	Path  string
	Token *Token // nil when the file is not a token (a registration) or unreadable
	Err   error  // why the file could not be read, if it could not
}

// Scan lists the token files of the folder (files with an accessToken), sorted by path, with
// unreadable files reported in Err. Logout of every session and status use it; single lookups
// compute the file name instead.
func (c Cache) Scan() ([]Entry, error) {
	names, err := os.ReadDir(c.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read token cache: %w", err)
	}
	if err := fsutil.CheckPrivateDir(c.Dir); err != nil {
		return nil, err // another user's tokens are none of ours
	}
	var entries []Entry
	for _, n := range names {
		if n.IsDir() || !strings.HasSuffix(n.Name(), ".json") {
			continue
		}
		path := filepath.Join(c.Dir, n.Name())
		obj, err := cachefile.ReadFile(path)
		if err != nil {
			entries = append(entries, Entry{Path: path, Err: err})
			continue
		}
		if obj.Get("accessToken") == nil {
			continue
		}
		tok, err := decodeToken(obj)
		entries = append(entries, Entry{Path: path, Token: tok, Err: err})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Path < entries[j].Path })
	return entries, nil
}

// corruptTokenError is both ErrNotFound and the underlying *cachefile.CorruptError.
type corruptTokenError struct {
	path string
	err  error
}

func corrupt(path string, err error) error { return &corruptTokenError{path: path, err: err} }

func (e *corruptTokenError) Error() string {
	return fmt.Sprintf("cached token %s is unreadable: %v", e.path, errors.Unwrap(e.err))
}
func (e *corruptTokenError) Unwrap() []error { return []error{ErrNotFound, e.err} }

// Delete removes the file of a Scan entry (a token file the caller may not know the session
// of). A missing file is not an error.
func (c Cache) Delete(e Entry) error {
	err := os.Remove(e.Path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("delete cached token: %w", err)
	}
	return nil
}
