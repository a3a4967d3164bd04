package main

import (
	"io"
	"strings"
	"testing"
)

// BenchmarkLint is a whole lint of the example workspace's real-shaped
// manifest, in process: discovery, configuration, Load, rules, the text
// report. The whole process (start-up included) is timed by bench/run.sh.
func BenchmarkLint(b *testing.B) {
	ws, err := absTestdata("workspace")
	if err != nil {
		b.Fatal(err)
	}
	e := &env{
		stdin:   strings.NewReader(""),
		stdout:  io.Discard,
		stderr:  io.Discard,
		getenv:  func(string) string { return "" },
		workDir: ws,
	}
	b.ReportAllocs()
	for b.Loop() {
		if code := run(e, []string{"lint", "apps/fleet-insights/iris-app-manifest.ts"}); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
}
