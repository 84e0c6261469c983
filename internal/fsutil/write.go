package fsutil

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Permissions for what awsso creates: private to the user, as the AWS CLI creates its caches.
const (
	FileMode fs.FileMode = 0o600
	DirMode  fs.FileMode = 0o700
)

// WriteFile replaces the file at path with data atomically: readers see the old content or the
// new, never a mix, and a crash at any moment leaves one of the two. An existing file keeps its
// permission bits; a new one gets perm. Missing parent folders are created with DirMode.
// When path is a symbolic link the file it points to is replaced and the link stays, so a
// config file kept in a dotfiles repository stays linked.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	target, err := ResolveLink(path)
	if err != nil {
		return err
	}
	mode := perm
	if info, err := os.Stat(target); err == nil {
		if !info.Mode().IsRegular() {
			return fmt.Errorf("write %s: %w", target, &NotRegularError{Path: target, Kind: KindOf(info.Mode())})
		}
		mode = info.Mode().Perm()
	}
	return replace(target, data, mode)
}

// WritePrivateFile replaces the file at path with data atomically, always with FileMode, for
// caches that hold secrets. Whatever else is at path is replaced, never followed or opened: a
// symbolic link (a planted link cannot redirect a secret elsewhere), a named pipe, a socket or
// a device, and an empty folder. A folder with something in it is a *NotRegularError: it is
// not awsso's to delete.
func WritePrivateFile(path string, data []byte) error {
	if info, err := os.Lstat(path); err == nil && info.IsDir() {
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("write %s: %w", path, &NotRegularError{Path: path, Kind: "a folder with files in it"})
		}
	}
	return replace(path, data, FileMode)
}

// replace writes data to a temp file beside target, syncs it and renames it over target.
func replace(target string, data []byte, mode fs.FileMode) error {
	busy()
	dir := filepath.Dir(target)
	if err := MkdirAll(dir); err != nil {
		return err
	}
	tmp, err := startTemp(func() (*os.File, error) { return os.CreateTemp(dir, "."+filepath.Base(target)+".tmp-*") })
	if err != nil {
		return fmt.Errorf("write %s: %w", target, err)
	}
	committed := false
	defer func() {
		if !committed {
			tmp.Close()
			finishTemp(tmp.Name(), target, false)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", target, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: %w", target, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", target, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", target, err)
	}
	committed = true // renamed, or removed by finishTemp
	if err := finishTemp(tmp.Name(), target, true); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", target, err)
	}
	syncDir(dir)
	removeStaleTemps(dir, filepath.Base(target))
	return nil
}

// staleAfter is the age at which a temp file is certainly left over by a writer that died
// (kill -9, power loss) rather than one still writing.
const staleAfter = 10 * time.Minute

// removeStaleTemps deletes temp files of target that a killed writer left behind.
func removeStaleTemps(dir, base string) {
	matches, _ := filepath.Glob(filepath.Join(dir, "."+base+".tmp-*"))
	for _, m := range matches {
		if info, err := os.Lstat(m); err == nil && info.Mode().IsRegular() && time.Since(info.ModTime()) > staleAfter {
			os.Remove(m)
		}
	}
}

// MkdirAll creates dir and any missing parents with DirMode. Folders that already exist keep
// their permissions.
func MkdirAll(dir string) error {
	if err := os.MkdirAll(dir, DirMode); err != nil {
		return fmt.Errorf("create folder %s: %w", dir, err)
	}
	return nil
}

// ResolveLink follows path when it is a symbolic link, through any chain of links (relative
// links are taken from the link's folder), and returns path itself otherwise: the file WriteFile
// writes, and so the one a read-modify-write must lock.
func ResolveLink(path string) (string, error) {
	for range 40 {
		info, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) || (err == nil && info.Mode()&fs.ModeSymlink == 0) {
			return path, nil
		}
		if err != nil {
			return "", fmt.Errorf("write %s: %w", path, err)
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return "", fmt.Errorf("write %s: %w", path, err)
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		path = dest
	}
	return "", fmt.Errorf("write %s: too many levels of symbolic links", path)
}

// syncDir flushes the folder entry of a rename to disk. Failure is ignored: some file systems
// cannot sync folders, and the rename has already happened.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
