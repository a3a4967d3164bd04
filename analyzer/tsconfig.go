package analyzer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/internal/source"
)

// What esbuild takes from tsconfig.json files, read the way esbuild
// (v0.28.2, internal/resolver: tsconfig_json.go ParseTSConfigJSON and
// resolver.go parseTSConfig) reads it, so that irislint can tell when one
// tsconfig may stand for another (tsconfig_share.go).
//
// Without a tsconfig override, esbuild configures each file from the
// nearest tsconfig.json (else jsconfig.json) in its folder or a folder
// above, up to the file system's root, none inside node_modules, merged
// with the files its "extends" names. It reads these settings and nothing
// else (moduleSuffixes, rootDirs and the like are not read by this esbuild):
//
//	baseUrl, paths                       resolving imports that are not relative
//	experimentalDecorators               TypeScript files with decorators
//	useDefineForClassFields, target      TypeScript files with class fields
//	verbatimModuleSyntax,
//	preserveValueImports,
//	importsNotUsedAsValues               which unused TypeScript imports are kept
//	alwaysStrict, strict                 strict mode and a "use strict" directive, every JS and TS file
//	jsx, jsxFactory, jsxFragmentFactory,
//	jsxImportSource                      JSX and TSX files
//
// Settings are kept as esbuild holds them after reading (resolver.TSConfigJSON),
// and compared as such: two equal tsSettings make esbuild do the same.

// maybeBool is esbuild's config.MaybeBool: a boolean setting that may be
// absent.
type maybeBool uint8

const (
	unspecified maybeBool = iota
	setTrue
	setFalse
)

// tsTarget is esbuild's config.TSTarget: what "target" says about class
// fields (below ES2022, TypeScript assigns them).
type tsTarget uint8

const (
	targetUnspecified tsTarget = iota
	targetBelowES2022
	targetES2022OrAbove
)

// tsSettings is one tsconfig file's settings, merged through its
// "extends" chain. A nil *tsSettings is a file no tsconfig applies to.
type tsSettings struct {
	baseURL   *string             // absolute
	paths     map[string][]string // nil without "paths"; targets as written, ${configDir} replaced
	pathsBase string              // the folder "paths" are relative to when there is no baseUrl
	pathsSum  string              // a digest of paths, to group settings by (key)

	target                 tsTarget
	strict, alwaysStrict   *bool
	experimentalDecorators maybeBool
	useDefineForClassField maybeBool
	preserveValueImports   maybeBool
	verbatimModuleSyntax   maybeBool
	importsNotUsedAsValues string // "", "remove", "preserve" or "error"

	jsx                string  // "", "preserve", "react-native", "react", "react-jsx", "react-jsxdev"
	jsxFactory         *string // as written: equal texts make equal factories
	jsxFragmentFactory *string
	jsxImportSource    *string
}

// applyBase is esbuild's applyExtendedConfig: what base sets, d takes.
func (d *tsSettings) applyBase(b *tsSettings) {
	inherit(&d.target, b.target)
	inherit(&d.strict, b.strict)
	inherit(&d.alwaysStrict, b.alwaysStrict)
	inherit(&d.baseURL, b.baseURL)
	if b.paths != nil {
		d.paths, d.pathsBase, d.pathsSum = b.paths, b.pathsBase, b.pathsSum
	}
	inherit(&d.jsx, b.jsx)
	inherit(&d.jsxFactory, b.jsxFactory)
	inherit(&d.jsxFragmentFactory, b.jsxFragmentFactory)
	inherit(&d.jsxImportSource, b.jsxImportSource)
	inherit(&d.experimentalDecorators, b.experimentalDecorators)
	inherit(&d.useDefineForClassField, b.useDefineForClassField)
	inherit(&d.preserveValueImports, b.preserveValueImports)
	inherit(&d.verbatimModuleSyntax, b.verbatimModuleSyntax)
	inherit(&d.importsNotUsedAsValues, b.importsNotUsedAsValues)
}

// inherit sets *d to b when the base sets it (b is not the zero value:
// nil, "", unspecified).
func inherit[T comparable](d *T, b T) {
	var unset T
	if b != unset {
		*d = b
	}
}

// The settings as they act on a file: nil (no tsconfig) acts as esbuild's
// defaults.

