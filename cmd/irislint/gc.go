package main

import "runtime/debug"

// lintGCPercent is the garbage collector's target for lint: half the
// collections of the default 100 for a few MiB more heap. Bundling
// allocates much short-lived garbage; on a 200-app workspace this saves
// about a tenth of the CPU time (docs/performance-monorepo.md).
const lintGCPercent = 200

// tuneGC sets lint's collector target unless the user set GOGC.
func tuneGC(e *env) {
	if e.getenv("GOGC") == "" {
		debug.SetGCPercent(lintGCPercent)
	}
}
