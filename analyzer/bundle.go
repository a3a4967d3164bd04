package analyzer

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/internal/source"
)

// Bundle is one manifest bundled with everything it imports (esbuild, in
// memory): one CommonJS script and its source map, and every file it read.
// Evaluate runs it, once per environment.
type Bundle struct {
	Path string // the manifest, absolute
	Root string // its workspace root

	// Inputs lists, sorted, every file whose content can change the
	// manifest's verdict: the bundled sources and JSON files, the tsconfig
	// and jsconfig files that configure their imports (with their
	// "extends" chains), and the package.json files in their folders and
	// the folders above them, up to the workspace root.
	Inputs []string
	// Dirs lists, sorted, the folders where a tsconfig.json, jsconfig.json
	// or package.json that does not exist yet would change how imports
	// resolve: each source file's folder and those above it, up to the
	// workspace root.
	Dirs []string
	// Scopes lists the npm scopes ("@trackunit") of the bare imports the
	// build resolved: a package installed under one of them later could
	// change what they resolve to.
	Scopes []string

	js      []byte
	srcMap  []byte
	sources []string                // bundled source files, absolute: the manifest first, then sorted
	read    []string                // every file the build loaded through the sandbox
	logical []string                // the relative imports' paths as written (resolutionDirs)
	imports map[string][]importEdge // from the metafile: each input's imports

	loader *Loader
	opts   Options
	files  *source.Set
	ws     *workspace

	mapOnce   sync.Once
	codeText  string       // js as goja compiles it (mapping.go)
	codeLines *source.File // its lines
	wide      []int        // offsets in codeText of its non-ASCII bytes, in order (mapping.go)
	mapped    *srcMap      // the source map, decoded on first use; nil if it does not decode

	released bool // Release was called

	viaOnce  sync.Once
	viaFirst map[string]importEdge // each file reached: the manifest's import that reaches it (Manifest.Via)

	checkOnce sync.Once
	checked   *Problem // checkBundle's answer, the same for every environment
}

// Release drops what only evaluating the bundle needs (its code, source
// map and their indexes, a few hundred KiB a manifest): call it after the
// last Evaluate. The Manifests it made keep working (Source, Via,
// Comments); Evaluate does not.
func (b *Bundle) Release() {
	b.mapOnce.Do(func() {}) // a later prepareMapping must not run on what is gone
	b.js, b.srcMap, b.codeText, b.codeLines, b.mapped, b.wide = nil, nil, "", nil, nil, nil
	b.released = true
}

// importEdge is one import of a bundled file: what it resolved to, and
// the specifier as written.
type importEdge struct {
	path string // absolute
	spec string
}

const (
	pluginName = "irislint"
	stubNS     = "irislint-stub" // namespace of @trackunit/* stand-ins
	bundleName = "irislint-manifest-bundle.js"
	stdinName  = "irislint-json-entry.js" // the entry that requires a JSON manifest
)

// nodeBuiltins are the modules Node provides itself. A manifest that imports
// one is refused: evaluation has no host to give it.
var nodeBuiltins = map[string]bool{}

func init() {
	for _, m := range strings.Fields(`assert async_hooks buffer child_process cluster console constants
		crypto dgram diagnostics_channel dns domain events fs http http2 https inspector module net os
		path perf_hooks process punycode querystring readline repl stream string_decoder sys timers tls
		trace_events tty url util v8 vm wasi worker_threads zlib`) {
		nodeBuiltins[m] = true
	}
}

// trackunitPackage matches the SDK's packages, which the linted workspace
// often has not installed.
var trackunitPackage = regexp.MustCompile(`^@trackunit/`)

