package fsutil

import (
	"fmt"
	"io/fs"
	"os"
)

// NotRegularError reports a path that should be a file but is something else: a named pipe, a
// socket, a device or a folder. Opening a named pipe for reading waits for a writer, forever
// if none comes, so a cache entry of that kind is refused instead of read.
type NotRegularError struct {
	Path string
	Kind string // "a pipe", "a socket", "a device", "a folder"
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a file", e.Path, e.Kind)
}

// KindOf names the kind of a file mode for messages: "a pipe" (named, or anonymous as with
// process substitution), "a folder", "a file".
func KindOf(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a file"
	case m.IsDir():
		return "a folder"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// OpenRegular opens the file at path for reading without ever blocking: the open does not wait
// for the writer of a named pipe (O_NONBLOCK where the system has it), and anything that is not
// a regular file once opened is closed again and reported as a *NotRegularError. Symbolic links
// are followed, so the check applies to what they point to.
func OpenRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		// Some kinds cannot be opened at all (a socket: ENXIO); say what it is.
		if info, serr := os.Stat(path); serr == nil && !info.Mode().IsRegular() {
			return nil, &NotRegularError{Path: path, Kind: KindOf(info.Mode())}
		}
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, &NotRegularError{Path: path, Kind: KindOf(info.Mode())}
	}
	return f, nil
}