// strictMode is "alwaysStrict", else "strict": esbuild then makes the file
// strict and gives it a "use strict" directive.
func (s *tsSettings) strictMode() bool {
	if s == nil {
		return false
	}
	if s.alwaysStrict != nil {
		return *s.alwaysStrict
	}
	return s.strict != nil && *s.strict
}

// decorators is whether TypeScript's experimental decorators are on.
func (s *tsSettings) decorators() bool { return s != nil && s.experimentalDecorators == setTrue }

// defineFields is esbuild's useDefineForClassFields for TypeScript files.
func (s *tsSettings) defineFields() bool {
	if s == nil {
		return true
	}
	return s.useDefineForClassField == setTrue ||
		s.useDefineForClassField == unspecified && s.target != targetBelowES2022
}

// unusedImports is esbuild's TSConfig.UnusedImportFlags: which unused
// imports of a TypeScript file are kept (statements 1, values 2).
func (s *tsSettings) unusedImports() int {
	if s == nil {
		return 0
	}
	if s.verbatimModuleSyntax == setTrue {
		return 3
	}
	flags := 0
	if s.preserveValueImports == setTrue {
		flags |= 2
	}
	if s.importsNotUsedAsValues == "preserve" || s.importsNotUsedAsValues == "error" {
		flags |= 1
	}
	return flags
}

// jsxKey is the JSX settings, equal when they act alike.
func (s *tsSettings) jsxKey() string {
	if s == nil {
		return ""
	}
	str := func(p *string) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprintf("%q", *p)
	}
	return s.jsx + " " + str(s.jsxFactory) + " " + str(s.jsxFragmentFactory) + " " + str(s.jsxImportSource)
}

// sameResolution reports whether imports that are not relative resolve
// alike under a and b: baseUrl and paths (esbuild's matchTSConfigPaths and
// loadNodeModules read nothing else of a tsconfig).
func sameResolution(a, b *tsSettings) bool {
	if a == nil || b == nil {
		return a == nil && b == nil ||
			a == nil && b.baseURL == nil && b.paths == nil ||
			b == nil && a.baseURL == nil && a.paths == nil
	}
	if (a.baseURL == nil) != (b.baseURL == nil) || a.baseURL != nil && *a.baseURL != *b.baseURL {
		return false
	}
	if (a.paths == nil) != (b.paths == nil) {
		return false
	}
	if a.paths == nil {
		return true
	}
	if a.pathsBase != b.pathsBase || len(a.paths) != len(b.paths) {
		return false
	}
	if reflect.ValueOf(a.paths).UnsafePointer() == reflect.ValueOf(b.paths).UnsafePointer() {
		return true // one map: inherited from one base
	}
	for k, v := range a.paths {
		if w, ok := b.paths[k]; !ok || !slices.Equal(v, w) {
			return false
		}
	}
	return true
}

// sameSettings reports whether a and b are equal in every setting.
func sameSettings(a, b *tsSettings) bool {
	return sameResolution(a, b) && a.strictMode() == b.strictMode() &&
		a.decorators() == b.decorators() && a.defineFields() == b.defineFields() &&
		a.unusedImports() == b.unusedImports() && a.jsxKey() == b.jsxKey()
}

// key is a text equal for two settings exactly when sameSettings holds for
// them (manifests are grouped by it).
func (s *tsSettings) key() string {
	if s == nil {
		return "none"
	}
	var b strings.Builder
	if s.baseURL != nil {
		fmt.Fprintf(&b, "baseUrl %q\n", *s.baseURL)
	}
	if s.paths != nil {
		fmt.Fprintf(&b, "paths from %q: %s\n", s.pathsBase, s.pathsSum)
	}
	fmt.Fprintf(&b, "strict %v decorators %v define %v unused %d jsx %s",
		s.strictMode(), s.decorators(), s.defineFields(), s.unusedImports(), s.jsxKey())
	return b.String()
}

