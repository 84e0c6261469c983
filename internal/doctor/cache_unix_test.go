//go:build unix

package doctor

import (
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/awsso/awsso/internal/tokencache"
)

// TestCheckCachesNamedPipe: a named pipe in place of a token file is reported as not a file,
// without waiting for a writer that never comes.
func TestCheckCachesNamedPipe(t *testing.T) {
	c := tokencache.Cache{Dir: t.TempDir()}
	creds := t.TempDir()
	for _, dir := range []string{c.Dir, creds} {
		if err := os.Chmod(dir, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(c.TokenPath("corp", ""), 0o600); err != nil {
		t.Fatal(err)
	}
	fs, err := CheckCaches(Caches{Tokens: c, Creds: creds, Now: now,
		Sessions: []CachedSession{{Name: "sso-session corp", Session: "corp", LoginCommand: "awsso login --sso-session corp"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || !strings.HasPrefix(fs[0].Problem, "the file is not a valid cache file (it is a pipe, not a file)") {
		t.Errorf("findings %+v", fs)
	}
}
