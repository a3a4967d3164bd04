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
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	f := os.NewFile(uintptr(fd), path) // blocking: not registered with the poller
	defer f.Close()
	return f.ReadDir(-1)
}