// buildBundle bundles the manifest at path (absolute) in memory, reading
// every file through files. esbuild does the TypeScript, the tsconfig
// `paths` (through `extends` chains) and JSON; the plugin refuses Node
// built-ins and stands in for missing @trackunit packages. read lists the
// files the build loaded, also when it failed.
func buildBundle(path string, ws *workspace, files *source.Set) (b *Bundle, read []string, probs []Problem) {
	root := ws.root
	loads := &loadLog{}
	res := buildOne(path, ws, files, loads, nil)
	if broken := unresolvedTrackunit(res.Errors); broken != nil {
		// An installed @trackunit package that esbuild cannot resolve (a
		// broken install): stand in for it, as for one not installed.
		loads = &loadLog{}
		res = buildOne(path, ws, files, loads, broken)
	}
	read = loads.files(path)
	if len(res.Errors) > 0 {
		return &Bundle{Scopes: loads.scopeList(nil), logical: loads.logicalPaths(nil)}, read, ws.confine(problemsFromMessages(res.Errors, path, root), path)
	}
	b = &Bundle{Path: path, Root: root, read: read, Scopes: loads.scopeList(nil), logical: loads.logicalPaths(nil)}
	for _, f := range res.OutputFiles {
		if strings.HasSuffix(f.Path, ".map") {
			b.srcMap = f.Contents
		} else {
			b.js = f.Contents
		}
	}
	var meta metafile
	if err := json.Unmarshal([]byte(res.Metafile), &meta); err == nil {
		b.sources = meta.sources(root, path)
		b.imports = meta.importGraph(root)
	} else {
		b.sources = []string{path}
	}
	return b, read, nil
}

// loadLog records the files one build loads; esbuild calls plugins from
// several goroutines.
type loadLog struct {
	mu      sync.Mutex
	paths   []string
	scopes  map[string]map[string]bool // importer → npm scopes of its bare imports
	logical map[string][]string        // importer → its relative imports joined to its folder, before links are followed
}

func (l *loadLog) add(path string) {
	l.mu.Lock()
	l.paths = append(l.paths, path)
	l.mu.Unlock()
}

// resolvingPath records the path a relative import of importer names, as
// written: esbuild follows links, so the file it loads may lie elsewhere
// than the folders the import passed through. An entry point (no
// importer) is recorded under its own path.
func (l *loadLog) resolvingPath(importer, dir, spec string) {
	p := spec
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, spec)
	}
	if importer == "" {
		importer = p
	}
	l.mu.Lock()
	if l.logical == nil {
		l.logical = map[string][]string{}
	}
	l.logical[importer] = append(l.logical[importer], p)
	l.mu.Unlock()
}

// resolving records the npm scope of a bare import of importer.
func (l *loadLog) resolving(importer, spec string) {
	if !strings.HasPrefix(spec, "@") {
		return
	}
	scope, _, _ := strings.Cut(spec, "/")
	l.mu.Lock()
	if l.scopes == nil {
		l.scopes = map[string]map[string]bool{}
	}
	if l.scopes[importer] == nil {
		l.scopes[importer] = map[string]bool{}
	}
	l.scopes[importer][scope] = true
	l.mu.Unlock()
}

