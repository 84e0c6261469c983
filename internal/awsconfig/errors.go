package awsconfig

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/awsso/awsso/internal/shellquote"
)

// exitConfig is the exit code of every error in this package: a usage or config error.
const exitConfig = 1

// SyntaxError is a line of a config or credentials file that breaks the syntax rules.
type SyntaxError struct {
	Location
	Msg string
	Fix string // what to do about it, for doctor

	display string // the file as messages show it ("~/.aws/config"); File when empty
}

func (e *SyntaxError) where() string {
	if e.display != "" {
		return e.display + ":" + strconv.Itoa(e.Line)
	}
	return e.Location.String()
}

func (e *SyntaxError) Error() string { return e.where() + ": " + e.Msg }

// ExitCode is 1: a config error.
func (e *SyntaxError) ExitCode() int { return exitConfig }

// Hints says how to find and fix the line.
func (e *SyntaxError) Hints() []string {
	return []string{"fix line " + strconv.Itoa(e.Line) + " of " + e.displayFile() + "; 'awsso doctor' lists every problem with its fix"}
}

func (e *SyntaxError) displayFile() string {
	if e.display != "" {
		return e.display
	}
	return e.File
}

// SyntaxErrors is every syntax error of a parse, in line order.
type SyntaxErrors []*SyntaxError

func (es SyntaxErrors) Error() string {
	if len(es) == 1 {
		return es[0].Error()
	}
	return fmt.Sprintf("%s (and %d more syntax errors)", es[0].Error(), len(es)-1)
}

// ExitCode is 1: a config error.
func (es SyntaxErrors) ExitCode() int { return exitConfig }

// Hints says how to find and fix the lines: the first error's line, and that doctor lists
// them all. (SyntaxErrors does not unwrap to its errors, whose hints would repeat this one
// for every line.)
func (es SyntaxErrors) Hints() []string { return es[0].Hints() }

// ProfileNotFoundError is a profile that neither file defines.
type ProfileNotFoundError struct {
	Name    string
	Similar []string // defined profiles with a similar name, closest first
	Files   string   // the files searched, as messages show them
}

func (e *ProfileNotFoundError) Error() string {
	return fmt.Sprintf("profile %q not found in %s", e.Name, e.Files)
}

// ExitCode is 1: a config error.
func (e *ProfileNotFoundError) ExitCode() int { return exitConfig }

// Hints suggests close names and how to list or create profiles.
func (e *ProfileNotFoundError) Hints() []string {
	var h []string
	if len(e.Similar) > 0 {
		h = append(h, "did you mean "+quoteList(e.Similar, "or")+"?")
	}
	return append(h, "list profiles with 'awsso profiles'; create one with: awsso configure --profile "+shellquote.POSIX(e.Name))
}

// SessionNotFoundError is an sso-session that the config file does not define, named by a
// profile's sso_session key or by --sso-session.
type SessionNotFoundError struct {
	Profile string // "" when the session was named directly
	Session string
	At      string // where the profile names it ("~/.aws/config:12"), "" when named directly
	Similar []string
}

func (e *SessionNotFoundError) Error() string {
	if e.Profile == "" {
		return fmt.Sprintf("sso-session %q not found: the config file has no [sso-session %s] section", e.Session, e.Session)
	}
	return fmt.Sprintf("profile %q names sso-session %q (%s), but there is no [sso-session %s] section", e.Profile, e.Session, e.At, e.Session)
}

// ExitCode is 1: a config error.
func (e *SessionNotFoundError) ExitCode() int { return exitConfig }

// Hints suggests close names and how to create the session.
func (e *SessionNotFoundError) Hints() []string {
	var h []string
	if len(e.Similar) > 0 {
		h = append(h, "did you mean "+quoteList(e.Similar, "or")+"?")
	}
	return append(h, "add [sso-session "+e.Session+"] with sso_start_url and sso_region, or run 'awsso configure --sso-session "+e.Session+"'")
}

