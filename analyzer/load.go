package analyzer

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/internal/source"
)

// DefaultTimeout is the evaluation time budget when Options.Timeout is 0.
const DefaultTimeout = 5 * time.Second

// Options tune Bundle and Load. The zero value is ready to use.
type Options struct {
	// Timeout bounds evaluation (running the bundle and reading its default
	// export); 0 means DefaultTimeout.
	Timeout time.Duration

	// MemoryLimit bounds the memory one evaluation may allocate, in bytes;
	// 0 means DefaultMemoryLimit.
	MemoryLimit int64

	// Files is the run's source files: every file bundling reads comes
	// from here, read once, and the Manifest's positions count lines as
	// these files do. Its overlays stand in for files on disk (an editor's
	// unsaved buffer). nil: a Set of this call's own.
	Files *source.Set

	// Source, when not nil and Files is nil, is the manifest's text, used
	// instead of reading the file at path. Imports still resolve from
	// path's folder, and the file need not exist.
	Source []byte

	// Env is what the manifest finds in process.env during Load (Bundle
	// ignores it: Evaluate takes an Environment). nil: nothing.
	Env map[string]string
}

// Environment is one set of process.env variables a manifest is
// evaluated under, with the name the configuration gives it.
type Environment struct {
	Name string // "" for the unnamed environment
	Vars map[string]string
}

// Load bundles and evaluates the manifest at path under opts.Env with a
// Loader of its own. Any failure is a *LoadError naming the file, and the
// line where there is one. A program that loads many manifests makes one
// Loader and calls its Load instead.
func Load(path string, opts Options) (*Manifest, error) {
	return NewLoader().Load(path, opts)
}

// Load bundles the manifest at path and evaluates it under opts.Env.
func (l *Loader) Load(path string, opts Options) (*Manifest, error) {
	b, err := l.Bundle(path, opts)
	if err != nil {
		return nil, err
	}
	return b.Evaluate(Environment{Vars: opts.Env})
}

// Bundle bundles the manifest at path with everything it imports, ready to
// be evaluated once per environment. Any failure is a *LoadError, which
// lists the files read up to the failure in Inputs.
func (l *Loader) Bundle(path string, opts Options) (*Bundle, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, readError(path, err)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MemoryLimit <= 0 {
		opts.MemoryLimit = DefaultMemoryLimit
	}
	if opts.Files == nil {
		var overlay map[string][]byte
		if opts.Source != nil {
			overlay = map[string][]byte{abs: opts.Source}
		}
		opts.Files = source.NewSet(overlay)
	}
	files := opts.Files
	root := WorkspaceRoot(abs)
	ws := l.workspace(root)
	if !files.Overlaid(abs) {
		fi, err := os.Stat(abs)
		switch {
		case err != nil:
			return nil, readError(abs, err)
		case fi.IsDir():
			return nil, readError(abs, errors.New("is a directory, not a manifest file"))
		case !fi.Mode().IsRegular():
			return nil, readError(abs, errors.New("not a regular file"))
		case !ws.contains(abs):
			return nil, &LoadError{Path: abs, Inputs: []string{abs}, Problems: []Problem{{
				Kind:    ProblemForbid,
				Message: "the manifest is a link to a file outside the workspace " + root + ": irislint does not read it",
				Pos:     line1(abs),
			}}}
		}
	}
	if p := ws.checkTsconfigs(filepath.Dir(abs)); p != nil {
		return nil, &LoadError{Path: abs, Inputs: []string{abs, p.Pos.File}, Problems: []Problem{*p}}
	}
	if opts.Source != nil {
		// esbuild's resolver does not resolve an in-memory manifest, so the
		// sandbox never sees the configuration files of its folder: measure
		// them here (parselimits.go).
		if p := newParseBudget(ws, files).admitConfigs(filepath.Dir(abs), abs); p != nil {
			return nil, &LoadError{Path: abs, Problems: []Problem{*p}}
		}
	}

	bundled := watcher.sideWork()
	var b *Bundle
	if !files.Overlaid(abs) {
		b = l.takePrebuilt(files, abs) // built with its workspace's others (Prebundle)
	}
	var probs []Problem
	var read []string
	if b == nil {
		b, read, probs = buildBundle(abs, ws, files)
	}
	bundled()
	if probs != nil {
		return nil, &LoadError{Path: abs, Problems: probs, Inputs: ws.inputs(read), Dirs: ws.resolutionDirs(append(read, b.logical...)), Scopes: b.Scopes}
	}
	b.loader, b.opts, b.files, b.ws = l, opts, files, ws
	b.Inputs = ws.inputs(b.read)
	b.Dirs = ws.resolutionDirs(append(slices.Clone(b.read), b.logical...))
	return b, nil
}

// Evaluate runs the bundle in a new sandbox with env as process.env and
// returns the manifest it exports, every string traced to the literal or
// expression that produced it.
func (b *Bundle) Evaluate(env Environment) (*Manifest, error) {
	if b.released {
		return nil, &LoadError{Path: b.Path, Inputs: b.Inputs, Problems: []Problem{{Kind: ProblemBundle, Message: "the bundle was released before it was evaluated", Pos: line1(b.Path)}}}
	}
	// The sources are scanned for literals and keys while the bundle
	// evaluates (each file once per run: the scan is kept on the file).
	type scan struct {
		loc      *locator
		panicked any // a panic of the scan, raised again on the caller's goroutine
	}
	scanned := make(chan scan, 1)
	scanning := watcher.sideWork()
	go func() {
		defer scanning()
		defer func() {
			if r := recover(); r != nil {
				scanned <- scan{panicked: r}
			}
		}()
		scanned <- scan{loc: newLocator(b.files, b.sources)}
	}()
	ev, probs := b.evaluate(env)
	sc := <-scanned
	if sc.panicked != nil {
		panic(sc.panicked) // where the caller can recover it (lint's checkOne does)
	}
	loc := sc.loc
	if probs != nil {
		return nil, &LoadError{Path: b.Path, Problems: probs, Inputs: b.Inputs, Dirs: b.Dirs, Scopes: b.Scopes}
	}
	loc.locate(ev.value, line1(b.Path))
	m := newManifest(b.Path, b.Root, ev.value, b.sources)
	m.Environment = env.Name
	m.EnvReads = ev.envReads
	m.Inputs = b.Inputs
	m.Dirs = b.Dirs
	m.bundle = b
	return m, nil
}

func readError(path string, err error) *LoadError {
	return &LoadError{Path: path, Inputs: []string{path}, Problems: []Problem{{
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
		if d, ok := fsx.FindUp(dir, "", marker); ok {
			return d
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
