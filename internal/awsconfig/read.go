package awsconfig

import (
	"bytes"
	"io"
	"os"
)

// MaxFileSize bounds the config and credentials files awsso reads: 16 MiB holds about 130,000
// profiles, far beyond the largest organisations, while keeping the memory a command needs for
// a file bounded (doctor, the hungriest, needs about twenty times the file's size).
const MaxFileSize = 16 << 20

// ReadFile reads a config or credentials file, refusing one larger than MaxFileSize with a
// *TooLargeError (display is the path as messages show it). A missing file is the fs error.
func ReadFile(path, display string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := int64(0)
	if info, err := f.Stat(); err == nil {
		if info.Size() > MaxFileSize {
			return nil, &TooLargeError{Path: display, Size: info.Size()}
		}
		size = info.Size()
	}
	// A buffer of the file's size (and the room ReadFrom wants to see the end) takes a large
	// config in one read, without copying it while it grows.
	var buf bytes.Buffer
	buf.Grow(int(size) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxFileSize+1)); err != nil {
		return nil, err
	}
	data := buf.Bytes()
	if len(data) > MaxFileSize { // it grew after the stat, or is not a regular file
		return nil, &TooLargeError{Path: display, Size: int64(len(data))}
	}
	return data, nil
}
