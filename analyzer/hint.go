package analyzer

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/irislint/irislint/internal/fsx"
)

// An import that does not resolve is often a tsconfig path alias that the
// importing file cannot see: Nx keeps every alias in tsconfig.base.json,
// and esbuild (like tsc) reads only the tsconfig.json nearest the file and
// what it extends. When an app folder has no tsconfig.json extending the
// base, or its own "paths" replace the base's, the alias is invisible and
// esbuild says only `Could not resolve "@acme/lib"`. aliasHint says which
// file defines the alias and what the folder needs.

// Bounds on the search for tsconfig files in a workspace, which may be a
// large monorepo. The search runs only for an import that failed.
const (
	hintMaxFolders = 4000    // folders listed
	hintMaxFiles   = 64      // tsconfig files read
	hintMaxSize    = 1 << 20 // bytes of one tsconfig file
)

// aliasHint is text to append to an unresolved-import problem's message
// ("cannot resolve import \"@acme/lib\"") when the import is a path alias
// that some tsconfig*.json in the workspace defines but the importing
// file's tsconfig does not make visible; "" otherwise.
func aliasHint(p Problem, root string) string {
	if p.Kind != ProblemResolve || p.Pos.File == "" {
		return ""
	}
	spec, ok := strings.CutPrefix(p.Message, `cannot resolve import "`)
	if !ok {
		return ""
	}
	spec, _, ok = strings.Cut(spec, `"`)
	if !ok || spec == "" || strings.HasPrefix(spec, ".") || filepath.IsAbs(spec) {
		return "" // a relative or absolute import is no alias
	}
	dir := filepath.Dir(p.Pos.File)
	if !fsx.Within(root, dir) {
		return ""
	}

	// What the importing file sees: the nearest tsconfig.json, and the
	// "paths" of the first file in its extends chain that has any (a
	// file's "paths" replace those of the files it extends).
	nearest := nearestTsconfig(dir, root)
	chain := extendsChain(nearest, root)
	var effective *tsconfigFile
	for _, f := range chain {
		if f.paths != nil {
			effective = f
			break
		}
	}
	if effective != nil && effective.maps(spec) != "" {
		return "" // visible: the import fails for another reason
	}

	def, alias := findAliasDefinition(root, spec)
	if def == "" {
		return ""
	}
	rel := func(p string) string {
		if r, ok := fsx.Under(root, p); ok {
			return filepath.ToSlash(r)
		}
		return p
	}
	extends := filepath.ToSlash(relPath(dir, def))
	if !strings.HasPrefix(extends, ".") {
		extends = "./" + extends
	}
	what := fmt.Sprintf("%q", alias)
	if alias != spec {
		what = fmt.Sprintf("%q (as %q)", spec, alias)
	}
	head := fmt.Sprintf(": %s defines %s in compilerOptions.paths", rel(def), what)
	switch {
	case nearest == "":
		return fmt.Sprintf(`%s, but no tsconfig.json applies to %s: add %s with "extends": %q`,
			head, rel(dir), rel(filepath.Join(dir, "tsconfig.json")), extends)
	case inChain(chain, def):
		return fmt.Sprintf(`%s, but the "paths" of %s replace it: add the alias there`, head, rel(effective.path))
	default:
		return fmt.Sprintf(`%s, but %s does not extend it: add "extends": %q to it`, head, rel(nearest), extends)
	}
}

func relPath(from, to string) string {
	if r, err := filepath.Rel(from, to); err == nil {
		return r
	}
	return to
}

// tsconfigFile is what aliasHint needs of one tsconfig file.
type tsconfigFile struct {
	path    string
	extends []string        // as written
	paths   map[string]bool // compilerOptions.paths keys; nil when absent
}

// maps returns the paths key that spec matches ("@acme/*" matches
// "@acme/lib"), or "".
func (f *tsconfigFile) maps(spec string) string {
	if f.paths[spec] {
		return spec
	}
	var keys []string
	for k := range f.paths {
		keys = append(keys, k)
	}
	sort.Strings(keys) // one answer, whatever the map order
	for _, k := range keys {
		prefix, suffix, ok := strings.Cut(k, "*")
		if ok && len(spec) >= len(prefix)+len(suffix) && strings.HasPrefix(spec, prefix) && strings.HasSuffix(spec, suffix) {
			return k
		}
	}
	return ""
}

