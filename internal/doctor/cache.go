package doctor

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/awsso/awsso/internal/cachefile"
	"github.com/awsso/awsso/internal/tokencache"
)

// RegistrationWarning is how close to its expiry a client registration is reported: after it,
// tokens issued to the registration can no longer be refreshed.
const RegistrationWarning = 7 * 24 * time.Hour

// Caches are the cache folders doctor checks, and the sign-ins the config names.
type Caches struct {
	// Tokens is ~/.aws/sso/cache.
	Tokens tokencache.Cache
	// Creds is ~/.aws/cli/cache, the role credential cache.
	Creds string
	// Sessions are the sign-ins of the config, for naming token files and registrations.
	Sessions []CachedSession
	Now      time.Time
}

// CachedSession is one sign-in of the config, as the cache checks need it.
type CachedSession struct {
	Name         string // "sso-session corp", "start URL https://..."
	Session      string // "" for a legacy start URL
	StartURL     string
	Region       string
	Scopes       []string
	LoginCommand string
}

// CheckCaches checks both cache folders: permissions of folders and files, files that are not
// valid JSON, tokens that expired and cannot be refreshed, and client registrations about to
// expire or kept where a sign-in flow cannot use them.
func CheckCaches(c Caches) ([]Finding, error) {
	var out []Finding
	for _, dir := range []struct {
		path, holds, corruptFix string
	}{
		{c.Tokens.Dir, "sign-in tokens", "delete it: the next login writes it again"},
		{c.Creds, "role credentials", "delete it: the next command fetches the credentials again"},
	} {
		fs, err := checkFolder(dir.path, dir.holds, dir.corruptFix)
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
	}
	out = append(out, checkSessions(c)...)
	return out, nil
}

// checkFolder reports a folder or file other users can reach, and files that are not JSON
// objects (the AWS CLI fails on them).
func checkFolder(dir, holds, corruptFix string) ([]Finding, error) {
	st, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return []Finding{{File: dir, Severity: SeverityError, Problem: "cannot read the folder: " + err.Error(),
			Fix: "check its owner and permissions"}}, nil
	}
	var out []Finding
	if open(st.Mode()) {
		// The AWS CLI creates its cache folders with the umask, 0755 or 0775: others may list
		// the hashed file names, worth fixing but no fault while the files are 0600. A folder
		// every user can write is one where anyone could plant or swap a file, and awsso
		// refuses it (fsutil.CheckPrivateDir).
		severity, problem := SeverityNote, "the folder is open to other users"
		if runtime.GOOS != "windows" && st.Mode().Perm()&0o002 != 0 {
			severity, problem = SeverityError, "every user may write in the folder"
		}
		out = append(out, Finding{File: dir, Severity: severity,
			Problem: fmt.Sprintf("%s (mode %04o) and holds %s", problem, st.Mode().Perm(), holds),
			Fix:     "run: chmod 700 " + dir})
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return append(out, Finding{File: dir, Severity: SeverityError, Problem: "cannot list the folder: " + err.Error(),
			Fix: "check its owner and permissions"}), nil
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") { // a folder by that name is reported too
			continue
		}
		path := filepath.Join(dir, e.Name())
		if info, err := e.Info(); err == nil && open(info.Mode()) {
			out = append(out, Finding{File: path, Severity: SeverityError,
				Problem: fmt.Sprintf("the file is open to other users (mode %04o) and holds %s", info.Mode().Perm(), holds),
				Fix:     "run: chmod 600 " + path})
		}
		if _, err := cachefile.ReadFile(path); err != nil {
			problem := "the file cannot be read: " + err.Error()
			var corrupt *cachefile.CorruptError
			if errors.As(err, &corrupt) {
				problem = "the file is not a valid cache file (" + corrupt.Err.Error() + "): awsso reads it as absent, the AWS CLI may fail on it"
			}
			out = append(out, Finding{File: path, Severity: SeverityError, Problem: problem, Fix: corruptFix})
		}
	}
	return out, nil
}

func open(m os.FileMode) bool { return runtime.GOOS != "windows" && m.Perm()&0o077 != 0 }

// checkSessions reports, per sign-in of the config, a token file that is JSON but no token
// (checkFolder reports what is not JSON), a token that expired with no way to refresh it, and
// what checkRegistrations finds.
func checkSessions(c Caches) []Finding {
	var out []Finding
	for _, s := range c.Sessions {
		path := c.Tokens.TokenPath(s.Session, s.StartURL)
		tok, err := c.Tokens.LoadToken(s.Session, s.StartURL)
		var corrupt *cachefile.CorruptError
		if errors.As(err, &corrupt) {
			if _, jsonErr := cachefile.ReadFile(path); jsonErr == nil {
				out = append(out, Finding{File: path, Severity: SeverityError,
					Problem: fmt.Sprintf("the token file of %s is not a usable token (%v): awsso reads it as not logged in", s.Name, corrupt.Err),
					Fix:     "run: " + s.LoginCommand + " (it replaces the file)"})
			}
		}
		if err == nil {
			out = append(out, tokenFindings(s, path, tok, c.Now)...)
		}
		out = append(out, checkRegistrations(c, s)...)
	}
	return out
}

// tokenFindings reports a token that can no longer be refreshed: one the service refused to
// refresh (awsso records the refusal in the token file; the sign-in session ended or was
// revoked), even while it still works, and one that expired with no way to refresh it.
func tokenFindings(s CachedSession, path string, tok *tokencache.Token, now time.Time) []Finding {
	const layout = "2006-01-02 15:04 UTC"
	expiry := "expired at " + tok.ExpiresAt.UTC().Format(layout)
	if tok.Valid(now, 0) {
		expiry = "expires at " + tok.ExpiresAt.UTC().Format(layout)
	}
	switch {
	case !tok.RefreshRefusedAt.IsZero():
		return []Finding{{File: path, Severity: SeverityWarning,
			Problem: fmt.Sprintf("the token of %s %s and cannot be refreshed: the service refused its refresh at %s (the sign-in session ended or was revoked)",
				s.Name, expiry, tok.RefreshRefusedAt.UTC().Format(layout)),
			Fix: "run: " + s.LoginCommand}}
	case !tok.Valid(now, 0) && (s.Session == "" || !tok.Refreshable(now)):
		return []Finding{{File: path, Severity: SeverityWarning,
			Problem: fmt.Sprintf("the token of %s %s and cannot be refreshed", s.Name, expiry),
			Fix:     "run: " + s.LoginCommand}}
	}
	return nil
}
