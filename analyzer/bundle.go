package analyzer

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/irislint/irislint/internal/fsx"
)

// bundle is the esbuild output for one manifest: one CommonJS script and
// its source map, plus every input file.
type bundle struct {
	js      []byte
	srcMap  []byte
	sources []string // absolute paths, the manifest first
	source  []byte   // the manifest's text when Load was given it (Options.Source)
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

// buildBundle bundles the manifest at path (absolute) in memory. esbuild
// does the TypeScript, the tsconfig `paths` (through `extends` chains) and
// JSON; the plugin refuses Node built-ins and stands in for missing
// @trackunit packages.
//
// source, when not nil, is the manifest's content in place of the file's.
func buildBundle(path string, ws *workspace, source []byte) (*bundle, []Problem) {
	root := ws.root
	res := buildOne(path, ws, source, nil)
	if broken := unresolvedTrackunit(res.Errors); broken != nil {
		// An installed @trackunit package that esbuild cannot resolve (a
		// broken install): stand in for it, as for one not installed.
		res = buildOne(path, ws, source, broken)
	}
	if len(res.Errors) > 0 {
		return nil, ws.confine(problemsFromMessages(res.Errors, path, root), path)
	}
	b := &bundle{source: source}
	for _, f := range res.OutputFiles {
		if strings.HasSuffix(f.Path, ".map") {
			b.srcMap = f.Contents
		} else {
			b.js = f.Contents
		}
	}
	b.sources = metafileInputs(res.Metafile, root, path)
	return b, nil
}

// buildOne is one esbuild build of the manifest at path, with the
// @trackunit packages in stub stood in for.
func buildOne(path string, ws *workspace, source []byte, stub map[string]bool) api.BuildResult {
	root := ws.root
	opts := buildOptions(ws, stub)
	opts.EntryPoints = []string{path}
	opts.Outfile = filepath.Join(root, bundleName)
	if source != nil {
		opts.Plugins = append([]api.Plugin{sourcePlugin(path, source)}, opts.Plugins...)
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
func buildOptions(ws *workspace, stub map[string]bool) api.BuildOptions {
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
		Plugins: []api.Plugin{sandboxPlugin(ws, stub)},
	}
}

// sandboxPlugin confines the build to the workspace and stands in for
// the @trackunit packages that are not installed, or are named in stub.
func sandboxPlugin(ws *workspace, stub map[string]bool) api.Plugin {
	return api.Plugin{Name: pluginName, Setup: func(pb api.PluginBuild) {
		// What this build may still parse (parselimits.go).
		budget := newParseBudget(ws)
		pb.OnResolve(api.OnResolveOptions{Filter: `.*`}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
			if args.Namespace == stubNS {
				return api.OnResolveResult{}, nil
			}
			refuse := func(msg string) (api.OnResolveResult, error) {
				return api.OnResolveResult{Errors: []api.Message{{Text: msg}}}, nil
			}
			bare := !strings.HasPrefix(args.Path, ".") && !filepath.IsAbs(args.Path)
			if bare {
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
			if why := ws.checkImport(filepath.Base(args.Path), args.Path); why != "" {
				return api.OnLoadResult{Errors: []api.Message{{Text: why}}}, nil
			}
			return budget.loadMeasured(args.Path)
		})
		pb.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: "dataurl"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
			return budget.loadDataURL(args.Path)
		})
		pb.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: stubNS}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
			return api.OnLoadResult{Contents: &trackunitStub, Loader: api.LoaderJS}, nil
		})
	}}
}

// sourcePlugin serves the manifest's content from memory, under its own
// path, so positions, the source map and the metafile all name the file.
func sourcePlugin(path string, source []byte) api.Plugin {
	contents := string(disarmSourceMaps(source))
	only := "^" + regexp.QuoteMeta(path) + "$"
	return api.Plugin{Name: pluginName + "-source", Setup: func(pb api.PluginBuild) {
		// The file may not exist yet: resolve it without asking the disk.
		pb.OnResolve(api.OnResolveOptions{Filter: only}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
			return api.OnResolveResult{Path: path}, nil
		})
		pb.OnLoad(api.OnLoadOptions{Filter: only}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
			if lang, ok := sourceLang(path); ok {
				if p := newParseBudget(nil).admit(path, source, lang); p != nil {
					return api.OnLoadResult{Errors: refusal(p)}, nil
				}
			}
			return api.OnLoadResult{Contents: &contents, Loader: loaderFor(path), ResolveDir: filepath.Dir(path)}, nil
		})
	}}
}

// sourceMapComment is a comment esbuild follows to an input source map
// (`//# sourceMappingURL=...`, also with /* and @). esbuild reads the file it
// names wherever it is and whatever it is (outside the workspace, a FIFO,
// /dev/zero), asking no plugin, and takes positions from that map.
var sourceMapComment = regexp.MustCompile(`/[/*][#@] sourceMappingURL=`)

// sourceMapLoaders are esbuild's loaders, by extension, for the files in
// which it follows such a comment.
var sourceMapLoaders = map[string]api.Loader{
	".js": api.LoaderJS, ".mjs": api.LoaderJS, ".cjs": api.LoaderJS, ".jsx": api.LoaderJSX,
	".ts": api.LoaderTS, ".mts": api.LoaderTS, ".cts": api.LoaderTS, ".tsx": api.LoaderTSX,
	".css": api.LoaderCSS,
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

// loaderFor picks esbuild's loader by the manifest's extension.
func loaderFor(path string) api.Loader {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".ts", ".mts", ".cts":
		return api.LoaderTS
	case ".json":
		return api.LoaderJSON
	}
	return api.LoaderJS
}

// trackunitStub stands in for an @trackunit package that is not installed.
// Any export is an "enum" whose members evaluate to their own names, so
// `ScopeType.ACCOUNT` is "ACCOUNT", as the SDK's string enums are; calling
// one returns its first argument, as identity helpers do. esbuild's
// CommonJS interop copies only own properties, so the stub answers through
// its prototype as well.
var trackunitStub = `
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

// metafileInputs lists the bundle's input files as absolute paths, the
// manifest first, then sorted.
func metafileInputs(metafile, root, manifest string) []string {
	var meta struct {
		Inputs map[string]json.RawMessage `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(metafile), &meta); err != nil {
		return []string{manifest}
	}
	out := []string{manifest}
	var rest []string
	for in := range meta.Inputs {
		if strings.Contains(in, ":") && !filepath.IsAbs(in) {
			continue // another namespace, e.g. irislint-stub:@trackunit/x
		}
		abs := in
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(root, filepath.FromSlash(in))
		}
		if abs != manifest && filepath.Base(in) != stdinName {
			rest = append(rest, abs)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
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

func runeCount(s string) int { return len([]rune(s)) }

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
// dir or a folder above it. Only then is it worth asking esbuild.
func trackunitInstalled(dir, spec string) bool {
	parts := strings.SplitN(spec, "/", 3)
	if len(parts) < 2 {
		return true
	}
	for d := dir; d != ""; {
		if fi, err := os.Stat(filepath.Join(d, "node_modules", parts[0], parts[1])); err == nil && fi.IsDir() {
			return true
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	return false
}
