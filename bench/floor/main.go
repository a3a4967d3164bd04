//go:build irislint_tools

// Command floor is the least a lint built like irislint can cost: it
// bundles one manifest with esbuild's Go API, in memory, evaluates the
// bundle with goja and prints how many scopes the default export lists.
// Nothing else: no sandbox plugin, guards, time budget, source positions,
// rules, configuration or output formats. bench/run.sh times it beside
// irislint, so the figures show how much of irislint's time any design on
// esbuild and goja would spend anyway.
//
//	go run -tags irislint_tools ./bench/floor apps/fleet-insights/iris-app-manifest.ts
//
// The workspace must resolve every import itself (bench/run.sh installs
// node_modules in its copy); esbuild's errors are printed, exit 1.
//
// It builds only with -tags irislint_tools, so that `go install ./...` (what
// pre-commit's golang hooks run) installs irislint alone.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/dop251/goja"
	"github.com/evanw/esbuild/pkg/api"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: floor MANIFEST")
		os.Exit(2)
	}
	path, err := filepath.Abs(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(2)
	}
	// The options irislint bundles with (analyzer.buildOptions), less its
	// plugin, source map and metafile.
	res := api.Build(api.BuildOptions{
		EntryPoints: []string{path},
		Outfile:     filepath.Join(filepath.Dir(path), "floor-bundle.js"),
		Bundle:      true,
		Write:       false,
		Format:      api.FormatCommonJS,
		Platform:    api.PlatformNode,
		Target:      api.ES2017,
		Charset:     api.CharsetUTF8,
		LogLevel:    api.LogLevelSilent,
	})
	for _, m := range res.Errors {
		fmt.Fprintln(os.Stderr, "floor:", m.Text)
	}
	if len(res.Errors) > 0 || len(res.OutputFiles) != 1 {
		os.Exit(1)
	}

	vm := goja.New()
	module := vm.NewObject()
	_ = module.Set("exports", vm.NewObject())
	_ = vm.Set("module", module)
	_ = vm.Set("exports", module.Get("exports"))
	if _, err := vm.RunScript("bundle.js", string(res.OutputFiles[0].Contents)); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	manifest := module.Get("exports").ToObject(vm).Get("default")
	if manifest == nil || goja.IsUndefined(manifest) {
		fmt.Fprintln(os.Stderr, "floor: the manifest has no default export")
		os.Exit(1)
	}
	scopes := manifest.ToObject(vm).Get("scopes").Export()
	list, _ := scopes.([]any)
	fmt.Printf("%d scopes\n", len(list))
}
