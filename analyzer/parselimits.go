package analyzer

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/internal/source"
)

// parseLimits bound what one esbuild build parses, and what goja compiles:
// depth for each file (and the bundle), the rest for all the files of one
// build together (and the bundle). Real code stays far below: the deepest
// of 5,866 real files measured (ace.js, 370 KB minified) nests 142 deep
// and costs 20.7 million work units; most nest under 25. README's Security
// section gives what each bound costs the parsers at its value.
var parseLimits = shapeLimits{
	depth:  1000,
	work:   40_000_000,
	tokens: 500_000,
	bytes:  12 << 20, // one file
}

// buildBytesLimit bounds the bytes of all the files one build reads.
const buildBytesLimit = 24 << 20

// parseBudget is what one esbuild build may still parse: every file the
// build loads, and every package.json and tsconfig.json its resolver
// reads, is measured against it before esbuild parses it. esbuild loads
// files in parallel; the budget measures one at a time.
type parseBudget struct {
	ws     *workspace
	files  *source.Set // the run's files: configuration files are read once a run
	mu     sync.Mutex
	work   int64
	tokens int
	bytes  int
	dirs   map[string]bool // folders and files whose configuration was measured (and the folders' parents)
}

func newParseBudget(ws *workspace, files *source.Set) *parseBudget {
	return &parseBudget{ws: ws, files: files, dirs: map[string]bool{}}
}

// admit measures src, the content of file, before esbuild parses it as
// lang; a refusal is a Problem at the line where a bound is crossed.
func (b *parseBudget) admit(file string, src []byte, lang shapeLang) *Problem {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.admitLocked(file, src, lang, true)
}

// admitLocked is admit with b.mu held; parse false counts the bytes of a
// file esbuild reads without parsing (a text file).
func (b *parseBudget) admitLocked(file string, src []byte, lang shapeLang, parse bool) *Problem {
	if len(src) > parseLimits.bytes {
		return tooBig(file, int64(len(src)))
	}
	if b.bytes+len(src) > buildBytesLimit {
		return &Problem{Kind: ProblemTooComplex, Pos: line1(file), Message: fmt.Sprintf(
			"the manifest and the files it imports are over %d MiB together with this one, more than irislint reads: it is not parsed", buildBytesLimit>>20)}
	}
	b.bytes += len(src)
	if !parse {
		return nil
	}
	lim := parseLimits
	lim.work -= b.work
	lim.tokens -= b.tokens
	st, issue := measureShape(src, lang, lim)
	b.work += st.work
	b.tokens += st.tokens
	if issue != nil {
		// name the bound, not what was left of it
		switch issue.limit {
		case "work":
			issue.bound = parseLimits.work
		case "tokens":
			issue.bound = int64(parseLimits.tokens)
		}
		p := shapeProblem(issue, file, src, "")
		return &p
	}
	return nil
}

// tooBig refuses a file over the bytes bound.
func tooBig(file string, size int64) *Problem {
	return &Problem{Kind: ProblemTooComplex, Pos: line1(file), Message: fmt.Sprintf(
		"this file is %s bytes, over the %d MiB irislint reads of one file: it is not parsed", thousands(size), parseLimits.bytes>>20)}
}

// tooBigAt is tooBig for the file at path, which the run's Set refused
// unread as too large: its size is asked of the file system.
func tooBigAt(path string) *Problem {
	size := int64(source.MaxFileSize) + 1
	if fi, err := os.Stat(path); err == nil {
		size = fi.Size()
	}
	return tooBig(path, size)
}

// shapeProblem describes the bound a source crossed, at the line where it
// crossed it. what names the source when it is not a file of the workspace
// (the bundle).
func shapeProblem(issue *shapeIssue, file string, src []byte, what string) Problem {
	var msg string
	switch issue.limit {
	case "depth":
		msg = fmt.Sprintf("this line nests deeper than the %d levels irislint's parsers allow (brackets, operators and statements counted together): flatten it or split it into smaller pieces", issue.bound)
	case "work":
		msg = fmt.Sprintf("the manifest and the files it imports need more parsing work than the %s units irislint allows (long chains of operators, nesting times size), and this line crosses the bound: split long expressions, or import less code", thousands(issue.bound))
	case "tokens":
		msg = fmt.Sprintf("the manifest and the files it imports hold more than the %s tokens irislint parses, and this line crosses the bound: import less code", thousands(issue.bound))
	case "ambiguity":
		msg = "irislint cannot tell which `/` on this line start regular expressions and which divide: add parentheses or semicolons"
	default:
		msg = fmt.Sprintf("over the %s bound of %s", issue.limit, thousands(issue.bound))
	}
	if what != "" {
		msg = what + ": " + msg
	}
	pos := line1(file)
	if src != nil {
		pos = offsetPosition(file, src, issue.off)
	}
	return Problem{Kind: ProblemTooComplex, Message: msg, Pos: pos}
}

