package analyzer

import (
	"path/filepath"
	"testing"
)

// benchManifest is the example workspace's real-shaped manifest: tsconfig
// paths through an extends chain, two extension imports, two JSON requires.
const benchManifest = "../testdata/workspace/apps/fleet-insights/iris-app-manifest.ts"

// BenchmarkLoad is Load of the example manifest: bundle, evaluate, locate.
// The guards sub-benchmarks compare it with the memory guards (prelude
// and heap watcher) on and off; README.md reports the ratio.
func BenchmarkLoad(b *testing.B) {
	path, err := filepath.Abs(benchManifest)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		off  bool
	}{{"guards=on", false}, {"guards=off", true}} {
		b.Run(bc.name, func(b *testing.B) {
			memoryGuardsOff = bc.off
			defer func() { memoryGuardsOff = false }()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Load(path, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEvaluate isolates evaluation (the part the guards wrap) from
// bundling, with the guards on and off.
func BenchmarkEvaluate(b *testing.B) {
	path, err := filepath.Abs(benchManifest)
	if err != nil {
		b.Fatal(err)
	}
	root := WorkspaceRoot(path)
	bnd, probs := buildBundle(path, newWorkspace(root), nil)
	if probs != nil {
		b.Fatal(probs)
	}
	for _, bc := range []struct {
		name string
		off  bool
	}{{"guards=on", false}, {"guards=off", true}} {
		b.Run(bc.name, func(b *testing.B) {
			memoryGuardsOff = bc.off
			defer func() { memoryGuardsOff = false }()
			b.ReportAllocs()
			for b.Loop() {
				if _, probs := evaluate(bnd, path, root, DefaultTimeout, DefaultMemoryLimit); probs != nil {
					b.Fatal(probs)
				}
			}
		})
	}
}
