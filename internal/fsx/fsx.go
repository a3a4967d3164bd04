// Package fsx holds the small file-path questions every irislint package
// asks: does a path lie in a folder (and as what relative path), which
// folder up from here holds a marker file (FindUp), and why did a
// file-system call fail, without the path the caller already shows.
package fsx

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Under returns path relative to root, and whether path is root itself or
// lies below it. Both are taken as they are: symbolic links are not
// followed, and relative paths are compared as relative paths.
func Under(root, path string) (rel string, ok bool) {
	rel, err := filepath.Rel(root, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return rel, true
}

// Within reports whether path is root itself or lies below it (see Under).
func Within(root, path string) bool {
	_, ok := Under(root, path)
	return ok
}

// Cause is the error under a *fs.PathError ("no such file or directory"),
// for messages that name the file themselves; other errors are returned as
// they are.
func Cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// FindUp looks for an entry called name in dir and in each folder above
// it, up to and including stop (empty: up to the file-system root; a stop
// that is not above dir is never met), and returns the first folder that
// holds one. Entries are looked at with Lstat: a link called name counts,
// whatever it points to, and is not followed.
func FindUp(dir, stop, name string) (string, bool) {
	dir = filepath.Clean(dir)
	if stop != "" {
		stop = filepath.Clean(stop)
	}
	for {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if dir == stop || parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Abs is p made absolute against dir (p itself, cleaned, when absolute).
func Abs(dir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}

// Shown is p as a message shows it: relative to dir when it lies under it,
// else as it is.
func Shown(dir, p string) string {
	if !filepath.IsAbs(p) {
		return p
	}
	if rel, ok := Under(dir, p); ok {
		return rel
	}
	return p
}