// offsetPosition is the position of byte offset off in src, lines and
// columns counted as everywhere else in irislint (internal/source).
func offsetPosition(file string, src []byte, off int) Position {
	line, col := source.New(file, src).Position(min(off, len(src)))
	return Position{File: file, Line: line, Column: col, EndLine: line, EndColumn: col + 1}
}

// thousands formats n with commas: 40,000,000.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// refusal is a Problem as esbuild carries a plugin's error: problemsFromMessages
// takes it back out of Detail.
func refusal(p *Problem) []api.Message {
	return []api.Message{{Text: p.Message, Detail: *p}}
}

// sourceLang is the syntax esbuild parses a file of the workspace in, by
// its name (the loader bundle.go gives it), and whether it parses it at all.
func sourceLang(path string) (shapeLang, bool) {
	return langOf(loaders[strings.ToLower(filepath.Ext(path))])
}

// langOf is the syntax esbuild parses with loader, and whether the loader
// parses at all (CSS loads empty, text is a string).
func langOf(loader api.Loader) (shapeLang, bool) {
	switch loader {
	case api.LoaderJS:
		return langJS, true
	case api.LoaderJSX:
		return langJSX, true
	case api.LoaderTS:
		return langTS, true
	case api.LoaderTSX:
		return langTSX, true
	case api.LoaderJSON:
		return langJSON, true
	}
	return 0, false
}

// admitFile is admit for a file of the run, served to esbuild with
// loader: its figures are measured once a run (source.File.Memo), however
// many builds bundle it, and measured again, to find the line, only when
// they cross what this build may still parse.
func (b *parseBudget) admitFile(f *source.File, loader api.Loader) *Problem {
	if loader == api.LoaderText {
		return b.admitBytes(f.Path, f.Data)
	}
	lang, _ := langOf(loader)
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.admitFileLocked(f, lang)
}

// admitFileLocked is admitFile of a file read as lang, with b.mu held.
func (b *parseBudget) admitFileLocked(f *source.File, lang shapeLang) *Problem {
	m := f.Memo(shapeKey{lang}, func(f *source.File) any {
		st, issue := measureShape(f.Data, lang, parseLimits)
		return shapeMemo{st, issue}
	}).(shapeMemo)
	if m.issue == nil && b.bytes+len(f.Data) <= buildBytesLimit &&
		b.work+m.stats.work <= parseLimits.work && b.tokens+m.stats.tokens <= parseLimits.tokens {
		b.bytes += len(f.Data)
		b.work += m.stats.work
		b.tokens += m.stats.tokens
		return nil
	}
	return b.admitLocked(f.Path, f.Data, lang, true)
}

// shapeKey memoizes a file's figures, read as a language.
type shapeKey struct{ lang shapeLang }

type shapeMemo struct {
	stats shapeStats
	issue *shapeIssue
}

// admitBytes counts a file esbuild reads without parsing (a text file).
func (b *parseBudget) admitBytes(file string, src []byte) *Problem {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.admitLocked(file, src, 0, false)
}

// loadDataURL is the sandbox's load of a data: URL import, decoded as
// esbuild decodes it, measured, and handed to esbuild.
func (b *parseBudget) loadDataURL(u string) (api.OnLoadResult, error) {
	rest, ok := strings.CutPrefix(u, "data:")
	comma := strings.IndexByte(rest, ',')
	if !ok || comma < 0 {
		return api.OnLoadResult{}, nil
	}
	mime, data := rest[:comma], rest[comma+1:]
	var src []byte
	if m, ok := strings.CutSuffix(mime, ";base64"); ok {
		mime = m
		d, err := base64.StdEncoding.DecodeString(data)
		if err != nil {
			return api.OnLoadResult{}, nil // esbuild reports it
		}
		src = d
	} else {
		d, err := url.PathUnescape(data)
		if err != nil {
			return api.OnLoadResult{}, nil
		}
		src = []byte(d)
	}
	mime, _, _ = strings.Cut(mime, ";")
	var lang shapeLang
	var loader api.Loader
	switch mime {
	case "text/javascript":
		lang, loader = langJS, api.LoaderJS
	case "application/json":
		lang, loader = langJSON, api.LoaderJSON
	case "text/css":
		empty := ""
		return api.OnLoadResult{Contents: &empty, Loader: api.LoaderEmpty}, nil
	default:
		return api.OnLoadResult{}, nil // esbuild refuses it
	}
	// The import's own line is where to point: the URL is in the importer.
	if p := b.admit("data URL", src, lang); p != nil {
		p.Pos = Position{}
		return api.OnLoadResult{Errors: refusal(p)}, nil
	}
	contents := string(src)
	return api.OnLoadResult{Contents: &contents, Loader: loader}, nil
}

