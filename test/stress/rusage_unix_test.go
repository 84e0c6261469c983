//go:build unix

package stress_test

import (
	"os"
	"runtime"
	"syscall"
)

// maxRSS is the peak resident memory of a finished process, in bytes.
func maxRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return ru.Maxrss // bytes there
	}
	return ru.Maxrss << 10 // KiB on Linux and the BSDs
}
