package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/internal/fsx"
)

// ManifestNames are the file names a folder is searched for.
var ManifestNames = []string{
	"iris-app-manifest.ts", "iris-app-manifest.mts", "iris-app-manifest.cts",
	"iris-app-manifest.js", "iris-app-manifest.mjs", "iris-app-manifest.cjs",
	"iris-app-manifest.json",
}

// IsManifestName reports whether a file's name makes it a manifest.
func IsManifestName(path string) bool {
	base := filepath.Base(path)
	for _, n := range ManifestNames {
		if base == n {
			return true
		}
	}
	return false
}

// skippedDirs are never searched: dependencies, build output, caches.
var skippedDirs = map[string]bool{"node_modules": true, "dist": true, "tmp": true}

// UsageError is a run that cannot start as asked: a path that does not
// exist, a folder with no manifest, a configuration that cannot be used.
// The irislint command exits 2 on it.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, args ...any) error {
	return &UsageError{fmt.Sprintf(format, args...)}
}

// targets is what a run's paths ask for.
type targets struct {
	// manifests are the manifests named or found in named folders: every
	// diagnostic of theirs is reported.
	manifests []string
	// changed are files that are not manifests (a lib, a JSON file, a
	// tsconfig, .irislint.yaml): the manifests of their workspace that
	// read them are linted, and only what concerns them is reported.
	changed []string
	// workspace are the manifests of the changed files' workspaces, to be
	// linted to learn which read the changed files.
	workspace []string
}

// discover expands the paths (absolute, or relative to workDir) into
// targets. A path that is neither a file nor a folder, or a folder with no
// manifest, is a UsageError; no
// means the working folder. overlaid reports paths that stand for an
// editor's buffer and need not exist.
func discover(workDir string, paths []string, overlaid func(string) bool, asManifests bool) (targets, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var t targets
	seen := map[string]bool{}
	add := func(list *[]string, p string) {
		if !seen[p] {
			seen[p] = true
			*list = append(*list, p)
		}
	}
	roots := map[string]bool{}
	for _, arg := range paths {
		p := arg
		if !filepath.IsAbs(p) {
			p = filepath.Join(workDir, p)
		}
		p = filepath.Clean(p)
		if overlaid(p) {
			if asManifests || IsManifestName(p) {
				add(&t.manifests, p)
			} else {
				add(&t.changed, p)
				roots[analyzer.WorkspaceRoot(p)] = true
			}
			continue
		}
		fi, err := os.Stat(p)
		if err != nil && errors.Is(err, fs.ErrNotExist) {
			if _, lerr := os.Lstat(p); lerr == nil {
				add(&t.manifests, p) // a broken link: bundling reports it, with the file's name
				continue
			}
		}
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return t, usagef("%s: no such file or folder", arg)
			}
			return t, usagef("%s: %v", arg, fsx.Cause(err))
		}
		switch {
		case fi.IsDir() && IsManifestName(p):
			add(&t.manifests, p) // a folder named like a manifest: bundling reports it
		case fi.IsDir():
			found, err := findManifests(p)
			if err != nil {
				return t, usagef("%s: %v", arg, fsx.Cause(err))
			}
			if len(found) == 0 {
				return t, usagef("%s: no iris-app-manifest.{ts,mts,cts,js,mjs,cjs,json} found in this folder (node_modules, dist, tmp and dot-folders are skipped)", arg)
			}
			for _, m := range found {
				add(&t.manifests, m)
			}
		case asManifests || IsManifestName(p):
			add(&t.manifests, p)
		default:
			add(&t.changed, p)
			roots[analyzer.WorkspaceRoot(p)] = true
		}
	}
	for root := range roots {
		found, err := findManifests(root)
		if err != nil {
			return t, usagef("%s: %v", root, fsx.Cause(err))
		}
		t.workspace = append(t.workspace, found...)
	}
	sort.Strings(t.manifests)
	sort.Strings(t.changed)
	sort.Strings(t.workspace)
	return t, nil
}

// findManifests searches dir for manifests, skipping node_modules, dist,
// tmp and dot-folders; a folder named like a manifest is taken too (it is
// reported, rather than passed by). Links are not followed.
//
// The folders are read in parallel: a walk of a large workspace is
// hundreds of system calls that each wait on the kernel, and in a warm run
// (every verdict cached) the walk is a third of the time.
func findManifests(dir string) ([]string, error) {
	fi, err := os.Lstat(dir)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		if IsManifestName(fi.Name()) {
			return []string{dir}, nil
		}
		return nil, nil
	}
	w := &manifestWalk{slots: make(chan struct{}, 2*runtime.GOMAXPROCS(0))}
	err = w.folder(dir)
	w.pending.Wait()
	if err != nil {
		return nil, err // the folder asked for cannot be read
	}
	sort.Strings(w.found)
	return w.found, nil
}

// manifestWalk is one findManifests: the manifests found so far, and the
// folders being read.
type manifestWalk struct {
	mu      sync.Mutex
	found   []string
	slots   chan struct{} // one per folder read on another goroutine
	pending sync.WaitGroup
}

// folder reads one folder and walks into its sub-folders, each on a
// goroutine of its own while there are free slots (else on this one). The
// error is the folder's own; an unreadable sub-folder holds nothing that
// can be linted.
func (w *manifestWalk) folder(path string) error {
	entries, err := fsx.ReadDir(path) // what could be read is walked, even on an error
	for _, e := range entries {
		name := e.Name()
		child := filepath.Join(path, name)
		switch {
		case IsManifestName(name):
			w.mu.Lock()
			w.found = append(w.found, child)
			w.mu.Unlock()
		case !e.IsDir() || skippedDirs[name] || strings.HasPrefix(name, "."):
		default:
			select {
			case w.slots <- struct{}{}:
				w.pending.Add(1)
				go func() {
					defer func() { <-w.slots; w.pending.Done() }()
					_ = w.folder(child)
				}()
			default:
				_ = w.folder(child)
			}
		}
	}
	return err
}