// admitConfigs measures the configuration files esbuild's resolver may
// read while it resolves spec from dir: those of the folder the import
// names and its parents, of node_modules/<spec> in dir and its parents
// for a package, of every folder a configuration file names (tsconfig
// "paths", package.json "main" or "exports"), and the tsconfig files an
// "extends" names, all within the workspace. Each folder and file is
// measured once a build.
func (b *parseBudget) admitConfigs(dir, spec string) *Problem {
	b.mu.Lock()
	defer b.mu.Unlock()
	todo := []string{dir}
	switch {
	case filepath.IsAbs(spec):
		todo = append(todo, spec)
	case strings.HasPrefix(spec, "."):
		todo = append(todo, filepath.Join(dir, spec))
	case strings.HasPrefix(spec, "data:"):
		// read from the URL itself (loadDataURL)
	default:
		todo = append(todo, b.packageDirs(dir, spec)...)
	}
	for len(todo) > 0 {
		d := filepath.Clean(todo[len(todo)-1])
		todo = todo[:len(todo)-1]
		for b.inWorkspace(d) && !b.dirs[d] {
			b.dirs[d] = true
			if b.isDir(d) {
				for _, name := range configNames {
					if name != "package.json" && insideNodeModules(d) {
						continue // esbuild reads no tsconfig in node_modules
					}
					more, p := b.admitConfig(filepath.Join(d, name))
					if p != nil {
						return p
					}
					todo = append(todo, more...)
				}
			}
			if d == b.ws.root {
				break
			}
			d = filepath.Dir(d)
		}
	}
	return nil
}

// isDir reports whether path is a folder, asking the file system once a
// run (a monorepo's tsconfig paths name the same hundreds of folders in
// every build).
func (b *parseBudget) isDir(path string) bool { return b.files.IsDir(path) }

func (b *parseBudget) inWorkspace(path string) bool {
	return path == b.ws.root || fsx.Within(b.ws.root, path)
}

// packageDirs are the folders where esbuild looks for package spec from
// dir: node_modules/<spec> in dir and every folder above it.
func (b *parseBudget) packageDirs(dir, spec string) []string {
	var out []string
	for d := dir; b.inWorkspace(d); d = filepath.Dir(d) {
		if nm := filepath.Join(d, "node_modules"); b.isDir(nm) {
			out = append(out, filepath.Join(nm, spec))
		}
		if d == b.ws.root {
			break
		}
	}
	return out
}

// admitConfig measures one configuration file, when there is one, and
// the tsconfig files its "extends" names, and returns the folders it
// names.
func (b *parseBudget) admitConfig(file string) ([]string, *Problem) {
	if b.dirs[file] {
		return nil, nil
	}
	b.dirs[file] = true
	if !b.inWorkspace(file) {
		return nil, nil
	}
	// read once a run (a missing file is remembered too), measured once,
	// its folders listed once, however many builds read it
	f, err := b.files.Read(file)
	if errors.Is(err, source.ErrTooLarge) {
		return nil, tooBigAt(file)
	}
	if err != nil {
		return nil, nil
	}
	if p := b.admitFileLocked(f, langJSON); p != nil {
		return nil, p
	}
	folders := slices.Clone(f.Memo(foldersKey{}, func(f *source.File) any { return namedFolders(f.Path, f.Data) }).([]string))
	if name := filepath.Base(file); name == "package.json" {
		return folders, nil
	}
	// tsconfig "extends": a file, or a package's
	refs, _ := b.ws.extendsOf(file)
	for _, lit := range refs {
		var targets []string
		switch v := lit.value; {
		case filepath.IsAbs(v):
			targets = []string{v}
		case strings.HasPrefix(v, "."):
			targets = []string{filepath.Join(filepath.Dir(file), v)}
		default:
			targets = b.packageDirs(filepath.Dir(file), v)
		}
		for _, t := range targets {
			for _, f := range []string{t, t + ".json", filepath.Join(t, "tsconfig.json")} {
				more, p := b.admitConfig(f)
				if p != nil {
					return nil, p
				}
				folders = append(folders, more...)
			}
		}
	}
	return folders, nil
}

