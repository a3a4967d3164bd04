package fsx

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// WriteFile writes data to path through a temporary file in the same
// folder and a rename, so path is never left half written or emptied: it
// holds either its old content or the new. A symbolic link is followed (the
// file it names is replaced, the link stays), and a path that exists but is
// no regular file (/dev/null, /dev/stdout, a FIFO) is written to directly,
// since renaming over it would replace the device itself.
//
// Its error says why in a user's words ("it is a folder", "its folder does
// not exist", "permission denied"), naming neither the temporary file nor
// the path: the caller names the path as the user gave it.
func WriteFile(path string, data []byte) error {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return errors.New("it is a folder")
	case err == nil && !fi.Mode().IsRegular():
		return writeFileInPlace(path, data)
	}
	mode := os.FileMode(0o644)
	if err == nil {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".irislint-*")
	if err != nil {
		return WriteReason(err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename this finds nothing
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return WriteReason(err)
	}
	if err := tmp.Close(); err != nil {
		return WriteReason(err)
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return WriteReason(err)
	}
	return WriteReason(os.Rename(tmp.Name(), path))
}

// writeFileInPlace writes data to a file that is not a regular file.
func writeFileInPlace(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return WriteReason(err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return WriteReason(err)
}

// WriteReason is the reason under a failed write of an output file, without
// the paths the *fs.PathError or *os.LinkError carries (the temporary
// file's), in words for a user. nil stays nil.
func WriteReason(err error) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("its folder does not exist")
	case errors.Is(err, syscall.ENOTDIR):
		return errors.New("a part of its path is a file, not a folder")
	case errors.Is(err, syscall.EISDIR):
		return errors.New("it is a folder")
	}
	return err
}
