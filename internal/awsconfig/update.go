package awsconfig

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/awsso/awsso/internal/fsutil"
)

// Update edits the config or credentials file at path: it takes the file's lock (so concurrent
// awsso processes apply their edits one after the other), reads and parses the file (a missing
// file is empty), calls edit, and when the text changed writes it back atomically, keeping the
// file's mode (a new file gets 0600, new folders 0700). A file with syntax errors is not edited:
// the error names each line. An error from edit is returned as is and nothing is written.
//
// When path is a symbolic link (a config kept in a dotfiles repository), the lock, the read and
// the write are all of the file it points to, so that a process given the link and one given
// the file itself exclude each other. A path that is not a file (a named pipe, such as the
// AWS_CONFIG_FILE=<(...) of process substitution) is read by every command but never written:
// Update refuses it with a *NotAFileError before anything reads from it.
func Update(ctx context.Context, path string, edit func(*Document) error) error {
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return &NotAFileError{Path: path, Kind: fsutil.KindOf(info.Mode())}
	}
	target, err := fsutil.ResolveLink(path)
	if err != nil {
		return err
	}
	lock, err := fsutil.Acquire(ctx, target)
	if err != nil {
		return fmt.Errorf("edit %s: %w", path, err)
	}
	defer lock.Release()
	data, err := ReadFile(target, path)
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
	return fsutil.WriteFile(target, out, fsutil.FileMode)
}

// NotAFileError refuses to write a config or credentials file that is not a file: a named
// pipe, a device, a folder.
type NotAFileError struct {
	Path string
	Kind string // "a pipe"
}

func (e *NotAFileError) Error() string {
	return fmt.Sprintf("%s is %s, not a file: awsso reads it but does not write to it", e.Path, e.Kind)
}

// ExitCode is 1: a problem of the local setup.
func (e *NotAFileError) ExitCode() int { return exitConfig }

// Hints says how to let awsso write.
func (e *NotAFileError) Hints() []string {
	return []string{"point AWS_CONFIG_FILE (or AWS_SHARED_CREDENTIALS_FILE) at a file for commands that change it"}
}
