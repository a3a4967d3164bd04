//go:build irislint_tools

// Command floor is the least a lint built like irislint can cost: it
// bundles manifests with esbuild's Go API, in memory, evaluates each bundle
// with goja and prints how many scopes the default exports list. Nothing
// else: no sandbox plugin, guards, time budget, source positions, rules,
// configuration or output formats. bench/run.sh and bench/peers.sh time it
// beside irislint, so the figures show how much of irislint's time any
// design on esbuild and goja would spend anyway.
//
//	go run -tags irislint_tools ./bench/floor apps/fleet-insights/iris-app-manifest.ts
//	go run -tags irislint_tools ./bench/floor .   # every manifest below .
//	go run -tags irislint_tools ./bench/floor -tsconfig tsconfig.base.json .
//
// -tsconfig forces one tsconfig on every file (esbuild's Tsconfig option),
// so that esbuild derives it once per build, not once per app folder: what
// irislint does where it proves the result the same (tsconfig sharing).
//
// Given a folder, it finds the manifests below it as `irislint lint` does
// (iris-app-manifest.*, not in node_modules, dist, tmp or hidden folders),
// bundles them all in one esbuild build (as irislint does, 48 at a time)
// and evaluates the bundles on every CPU, one goja runtime each.
//
// The workspace must resolve every import itself (the bench scripts install
// node_modules in their copies); esbuild's errors are printed, exit 1.
//
// It builds only with -tags irislint_tools, so that `go install ./...` (what
// pre-commit's golang hooks run) installs irislint alone.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/evanw/esbuild/pkg/api"
)

func main() {
	tsconfig := flag.String("tsconfig", "", "force this tsconfig on every file")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: floor [-tsconfig FILE] MANIFEST|FOLDER")
		os.Exit(2)
	}
	paths, err := manifests(flag.Arg(0))
	if err != nil || len(paths) == 0 {
		fmt.Fprintln(os.Stderr, "floor: no manifest:", err)
		os.Exit(2)
	}
	bundles := bundle(paths, *tsconfig)
	total, failed := evaluate(bundles)
	if failed {
		os.Exit(1)
	}
	fmt.Printf("%d manifests, %d scopes\n", len(paths), total)
}

// manifests is the manifest at arg, or every manifest below the folder arg.
func manifests(arg string) ([]string, error) {
	abs, err := filepath.Abs(arg)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return []string{abs}, err
	}
	var out []string
	err = filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && p != abs && (name == "node_modules" || name == "dist" || name == "tmp" || strings.HasPrefix(name, ".")) {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasPrefix(name, "iris-app-manifest.") {
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// bundle builds every manifest with the options irislint bundles with
// (analyzer.buildOptions), less its plugin, source map and metafile, in
// one build per 48 manifests.
func bundle(paths []string, tsconfig string) [][]byte {
	var out [][]byte
	for start := 0; start < len(paths); start += 48 {
		chunk := paths[start:min(start+48, len(paths))]
		entries := make([]api.EntryPoint, len(chunk))
		for i, p := range chunk {
			entries[i] = api.EntryPoint{InputPath: p, OutputPath: fmt.Sprintf("floor-bundle-%d", i)}
		}
		res := api.Build(api.BuildOptions{
			EntryPointsAdvanced: entries,
			Outdir:              filepath.Dir(chunk[0]),
			Bundle:              true,
			Write:               false,
			Format:              api.FormatCommonJS,
			Platform:            api.PlatformNode,
			Target:              api.ES2017,
			Charset:             api.CharsetUTF8,
			LogLevel:            api.LogLevelSilent,
			Tsconfig:            tsconfig,
		})
		for _, m := range res.Errors {
			fmt.Fprintln(os.Stderr, "floor:", m.Text)
		}
		if len(res.Errors) > 0 || len(res.OutputFiles) != len(chunk) {
			os.Exit(1)
		}
		for _, f := range res.OutputFiles {
			out = append(out, f.Contents)
		}
	}
	return out
}

// evaluate runs each bundle in a goja runtime of its own, on every CPU,
// and counts the scopes of the default exports.
func evaluate(bundles [][]byte) (total int, failed bool) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan []byte)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for code := range next {
				n, err := scopes(code)
				mu.Lock()
				if err != nil {
					fmt.Fprintln(os.Stderr, "floor:", err)
					failed = true
				}
				total += n
				mu.Unlock()
			}
		}()
	}
	for _, b := range bundles {
		next <- b
	}
	close(next)
	wg.Wait()
	return total, failed
}

// scopes evaluates a bundle and counts the scopes of its default export
// (or of module.exports, for a CommonJS manifest).
func scopes(code []byte) (int, error) {
	vm := goja.New()
	module := vm.NewObject()
	_ = module.Set("exports", vm.NewObject())
	_ = vm.Set("module", module)
	_ = vm.Set("exports", module.Get("exports"))
	if _, err := vm.RunScript("bundle.js", string(code)); err != nil {
		return 0, err
	}
	exports := module.Get("exports").ToObject(vm)
	manifest := exports.Get("default")
	if manifest == nil || goja.IsUndefined(manifest) {
		manifest = exports // module.exports = {...}, as irislint takes it
	}
	list, _ := manifest.ToObject(vm).Get("scopes").Export().([]any)
	return len(list), nil
}
