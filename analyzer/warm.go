package analyzer

import (
	"sync"
	"sync/atomic"
)

// A lint of one manifest is a short process, and about a millisecond of it
// goes on work no manifest changes: building a goja runtime, its globals
// and the memory guards (which make goja build the builtins they wrap).
// Warm does that in the background, so it overlaps with flag parsing,
// configuration and bundling, and the first evaluation takes the result.
//
// Warming esbuild the same way (a transform, to parse its runtime helpers
// before the first build) was measured too and left out: the process is
// CPU-bound on two cores while it bundles, and the extra transform cost
// more than the overlap saved.

var warmth = struct {
	once    sync.Once
	started atomic.Bool
	claimed atomic.Bool // the spare runtime has been taken
	spare   chan *preparedVM
}{spare: make(chan *preparedVM, 1)}

// Warm starts preparing, in the background, the runtime the first Load in
// this process will evaluate its manifest in. Calling it is optional (Load
// is the same without it) and worth it only in a process about to Load,
// such as a command-line lint. Later calls do nothing.
func Warm() {
	warmth.once.Do(func() {
		warmth.started.Store(true)
		go func() { warmth.spare <- prepareVM() }()
	})
}

// takeSpareVM returns the runtime Warm prepared, waiting for it if it is
// still being made (it began earlier than a new one would), or nil when
// Warm was not called or another evaluation took it.
func takeSpareVM() *preparedVM {
	if !warmth.started.Load() || !warmth.claimed.CompareAndSwap(false, true) {
		return nil
	}
	return <-warmth.spare
}
