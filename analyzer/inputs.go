package analyzer

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/irislint/irislint/internal/fsx"
)

// What a manifest's verdict depends on, besides the files bundling loaded:
// esbuild configures each file's imports from the nearest tsconfig.json (or
// jsconfig.json) up from its folder, through "extends" chains, and reads
// the package.json files of those folders. A lint of a changed tsconfig or
// package.json (pre-commit passes them) must find the manifests it
// affects, and so must a cache.

// configNames are the files in a folder that change how imports in it
// resolve.
var configNames = []string{"tsconfig.json", "jsconfig.json", "package.json"}

// resolutionDirs lists, sorted, the folders of the files read and every
// folder above them up to the workspace root.
func (w *workspace) resolutionDirs(read []string) []string {
	seen := map[string]bool{}
	var dirs []string
	for _, f := range read {
		for d := filepath.Dir(f); fsx.Within(w.root, d) && !seen[d]; d = filepath.Dir(d) {
			seen[d] = true
			dirs = append(dirs, d)
			if d == w.root {
				break
			}
		}
	}
	sort.Strings(dirs)
	return dirs
}

// inputs lists, sorted and without duplicates, the files read and the
// configuration files that apply to them: each folder's tsconfig.json,
// jsconfig.json and package.json from the files' folders up to the root,
// and the files their "extends" chains name inside the workspace.
func (w *workspace) inputs(read []string) []string {
	set := map[string]bool{}
	for _, f := range read {
		set[f] = true
	}
	for _, d := range w.resolutionDirs(read) {
		for _, name := range configNames {
			p := filepath.Join(d, name)
			if fi, err := os.Stat(p); err != nil || !fi.Mode().IsRegular() {
				continue
			}
			set[p] = true
			if name != "package.json" {
				w.extendsChain(p, set, 0)
			}
		}
	}
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// extendsChain adds the workspace files file's "extends" chain names.
func (w *workspace) extendsChain(file string, set map[string]bool, depth int) {
	refs, ok := w.extendsOf(file)
	if !ok || depth > 16 {
		return
	}
	for _, lit := range refs {
		target := lit.value
		if !strings.HasPrefix(target, ".") && !filepath.IsAbs(target) {
			continue // a package in node_modules
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(file), target)
		}
		if _, err := os.Stat(target); err != nil && !strings.HasSuffix(target, ".json") {
			target += ".json"
		}
		if !fsx.Within(w.root, target) || set[target] {
			continue
		}
		if fi, err := os.Stat(target); err == nil && fi.Mode().IsRegular() {
			set[target] = true
			w.extendsChain(target, set, depth+1)
		}
	}
}
