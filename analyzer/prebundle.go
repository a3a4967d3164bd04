package analyzer

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"
)

// Prebundle bundles the manifests at paths ahead of Load, sharing the work
// among those of one workspace: one esbuild build per workspace bundles
// them all (each manifest still gets its own self-contained bundle), so
// esbuild reads each folder, package.json, tsconfig chain and shared lib
// once rather than once per manifest. Load then takes a manifest's bundle
// from here instead of building it. A build that fails is split in halves
// until the manifests that fail are alone; those are left to Load, which
// builds and reports them as it always does. Manifests Load would refuse
// before bundling (not a regular file, outside the workspace, a tsconfig
// "extends" leading out) and JSON manifests are left to Load too.
//
// Opt-in: a monorepo lint calls it once before loading its manifests in
// parallel, and calls the returned release when done, which drops the
// bundles Load did not take.
func Prebundle(paths []string) (release func()) {
	byRoot := map[string][]string{}
	spaces := map[string]*workspace{}
	var roots []string
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil || strings.EqualFold(filepath.Ext(abs), ".json") {
			continue
		}
		if fi, err := os.Stat(abs); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		root := WorkspaceRoot(abs)
		ws, ok := spaces[root]
		if !ok {
			ws = newWorkspace(root)
			spaces[root] = ws
			roots = append(roots, root)
		}
		if !ws.contains(abs) || ws.checkTsconfigs(filepath.Dir(abs)) != nil {
			continue
		}
		byRoot[root] = append(byRoot[root], abs)
	}
	var registered []string
	for _, root := range roots {
		ws := spaces[root]
		all := byRoot[root]
		for len(all) > 0 {
			n := min(len(all), prebundleChunk)
			c := &chunk{ws: ws, paths: all[:n]}
			for _, p := range c.paths {
				if _, dup := pending.LoadOrStore(p, c); !dup {
					registered = append(registered, p)
				}
			}
			all = all[n:]
		}
	}
	return func() {
		for _, p := range registered {
			pending.Delete(p)
		}
	}
}

// prebundleChunk is how many manifests one esbuild build bundles: enough
// to share the reading of folders and configuration, few enough that the
// first bundles are ready (and evaluated) while the next chunk builds, and
// that memory stays flat however many apps the workspace has.
var prebundleChunk = 48

// chunk is manifests of one workspace bundled together, by the first Load
// that asks for one of them.
type chunk struct {
	once  sync.Once
	ws    *workspace
	paths []string
	built map[string]*bundle // read-only once built
}

// pending maps each manifest Prebundle registered (absolute path) to its
// chunk, until Load takes its bundle.
var pending sync.Map

// takePrebuilt returns the bundle of path's chunk, building the chunk
// first if no Load has yet, or nil when path was not registered or did
// not build (Load then builds it on its own).
func takePrebuilt(path string) *bundle {
	v, ok := pending.LoadAndDelete(path)
	if !ok {
		return nil
	}
	c := v.(*chunk)
	c.once.Do(func() { c.built = buildMany(c.paths, c.ws) })
	return c.built[path]
}

// buildMany bundles the manifests (absolute paths in one workspace) in one
// esbuild build and returns the bundle of each that built. When the build
// fails, it tries each half on its own, down to single manifests, whose
// failures are left to Load.
func buildMany(paths []string, ws *workspace) map[string]*bundle {
	out := map[string]*bundle{}
	if len(paths) == 0 {
		return out
	}
	if len(paths) == 1 {
		if b, probs := buildBundle(paths[0], ws, nil); probs == nil {
			out[paths[0]] = b
		}
		return out
	}
	entries := make([]api.EntryPoint, len(paths))
	outName := make([]string, len(paths))
	for i, p := range paths {
		outName[i] = fmt.Sprintf("irislint-manifest-bundle-%d", i)
		entries[i] = api.EntryPoint{InputPath: p, OutputPath: outName[i]}
	}
	opts := buildOptions(ws, nil)
	opts.EntryPointsAdvanced = entries
	opts.Outdir = ws.root
	res := api.Build(opts)
	if len(res.Errors) > 0 {
		half := len(paths) / 2
		for p, b := range buildMany(paths[:half], ws) {
			out[p] = b
		}
		for p, b := range buildMany(paths[half:], ws) {
			out[p] = b
		}
		return out
	}
	files := map[string][]byte{}
	for _, f := range res.OutputFiles {
		files[f.Path] = f.Contents
	}
	var meta struct {
		Outputs map[string]struct {
			Inputs map[string]json.RawMessage `json:"inputs"`
		} `json:"outputs"`
	}
	if err := json.Unmarshal([]byte(res.Metafile), &meta); err != nil {
		return out
	}
	for i, p := range paths {
		js, ok1 := files[filepath.Join(ws.root, outName[i]+".js")]
		srcMap, ok2 := files[filepath.Join(ws.root, outName[i]+".js.map")]
		o, ok3 := meta.Outputs[outName[i]+".js"]
		if !ok1 || !ok2 || !ok3 {
			continue // Load builds it
		}
		out[p] = &bundle{js: js, srcMap: srcMap, sources: outputInputs(o.Inputs, ws.root, p)}
	}
	return out
}

// outputInputs lists one output's input files as absolute paths, the
// manifest first, then sorted, as metafileInputs does for a single build.
func outputInputs(inputs map[string]json.RawMessage, root, manifest string) []string {
	out := []string{manifest}
	var rest []string
	for in := range inputs {
		if strings.Contains(in, ":") && !filepath.IsAbs(in) {
			continue // another namespace, e.g. irislint-stub:@trackunit/x
		}
		abs := in
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(root, filepath.FromSlash(in))
		}
		if abs != manifest {
			rest = append(rest, abs)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}
