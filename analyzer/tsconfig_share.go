package analyzer

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/irislint/irislint/internal/source"
)

// Sharing one tsconfig among the manifests of a build.
//
// Without being told otherwise, esbuild reads, for every folder it looks
// in, the tsconfig.json there with its "extends" chain. In a monorepo
// whose apps each have a tsconfig.json extending a tsconfig.base.json with
// a "paths" line per lib, that is the long base file's settings derived
// again for every app: a tenth of the CPU time of `irislint lint .` on 200
// apps (docs/performance-monorepo.md). esbuild's Tsconfig option makes it
// read one tsconfig (the override, O) once and apply it to every file.
//
// That is only right where it changes nothing. So the manifests are
// grouped by their own tsconfig's settings (Prebundle); a group is built
// with the tsconfig of its first manifest forced on every file, and each
// manifest's bundle is kept only when verify proves, over every file the
// build bundled for it, that esbuild made of it exactly what a build
// without the override makes. Any other manifest is built again the usual
// way. What esbuild does with a tsconfig (esbuild v0.28.2, read in its
// source), and so what verify checks:
//
//  1. Resolving. An import that is not relative (a bare or absolute
//     specifier, which esbuild matches against "paths" and baseUrl) of a
//     file F resolves alike only when F's own settings E(F) equal O's in
//     baseUrl and paths. Relative imports read no tsconfig. Imports the
//     sandbox plugin answers (the @trackunit stand-in) never reach esbuild's
//     resolver. The entry point itself is resolved as an absolute path from
//     the workspace root, through the root's tsconfig: no "paths" key of O
//     or of the root's may match it.
//  2. Transforming. With the override, esbuild applies O to every file,
//     also to those no tsconfig applies to (in node_modules, the stand-in).
//     Where E(F) and O differ in a setting that acts on F's kind of file,
//     F is accepted only when its tokens show the setting cannot matter:
//     experimentalDecorators needs an "@"; useDefineForClassFields (and
//     target) needs a class; alwaysStrict/strict adds a "use strict"
//     directive, printed for the entry point and for any wrapped module
//     (CommonJS, or reached by require() or import(), or imported by such a
//     module), and, in an ES module, changes the strict mode of its nested
//     scopes (esbuild skips marking them strict when alwaysStrict already
//     marked the module scope), which changes the hoisting of function
//     declarations in blocks and which strict-mode errors are reported; a
//     file that opens with "use strict"; is strict either way. The
//     settings about unused imports and JSX must be equal. JSON is not
//     affected by any.
//  3. Failing. Without the override, esbuild reads the tsconfig of every
//     folder it looks in, and one it cannot read fails the build; with it,
//     it reads none. So every tsconfig in every folder the build could have
//     looked in must be one irislint evaluates: the folders of the bundled
//     files and those above them up to the file system's root, and every
//     path the resolver tries for an import (its target, and the "paths"
//     and baseUrl candidates), with the folders above. A candidate that is
//     a folder with a package.json (whose "main" could send the resolver
//     elsewhere) is not accepted, nor is a glob import (require of a
//     template string), whose folders esbuild walks and whose matches the
//     metafile links to no import: every file in the manifest's output must
//     be reached through the imports the metafile lists.
//
// Anything irislint does not evaluate (a tsconfig that extends a package, a
// parse problem, a symlinked workspace root, Yarn Plug'n'Play) means no
// sharing for what it touches. And since a verification that fails costs
// a build, a workspace whose shared builds keep failing stops trying.

// sharing is the tsconfig sharing of one Prebundle in one workspace.
type sharing struct {
	ws      *workspace
	configs *tsconfigs

	stubFacts sourceFacts

	// what verify asks again and again, remembered: whether two settings
	// resolve alike, each settings' "paths" keys with a "*", whether a
	// path is a folder with a package.json
	mu          sync.Mutex
	alike       map[[2]*tsSettings]bool
	wildcards   map[*tsSettings][]string
	packageDirs map[string]bool

	// how many manifests shared builds were asked for, and how many they
	// gave (an ever failing workspace stops trying)
	asked, given atomic.Int64
}