// ConflictError is a key set to different values in a profile and in its sso-session. The SDKs
// and the AWS CLI refuse such a profile.
type ConflictError struct {
	Profile, Session           string
	Key                        string
	ProfileValue, SessionValue string
	ProfileAt, SessionAt       string // "~/.aws/config:4"
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s differs between profile %q (%q at %s) and sso-session %q (%q at %s)",
		e.Key, e.Profile, e.ProfileValue, e.ProfileAt, e.Session, e.SessionValue, e.SessionAt)
}

// ExitCode is 1: a config error.
func (e *ConflictError) ExitCode() int { return exitConfig }

// Hints says which line to change.
func (e *ConflictError) Hints() []string {
	return []string{fmt.Sprintf("delete %s from [profile %s] at %s (the sso-session holds it), or make the two values equal", e.Key, e.Profile, e.ProfileAt)}
}

// MissingKey is a required key that is not set, and the section it belongs in.
type MissingKey struct {
	Key     string
	Section SectionRef
	At      string // the section's header ("~/.aws/config:3"), "" when the section does not exist
}

// MissingKeysError is an SSO profile or sso-session that lacks required keys.
type MissingKeysError struct {
	Profile string // "" when resolving an sso-session directly
	Session string // the sso-session involved, if any
	Missing []MissingKey
}

func (e *MissingKeysError) Error() string {
	what := fmt.Sprintf("profile %q", e.Profile)
	if e.Profile == "" {
		what = fmt.Sprintf("sso-session %q", e.Session)
	}
	parts := make([]string, len(e.Missing))
	for i, m := range e.Missing {
		parts[i] = m.Key
		if m.Section.Name != "" {
			parts[i] += " in [" + m.Section.String() + "]"
		}
		if m.At != "" {
			parts[i] += " (" + m.At + ")"
		}
	}
	return what + " is missing " + joinList(parts, "and")
}

// ExitCode is 1: a config error.
func (e *MissingKeysError) ExitCode() int { return exitConfig }

// Hints says how to add the keys.
func (e *MissingKeysError) Hints() []string {
	if e.Profile == "" {
		return []string{"add the keys to [sso-session " + e.Session + "], or run 'awsso configure sso-session --sso-session " + e.Session + "'"}
	}
	return []string{"add the keys, or run 'awsso configure --profile " + e.Profile + "' to set the profile up"}
}

// Keys returns the names of the missing keys.
func (e *MissingKeysError) Keys() []string {
	keys := make([]string, len(e.Missing))
	for i, m := range e.Missing {
		keys[i] = m.Key
	}
	return keys
}

// NotSSOError is a profile that does not use IAM Identity Center.
type NotSSOError struct {
	Profile string
	At      string   // the profile's header
	Lacks   []string // the keys an SSO profile has and this one does not
}

func (e *NotSSOError) Error() string {
	return fmt.Sprintf("profile %q (%s) does not use IAM Identity Center: it has none of %s", e.Profile, e.At, joinList(e.Lacks, "or"))
}

// ExitCode is 1: a config error.
func (e *NotSSOError) ExitCode() int { return exitConfig }

// Hints says how to make it one.
func (e *NotSSOError) Hints() []string {
	return []string{"run 'awsso configure --profile " + e.Profile + "' to add IAM Identity Center settings, or pick another profile ('awsso profiles' lists them)"}
}

func quoteList(names []string, conj string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return joinList(q, conj)
}

// joinList joins "a", "a and b", "a, b and c".
func joinList(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}

// TooLargeError is a config or credentials file larger than MaxFileSize.
type TooLargeError struct {
	Path string // as messages show it
	Size int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is %.1f MB, more than awsso reads (%d MB)", e.Path, float64(e.Size)/(1<<20), MaxFileSize>>20)
}

// ExitCode is 1: a config error.
func (e *TooLargeError) ExitCode() int { return exitConfig }

// Hints says what to look at.
func (e *TooLargeError) Hints() []string {
	return []string{fmt.Sprintf("a file this large was not written by hand: check what wrote it, and bring it under %d MB", MaxFileSize>>20)}
}