// scopeList is the scopes recorded for the importers in files (all of
// them when files is nil), sorted.
func (l *loadLog) scopeList(files map[string]bool) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	set := map[string]bool{}
	for importer, scopes := range l.scopes {
		if files == nil || files[importer] {
			maps.Copy(set, scopes)
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// logicalPaths are the paths the relative imports of the importers in
// files (all of them when files is nil) name, as written.
func (l *loadLog) logicalPaths(files map[string]bool) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for importer, paths := range l.logical {
		if files == nil || files[importer] {
			out = append(out, paths...)
		}
	}
	sort.Strings(out)
	return out
}

// files is the log, with the manifest, sorted and without duplicates.
func (l *loadLog) files(manifest string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := append([]string{manifest}, l.paths...)
	sort.Strings(out)
	return slices.Compact(out)
}

// buildOne is one esbuild build of the manifest at path, with the
// @trackunit packages in stub stood in for.
func buildOne(path string, ws *workspace, files *source.Set, loads *loadLog, stub map[string]bool) api.BuildResult {
	root := ws.root
	opts := buildOptions(ws, files, loads, stub)
	opts.EntryPoints = []string{path}
	opts.Outfile = filepath.Join(root, bundleName)
	if files.Overlaid(path) {
		// the buffer may stand for a file that does not exist yet
		opts.Plugins = append([]api.Plugin{overlayPlugin(path)}, opts.Plugins...)
	}
	if strings.EqualFold(filepath.Ext(path), ".json") {
		// esbuild gives a JSON entry point no CommonJS exports; require it
		// from a one-line entry instead.
		opts.EntryPoints = nil
		opts.Stdin = &api.StdinOptions{
			Contents:   "module.exports = require(" + strconv.Quote(path) + ");",
			ResolveDir: filepath.Dir(path),
			Sourcefile: stdinName,
			Loader:     api.LoaderJS,
		}
	}
	return api.Build(opts)
}

// unresolvedTrackunit is the set of @trackunit packages that esbuild
// reported it could not resolve, or nil.
func unresolvedTrackunit(errs []api.Message) map[string]bool {
	var set map[string]bool
	for _, m := range errs {
		spec, ok := strings.CutPrefix(m.Text, `Could not resolve "`)
		if !ok {
			continue
		}
		if spec, _, ok = strings.Cut(spec, `"`); ok && trackunitPackage.MatchString(spec) {
			if set == nil {
				set = map[string]bool{}
			}
			set[spec] = true
		}
	}
	return set
}

// buildOptions are the esbuild options every manifest bundle is built
// with, alone (buildBundle) or with its workspace's others (buildMany);
// the caller sets the entry points and output. stub names @trackunit
// packages to stand in for even when they are installed.
func buildOptions(ws *workspace, files *source.Set, loads *loadLog, stub map[string]bool) api.BuildOptions {
	return api.BuildOptions{
		AbsWorkingDir: ws.root,
		Bundle:        true,
		Write:         false,
		Format:        api.FormatCommonJS,
		Platform:      api.PlatformNode,
		// goja runs ES2017 comfortably; esbuild lowers the newer syntax.
		Target:    api.ES2017,
		Sourcemap: api.SourceMapExternal,
		// No sourcesContent: nothing reads it (sandbox.where reads the
		// sources themselves), and esbuild loops forever quoting a source
		// that ends inside a UTF-8 sequence ("// caf\xe9\n").
		SourcesContent: api.SourcesContentExclude,
		Metafile:       true,
		// No indentation: esbuild indents each nested block, so a bundle
		// of deeply nested code grows with the square of its depth (a
		// 20 KB file of nested blocks printed 200 MB).
		MinifyWhitespace: true,
		LogLevel:         api.LogLevelSilent,
		Charset:          api.CharsetUTF8,
		Loader: map[string]api.Loader{
			".json": api.LoaderJSON, ".mts": api.LoaderTS, ".cts": api.LoaderTS,
		},
		Plugins: []api.Plugin{sandboxPlugin(ws, files, loads, stub)},
	}
}

// sandboxPlugin confines the build to the workspace, serves every file
// from the run's files (so that esbuild parses the very bytes the rest of
// irislint shows and locates in), and stands in for the @trackunit
// packages that are not installed, or are named in stub.
func sandboxPlugin(ws *workspace, files *source.Set, loads *loadLog, stub map[string]bool) api.Plugin {
	return api.Plugin{Name: pluginName, Setup: func(pb api.PluginBuild) {
		// What this build may still parse (parselimits.go).
		budget := newParseBudget(ws, files)
		pb.OnResolve(api.OnResolveOptions{Filter: `.*`}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
			if args.Namespace == stubNS {
				return api.OnResolveResult{}, nil
			}
			refuse := func(msg string) (api.OnResolveResult, error) {
				return api.OnResolveResult{Errors: []api.Message{{Text: msg}}}, nil
			}
			bare := !strings.HasPrefix(args.Path, ".") && !filepath.IsAbs(args.Path)
			if !bare && args.ResolveDir != "" {
				loads.resolvingPath(args.Importer, args.ResolveDir, args.Path)
			}
			if bare {
				loads.resolving(args.Importer, args.Path)
				name := strings.TrimPrefix(args.Path, "node:")
				if first, _, _ := strings.Cut(name, "/"); nodeBuiltins[first] || strings.HasPrefix(args.Path, "node:") {
					return refuse(fmt.Sprintf("import of Node built-in module %q refused: a manifest is evaluated without access to the host", args.Path))
				}
			}
			if args.ResolveDir != "" && !fsx.Within(ws.root, args.ResolveDir) && args.ResolveDir != ws.root {
				return refuse(fmt.Sprintf("import of %q refused: it is made from outside the workspace %s", args.Path, ws.root))
			}
			if !bare || !trackunitPackage.MatchString(args.Path) {
				// esbuild resolves it with its own resolver, whose caches
				// last the whole build (pb.Resolve makes a new resolver
				// per call); the OnLoad below confines what it found. The
				// package.json and tsconfig.json files it will read are
				// measured first.
				if p := budget.admitConfigs(args.ResolveDir, args.Path); p != nil {
					return api.OnResolveResult{Errors: refusal(p)}, nil
				}
				return api.OnResolveResult{}, nil
			}
			if stub[args.Path] || !trackunitInstalled(args.ResolveDir, args.Path) {
				return api.OnResolveResult{Path: args.Path, Namespace: stubNS}, nil
			}
			// Installed: esbuild resolves it. Should that fail (a broken
			// install), buildBundle builds again with it in stub.
			return api.OnResolveResult{}, nil
		})
		// Every file esbuild is about to read: refused, unread, when it lies
		// outside the workspace or is not a regular file; otherwise read
		// here and measured before esbuild parses it.
		pb.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: "file"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
			loads.add(args.Path)
			if files.Overlaid(args.Path) {
				return serve(files, budget, args.Path), nil
			}
			if why := ws.checkImport(filepath.Base(args.Path), args.Path); why != "" {
				return api.OnLoadResult{Errors: []api.Message{{Text: why}}}, nil
			}
			return serve(files, budget, args.Path), nil
		})
		pb.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: "dataurl"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
			return budget.loadDataURL(args.Path)
		})
		pb.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: stubNS}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
			return api.OnLoadResult{Contents: &trackunitStub, Loader: api.LoaderJS}, nil
		})
	}}
}

