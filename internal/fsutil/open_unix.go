//go:build unix

package fsutil

import "syscall"

// nonBlock makes an open return at once on a named pipe without a writer (and on devices that
// would wait), so the file's type can be checked before anything waits on it. It changes
// nothing for regular files.
const nonBlock = syscall.O_NONBLOCK
