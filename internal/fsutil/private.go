package fsutil

import "fmt"

// UnsafePathError means awsso refuses a path that holds or guards secrets because another user
// could read, plant or redirect them: a folder another user owns or every user can write in,
// or a lock file that is a symbolic link.
type UnsafePathError struct {
	Path   string
	Reason string // "it belongs to user nobody (uid 65534), not to you (root)"
	Fix    string // the command or step that makes it safe
}

func (e *UnsafePathError) Error() string {
	return fmt.Sprintf("refusing to use %s: %s", e.Path, e.Reason)
}

// ExitCode is 1: a problem of the local setup.
func (e *UnsafePathError) ExitCode() int { return 1 }

// Hints says how to make the path safe.
func (e *UnsafePathError) Hints() []string { return []string{e.Fix} }

// CheckPrivateDir returns an *UnsafePathError when dir, a folder of secrets such as
// ~/.aws/sso/cache, is not the user's own: another user owns it (and could read the files, or
// plant a token that signs the user in to someone else's account), or every user may write in
// it. A folder its group may write in passes: the AWS CLI creates its cache folders with the
// umask, which is 002 for users with a private group. A missing folder passes too (awsso
// creates it 0700), and so does any folder on Windows.
func CheckPrivateDir(dir string) error { return checkPrivateDir(dir) }
