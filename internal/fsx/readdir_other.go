//go:build !unix

package fsx

import (
	"io/fs"
	"os"
)

// ReadDir reads the folder at path, unsorted. Entries read before an
// error are returned with it.
func ReadDir(path string) ([]fs.DirEntry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadDir(-1)
}
