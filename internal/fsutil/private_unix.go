//go:build unix

package fsutil

import (
	"fmt"
	"os"
	"os/user"
	"strconv"
	"syscall"
)

// noFollow makes an open fail on a symbolic link.
const noFollow = syscall.O_NOFOLLOW

func checkPrivateDir(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return nil // missing (created private) or unreadable (the read or write says so)
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if me := os.Geteuid(); int(st.Uid) != me {
		return &UnsafePathError{Path: dir,
			Reason: fmt.Sprintf("it belongs to %s, not to you (%s)", userName(int(st.Uid)), userName(me)),
			Fix:    fmt.Sprintf("move it aside, and awsso makes a private one at the next sign-in: mv %s %s.moved", dir, dir)}
	}
	if info.Mode().Perm()&0o002 != 0 {
		return &UnsafePathError{Path: dir,
			Reason: fmt.Sprintf("every user may write in it (mode %04o)", info.Mode().Perm()),
			Fix:    "make it private: chmod 700 " + dir}
	}
	return nil
}

// userName is "user NAME (uid N)", or "uid N" when the name is unknown.
func userName(uid int) string {
	id := strconv.Itoa(uid)
	if u, err := user.LookupId(id); err == nil {
		return "user " + u.Username + " (uid " + id + ")"
	}
	return "uid " + id
}
