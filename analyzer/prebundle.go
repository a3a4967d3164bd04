package analyzer

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/irislint/irislint/internal/source"
)

// Prebundle bundles the manifests at paths ahead of Bundle, sharing the
// work among those of one workspace: one esbuild build per workspace
// bundles them all (each manifest still gets its own self-contained
// bundle), so esbuild reads each folder, package.json, tsconfig chain and
// shared lib once rather than once per manifest. Bundle, given the same
// files, then takes a manifest's bundle from here instead of building it.
// A build that fails is split in halves until the manifests that fail are
// alone; those are left to Bundle, which builds and reports them as it
// always does. Manifests Bundle would refuse before bundling (not a regular
// file, outside the workspace, a tsconfig "extends" leading out), overlays
// and JSON manifests are left to Bundle too.
//
// Manifests whose own tsconfigs have the same settings are bundled with
// one of those tsconfigs forced on every file, so that esbuild reads it
// once instead of once per app folder; a manifest keeps that bundle only
// where it is provably the same, byte for byte, as without (tsconfig_share.go).
//
// Opt-in: a monorepo lint calls it once before bundling its manifests in
// parallel, and calls the returned release when done, which drops the
// bundles Bundle did not take.
func (l *Loader) Prebundle(paths []string, files *source.Set) (release func()) {
	byRoot := map[string][]string{}
	var roots []string
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil || strings.EqualFold(filepath.Ext(abs), ".json") || files.Overlaid(abs) {
			continue
		}
		if fi, err := os.Stat(abs); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		root := WorkspaceRoot(abs)
		ws := l.workspace(root)
		if !ws.contains(abs) || ws.checkTsconfigs(filepath.Dir(abs)) != nil {
			continue
		}
		if byRoot[root] == nil {
			roots = append(roots, root)
		}
		byRoot[root] = append(byRoot[root], abs)
	}
	var registered []prebundleKey
	for _, root := range roots {
		ws := l.workspace(root)
		share := newSharing(ws)
		for _, g := range share.groups(byRoot[root]) {
			for all := g.paths; len(all) > 0; {
				n := min(len(all), prebundleChunk)
				c := &chunk{ws: ws, files: files, paths: all[:n], tsconfig: g.tsconfig, share: share}
				for _, p := range c.paths {
					k := prebundleKey{files, p}
					if _, dup := l.pending.LoadOrStore(k, c); !dup {
						registered = append(registered, k)
					}
				}
				all = all[n:]
			}
		}
	}
	return func() {
		for _, k := range registered {
			l.pending.Delete(k)
		}
	}
}

// prebundleChunk is how many manifests one esbuild build bundles: enough
// to share the reading of folders and configuration, few enough that the
// first bundles are ready (and evaluated) while the next chunk builds, and
// that memory stays flat however many apps the workspace has.
const prebundleChunk = 48

// prebundleKey names a registered manifest: the same path may be
// prebundled by two runs at once, each with its own files.
type prebundleKey struct {
	files *source.Set
	path  string
}

// chunk is manifests of one workspace bundled together, by the first
// Bundle that asks for one of them: with one tsconfig forced on every file
// (tsconfig_share.go), or, when tsconfig is "", the usual way.
type chunk struct {
	once     sync.Once
	ws       *workspace
	files    *source.Set
	paths    []string
	tsconfig string
	share    *sharing
	built    map[string]*Bundle // read-only once built
}

// build bundles the chunk's manifests: those a shared build cannot give
// are built the usual way.
func (c *chunk) build() map[string]*Bundle {
	if c.tsconfig == "" {
		return buildMany(c.paths, c.ws, c.files)
	}
	out, rest, _ := c.share.buildShared(c.paths, c.tsconfig, c.files)
	maps.Copy(out, buildMany(rest, c.ws, c.files))
	return out
}

// takePrebuilt returns the bundle of path's chunk, building the chunk
// first if no Bundle has yet, or nil when path was not registered with
// these files or did not build (Bundle then builds it on its own).
func (l *Loader) takePrebuilt(files *source.Set, path string) *Bundle {
	v, ok := l.pending.LoadAndDelete(prebundleKey{files, path})
	if !ok {
		return nil
	}
	c := v.(*chunk)
	c.once.Do(func() { c.built = c.build() })
	return c.built[path]
}

