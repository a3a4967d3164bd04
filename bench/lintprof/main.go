//go:build irislint_tools

// Command lintprof runs the lint `irislint lint DIR` does, in process, N
// times, and writes a CPU profile (and, with -memprofile, a heap profile)
// of those runs: where the time of the cold path goes, without the
// start-up of a process or the report around it.
//
//	go run -tags irislint_tools ./bench/lintprof -n 10 -cpuprofile /tmp/cpu.prof /tmp/ws200
//	go tool pprof -top /tmp/cpu.prof
//	go run -tags irislint_tools ./bench/lintprof -n 3 -peakheap /tmp/peak.prof /tmp/ws200  # what the heap holds at its peak
//	go run -tags irislint_tools ./bench/lintprof -cache /tmp/c -n 40 -cpuprofile /tmp/warm.prof /tmp/ws200  # warm runs
//
// Each run is a new lint.Linter, with the result cache off unless -cache
// names its folder, so nothing is kept from one run to the next, as for a
// fresh process. GOGC is set as `irislint lint` sets it
// (200, unless GOGC is set).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"time"

	"github.com/irislint/irislint/lint"
)

func main() {
	n := flag.Int("n", 5, "lint runs to profile")
	cpu := flag.String("cpuprofile", "", "write a CPU profile here")
	mem := flag.String("memprofile", "", "write a heap profile (allocations) here")
	peak := flag.String("peakheap", "", "write a heap profile (in use) taken near the largest heap of the runs here")
	traceFile := flag.String("trace", "", "write an execution trace (go tool trace) of the runs here")
	jobs := flag.Int("j", 0, "lint -j (0: the number of CPUs)")
	cacheDir := flag.String("cache", "", "use the result cache in `DIR` (warm runs after the first); by default it is off, and every run lints cold")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: lintprof [-n N] [-cpuprofile FILE] [-memprofile FILE] DIR")
		os.Exit(2)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	dir := flag.Arg(0)
	lintOnce := func() (int, int) {
		l, err := lint.New(lint.Options{WorkDir: dir, Jobs: *jobs, CacheDir: *cacheDir, NoCache: *cacheDir == ""})
		if err != nil {
			fail(err)
		}
		defer l.Close()
		res, err := l.Lint(context.Background())
		if err != nil {
			fail(err)
		}
		return len(res.Manifests), len(res.Diagnostics)
	}
	lintOnce() // warm the page cache, as the runs of a benchmark are
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			fail(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
		defer pprof.StopCPUProfile()
	}
	if *mem != "" {
		runtime.MemProfileRate = 64 << 10
	}
	if *traceFile != "" {
		f, err := os.Create(*traceFile)
		if err != nil {
			fail(err)
		}
		defer f.Close()
		if err := trace.Start(f); err != nil {
			fail(err)
		}
		defer trace.Stop()
	}
	if *peak != "" {
		stop := watchPeak(*peak)
		defer stop()
	}
	start := time.Now()
	var manifests, diags int
	for range *n {
		manifests, diags = lintOnce()
	}
	per := time.Since(start) / time.Duration(*n)
	fmt.Printf("%d runs, %v per run; %d manifests, %d diagnostics\n", *n, per.Round(time.Millisecond), manifests, diags)
	if *mem != "" {
		f, err := os.Create(*mem)
		if err != nil {
			fail(err)
		}
		defer f.Close()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			fail(err)
		}
	}
}

// watchPeak samples the heap every few milliseconds and, each time it is
// larger than ever, writes an in-use heap profile to path: what the heap
// holds at (about) its peak. stop ends the watch.
func watchPeak(path string) (stop func()) {
	runtime.MemProfileRate = 64 << 10
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var most uint64
		var ms runtime.MemStats
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				fmt.Printf("largest heap seen: %d MiB\n", most>>20)
				return
			case <-tick.C:
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc <= most+most/20 {
				continue
			}
			most = ms.HeapAlloc
			f, err := os.Create(path)
			if err != nil {
				fail(err)
			}
			// debug=0, "inuse_space" as of the last GC plus what was
			// allocated since, which is what the heap held
			if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
				fail(err)
			}
			f.Close()
		}
	}()
	return func() { close(done); <-finished }
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "lintprof:", err)
	os.Exit(1)
}
