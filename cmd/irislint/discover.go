package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/irislint/irislint/internal/fsx"
)

// manifestNames are the file names `lint` looks for in folders.
var manifestNames = map[string]bool{
	"iris-app-manifest.ts": true, "iris-app-manifest.mts": true, "iris-app-manifest.cts": true,
	"iris-app-manifest.js": true, "iris-app-manifest.mjs": true, "iris-app-manifest.cjs": true,
	"iris-app-manifest.json": true,
}

// skippedDirs are never searched: dependencies, build output, caches.
var skippedDirs = map[string]bool{"node_modules": true, "dist": true, "tmp": true}

// usageError is a problem with how irislint was called: exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// discover expands the PATH arguments into manifest files: a file is taken
// as it is, whatever its name; a folder is searched for manifests, skipping
// node_modules, dist, tmp and dot-folders. The result is sorted and free of
// duplicates. A PATH that does not exist, or a folder with no manifest, is
// a usageError.
func discover(workDir string, args []string) ([]string, error) {
	if len(args) == 0 {
		args = []string{"."}
	}
	seen := map[string]bool{}
	var files []string
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, arg := range args {
		p := arg
		if !filepath.IsAbs(p) {
			p = filepath.Join(workDir, p)
		}
		fi, err := os.Stat(p)
		if err != nil && errors.Is(err, fs.ErrNotExist) {
			if _, lerr := os.Lstat(p); lerr == nil {
				add(p) // a broken link: Load reports it, with the file's name
				continue
			}
		}
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, &usageError{fmt.Sprintf("%s: no such file or folder", arg)}
			}
			return nil, &usageError{fmt.Sprintf("%s: %v", arg, fsx.Cause(err))}
		}
		if !fi.IsDir() || manifestNames[filepath.Base(p)] {
			add(p) // a folder named like a manifest is reported by Load
			continue
		}
		found := 0
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if path == p {
					return err
				}
				return nil // an unreadable sub-folder holds nothing we can lint
			}
			name := d.Name()
			if d.IsDir() && manifestNames[name] && path != p {
				// a folder named like a manifest: report it rather than pass it by
				add(path)
				found++
				return filepath.SkipDir
			}
			if d.IsDir() {
				if path != p && (skippedDirs[name] || strings.HasPrefix(name, ".")) {
					return filepath.SkipDir
				}
				return nil
			}
			if manifestNames[name] {
				add(path)
				found++
			}
			return nil
		})
		if err != nil {
			return nil, &usageError{fmt.Sprintf("%s: %v", arg, fsx.Cause(err))}
		}
		if found == 0 {
			return nil, &usageError{fmt.Sprintf("%s: no iris-app-manifest.{ts,mts,cts,js,mjs,cjs,json} found in this folder (node_modules, dist, tmp and dot-folders are skipped)", arg)}
		}
	}
	sort.Strings(files)
	return files, nil
}
