//go:build unix

package fsx

import (
	"io/fs"
	"os"
	"syscall"
)

// ReadDir reads the folder at path, unsorted (os.File.ReadDir: a link's
// type is a link's). Entries read before an error are returned with it.
//
// It opens the folder itself: os.Open does, for a file the runtime may
// poll, a stat, flag changes and an epoll registration that fails for
// folders, twice the system calls of the read, and a walk of a large
// workspace opens a thousand folders.
func ReadDir(path string) ([]fs.DirEntry, error) {
	fd, err := OpenFD(path, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	f := os.NewFile(uintptr(fd), path) // blocking: not registered with the poller
	defer f.Close()
	return f.ReadDir(-1)
}

// OpenFD opens path with the open system call and flags, again when a
// signal interrupts it: a descriptor without os.Open's set-up for the
// runtime's poller (see ReadDir).
func OpenFD(path string, flags int) (int, error) {
	for {
		fd, err := syscall.Open(path, flags, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}
