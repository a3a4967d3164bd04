package analyzer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/irislint/irislint/internal/fsx"
)

// DefaultTimeout is the evaluation time budget when Options.Timeout is 0.
const DefaultTimeout = 5 * time.Second

// Options tune Load. The zero value is ready to use.
type Options struct {
	// Timeout bounds evaluation (running the bundle and reading its default
	// export); 0 means DefaultTimeout.
	Timeout time.Duration

	// MemoryLimit bounds the memory one evaluation may allocate, in bytes;
	// 0 means DefaultMemoryLimit.
	MemoryLimit int64

	// Source, when not nil, is the manifest's text, used instead of reading
	// the file at path (an editor's unsaved buffer). Imports still resolve
	// from path's folder, and the file need not exist.
	Source []byte
}

// Load bundles and evaluates the manifest at path. Any failure is a
// *LoadError naming the file, and the line where there is one.
func Load(path string, opts Options) (*Manifest, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, readError(path, err)
	}
	if opts.Source == nil {
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, readError(abs, err)
		}
		if fi.IsDir() {
			return nil, readError(abs, fmt.Errorf("is a directory, not a manifest file"))
		}
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MemoryLimit <= 0 {
		opts.MemoryLimit = DefaultMemoryLimit
	}
	root := WorkspaceRoot(abs)
	ws := newWorkspace(root)
	if opts.Source == nil {
		if fi, err := os.Stat(abs); err == nil && !fi.Mode().IsRegular() {
			return nil, readError(abs, errors.New("not a regular file"))
		}
		if !ws.contains(abs) {
			return nil, &LoadError{Path: abs, Problems: []Problem{{
				Kind:    ProblemForbid,
				Message: "the manifest is a link to a file outside the workspace " + root + ": irislint does not read it",
				Pos:     line1(abs),
			}}}
		}
	}
	if p := ws.checkTsconfigs(filepath.Dir(abs)); p != nil {
		return nil, &LoadError{Path: abs, Problems: []Problem{*p}}
	}
	if opts.Source != nil {
		// esbuild's resolver does not resolve an in-memory manifest, so the
		// sandbox never sees the configuration files of its folder: measure
		// them here (parselimits.go).
		if p := newParseBudget(ws).admitConfigs(filepath.Dir(abs), abs); p != nil {
			return nil, &LoadError{Path: abs, Problems: []Problem{*p}}
		}
	}

	bundled := watcher.sideWork()
	var b *bundle
	if opts.Source == nil {
		b = takePrebuilt(abs) // built with its workspace's others (Prebundle)
	}
	var probs []Problem
	if b == nil {
		b, probs = buildBundle(abs, ws, opts.Source)
	}
	bundled()
	if probs != nil {
		return nil, &LoadError{Path: abs, Problems: probs}
	}
	// The sources are scanned for literals while the bundle evaluates.
	scanned := make(chan *locator, 1)
	scanning := watcher.sideWork()
	go func() {
		defer scanning()
		scanned <- newLocator(b.sources, abs, opts.Source)
	}()
	v, probs := evaluate(b, abs, root, opts.Timeout, opts.MemoryLimit)
	if probs != nil {
		return nil, &LoadError{Path: abs, Problems: probs}
	}
	(<-scanned).locate(v, line1(abs))
	return newManifest(abs, root, v, b.sources), nil
}

func readError(path string, err error) *LoadError {
	return &LoadError{Path: path, Problems: []Problem{{
		Kind:    ProblemRead,
		Message: "cannot read the manifest: " + fsx.Cause(err).Error(),
		Pos:     line1(path),
	}}}
}

// WorkspaceRoot is the nearest folder up from the manifest that holds
// nx.json, else the nearest with .git, else the manifest's folder. Imports
// never reach outside it.
func WorkspaceRoot(manifest string) string {
	dir := filepath.Dir(manifest)
	for _, marker := range []string{"nx.json", ".git"} {
		for d := dir; ; {
			if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
				return d
			}
			parent := filepath.Dir(d)
			if parent == d {
				break
			}
			d = parent
		}
	}
	return dir
}

// newManifest picks the fields the rules care about out of the export.
func newManifest(path, root string, v *Value, sources []string) *Manifest {
	m := &Manifest{Path: path, Root: root, Value: v, Sources: sources}
	m.CSPHeader = v.Get("cspHeader")
	m.Installation = v.Get("installation")
	m.Marketplace = v.Get("marketplace")
	m.Scopes = v.Get("scopes")
	if m.Scopes != nil && m.Scopes.Kind == KindArray {
		for i, e := range m.Scopes.Elems {
			se := ScopeEntry{Index: i, Entry: e, Pos: e.Pos}
			if s := e.Get("scope"); s != nil {
				se.Pos = s.Pos
				if s.Kind == KindString {
					se.Name, se.HasName = s.String, true
				}
			}
			if o := e.Get("optional"); o != nil && o.Kind == KindBool {
				se.Optional, se.HasOptional = o.Bool, true
			}
			m.ScopeEntries = append(m.ScopeEntries, se)
		}
	}
	if f := v.Field("tokenCallback"); f != nil {
		tc := &TokenCallback{Value: f.Value, Pos: f.Value.Pos}
		if u := f.Value.Get("url"); u != nil {
			tc.Pos = u.Pos
			if u.Kind == KindString {
				tc.URL, tc.HasURL = u.String, true
			}
		}
		m.TokenCallback = tc
	}
	return m
}