// readTsconfig reads a tsconfig file (JSON with comments and trailing
// commas); nil when it is not a regular file in the workspace (symbolic
// links resolved: the hint quotes nothing from outside), or cannot be read
// or parsed.
func readTsconfig(path, root string) *tsconfigFile {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil
	}
	if realRoot, err := filepath.EvalSymlinks(root); err != nil || !fsx.Within(realRoot, real) {
		return nil
	}
	fi, err := os.Stat(real)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > hintMaxSize {
		return nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var raw struct {
		Extends         json.RawMessage `json:"extends"`
		CompilerOptions struct {
			Paths map[string]json.RawMessage `json:"paths"`
		} `json:"compilerOptions"`
	}
	if json.Unmarshal(stripJSONC(src), &raw) != nil {
		return nil
	}
	f := &tsconfigFile{path: path}
	var one string
	if json.Unmarshal(raw.Extends, &one) == nil && one != "" {
		f.extends = []string{one}
	} else {
		json.Unmarshal(raw.Extends, &f.extends) // TypeScript 5: a list
	}
	if raw.CompilerOptions.Paths != nil {
		f.paths = map[string]bool{}
		for k := range raw.CompilerOptions.Paths {
			f.paths[k] = true
		}
	}
	return f
}

// nearestTsconfig is the tsconfig.json (or jsconfig.json) esbuild uses for
// a file in dir: the first in dir or a folder above it, up to root; "" for
// none.
func nearestTsconfig(dir, root string) string {
	for d := dir; fsx.Within(root, d); d = filepath.Dir(d) {
		for _, name := range []string{"tsconfig.json", "jsconfig.json"} {
			if fi, err := os.Stat(filepath.Join(d, name)); err == nil && fi.Mode().IsRegular() {
				return filepath.Join(d, name)
			}
		}
		if d == root {
			break
		}
	}
	return ""
}

// extendsChain is file followed by what it extends, depth first, for
// extends given as relative paths inside the workspace (a package's
// tsconfig defines no alias of the workspace).
func extendsChain(file, root string) []*tsconfigFile {
	var chain []*tsconfigFile
	seen := map[string]bool{}
	var walk func(path string)
	walk = func(path string) {
		if path == "" || seen[path] || len(seen) >= hintMaxFiles {
			return
		}
		seen[path] = true
		f := readTsconfig(path, root)
		if f == nil {
			return
		}
		chain = append(chain, f)
		for _, ext := range f.extends {
			if !strings.HasPrefix(ext, ".") {
				continue
			}
			target := filepath.Join(filepath.Dir(path), filepath.FromSlash(ext))
			if _, err := os.Stat(target); err != nil && !strings.HasSuffix(target, ".json") {
				target += ".json"
			}
			walk(target)
		}
	}
	walk(file)
	return chain
}

func inChain(chain []*tsconfigFile, path string) bool {
	for _, f := range chain {
		if f.path == path {
			return true
		}
	}
	return false
}

// findAliasDefinition looks for a tsconfig*.json in the workspace whose
// compilerOptions.paths has a key that spec matches, folder by folder from
// the root down (the root's tsconfig.base.json first), skipping
// node_modules, dist, tmp and dot-folders, within the hint bounds. It
// returns the file and the key, or "".
func findAliasDefinition(root, spec string) (file, alias string) {
	queue := []string{root}
	files := 0
	for folders := 0; len(queue) > 0 && folders < hintMaxFolders; folders++ {
		dir := queue[0]
		queue = queue[1:]
		entries, err := os.ReadDir(dir) // sorted by name
		if err != nil {
			continue
		}
		for _, e := range entries {
			name := e.Name()
			switch {
			case e.IsDir():
				if name != "node_modules" && name != "dist" && name != "tmp" && !strings.HasPrefix(name, ".") {
					queue = append(queue, filepath.Join(dir, name))
				}
			case e.Type().IsRegular() && strings.HasPrefix(name, "tsconfig") && strings.HasSuffix(name, ".json"):
				if files++; files > hintMaxFiles {
					return "", ""
				}
				if f := readTsconfig(filepath.Join(dir, name), root); f != nil {
					if k := f.maps(spec); k != "" {
						return f.path, k
					}
				}
			}
		}
	}
	return "", ""
}

// stripJSONC turns JSON with comments and trailing commas, as tsconfig
// files are written, into JSON: comments become spaces and a comma before
// a closing bracket or brace is dropped; strings are left alone.
func stripJSONC(src []byte) []byte {
	out := make([]byte, 0, len(src))
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			end := min(j+1, len(src))
			out = append(out, src[i:end]...)
			i = end - 1
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			out = append(out, '\n')
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(string(src[i+2:]), "*/")
			if end < 0 {
				return out
			}
			i += 2 + end + 1
			out = append(out, ' ')
		case c == ']' || c == '}':
			// drop a trailing comma: the last non-space byte written
			k := len(out) - 1
			for k >= 0 && (out[k] == ' ' || out[k] == '\t' || out[k] == '\n' || out[k] == '\r') {
				k--
			}
			if k >= 0 && out[k] == ',' {
				out = append(out[:k], out[k+1:]...)
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return out
}
