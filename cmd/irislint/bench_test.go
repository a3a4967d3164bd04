package main

import (
	"io"
	"strings"
	"testing"
)

// BenchmarkLint is a whole lint of the example workspace's real-shaped
// manifest, in process: discovery, configuration, Load, rules, the text
// report. The whole process (start-up included) is timed by bench/run.sh.
// BenchmarkLint is one manifest linted in a warm process: cold as far as
// the result cache goes (--no-cache).
func BenchmarkLint(b *testing.B) {
	benchmarkLint(b, "", "--no-cache")
}

// BenchmarkLintWarm is the same with every verdict in the result cache.
func BenchmarkLintWarm(b *testing.B) {
	benchmarkLint(b, b.TempDir())
}

func benchmarkLint(b *testing.B, cacheDir string, flags ...string) {
	ws, err := absTestdata("workspace")
	if err != nil {
		b.Fatal(err)
	}
	e := &env{
		stdin:  strings.NewReader(""),
		stdout: io.Discard,
		stderr: io.Discard,
		getenv: func(k string) string {
			if k == "IRISLINT_CACHE" {
				return cacheDir
			}
			return ""
		},
		workDir: ws,
	}
	args := append(append([]string{"lint"}, flags...), "apps/fleet-insights/iris-app-manifest.ts")
	run(e, args) // the cache's entry, for the warm run
	b.ReportAllocs()
	for b.Loop() {
		if code := run(e, args); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
}
