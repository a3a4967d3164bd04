package analyzer

import (
	"path/filepath"
	"testing"
)

// benchManifest is the example workspace's real-shaped manifest: tsconfig
// paths through an extends chain, two extension imports, two JSON requires.
const benchManifest = "../testdata/workspace/apps/fleet-insights/iris-app-manifest.ts"

// BenchmarkLoad is Load of the example manifest: bundle, evaluate, locate.
// The guards sub-benchmarks compare it with the memory guards (the
// wrapped builtins and the heap watcher) on and off; README.md reports
// the ratio.
func BenchmarkLoad(b *testing.B) {
	path := benchPath(b)
	withAndWithoutGuards(b, func(b *testing.B, l *Loader) {
		if _, err := l.Load(path, Options{}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkEvaluate isolates evaluation (the part the guards wrap) from
// bundling, with the guards on and off.
func BenchmarkEvaluate(b *testing.B) {
	path := benchPath(b)
	withAndWithoutGuards(b, func(b *testing.B, l *Loader) {
		b.StopTimer()
		bnd, err := l.Bundle(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := bnd.Evaluate(Environment{}); err != nil {
			b.Fatal(err)
		}
	})
}

func benchPath(b *testing.B) string {
	path, err := filepath.Abs(benchManifest)
	if err != nil {
		b.Fatal(err)
	}
	return path
}

// withAndWithoutGuards runs op in two sub-benchmarks, guards=on and
// guards=off.
func withAndWithoutGuards(b *testing.B, op func(b *testing.B, l *Loader)) {
	for _, off := range []bool{false, true} {
		name := "guards=on"
		if off {
			name = "guards=off"
		}
		b.Run(name, func(b *testing.B) {
			l := NewLoader()
			l.guardsOff = off
			b.ReportAllocs()
			for b.Loop() {
				op(b, l)
			}
		})
	}
}
