package analyzer

import (
	"sync"
	"sync/atomic"
)

// Loader bundles and evaluates manifests. It owns what is worth keeping
// from one manifest to the next: the workspaces it has seen (each with the
// "extends" chains of its tsconfig files), the manifests bundled ahead
// (Prebundle), and a runtime prepared in the background (Warm). Nothing
// of it is shared with another Loader, so two lint runs with different
// settings in one process do not see each other's state.
//
// The one thing Loaders share is the process's Go heap: the memory budget
// is kept by a watcher of that heap (guard.go), which every evaluation in
// the process registers with, so that one Loader's growth is never blamed
// on another's manifest.
//
// A Loader is safe for concurrent use.
type Loader struct {
	mu         sync.Mutex
	workspaces map[string]*workspace // by root

	pending sync.Map // prebundleKey -> *chunk (prebundle.go)

	warm struct {
		once    sync.Once
		started atomic.Bool
		claimed atomic.Bool // the spare runtime has been taken
		spare   chan *preparedVM
	}

	// guardsOff turns the memory guards off; only benchmarks set it, to
	// measure what the guards cost.
	guardsOff bool
}

// NewLoader makes a Loader.
func NewLoader() *Loader {
	l := &Loader{workspaces: map[string]*workspace{}}
	l.warm.spare = make(chan *preparedVM, 1)
	return l
}

// workspace is the Loader's record of the workspace at root, made on first
// use.
func (l *Loader) workspace(root string) *workspace {
	l.mu.Lock()
	defer l.mu.Unlock()
	ws, ok := l.workspaces[root]
	if !ok {
		ws = newWorkspace(root)
		l.workspaces[root] = ws
	}
	return ws
}