// overlayPlugin resolves the manifest's own path without asking the disk:
// an editor's buffer may stand for a file that does not exist yet. The
// sandbox plugin serves its content from the overlay.
func overlayPlugin(path string) api.Plugin {
	only := "^" + regexp.QuoteMeta(path) + "$"
	return api.Plugin{Name: pluginName + "-overlay", Setup: func(pb api.PluginBuild) {
		pb.OnResolve(api.OnResolveOptions{Filter: only}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
			return api.OnResolveResult{Path: path}, nil
		})
	}}
}

// sourceMapComment is a comment esbuild follows to an input source map
// (`//# sourceMappingURL=...`, also with /* and @). esbuild reads the file it
// names wherever it is and whatever it is (outside the workspace, a FIFO,
// /dev/zero), asking no plugin, and takes positions from that map.
var sourceMapComment = regexp.MustCompile(`/[/*][#@] sourceMappingURL=`)

// loaders are esbuild's default loaders by extension (with the build's
// own .json, .mts and .cts), for the files irislint serves it: a served
// file must name its loader.
var loaders = map[string]api.Loader{
	".js": api.LoaderJS, ".mjs": api.LoaderJS, ".cjs": api.LoaderJS, ".jsx": api.LoaderJSX,
	".ts": api.LoaderTS, ".mts": api.LoaderTS, ".cts": api.LoaderTS, ".tsx": api.LoaderTSX,
	".json": api.LoaderJSON, ".css": api.LoaderCSS, ".txt": api.LoaderText,
}

// disarmSourceMaps breaks every source map comment in src, without moving a
// byte: `//# sourceMappingURL=` becomes `//#_sourceMappingURL=`. (A string
// literal holding that text changes by the same character.)
func disarmSourceMaps(src []byte) []byte {
	if !sourceMapComment.Match(src) {
		return src
	}
	return sourceMapComment.ReplaceAllFunc(src, func(m []byte) []byte {
		out := append([]byte(nil), m...)
		out[3] = '_'
		return out
	})
}

