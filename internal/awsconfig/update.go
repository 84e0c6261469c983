package awsconfig

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/awsso/awsso/internal/fsutil"
)

// Update edits the config or credentials file at path: it takes the file's lock (so concurrent
// awsso processes apply their edits one after the other), reads and parses the file (a missing
// file is empty), calls edit, and when the text changed writes it back atomically, keeping the
// file's mode (a new file gets 0600, new folders 0700). A file with syntax errors is not edited:
// the error names each line. An error from edit is returned as is and nothing is written.
func Update(ctx context.Context, path string, edit func(*Document) error) error {
	lock, err := fsutil.Acquire(ctx, path)
	if err != nil {
		return fmt.Errorf("edit %s: %w", path, err)
	}
	defer lock.Release()
	data, err := ReadFile(path, path)
	exists := err == nil
	if errors.Is(err, fs.ErrNotExist) {
		err = nil
	}
	var tooLarge *TooLargeError
	if errors.As(err, &tooLarge) {
		return err
	}
	if err != nil {
		return &readError{path: path, err: err}
	}
	doc, err := Parse(path, data)
	if err != nil {
		return err
	}
	if err := edit(doc); err != nil {
		return err
	}
	out := doc.Bytes()
	if exists && bytes.Equal(out, data) {
		return nil
	}
	if !exists && len(out) == 0 {
		return nil
	}
	return fsutil.WriteFile(path, out, fsutil.FileMode)
}