// pathsDigest is a digest of a "paths" map: its keys in order, each with
// its targets, every text with its length.
func pathsDigest(paths map[string][]string) string {
	h := sha256.New()
	for _, k := range slices.Sorted(maps.Keys(paths)) {
		fmt.Fprintf(h, "%d:%s=%d", len(k), k, len(paths[k]))
		for _, t := range paths[k] {
			fmt.Fprintf(h, ",%d:%s", len(t), t)
		}
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// errUnmodelled is a tsconfig irislint does not evaluate, so that the files
// it configures are bundled without a shared tsconfig.
var errUnmodelled = errors.New("tsconfig not evaluated")

func unmodelled(file, why string) error {
	return fmt.Errorf("%w: %s: %s", errUnmodelled, file, why)
}

// tsconfigs evaluates the tsconfig files of one workspace as esbuild would
// read them, remembering what it found: a monorepo's apps each have a
// tsconfig.json that extends one long tsconfig.base.json, which is read
// once. Safe for concurrent use.
type tsconfigs struct {
	root string // the workspace root with symlinks resolved: nothing outside it is evaluated

	mu       sync.Mutex
	own      map[string]dirConfig      // by folder: the tsconfig esbuild would read there
	settings map[[2]string]evaluated   // by file and configDir: as a folder's tsconfig
	nearest  map[string]evaluated      // by folder: the tsconfig that applies to its files
	chains   map[[2]string]chainResult // by real file and configDir ("" when it does not matter): merged with its bases
}

type dirConfig struct {
	file string // "" when the folder has none
	err  error
}

type evaluated struct {
	s    *tsSettings
	file string // for nearest: the tsconfig found
	err  error
}

// chainResult is a file merged with its "extends" chain, and whether
// ${configDir} (the folder whose tsconfig the chain is read for) appears
// anywhere in it: only then does the result depend on that folder.
type chainResult struct {
	s             *tsSettings
	usesConfigDir bool
	err           error
}

func newTsconfigs(realRoot string) *tsconfigs {
	return &tsconfigs{root: realRoot, own: map[string]dirConfig{},
		settings: map[[2]string]evaluated{}, nearest: map[string]evaluated{}, chains: map[[2]string]chainResult{}}
}

// insideNodeModules reports whether dir is a node_modules folder or lies in
// one: esbuild reads no tsconfig there, and no tsconfig applies to its files.
func insideNodeModules(dir string) bool {
	return strings.Contains(filepath.ToSlash(dir)+"/", "/node_modules/")
}

// ownFile is the tsconfig esbuild reads in dir (tsconfig.json, else
// jsconfig.json, each only when it is a file), or "".
func (t *tsconfigs) ownFile(dir string) (string, error) {
	t.mu.Lock()
	c, ok := t.own[dir]
	t.mu.Unlock()
	if ok {
		return c.file, c.err
	}
	if !insideNodeModules(dir) {
		for _, name := range []string{"tsconfig.json", "jsconfig.json"} {
			p := filepath.Join(dir, name)
			fi, err := os.Stat(p)
			if err == nil && fi.Mode().IsRegular() {
				c.file = p
				break
			}
			if errors.Is(err, syscall.ENOTDIR) {
				break // dir is a file, or no folder
			}
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				c.err = unmodelled(p, err.Error())
				break
			}
		}
	}
	t.mu.Lock()
	t.own[dir] = c
	t.mu.Unlock()
	return c.file, c.err
}

// checkDir evaluates the tsconfig esbuild would read in dir, if any: a
// build without the override reads it whenever it looks in dir, and a
// tsconfig esbuild cannot read fails that build.
func (t *tsconfigs) checkDir(dir string) error {
	file, err := t.ownFile(dir)
	if err != nil || file == "" {
		return err
	}
	_, err = t.evaluate(file, dir)
	return err
}

// enclosing is the settings esbuild applies to a file in dir when no
// tsconfig is forced on it: the nearest tsconfig up from dir, or nil.
func (t *tsconfigs) enclosing(dir string) (*tsSettings, string, error) {
	t.mu.Lock()
	e, ok := t.nearest[dir]
	t.mu.Unlock()
	if ok {
		return e.s, e.file, e.err
	}
	switch file, err := t.ownFile(dir); {
	case insideNodeModules(dir):
	case err != nil:
		e.err = err
	case file != "":
		e.file = file
		e.s, e.err = t.evaluate(file, dir)
	case filepath.Dir(dir) != dir:
		e.s, e.file, e.err = t.enclosing(filepath.Dir(dir))
	}
	t.mu.Lock()
	t.nearest[dir] = e
	t.mu.Unlock()
	return e.s, e.file, e.err
}

// evaluate reads the tsconfig at file as esbuild's parseTSConfig does for
// the folder configDir (whose tsconfig it is, or which names it as the
// override), with its "extends" chain.
func (t *tsconfigs) evaluate(file, configDir string) (*tsSettings, error) {
	k := [2]string{file, configDir}
	t.mu.Lock()
	e, ok := t.settings[k]
	t.mu.Unlock()
	if ok {
		return e.s, e.err
	}
	c := t.chain(file, configDir, nil)
	e = evaluated{s: c.s, err: c.err}
	if e.err == nil && e.s.paths != nil && e.s.baseURL == nil {
		// esbuild drops, in the tsconfig it reads for a folder (not in its
		// bases), the "paths" targets that need a baseUrl when none is set
		s := *e.s
		s.paths = make(map[string][]string, len(e.s.paths))
		for k, targets := range e.s.paths {
			s.paths[k] = slices.DeleteFunc(slices.Clone(targets), func(p string) bool { return !validWithoutBaseURL(p) })
		}
		s.pathsSum = pathsDigest(s.paths)
		e.s = &s
	}
	t.mu.Lock()
	t.settings[k] = e
	t.mu.Unlock()
	return e.s, e.err
}

const maxExtendsDepth = 16

// chain is file merged with its "extends" chain, read for configDir's
// tsconfig; chain holds the files that led here. The settings returned are
// shared: never modified.
func (t *tsconfigs) chain(file, configDir string, chain []string) chainResult {
	real, err := filepath.EvalSymlinks(file)
	if err != nil {
		return chainResult{err: unmodelled(file, err.Error())}
	}
	t.mu.Lock()
	c, ok := t.chains[[2]string{real, ""}]
	if !ok {
		c, ok = t.chains[[2]string{real, configDir}]
	}
	t.mu.Unlock()
	if ok {
		return c
	}
	if slices.Contains(chain, real) || len(chain) > maxExtendsDepth {
		return chainResult{err: unmodelled(file, "an \"extends\" cycle")}
	}
	c = t.parse(real, configDir, append(slices.Clip(chain), real))
	k := [2]string{real, configDir}
	if !c.usesConfigDir {
		k[1] = ""
	}
	t.mu.Lock()
	t.chains[k] = c
	t.mu.Unlock()
	return c
}

// parse is esbuild's ParseTSConfigJSON for the file at real (symlinks
// resolved), the last of chain.
func (t *tsconfigs) parse(real, configDir string, chain []string) chainResult {
	fail := func(why string) chainResult { return chainResult{err: unmodelled(real, why)} }
	if !fsx.Within(t.root, real) {
		return fail("outside the workspace")
	}
	// bounded as every source is (a larger one is refused by the parse
	// budget anyway), and never waiting on a FIFO
	src, err := source.ReadRegular(real, int64(parseLimits.bytes))
	if errors.Is(err, source.ErrNotRegular) {
		return fail("not a regular file")
	}
	if err != nil {
		return fail(fsx.Cause(err).Error())
	}
	doc, err := readJSONC(src)
	if err != nil {
		return fail(err.Error())
	}
	fileDir := filepath.Dir(real)
	res := chainResult{s: &tsSettings{}, usesConfigDir: bytes.Contains(src, []byte("${configDir}"))}
	var exts []string
	switch ext := doc["extends"].(type) {
	case string:
		exts = []string{ext}
	case []any:
		for _, item := range ext {
			if str, ok := item.(string); ok {
				exts = append(exts, str)
			}
		}
	}
	for _, ext := range exts {
		target, why := extendsTarget(ext, fileDir)
		if why != "" {
			return fail(why)
		}
		base := t.chain(target, configDir, chain)
		if base.err != nil {
			return chainResult{err: base.err}
		}
		res.s.applyBase(base.s)
		res.usesConfigDir = res.usesConfigDir || base.usesConfigDir
	}
	if opts, ok := doc["compilerOptions"].(jsonObject); ok {
		readCompilerOptions(res.s, opts, fileDir, configDir)
	}
	return res
}

// extendsTarget is the file an "extends" value of a tsconfig in fileDir
// names, as esbuild finds it, or why irislint does not evaluate it: only a
// relative or absolute "extends" that names an existing file is (esbuild
// looks a package up in node_modules, warns about a missing file and fails
// on a folder).
func extendsTarget(ext, fileDir string) (string, string) {
	if isPackagePath(ext) && !filepath.IsAbs(ext) {
		return "", fmt.Sprintf("\"extends\" %q names a package", ext)
	}
	target := ext
	if target == "." || target == ".." {
		target += "/tsconfig.json"
	}
	if !filepath.IsAbs(target) {
		target = filepath.Join(fileDir, target)
	}
	if isRegularFile(target) {
		return target, ""
	}
	if !strings.HasSuffix(target, ".json") && !exists(target) && isRegularFile(target+".json") {
		return target + ".json", ""
	}
	return "", fmt.Sprintf("\"extends\" %q does not name a file", ext)
}

func isRegularFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

func isDirectory(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// readCompilerOptions is the "compilerOptions" part of ParseTSConfigJSON:
// a setting of the wrong type, or a value esbuild does not know, leaves
// what the bases set.
func readCompilerOptions(s *tsSettings, opts jsonObject, fileDir, configDir string) {
	if v, ok := opts["baseUrl"].(string); ok {
		v = withConfigDir(v, configDir)
		if !filepath.IsAbs(v) {
			v = filepath.Join(fileDir, v)
		}
		s.baseURL = &v
	}
	if v, ok := opts["jsx"].(string); ok {
		switch v := strings.ToLower(v); v {
		case "preserve", "react-native", "react", "react-jsx", "react-jsxdev":
			s.jsx = v
		}
	}
	for name, dst := range map[string]**string{
		"jsxFactory": &s.jsxFactory, "jsxFragmentFactory": &s.jsxFragmentFactory, "jsxImportSource": &s.jsxImportSource,
	} {
		if v, ok := opts[name].(string); ok {
			*dst = &v
		}
	}
	for name, dst := range map[string]*maybeBool{
		"experimentalDecorators": &s.experimentalDecorators, "useDefineForClassFields": &s.useDefineForClassField,
		"preserveValueImports": &s.preserveValueImports, "verbatimModuleSyntax": &s.verbatimModuleSyntax,
	} {
		if v, ok := opts[name].(bool); ok {
			*dst = setFalse
			if v {
				*dst = setTrue
			}
		}
	}
	if v, ok := opts["target"].(string); ok {
		switch strings.ToLower(v) {
		case "es3", "es5", "es6", "es2015", "es2016", "es2017", "es2018", "es2019", "es2020", "es2021":
			s.target = targetBelowES2022
		case "es2022", "es2023", "es2024", "es2025", "esnext":
			s.target = targetES2022OrAbove
		}
	}
	if v, ok := opts["strict"].(bool); ok {
		s.strict = &v
	}
	if v, ok := opts["alwaysStrict"].(bool); ok {
		s.alwaysStrict = &v
	}
	if v, ok := opts["importsNotUsedAsValues"].(string); ok {
		switch v {
		case "remove", "preserve", "error":
			s.importsNotUsedAsValues = v
		}
	}
	if paths, ok := opts["paths"].(jsonObject); ok {
		s.pathsBase = fileDir
		s.paths = map[string][]string{}
		defer func() { s.pathsSum = pathsDigest(s.paths) }()
		for key, v := range paths {
			targets, ok := v.([]any)
			if !ok || !validPathPattern(key) {
				continue
			}
			for _, item := range targets {
				if str, ok := item.(string); ok && validPathPattern(str) {
					s.paths[key] = append(s.paths[key], withConfigDir(str, configDir))
				}
			}
		}
	}
}

// withConfigDir replaces a leading ${configDir} as esbuild does.
func withConfigDir(v, configDir string) string {
	if rest, ok := strings.CutPrefix(v, "${configDir}"); ok {
		return filepath.Join(configDir, "./"+rest)
	}
	return v
}

// validPathPattern is esbuild's isValidTSConfigPathPattern: at most one "*".
func validPathPattern(p string) bool { return strings.Count(p, "*") <= 1 }

// validWithoutBaseURL is esbuild's isValidTSConfigPathNoBaseURLPattern:
// relative or absolute.
func validWithoutBaseURL(p string) bool {
	slash := func(i int) bool { return i < len(p) && (p[i] == '/' || p[i] == '\\') }
	switch {
	case p == "." || p == "..":
		return true
	case strings.HasPrefix(p, ".") && (slash(1) || len(p) > 1 && p[1] == '.' && slash(2)):
		return true
	case slash(0):
		return true
	case len(p) > 2 && (p[0]|0x20 >= 'a' && p[0]|0x20 <= 'z') && p[1] == ':' && slash(2):
		return true
	}
	return false
}

// isPackagePath is esbuild's resolver.IsPackagePath: an import (or
// "extends") that is neither relative nor absolute.
func isPackagePath(p string) bool {
	return !strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "./") &&
		!strings.HasPrefix(p, "../") && p != "." && p != ".."
}
