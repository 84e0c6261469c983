// Package fsutil writes files so that a crash or a concurrent writer never leaves them torn:
// atomic replacement (temp file in the same folder, fsync, rename), private permissions for new
// files and folders, and advisory lock files for read-modify-write cycles across processes. It
// also refuses what another user could use against the user: folders of secrets that are not
// the user's own (CheckPrivateDir) and lock files that are symbolic links; and it never waits on
// what should be a file but is not (OpenRegular): a named pipe in a cache folder reads as
// unreadable instead of blocking the process forever.
//
// Lock files leave nothing behind. The AWS CLI shares the cache folders and reads every *.json
// in ~/.aws/sso/cache, so a lock is a separate "<file>.lock" (never ending in .json), taken with
// flock, which the kernel releases when the process dies. Three schemes were weighed:
//
//   - keep one lock file per cached file for ever: simple and safe, but the folders fill with
//     empty files that users rightly ask about;
//   - one lock per folder, never deleted: nothing accumulates, but a sign-in that waits minutes
//     for a browser would then hold up the refresh of every other session;
//   - a lock file per cached file that its holder deletes: what this package does.
//
// Deleting a locked file races with other lockers: one may have opened the file just before
// the holder deleted it, and then lock a file nobody else can find. So a locker, once it holds
// the lock, checks that the file it locked is still the one at the path (same inode) and starts
// over when it is not; and only a holder deletes the file, just before it unlocks. At any moment
// at most one process holds the lock on the file at the path, which is what excludes writers.
// A killed holder leaves its file, unlocked; the next holder deletes it. (Windows cannot delete a
// file another process has open: there lock files stay, as they did everywhere before.)
//
// The lock guards what is written: a caller that writes through a symbolic link (a config kept
// in a dotfiles repository) locks the resolved file (ResolveLink), so that a process given the
// link and one given the target exclude each other. Cache files are replaced, never followed,
// so their lock is that of the path itself.
//
// What a process has on disk that is not final (temp files being written, locks held) is
// tracked, so that a process that must exit before its command returns (a second Ctrl-C) can
// remove it all (Abandon).
package fsutil
