package cachefile

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/awsso/awsso/internal/fsutil"
)

// maxFileSize bounds what a cache read accepts; real cache files are under 4 KiB.
const maxFileSize = 1 << 20

// ErrNotExist reports a cache file that is not there.
var ErrNotExist = fs.ErrNotExist

// CorruptError reports a cache file that exists but cannot be used: not JSON, not an object, a
// required field missing or of the wrong type. Callers treat it as "not cached".
type CorruptError struct {
	Path string
	Err  error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("%s is not a valid cache file: %v", e.Path, e.Err)
}
func (e *CorruptError) Unwrap() error { return e.Err }

// Decode parses data as a JSON object, keeping key order.
func Decode(data []byte) (Object, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeOrdered(dec)
	if err != nil {
		return nil, err
	}
	obj, ok := v.(Object)
	if !ok {
		return nil, errors.New("not a JSON object")
	}
	if _, err := dec.Token(); err == nil {
		return nil, errors.New("data after the JSON object")
	}
	return obj, nil
}

// ReadFile reads and decodes the cache file at path. A missing file is ErrNotExist; a file that
// is not a JSON object, and an entry that is not a file at all (a named pipe, a socket, a
// device, a folder), is a *CorruptError, found without waiting on it; a folder that is not the
// user's own is an *fsutil.UnsafePathError (see fsutil.CheckPrivateDir).
func ReadFile(path string) (Object, error) {
	if err := fsutil.CheckPrivateDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	f, err := fsutil.OpenRegular(path)
	var notFile *fsutil.NotRegularError
	if errors.As(err, &notFile) {
		return nil, &CorruptError{Path: path, Err: errors.New("it is " + notFile.Kind + ", not a file")}
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(f, maxFileSize+1)); err != nil {
		return nil, &CorruptError{Path: path, Err: err}
	}
	if buf.Len() > maxFileSize {
		return nil, &CorruptError{Path: path, Err: errors.New("file too large")}
	}
	obj, err := Decode(buf.Bytes())
	if err != nil {
		return nil, &CorruptError{Path: path, Err: err}
	}
	return obj, nil
}

// WriteFile writes o to path atomically with mode 0600 in a 0700 folder, replacing (never
// following) a symbolic link, and never in a folder that is not the user's own.
func WriteFile(path string, o Object) error {
	if err := fsutil.CheckPrivateDir(filepath.Dir(path)); err != nil {
		return err
	}
	data, err := Marshal(o)
	if err != nil {
		return err
	}
	return fsutil.WritePrivateFile(path, data)
}

// Lock takes the lock that guards the cache file at path (fsutil.Acquire), refusing a folder
// that is not the user's own before creating anything in it. It locks the entry at path, which
// is what WriteFile replaces (a symbolic link there is replaced, never followed); the lock file
// goes when the lock is released.
func Lock(ctx context.Context, path string) (*fsutil.Lock, error) {
	if err := fsutil.CheckPrivateDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	return fsutil.Acquire(ctx, path)
}

// LockWithin is Lock, giving up after wait: a lock another process still holds by then is a
// *BusyError (ctx ending first is ctx's error). When the lock is not free at once, waiting (if
// not nil) hears so before the wait begins, so that a caller can say what it waits for.
func LockWithin(ctx context.Context, path string, wait time.Duration, waiting func()) (*fsutil.Lock, error) {
	if waiting != nil {
		now, cancel := context.WithTimeout(ctx, 0) // one try, no wait
		lock, err := Lock(now, path)
		cancel()
		if err == nil || ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) {
			return lock, err
		}
		waiting()
	}
	lockCtx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	lock, err := Lock(lockCtx, path)
	if err != nil && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		return nil, &BusyError{Path: path, Waited: wait}
	}
	return lock, err
}

// BusyError reports a cache file whose lock another awsso process held for longer than this one
// would wait: most often a sign-in waiting for its browser, or a process that hangs.
type BusyError struct {
	Path   string
	Waited time.Duration
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("another awsso process held the lock of %s for %s (a sign-in waiting for its browser, or a process that hangs)",
		filepath.Base(e.Path), e.Waited.Round(time.Millisecond))
}

// Hints says how to free the lock.
func (e *BusyError) Hints() []string {
	return []string{"finish or stop the other awsso command (see: ps -ef | grep awsso), then try again"}
}

// Get returns the value of key, or nil.
func (o Object) Get(key string) any {
	for _, f := range o {
		if f.Key == key {
			return f.Value
		}
	}
	return nil
}

// String returns the string value of key: ok is false when it is missing or not a string.
func (o Object) String(key string) (string, bool) {
	s, ok := o.Get(key).(string)
	return s, ok
}

// Time returns the time value of key, parsed leniently (see ParseTime).
func (o Object) Time(key string) (time.Time, error) {
	s, ok := o.String(key)
	if !ok {
		return time.Time{}, fmt.Errorf("%s is missing or not a string", key)
	}
	t, err := ParseTime(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %w", key, err)
	}
	return t, nil
}

// Strings returns the string-list value of key (nil when missing or null).
func (o Object) Strings(key string) ([]string, error) {
	switch v := o.Get(key).(type) {
	case nil:
		return nil, nil
	case []any:
		out := make([]string, 0, len(v))
		for _, item := range v {
			s, ok := item.(string)
			if !ok {
				return nil, fmt.Errorf("%s holds a non-string", key)
			}
			out = append(out, s)
		}
		return out, nil
	default:
		return nil, fmt.Errorf("%s is not a list", key)
	}
}

// Without returns the fields of o whose keys are not in known, in order: the fields another tool
// wrote that a rewrite must keep.
func (o Object) Without(known ...string) Object {
	var rest Object
	for _, f := range o {
		keep := true
		for _, k := range known {
			if f.Key == k {
				keep = false
				break
			}
		}
		if keep {
			rest = append(rest, f)
		}
	}
	return rest
}

// timeLayouts are the shapes other tools write: RFC 3339 with or without fractions and with any
// offset, botocore's "%Z" form ending in "UTC", and a bare local-less time taken as UTC.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05UTC",
	"2006-01-02T15:04:05.999999999UTC",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
}

// ParseTime parses a cache timestamp in any of the shapes AWS tools write, returning UTC.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unreadable time %q", s)
}