// foldersKey memoizes a configuration file's namedFolders.
type foldersKey struct{}

// namedFolders lists the folders a configuration file may send the
// resolver to: in a tsconfig, the "paths" targets (from "baseUrl", or the
// file's folder); in a package.json, "main", "module", "exports" and
// "imports" (from the file's folder). A target is read up to a wildcard.
func namedFolders(file string, src []byte) []string {
	dir := filepath.Dir(file)
	pkg := filepath.Base(file) == "package.json"
	base := dir
	var targets []string
	jsonValues(src, func(keys []string, v string) {
		switch {
		case pkg && len(keys) > 0 && (keys[0] == "main" || keys[0] == "module" || keys[0] == "exports" || keys[0] == "imports"):
			targets = append(targets, v)
		case !pkg && len(keys) == 2 && keys[0] == "compilerOptions" && keys[1] == "baseUrl":
			base = filepath.Join(dir, v)
		case !pkg && len(keys) > 2 && keys[0] == "compilerOptions" && keys[1] == "paths":
			targets = append(targets, v)
		}
	})
	var out []string
	for _, t := range targets {
		t, _, _ = strings.Cut(t, "*")
		switch {
		case t == "" || strings.Contains(t, "://"):
		case filepath.IsAbs(t):
			out = append(out, t)
		case pkg:
			out = append(out, filepath.Join(dir, t))
		default:
			out = append(out, filepath.Join(base, t))
		}
	}
	return out
}

// jsonValues calls f with every string value of a JSON (or tsconfig:
// comments allowed) document and the keys that lead to it (an array adds
// none). Strings are left undecoded: a path with an escape in it is none
// esbuild follows any differently. The document has been measured: it
// nests no deeper than parseLimits.depth.
func jsonValues(src []byte, f func(keys []string, v string)) {
	type container struct{ object bool }
	var open []container // the open objects and arrays
	var keys []string    // the keys leading to the innermost one
	key, atKey := "", false
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '"':
			start := i + 1
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
			str := string(src[start:min(i, len(src))])
			switch {
			case atKey:
				key, atKey = str, false
			case len(open) > 0 && open[len(open)-1].object:
				f(append(keys[:len(keys):len(keys)], key), str)
			default:
				f(keys, str)
			}
		case c == '{' || c == '[':
			if len(open) > 0 && open[len(open)-1].object {
				keys = append(keys, key)
			} else if len(open) > 0 {
				keys = append(keys, "")
			}
			open = append(open, container{object: c == '{'})
			atKey = c == '{'
		case c == '}' || c == ']':
			if len(open) > 1 {
				keys = keys[:len(keys)-1]
			}
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
			atKey = false
		case c == ',':
			atKey = len(open) > 0 && open[len(open)-1].object
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := bytes.Index(src[i+2:], []byte("*/"))
			if end < 0 {
				return
			}
			i += 2 + end + 1
		}
	}
}

// checkBundle measures esbuild's output before goja compiles it: lowering
// (`a?.b`, `a ?? b`, object spread) can make it nest deeper and cost more
// than the sources did. A bound crossed is reported where the source map
// puts that part of the bundle. The bundle is measured once, however many
// environments evaluate it.
func checkBundle(b *Bundle) *Problem {
	b.checkOnce.Do(func() { b.checked = measureBundle(b) })
	return b.checked
}

// measureBundle is checkBundle's scan, once per bundle.
func measureBundle(b *Bundle) *Problem {
	code := b.code()
	_, issue := measureShape(unsafe.Slice(unsafe.StringData(code), len(code)), langBundle, shapeLimits{
		depth: parseLimits.depth, work: parseLimits.work, tokens: parseLimits.tokens, bytes: len(code),
	})
	if issue == nil {
		return nil
	}
	p := shapeProblem(issue, b.Path, nil, "after bundling")
	if pos, ok := b.original(issue.off); ok {
		pos.EndColumn = pos.Column + 1
		p.Pos = pos
	}
	return &p
}