// serve hands esbuild the file at path as the run read it (once, for
// every manifest that bundles it), measured against the build's parse
// budget first (parselimits.go), its source map comments disarmed. Style
// sheets are served empty: a manifest's value never depends on one, and
// esbuild's CSS parser is recursive too. A file of a kind esbuild has no
// default loader for is left to esbuild, which refuses it unread. A file
// that cannot be read is an error at the import.
func serve(files *source.Set, budget *parseBudget, path string) api.OnLoadResult {
	ext := strings.ToLower(filepath.Ext(path))
	if ext == ".css" {
		empty := ""
		return api.OnLoadResult{Contents: &empty, Loader: api.LoaderEmpty}
	}
	loader, ok := loaders[ext]
	if !ok {
		return api.OnLoadResult{}
	}
	f, err := files.Read(path)
	if errors.Is(err, source.ErrTooLarge) {
		return api.OnLoadResult{Errors: refusal(tooBigAt(path))}
	}
	if err != nil {
		return api.OnLoadResult{Errors: []api.Message{{Text: fmt.Sprintf("Could not read from file %s: %v", filepath.Base(path), fsx.Cause(err))}}}
	}
	if p := budget.admitFile(f, loader); p != nil {
		return api.OnLoadResult{Errors: refusal(p)}
	}
	if loader == api.LoaderJSON || loader == api.LoaderText {
		// esbuild follows no source map comment in these
		return api.OnLoadResult{Contents: bytesString(f.Data), Loader: loader}
	}
	contents := f.Memo(servedKey{}, func(f *source.File) any {
		served := disarmSourceMaps(f.Data)
		if len(served) > 0 && &served[0] == &f.Data[0] {
			// unchanged, and a source.File's data never changes: no copy
			// of a file the run keeps anyway
			return unsafe.String(&served[0], len(served))
		}
		return string(served)
	}).(string)
	return api.OnLoadResult{Contents: &contents, Loader: loader}
}

// bytesString is data as esbuild's Contents, uncopied: a source.File's
// data never changes.
func bytesString(data []byte) *string {
	s := unsafe.String(unsafe.SliceData(data), len(data))
	return &s
}

// servedKey memoizes a file's content as served to esbuild.
type servedKey struct{}

// trackunitStub stands in for an @trackunit package that is not installed.
// Any export is an "enum" whose members evaluate to their own names, so
// `ScopeType.ACCOUNT` is "ACCOUNT", as the SDK's string enums are; calling
// one returns its first argument, as identity helpers do. esbuild's
// CommonJS interop copies only own properties, so the stub answers through
// its prototype as well.
//
// It opens with "use strict": a file's tsconfig may make esbuild add that
// directive (alwaysStrict), and the stub, which no tsconfig configures,
// must be the same text whichever tsconfig esbuild applies to it
// (tsconfig_share.go).
var trackunitStub = `"use strict";
var member = function (name) {
  return new Proxy(function () {}, {
    get: function (t, key) {
      if (typeof key !== "string") return undefined;
      if (key === "toString" || key === "valueOf") return function () { return name; };
      return key;
    },
    apply: function (t, self, args) { return args[0]; },
  });
};
var any = new Proxy({}, {
  get: function (t, key) {
    if (typeof key !== "string" || key === "__esModule" || key === "then") return undefined;
    return member(key);
  },
});
module.exports = new Proxy({}, {
  get: function (t, key) { return any[key]; },
  getPrototypeOf: function () { return any; },
});
`

// metafile is what the analyzer reads of esbuild's metafile.
type metafile struct {
	Inputs map[string]struct {
		Imports []struct {
			Path     string `json:"path"`
			Original string `json:"original"`
			Kind     string `json:"kind"`     // import-statement, require-call, ... (tsconfig_share.go)
			External bool   `json:"external"` // not resolved: TypeScript dropped it as a type import
		} `json:"imports"`
		Format string `json:"format"` // esm, cjs or "" (tsconfig_share.go)
	} `json:"inputs"`
	Outputs map[string]struct {
		Inputs map[string]json.RawMessage `json:"inputs"`
	} `json:"outputs"`
}

// abs makes a metafile path absolute, or "" for one of another namespace
// (irislint-stub:@trackunit/x) and for the JSON manifest's entry.
func metaPath(in, root string) string {
	if strings.Contains(in, ":") && !filepath.IsAbs(in) || filepath.Base(in) == stdinName {
		return ""
	}
	if !filepath.IsAbs(in) {
		return filepath.Join(root, filepath.FromSlash(in))
	}
	return in
}

// sources lists the bundle's input files as absolute paths, the manifest
// first, then sorted.
func (m *metafile) sources(root, manifest string) []string {
	return manifestFirst(manifest, root, func(yield func(string) bool) {
		for in := range m.Inputs {
			if !yield(in) {
				return
			}
		}
	})
}