// newSharing is the sharing for ws, or nil when ws does not allow it.
func newSharing(ws *workspace) *sharing {
	if ws.root != ws.realRoot {
		return nil // the metafile's paths are the real ones
	}
	s := &sharing{ws: ws, configs: newTsconfigs(ws.realRoot), stubFacts: scanFacts([]byte(trackunitStub)),
		alike: map[[2]*tsSettings]bool{}, wildcards: map[*tsSettings][]string{}, packageDirs: map[string]bool{}}
	for d := ws.root; ; d = filepath.Dir(d) {
		// esbuild looks in the root and every folder above it (for Yarn
		// Plug'n'Play manifests, which irislint does not model, and for the
		// tsconfig of each)
		for _, pnp := range []string{".pnp.data.json", ".pnp.cjs", ".pnp.js"} {
			if exists(filepath.Join(d, pnp)) {
				return nil
			}
		}
		if s.configs.checkDir(d) != nil {
			return nil
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return s
}

// manifestGroup is manifests to bundle together: with tsconfig forced on
// every file, or, when tsconfig is "", the usual way.
type manifestGroup struct {
	tsconfig string
	paths    []string
}

// groups sorts the manifests (absolute, in one workspace) by the settings
// of their own tsconfig; a manifest whose tsconfig is not evaluated, or
// that no tsconfig applies to, or that is alone with its settings, goes to
// the group bundled the usual way (first). Each group keeps paths' order.
func (s *sharing) groups(paths []string) []manifestGroup {
	plain := manifestGroup{}
	if s == nil {
		plain.paths = paths
		return []manifestGroup{plain}
	}
	var shared []manifestGroup
	index := map[string]int{}
	for _, p := range paths {
		settings, file, err := s.configs.enclosing(filepath.Dir(p))
		if err != nil || file == "" {
			plain.paths = append(plain.paths, p)
			continue
		}
		k := settings.key()
		i, ok := index[k]
		if !ok {
			i = len(shared)
			index[k] = i
			shared = append(shared, manifestGroup{tsconfig: file})
		}
		shared[i].paths = append(shared[i].paths, p)
	}
	out := []manifestGroup{plain}
	for _, g := range shared {
		if len(g.paths) < 2 {
			out[0].paths = append(out[0].paths, g.paths...)
			continue
		}
		out = append(out, g)
	}
	return out
}

// buildShared bundles the manifests with tsconfig forced on every file
// and returns the bundles verify accepts, and the manifests left to build
// the usual way, with why.
func (s *sharing) buildShared(paths []string, tsconfig string, files *source.Set) (map[string]*Bundle, []string, map[string]error) {
	out, why := map[string]*Bundle{}, map[string]error{}
	all := func(err error) (map[string]*Bundle, []string, map[string]error) {
		for _, p := range paths {
			why[p] = err
		}
		return out, paths, why
	}
	if asked := s.asked.Load(); asked >= 2*prebundleChunk && 2*s.given.Load() < asked {
		return all(fmt.Errorf("most manifests of this workspace failed to verify (%d of %d)", asked-s.given.Load(), asked))
	}
	o, err := s.configs.evaluate(tsconfig, filepath.Dir(tsconfig))
	if err != nil {
		return all(err)
	}
	s.asked.Add(int64(len(paths)))
	res, outNames, loads := buildTogether(paths, s.ws, files, tsconfig)
	if len(res.Errors) > 0 {
		return all(fmt.Errorf("the shared build failed: %s", res.Errors[0].Text))
	}
	bundles, meta := bundlesOf(res, paths, outNames, s.ws, loads)
	if meta == nil {
		return all(fmt.Errorf("the shared build's metafile does not decode"))
	}
	g := newBuildGraph(meta, s.ws.root)
	var rest []string
	for _, p := range paths {
		b, ok := bundles[p]
		if !ok {
			rest = append(rest, p)
			why[p] = fmt.Errorf("%s: no output", p)
			continue
		}
		err := s.verify(p, g, o, files, b.sources)
		if err != nil {
			rest = append(rest, p)
			why[p] = err
			continue
		}
		out[p] = b
	}
	s.given.Add(int64(len(out)))
	return out, rest, why
}

// buildGraph is a build's metafile as verify reads it: each input file
// (absolute, or stubNS+":"+name for the stand-in) with its format and
// imports.
type buildGraph map[string]*graphInput

type graphInput struct {
	format  string
	imports []graphImport
}

type graphImport struct {
	to       string // as the inputs are named; for an external import, its path
	spec     string // as written
	kind     string
	external bool // not resolved (TypeScript dropped an import of types only)
}

func newBuildGraph(meta *metafile, root string) buildGraph {
	name := func(in string) string {
		if strings.HasPrefix(in, stubNS+":") {
			return in
		}
		if strings.Contains(in, ":") && !filepath.IsAbs(in) {
			return "" // another namespace: not accepted
		}
		return metaPath(in, root)
	}
	g := buildGraph{}
	for in, v := range meta.Inputs {
		gi := &graphInput{format: v.Format}
		for _, imp := range v.Imports {
			to := name(imp.Path)
			if imp.External {
				to = imp.Path // as written: never a bundled file
			}
			gi.imports = append(gi.imports, graphImport{to: to, spec: imp.Original, kind: imp.Kind, external: imp.External})
		}
		if n := name(in); n != "" {
			g[n] = gi
		}
	}
	return g
}

// verify reports why the manifest's bundle from a build with the override
// o may differ from one built without it, or nil when it cannot (see the
// top of this file).
func (s *sharing) verify(manifest string, g buildGraph, o *tsSettings, files *source.Set, sources []string) error {
	if g[manifest] == nil {
		return fmt.Errorf("%s: not in the metafile", manifest)
	}
	// every file bundled for the manifest
	reach := []string{manifest}
	seen := map[string]bool{manifest: true}
	for i := 0; i < len(reach); i++ {
		in := g[reach[i]]
		if in == nil {
			return fmt.Errorf("%s: not in the metafile", reach[i])
		}
		for _, imp := range in.imports {
			if imp.external {
				// irislint marks no import external: this is an import
				// TypeScript dropped (of types only: esbuild does not
				// resolve it, and drops it alike under both settings when
				// they agree on unused imports, see sameOutput), or a glob
				// (require(`./data/${x}.json`)), whose matches the metafile
				// links to nothing and whose folders esbuild walks: refused
				if strings.Contains(imp.to, "*") || !isTypeScript(reach[i]) {
					return fmt.Errorf("%s: an import esbuild left external: %q", reach[i], imp.to)
				}
				continue
			}
			if imp.to == "" {
				return fmt.Errorf("%s: an import of another namespace", reach[i])
			}
			if !seen[imp.to] {
				seen[imp.to] = true
				reach = append(reach, imp.to)
			}
		}
	}
	for _, src := range sources {
		if !seen[src] {
			return fmt.Errorf("%s: bundled from no import the metafile lists", src)
		}
	}
	// the modules whose directives esbuild prints: the entry point, and
	// every wrapped module (CommonJS; required, or imported dynamically;
	// imported by a wrapped module)
	directives := map[string]bool{}
	var wrapped []string
	wrap := func(f string) {
		if g[f] != nil && !directives[f] {
			directives[f] = true
			wrapped = append(wrapped, f)
		}
	}
	for _, f := range reach {
		if g[f].format != "esm" {
			wrap(f)
		}
		for _, imp := range g[f].imports {
			if imp.kind != "import-statement" {
				wrap(imp.to)
			}
		}
	}
	for i := 0; i < len(wrapped); i++ {
		for _, imp := range g[wrapped[i]].imports {
			wrap(imp.to)
		}
	}
	directives[manifest] = true

	// the folders whose tsconfig a build without the override reads
	looked := map[string]bool{}
	lookIn := func(dir string) {
		for d := dir; !looked[d]; d = filepath.Dir(d) {
			looked[d] = true
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	lookIn(s.ws.root)
	rootSettings, _, err := s.configs.enclosing(s.ws.root)
	if err != nil {
		return err
	}
	if s.pathsMatch(o, manifest) || s.pathsMatch(rootSettings, manifest) {
		return fmt.Errorf("%s: a \"paths\" key matches the entry point", manifest)
	}

	for _, f := range reach {
		if strings.HasPrefix(f, stubNS+":") {
			if o.strictMode() && !s.stubFacts.strictPrologue {
				return fmt.Errorf("%s: strict mode differs", f)
			}
			continue
		}
		dir := filepath.Dir(f)
		lookIn(dir)
		e, _, err := s.configs.enclosing(dir)
		if err != nil {
			return err
		}
		if err := s.sameOutput(f, e, o, g[f].format, directives[f], files); err != nil {
			return err
		}
		for _, imp := range g[f].imports {
			if imp.external {
				continue
			}
			probes, err := s.resolvesAlike(f, imp, e, o)
			if err != nil {
				return err
			}
			for _, p := range probes {
				lookIn(p)
				if s.packageDir(p) {
					return fmt.Errorf("%s: import %q may be resolved through a package.json in %s", f, imp.spec, p)
				}
			}
		}
	}
	for d := range looked {
		if err := s.configs.checkDir(d); err != nil {
			return err
		}
	}
	return nil
}

// sameOutput reports why esbuild may make something else of the file f
// under o than under its own settings e: only the settings that act on
// f's kind of file are compared, and a difference is accepted only when
// f's tokens show it cannot matter.
func (s *sharing) sameOutput(f string, e, o *tsSettings, format string, directive bool, files *source.Set) error {
	loader, ok := loaders[strings.ToLower(filepath.Ext(f))]
	if !ok {
		return fmt.Errorf("%s: no loader", f)
	}
	var ts bool
	switch loader {
	case api.LoaderJSON, api.LoaderText:
		return nil // no setting acts on it
	case api.LoaderTS:
		ts = true
	case api.LoaderJS:
	default: // JSX, TSX, CSS: every setting must be equal
		if !sameSettings(e, o) {
			return fmt.Errorf("%s: its tsconfig differs", f)
		}
		return nil
	}
	if ts && e.unusedImports() != o.unusedImports() {
		return fmt.Errorf("%s: settings for unused imports differ", f)
	}
	checks := []struct {
		differ bool
		safe   func(sourceFacts) bool
		what   string
	}{
		{ts && e.decorators() != o.decorators(), func(sf sourceFacts) bool { return sf.lexed && !sf.at }, "experimentalDecorators"},
		{ts && e.defineFields() != o.defineFields(), func(sf sourceFacts) bool { return sf.lexed && !sf.class }, "useDefineForClassFields"},
		{e.strictMode() != o.strictMode(), func(sf sourceFacts) bool {
			return sf.strictPrologue || sf.lexed && !sf.strictSensitive && format == "esm" && !directive
		}, "strict mode"},
	}
	for _, c := range checks {
		if !c.differ {
			continue
		}
		src, err := files.Read(f)
		if err != nil {
			return err
		}
		if !c.safe(factsOf(src)) {
			return fmt.Errorf("%s: %s differs", f, c.what)
		}
	}
	return nil
}

// resolvesAlike reports why the import imp of the file f may resolve
// otherwise without the override o (f's own settings are e), or the paths
// esbuild's resolver may try for it, each of which it may look into as a
// folder.
func (s *sharing) resolvesAlike(f string, imp graphImport, e, o *tsSettings) ([]string, error) {
	if strings.HasPrefix(imp.to, stubNS+":") {
		return nil, nil // the sandbox plugin answered: no resolver
	}
	fail := func(why string) ([]string, error) { return nil, fmt.Errorf("%s: import %q: %s", f, imp.spec, why) }
	spec := imp.spec
	if strings.ContainsAny(spec, "?#") || strings.HasPrefix(spec, "/") || filepath.IsAbs(spec) {
		return fail("query, hash, subpath import or absolute path")
	}
	dir := filepath.Dir(f)
	if !isPackagePath(spec) {
		return []string{filepath.Join(dir, spec)}, nil // relative: no tsconfig
	}
	var probes []string
	if !insideNodeModules(dir) {
		if !s.resolveAlike(e, o) {
			return fail("baseUrl or paths differ")
		}
		probes = s.pathsCandidates(o, spec)
	}
	if insideNodeModules(imp.to) {
		return probes, nil
	}
	for _, p := range probes {
		if d := filepath.Dir(imp.to); d == p || d == filepath.Dir(p) {
			return probes, nil
		}
	}
	return fail("resolved outside node_modules, not through paths or baseUrl")
}

func isTypeScript(path string) bool {
	return loaders[strings.ToLower(filepath.Ext(path))] == api.LoaderTS
}

// pathsCandidates is every path esbuild may try for the bare import spec
// under o (matchTSConfigPaths, then baseUrl): the targets of every "paths"
// key that matches it, exactly or with its "*", and spec under baseUrl.
func (s *sharing) pathsCandidates(o *tsSettings, spec string) []string {
	if o == nil {
		return nil
	}
	base := o.pathsBase
	if o.baseURL != nil {
		base = *o.baseURL
	}
	var out []string
	add := func(targets []string, star string) {
		for _, t := range targets {
			t = strings.Replace(t, "*", star, 1)
			if !filepath.IsAbs(t) {
				t = filepath.Join(base, t)
			}
			out = append(out, t)
		}
	}
	add(o.paths[spec], "")
	for _, key := range s.wildcardKeys(o) {
		if star, ok := pathsKeyMatch(key, spec); ok {
			add(o.paths[key], star)
		}
	}
	if o.baseURL != nil {
		out = append(out, filepath.Join(*o.baseURL, spec))
	}
	return out
}

// wildcardKeys is the "paths" keys of o with a "*" (a monorepo's are
// mostly exact).
func (s *sharing) wildcardKeys(o *tsSettings) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys, ok := s.wildcards[o]
	if !ok {
		for k := range o.paths {
			if strings.Contains(k, "*") {
				keys = append(keys, k)
			}
		}
		s.wildcards[o] = keys
	}
	return keys
}

// resolveAlike is sameResolution(e, o), remembered: settings are shared
// by every file their tsconfig configures.
func (s *sharing) resolveAlike(e, o *tsSettings) bool {
	k := [2]*tsSettings{e, o}
	s.mu.Lock()
	same, ok := s.alike[k]
	s.mu.Unlock()
	if !ok {
		same = e == o || sameResolution(e, o)
		s.mu.Lock()
		s.alike[k] = same
		s.mu.Unlock()
	}
	return same
}

// packageDir reports whether p is a folder with a package.json.
func (s *sharing) packageDir(p string) bool {
	s.mu.Lock()
	is, ok := s.packageDirs[p]
	s.mu.Unlock()
	if !ok {
		is = isDirectory(p) && exists(filepath.Join(p, "package.json"))
		s.mu.Lock()
		s.packageDirs[p] = is
		s.mu.Unlock()
	}
	return is
}

// pathsKeyMatch reports whether the "paths" key matches spec, and what its
// "*" stands for.
func pathsKeyMatch(key, spec string) (string, bool) {
	prefix, suffix, wild := strings.Cut(key, "*")
	if !wild {
		return "", key == spec
	}
	if !strings.HasPrefix(spec, prefix) || !strings.HasSuffix(spec, suffix) {
		return "", false
	}
	if len(spec) < len(prefix)+len(suffix) {
		return "", true // "a*a" and "a": esbuild counts it a match too
	}
	return spec[len(prefix) : len(spec)-len(suffix)], true
}

// pathsMatch reports whether any "paths" key of o matches spec.
func (s *sharing) pathsMatch(o *tsSettings, spec string) bool {
	if o == nil {
		return false
	}
	if _, ok := o.paths[spec]; ok {
		return true
	}
	for _, key := range s.wildcardKeys(o) {
		if _, ok := pathsKeyMatch(key, spec); ok {
			return true
		}
	}
	return false
}
