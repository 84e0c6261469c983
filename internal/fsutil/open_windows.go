//go:build windows

package fsutil

// nonBlock is 0: Windows has no named pipes in the file system's folders to wait on.
const nonBlock = 0