// buildMany bundles the manifests (absolute paths in one workspace) in one
// esbuild build and returns the bundle of each that built. When the build
// fails, it tries each half on its own, down to single manifests, whose
// failures are left to Bundle.
func buildMany(paths []string, ws *workspace, files *source.Set) map[string]*Bundle {
	out := map[string]*Bundle{}
	if len(paths) == 0 {
		return out
	}
	if len(paths) == 1 {
		if b, _, probs := buildBundle(paths[0], ws, files); probs == nil {
			out[paths[0]] = b
		}
		return out
	}
	res, outNames, loads := buildTogether(paths, ws, files, "")
	if len(res.Errors) > 0 {
		half := len(paths) / 2
		maps.Copy(out, buildMany(paths[:half], ws, files))
		maps.Copy(out, buildMany(paths[half:], ws, files))
		return out
	}
	bundles, _ := bundlesOf(res, paths, outNames, ws, loads)
	return bundles
}

// buildTogether is one esbuild build of the manifests (absolute paths in
// one workspace), each with its own output, the outputs' names, and the
// log of what the build loaded and resolved. A tsconfig other than "" is
// applied to every file (tsconfig_share.go).
func buildTogether(paths []string, ws *workspace, files *source.Set, tsconfig string) (api.BuildResult, []string, *loadLog) {
	entries := make([]api.EntryPoint, len(paths))
	outNames := make([]string, len(paths))
	for i, p := range paths {
		outNames[i] = fmt.Sprintf("irislint-manifest-bundle-%d", i)
		entries[i] = api.EntryPoint{InputPath: p, OutputPath: outNames[i]}
	}
	loads := &loadLog{}
	opts := buildOptions(ws, files, loads, nil)
	opts.EntryPointsAdvanced = entries
	opts.Outdir = ws.root
	opts.Tsconfig = tsconfig
	return api.Build(opts), outNames, loads
}

// bundlesOf is the bundle of each manifest a build that succeeded gave,
// and its metafile (nil if it does not decode). What a bundle read is
// every file its manifest's imports reach in the build's import graph:
// the output's inputs leave out the files that add no bytes to it (one
// that declares only types, imported for its side effects), and editing
// such a file can change the verdict. The npm scopes and the relative
// imports recorded are those of the files read.
func bundlesOf(res api.BuildResult, paths, outNames []string, ws *workspace, loads *loadLog) (map[string]*Bundle, *metafile) {
	out := map[string]*Bundle{}
	contents := map[string][]byte{}
	for _, f := range res.OutputFiles {
		contents[f.Path] = f.Contents
	}
	var meta metafile
	if err := json.Unmarshal([]byte(res.Metafile), &meta); err != nil {
		return out, nil
	}
	graph := meta.importGraph(ws.root)
	for i, p := range paths {
		js, ok1 := contents[filepath.Join(ws.root, outNames[i]+".js")]
		srcMap, ok2 := contents[filepath.Join(ws.root, outNames[i]+".js.map")]
		o, ok3 := meta.Outputs[outNames[i]+".js"]
		if !ok1 || !ok2 || !ok3 {
			continue // Bundle builds it
		}
		sources := manifestFirst(p, ws.root, func(yield func(string) bool) {
			for in := range o.Inputs {
				if !yield(in) {
					return
				}
			}
		})
		read := reachable(p, graph)
		for _, f := range sources {
			read[f] = true
		}
		out[p] = &Bundle{Path: p, Root: ws.root, js: js, srcMap: srcMap, sources: sources, read: manifestFirst(p, ws.root, maps.Keys(read)), imports: graph, Scopes: loads.scopeList(read), logical: loads.logicalPaths(read)}
	}
	return out, &meta
}

// reachable is the set of files the import graph reaches from manifest,
// manifest included.
func reachable(manifest string, graph map[string][]importEdge) map[string]bool {
	seen := map[string]bool{manifest: true}
	todo := []string{manifest}
	for len(todo) > 0 {
		f := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		for _, e := range graph[f] {
			if !seen[e.path] {
				seen[e.path] = true
				todo = append(todo, e.path)
			}
		}
	}
	return seen
}