// manifestFirst lists the metafile paths seq yields as absolute paths, the
// manifest first, then sorted.
func manifestFirst(manifest, root string, seq func(func(string) bool)) []string {
	var rest []string
	for in := range seq {
		if abs := metaPath(in, root); abs != "" && abs != manifest {
			rest = append(rest, abs)
		}
	}
	sort.Strings(rest)
	return append([]string{manifest}, rest...)
}

// importGraph is each input's imports, by absolute path.
func (m *metafile) importGraph(root string) map[string][]importEdge {
	g := make(map[string][]importEdge, len(m.Inputs))
	for in, v := range m.Inputs {
		from := metaPath(in, root)
		if from == "" {
			continue
		}
		for _, imp := range v.Imports {
			if to := metaPath(imp.Path, root); to != "" {
				g[from] = append(g[from], importEdge{path: to, spec: imp.Original})
			}
		}
	}
	return g
}

// problemsFromMessages turns esbuild errors into Problems, one per message,
// classified by what esbuild said.
func problemsFromMessages(msgs []api.Message, manifest, root string) []Problem {
	var out []Problem
	for _, m := range msgs {
		if p, ok := m.Detail.(Problem); ok {
			// a refusal of the sandbox's, already a Problem (parselimits.go)
			if p.Pos.IsZero() {
				p.Pos = line1(manifest)
				if l := m.Location; l != nil && l.File != "" && !strings.Contains(l.Namespace, stubNS) {
					p.Pos = positionFromLocation(l, root)
				}
			}
			out = append(out, p)
			continue
		}
		p := Problem{Kind: ProblemBundle, Message: m.Text, Pos: line1(manifest)}
		switch {
		case strings.HasPrefix(m.Text, "Could not resolve"):
			p.Kind = ProblemResolve
			p.Message = strings.Replace(m.Text, "Could not resolve", "cannot resolve import", 1)
		case m.PluginName == pluginName:
			p.Kind = ProblemForbid
		case strings.HasPrefix(m.Text, "Could not read from file"), strings.HasPrefix(m.Text, "Cannot read"):
			p.Kind = ProblemRead
		case m.ID == "" && m.Location != nil:
			p.Kind = ProblemSyntax
		}
		if l := m.Location; l != nil && l.File != "" && !strings.Contains(l.Namespace, stubNS) {
			p.Pos = positionFromLocation(l, root)
		}
		p.Message = lowerFirst(strings.TrimSuffix(p.Message, "."))
		p.Message += aliasHint(p, root) // an alias a workspace tsconfig defines, out of the file's sight (hint.go)
		out = append(out, p)
	}
	return out
}

// positionFromLocation converts esbuild's 0-based byte column into our
// 1-based code-point column.
func positionFromLocation(l *api.Location, root string) Position {
	file := l.File
	if !filepath.IsAbs(file) {
		// esbuild reports paths relative to AbsWorkingDir.
		file = filepath.Join(root, filepath.FromSlash(file))
	}
	text, c := l.LineText, l.Column
	if l.Line == 1 && strings.HasPrefix(text, "\ufeff") && c >= len("\ufeff") {
		// esbuild counts a BOM; it is no column, as for the literals
		// (scanSource).
		text, c = text[len("\ufeff"):], c-len("\ufeff")
	}
	col := 1
	if c <= len(text) {
		col = 1 + runeCount(text[:c])
	} else {
		col = 1 + c
	}
	end := col
	if c+l.Length <= len(text) {
		end = 1 + runeCount(text[:c+l.Length])
	}
	return Position{File: file, Line: l.Line, Column: col, EndLine: l.Line, EndColumn: end}
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if len(r) > 1 && r[1] >= 'A' && r[1] <= 'Z' {
		return s // an acronym: "JSON", "ESM"
	}
	if r[0] >= 'A' && r[0] <= 'Z' {
		r[0] += 'a' - 'A'
	}
	return string(r)
}

// trackunitInstalled reports whether an @trackunit package may be installed
// for an import from dir: whether node_modules/@trackunit/<name> exists in
// dir or a folder above it (a link counts: pnpm installs packages as
// links). Only then is it worth asking esbuild.
func trackunitInstalled(dir, spec string) bool {
	parts := strings.SplitN(spec, "/", 3)
	if len(parts) < 2 {
		return true
	}
	_, ok := fsx.FindUp(dir, "", filepath.Join("node_modules", parts[0], parts[1]))
	return ok
}
