package awsconfig

import (
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
	data, err := readAtMost(f, size, MaxFileSize+1)
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize { // it grew after the stat, or is not a regular file
		return nil, &TooLargeError{Path: display, Size: int64(len(data))}
	}
	return data, nil
}

// readAtMost reads r to its end or to limit bytes, into one buffer sized for the expected
// size (one more byte to see the end), so a large config is not copied while it grows.
func readAtMost(r io.Reader, expected, limit int64) ([]byte, error) {
	data := make([]byte, 0, min(expected, limit)+1)
	for int64(len(data)) < limit {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		room := min(int64(cap(data)), limit) - int64(len(data))
		n, err := r.Read(data[len(data) : int64(len(data))+room])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
	return data, nil
}
