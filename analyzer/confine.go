package analyzer

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/irislint/irislint/internal/fsx"
)

// workspace keeps bundling inside the workspace root: the manifest is code
// from a repository we do not control, and an import of
// ../../../../home/ci/.ssh/id_rsa, an absolute path or a symlink out must
// be refused before esbuild reads the file, so its content never reaches
// any output.
type workspace struct {
	root     string // as found from the manifest's path
	realRoot string // with symlinks resolved

	// extends holds the "extends" values of each tsconfig read, by path,
	// with the size and time of the file they were read from: a monorepo's
	// apps all extend one tsconfig.base.json, often long (a "paths" line
	// per lib), and scanning it once per manifest costs more than linting.
	extends sync.Map // string -> *extendsEntry
}

func newWorkspace(root string) *workspace {
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		real = root
	}
	return &workspace{root: root, realRoot: real}
}

// contains reports whether path, with symlinks resolved, lies in the root.
func (w *workspace) contains(path string) bool {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return false
	}
	return fsx.Within(w.realRoot, real)
}

// checkImport says why the resolved file at path may not be bundled, or ""
// when it may. Only regular files are read: a FIFO or a device would block
// esbuild or feed it forever.
func (w *workspace) checkImport(spec, path string) string {
	if !w.contains(path) {
		return fmt.Sprintf("import of %q refused: it resolves outside the workspace %s", spec, w.root)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Sprintf("import of %q refused: %v", spec, fsx.Cause(err))
	}
	if !fi.Mode().IsRegular() {
		return fmt.Sprintf("import of %q refused: %s is not a regular file", spec, filepath.Base(path))
	}
	return ""
}

// confine rewrites problems esbuild located outside the workspace (a
// tsconfig "extends" that leads out, say): their message may quote the
// file, so only the file's name is kept, at the manifest's first line.
func (w *workspace) confine(probs []Problem, manifest string) []Problem {
	for i, p := range probs {
		if p.Pos.File == "" || fsx.Within(w.root, p.Pos.File) || w.contains(p.Pos.File) {
			continue
		}
		probs[i] = Problem{
			Kind:    ProblemForbid,
			Message: fmt.Sprintf("bundling reached %s, outside the workspace %s; irislint does not show its content (check tsconfig \"extends\" and paths)", p.Pos.File, w.root),
			Pos:     line1(manifest),
		}
	}
	return probs
}

// checkTsconfigs follows the tsconfig.json "extends" chains that esbuild
// would read for files in dir, from dir up to the root, and refuses one
// that leads outside the workspace before esbuild reads it. The problem
// points at the "extends" value.
func (w *workspace) checkTsconfigs(dir string) *Problem {
	for d := dir; fsx.Within(w.root, d); d = filepath.Dir(d) {
		for _, name := range []string{"tsconfig.json", "jsconfig.json"} {
			if p := w.checkExtends(filepath.Join(d, name), 0); p != nil {
				return p
			}
		}
		if d == w.root {
			break
		}
	}
	return nil
}

func (w *workspace) checkExtends(file string, depth int) *Problem {
	refs, ok := w.extendsOf(file)
	if !ok || depth > 16 {
		return nil // no such tsconfig, or a loop esbuild will report
	}
	for _, lit := range refs {
		target := lit.value
		if !strings.HasPrefix(target, ".") && !filepath.IsAbs(target) {
			continue // a package in node_modules: imports are checked on their own
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(file), target)
		}
		if _, err := os.Stat(target); err != nil && !strings.HasSuffix(target, ".json") {
			target += ".json"
		}
		if !w.contains(target) {
			return &Problem{
				Kind:    ProblemForbid,
				Message: fmt.Sprintf("tsconfig \"extends\" %q refused: it leads outside the workspace %s", lit.value, w.root),
				Pos:     lit.pos,
			}
		}
		if p := w.checkExtends(target, depth+1); p != nil {
			return p
		}
	}
	return nil
}

// extendsArray is the text of the array after "extends", or "".
func extendsArray(text string) string {
	i := strings.Index(text, `"extends"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(text[i:], "]")
	k := strings.Index(text[i:], "[")
	if k < 0 || j < 0 || k > j {
		return ""
	}
	return text[i+k : i+j]
}

type extendsEntry struct {
	size int64
	mod  time.Time
	refs []literal
}

// extendsOf returns the "extends" values in the tsconfig file, or false
// when there is no such regular file.
func (w *workspace) extendsOf(file string) ([]literal, bool) {
	fi, err := os.Stat(file)
	if err != nil || !fi.Mode().IsRegular() {
		return nil, false
	}
	if fi.Size() > int64(parseLimits.bytes) {
		return nil, true // not read: the parse budget refuses it (parselimits.go)
	}
	if e, ok := w.extends.Load(file); ok {
		if e := e.(*extendsEntry); e.size == fi.Size() && e.mod.Equal(fi.ModTime()) {
			return e.refs, true
		}
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, false
	}
	array := extendsArray(string(src))
	var refs []literal
	for _, lit := range scanSource(file, src).literals {
		if lit.key == "extends" || lit.key == "" && strings.Contains(array, `"`+lit.value+`"`) {
			refs = append(refs, lit)
		}
	}
	w.extends.Store(file, &extendsEntry{size: fi.Size(), mod: fi.ModTime(), refs: refs})
	return refs, true
}
