package analyzer

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

// Warm starts preparing, in the background, the runtime the Loader's first
// evaluation will run in. Calling it is optional (evaluation is the same
// without it) and worth it only just before loading, as a command-line
// lint does. Later calls do nothing.
func (l *Loader) Warm() {
	l.warm.once.Do(func() {
		l.warm.started.Store(true)
		go func() { l.warm.spare <- prepareVM(!l.guardsOff) }()
	})
}

// takeSpareVM returns the runtime Warm prepared, waiting for it if it is
// still being made (it began earlier than a new one would), or nil when
// Warm was not called or another evaluation took it.
func (l *Loader) takeSpareVM() *preparedVM {
	if !l.warm.started.Load() || !l.warm.claimed.CompareAndSwap(false, true) {
		return nil
	}
	return <-l.warm.spare
}
