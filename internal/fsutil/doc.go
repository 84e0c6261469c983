// Package fsutil writes files so that a crash or a concurrent writer never leaves them torn:
// atomic replacement (temp file in the same folder, fsync, rename), private permissions for new
// files and folders, and advisory lock files for read-modify-write cycles across processes. It
// also refuses what another user could use against the user: folders of secrets that are not
// the user's own (CheckPrivateDir) and lock files that are symbolic links.
package fsutil
