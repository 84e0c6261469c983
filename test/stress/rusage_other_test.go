//go:build !unix

package stress_test

import "os"

// maxRSS is 0 where the system does not report a finished process's peak memory to Go.
func maxRSS(*os.ProcessState) int64 { return 0 }
