// Package fsutil writes files so that a crash or a concurrent writer never leaves them torn:
// atomic replacement (temp file in the same folder, fsync, rename), private permissions for new
// files and folders, and advisory lock files for read-modify-write cycles across processes.
package fsutil
