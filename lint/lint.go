// Package lint is irislint as a library: the run `irislint lint` does,
// for a Go program that wants the verdicts without a process (an editor
// plugin, a platform's CI bot, a test).
//
// A Linter owns a run from paths to diagnostics: finding the manifests,
// each one's .irislint.yaml, the environments it is evaluated in, the
// workspace's module graph (which manifests read a changed lib), the
// parallelism, the memory budget and every cache. Nothing of one Linter is
// seen by another: two Linters with different configurations run in one
// process concurrently and independently.
//
//	l, err := lint.New(lint.Options{})
//	if err != nil { ... }
//	defer l.Close()
//	res, err := l.Lint(ctx, "apps/")
//	for _, d := range res.Diagnostics { ... }
package lint

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/internal/source"
	"github.com/irislint/irislint/rules"
	"github.com/irislint/irislint/scopes"
)

// Options tune a Linter. The zero value lints as the irislint command does
// with no flags.
type Options struct {
	// WorkDir is the folder relative paths are taken from; "" is the
	// process's working folder.
	WorkDir string
	// ConfigFile, when set, is the configuration for every manifest
	// instead of the nearest .irislint.yaml.
	ConfigFile string
	// Catalogue replaces the embedded scope catalogue.
	Catalogue *scopes.Catalogue

	// Timeout bounds the evaluation of one manifest (0: 5s); MemoryLimit
	// its memory, in bytes (0: 256 MiB).
	Timeout     time.Duration
	MemoryLimit int64
	// Jobs is how many manifests are linted at once (0: the number of
	// CPUs). Results never depend on it.
	Jobs int

	// Env, when not nil, is the one environment (process.env) every
	// manifest is evaluated in, instead of the configured environments.
	Env map[string]string

	// Overlay holds file contents that stand in for the files on disk, by
	// path (absolute, or relative to WorkDir): an editor's unsaved
	// buffers. An overlaid file need not exist.
	Overlay map[string][]byte

	// IncludeIgnored lints manifests that an ignore glob of their
	// configuration skips (irislint gen does, for the manifest it is
	// asked for).
	IncludeIgnored bool

	// AsManifests lints every file path given as a manifest, whatever
	// its name, instead of as a file that manifests may read.
	AsManifests bool

	// KeepManifests keeps each evaluated manifest for Result.Manifest
	// (irislint gen needs it); otherwise a run keeps only its findings,
	// which in a workspace of hundreds of apps is most of its memory.
	KeepManifests bool

	// NoCache turns the result cache off. CacheDir is its folder; empty
	// means $IRISLINT_CACHE (a folder, or "off"), else
	// os.UserCacheDir()/irislint. A cached verdict is returned only when it
	// is exactly what a lint without the cache would find (cache.go).
	NoCache  bool
	CacheDir string
}

// Linter runs lint runs. Its methods are safe for concurrent use.
type Linter struct {
	opts   Options
	loader *analyzer.Loader
	cache  *resultCache // nil when off
}

// New makes a Linter. It reads nothing yet: configuration is looked up
// per run, for the manifests linted.
func New(opts Options) (*Linter, error) {
	// absolute, so that what a run records (cache entries among them)
	// does not depend on the process's working folder
	wd, err := filepath.Abs(opts.WorkDir)
	if err != nil {
		return nil, err
	}
	opts.WorkDir = wd
	if opts.Jobs <= 0 {
		opts.Jobs = runtime.NumCPU()
	}
	overlay := make(map[string][]byte, len(opts.Overlay))
	for p, data := range opts.Overlay {
		if data == nil {
			data = []byte{}
		}
		overlay[fsx.Abs(opts.WorkDir, p)] = data
	}
	opts.Overlay = overlay
	l := &Linter{opts: opts, loader: analyzer.NewLoader(), cache: openCache(opts)}
	l.loader.Warm()
	return l, nil
}

// Close releases what the Linter holds. It is safe to call more than once.
func (l *Linter) Close() error { return nil }

// Result is what one run found.
type Result struct {
	// Diagnostics are sorted by file, line, column and rule id.
	Diagnostics []Diagnostic
	// Manifests lists the manifests checked (absolute, sorted): those
	// named or found, and those that read a changed file.
	Manifests []string
	// Unread lists the files given that are not manifests and that no
	// manifest of their workspace reads (absolute, sorted).
	Unread []string
	// Cached is how many manifests' verdicts came from the result cache.
	Cached int

	files     *source.Set
	evaluated map[string]*analyzer.Manifest
	settings  map[string]*setting
}

// Line is line n (1-based, without its line ending) of file as the run
// read it (an overlay's buffer where there is one), or false. Lines end
// where the analyzer ends them, so a diagnostic's line and column point
// into this text.
func (r *Result) Line(file string, n int) (string, bool) {
	f, ok := r.files.Has(file)
	if !ok {
		var err error
		if f, err = r.files.Read(file); err != nil {
			return "", false
		}
	}
	return f.Line(n)
}

// Manifest is the manifest at path (absolute) as evaluated in its first
// environment, when Options.KeepManifests is set; nil when it is not, or
// the manifest did not load, was not checked, or its verdict came from the
// cache (Options.NoCache keeps every manifest).
func (r *Result) Manifest(path string) *analyzer.Manifest { return r.evaluated[path] }

// Catalogue is the scope catalogue the manifest at path was checked
// against (the embedded one, or Options.Catalogue, with its
// configuration's extraScopes), or nil when it was not checked.
func (r *Result) Catalogue(path string) *scopes.Catalogue {
	if s, ok := r.settings[path]; ok {
		return s.opts.Catalogue
	}
	return nil
}

// Lint lints the manifests at paths, as `irislint lint` takes them: files,
// or folders searched for iris-app-manifest.{ts,mts,cts,js,mjs,cjs,json}
// (node_modules, dist, tmp and dot-folders skipped); none is the working
// folder. A file that is not a manifest (a lib, a JSON file, a tsconfig,
// an .irislint.yaml) lints the manifests of its workspace that read it
// and reports the problems located in it, and any manifest of those that
// no longer loads. A *UsageError is a run that could not start (a path
// that does not exist, a configuration that cannot be used); ctx cancels
// the run.
func (l *Linter) Lint(ctx context.Context, paths ...string) (*Result, error) {
	files := source.NewSet(l.opts.Overlay)
	t, err := discover(l.opts.WorkDir, paths, files.Overlaid, l.opts.AsManifests)
	if err != nil {
		return nil, err
	}
	plan, err := l.plan(t)
	if err != nil {
		return nil, err
	}
	runs, err := l.check(ctx, files, plan.manifests, plan.settings)
	if err != nil {
		return nil, err
	}
	res := plan.result(files, runs, t.changed)
	for _, r := range runs {
		if r.cached {
			res.Cached++
		}
	}
	return res, nil
}

// plan is the manifests one run checks, each with its setting, and
// whether it was asked for (or is checked only because it may read a
// changed file).
type plan struct {
	manifests []string // sorted
	settings  map[string]*setting
	direct    map[string]bool
}

// plan settles the manifests to check: those the paths name or hold, and
// the manifests of the changed files' workspaces, less those an ignore
// glob of their configuration skips.
func (l *Linter) plan(t targets) (*plan, error) {
	conf, err := newConfigurer(l.opts)
	if err != nil {
		return nil, err
	}
	p := &plan{settings: map[string]*setting{}, direct: map[string]bool{}}
	consider := func(path string, direct bool) error {
		if _, ok := p.settings[path]; ok {
			p.direct[path] = p.direct[path] || direct
			return nil
		}
		s, err := conf.settingFor(path)
		if err != nil {
			return err
		}
		if !l.opts.IncludeIgnored && s.cfg.Ignored(path) {
			return nil
		}
		p.settings[path] = s
		p.direct[path] = direct
		p.manifests = append(p.manifests, path)
		return nil
	}
	for _, path := range t.manifests {
		if err := consider(path, true); err != nil {
			return nil, err
		}
	}
	for _, path := range t.workspace {
		if err := consider(path, false); err != nil {
			return nil, err
		}
	}
	slices.Sort(p.manifests)
	return p, nil
}

// result gathers the runs' findings: every one of a manifest asked for;
// of a manifest checked for a changed file it reads, those located in
// that file and its load failures; nothing of a manifest that reads no
// changed file. Findings reached from several manifests are merged.
func (p *plan) result(files *source.Set, runs []*manifestRun, changed []string) *Result {
	res := &Result{files: files, evaluated: map[string]*analyzer.Manifest{}, settings: p.settings}
	var m merger
	read := map[string]bool{}
	for _, run := range runs {
		var touched []string
		for _, c := range changed {
			if run.reads(c, p.settings[run.path]) {
				touched = append(touched, c)
				read[c] = true
			}
		}
		keepAll := p.direct[run.path]
		if !keepAll && len(touched) == 0 {
			continue
		}
		res.Manifests = append(res.Manifests, run.path)
		if run.manifest != nil {
			res.evaluated[run.path] = run.manifest
		}
		for _, f := range run.findings {
			if keepAll || slices.Contains(touched, f.Pos.File) || rules.LoadFailureByID(f.Rule) != nil {
				m.add(f)
			}
		}
	}
	for _, c := range changed {
		if !read[c] {
			res.Unread = append(res.Unread, c)
		}
	}
	keepSharedFixes(m.list, runs, files)
	for _, f := range m.list {
		res.Diagnostics = append(res.Diagnostics, f.public())
	}
	sortDiagnostics(res.Diagnostics)
	return res
}

// manifestRun is one manifest's verdict: its findings in every
// environment, and what it read.
type manifestRun struct {
	path     string
	findings []finding
	scopes   []string // npm scopes of its bare imports (for the cache's stamps)
	cached   bool     // the verdict came from the cache
	inputs   []string // the files that can change its verdict
	dirs     []string // the folders where a new configuration file would
	manifest *analyzer.Manifest
	evals    []evaluation // one per environment, for checking fixes (fixshare.go)
	crashed  bool         // a Go panic ended it (checkOne)
}

// reads reports whether the changed file at path can change the run's
// verdict: the manifest read it, or it is a configuration file (tsconfig,
// jsconfig, package.json) in a folder resolution looked in, or the
// manifest's .irislint.yaml.
func (r *manifestRun) reads(path string, s *setting) bool {
	if slices.Contains(r.inputs, path) || s != nil && s.configFile == path {
		return true
	}
	switch filepath.Base(path) {
	case "tsconfig.json", "jsconfig.json", "package.json":
		_, found := slices.BinarySearch(r.dirs, filepath.Dir(path))
		return found
	}
	return false
}

// check lints the manifests with up to Jobs workers; the runs come back
// in the order of paths.
func (l *Linter) check(ctx context.Context, files *source.Set, paths []string, settings map[string]*setting) ([]*manifestRun, error) {
	runs := make([]*manifestRun, len(paths))
	cache := l.cache
	if len(l.opts.Overlay) > 0 {
		cache = nil // a buffer is not what is on disk: never cached
	}
	var st *stamper
	keys := make([]string, len(paths))
	if cache != nil {
		st = newStamper(files)
		err := l.parallel(ctx, len(paths), func(i int) {
			if k, ok := cache.key(l, paths[i], settings[paths[i]]); ok {
				keys[i] = k
				runs[i] = cache.lookup(k, paths[i], st)
			}
		})
		if err != nil {
			return nil, err
		}
		defer cache.trim()
	}
	var missed []int
	for i := range paths {
		if runs[i] == nil {
			missed = append(missed, i)
		}
	}
	// one esbuild build per workspace bundles every manifest (analyzer);
	// a single manifest gains nothing from it
	if len(missed) > 1 {
		var mp []string
		for _, i := range missed {
			mp = append(mp, paths[i])
		}
		defer l.loader.Prebundle(mp, files)()
	}
	if cache != nil {
		for _, i := range missed {
			st.markersBefore(paths[i], analyzer.WorkspaceRoot(paths[i]))
		}
	}
	err := l.parallel(ctx, len(missed), func(j int) {
		i := missed[j]
		started := time.Now()
		runs[i] = l.checkOne(files, paths[i], settings[paths[i]])
		if cache != nil && keys[i] != "" {
			cache.store(keys[i], paths[i], analyzer.WorkspaceRoot(paths[i]), runs[i], runs[i].scopes, st, started)
		}
	})
	if err != nil {
		return nil, err
	}
	return runs, nil
}

// parallel calls do(0) to do(n-1) on up to Jobs goroutines, and stops
// handing out work when ctx is done.
func (l *Linter) parallel(ctx context.Context, n int, do func(i int)) error {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(l.opts.Jobs, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				do(i)
			}
		}()
	}
	var err error
feed:
	for i := 0; i < n; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	return err
}

// beforeCheck, when set (by tests), is called as checkOne starts.
var beforeCheck func(path string)

// checkOne bundles one manifest, evaluates it in each of its setting's
// environments and runs the rules over each evaluation.
func (l *Linter) checkOne(files *source.Set, path string, s *setting) (run *manifestRun) {
	// A Go panic (a bug of irislint's or of a library, reached by what a
	// manifest does) costs this manifest its verdict, never the run's
	// others: it becomes one diagnostic, and is never cached.
	defer func() {
		if r := recover(); r != nil {
			run = &manifestRun{path: path, crashed: true}
			run.fail(&analyzer.LoadError{Path: path, Problems: []analyzer.Problem{{
				Kind:    analyzer.ProblemEval,
				Message: "irislint failed on this manifest (" + strings.Join(strings.Fields(fmt.Sprint(r)), " ") + "): it could not be checked; please report this bug with the manifest",
				Pos:     analyzer.Position{File: path, Line: 1, Column: 1},
			}}}, path, "", len(s.envs))
		}
	}()
	run = &manifestRun{path: path}
	if beforeCheck != nil {
		beforeCheck(path)
	}
	opts := analyzer.Options{Timeout: l.opts.Timeout, MemoryLimit: l.opts.MemoryLimit, Files: files}
	b, err := l.loader.Bundle(path, opts)
	if err != nil {
		run.fail(err, path, "", len(s.envs))
		return run
	}
	run.inputs, run.dirs, run.scopes = b.Inputs, b.Dirs, b.Scopes
	defer b.Release() // after the last evaluation
	for _, env := range s.envs {
		m, err := b.Evaluate(env)
		run.evals = append(run.evals, newEvaluation(env.Name, m))
		if err != nil {
			run.fail(err, path, env.Name, len(s.envs))
			continue
		}
		if run.manifest == nil && l.opts.KeepManifests {
			run.manifest = m
		}
		for _, d := range rules.Check(m, s.opts) {
			run.add(d, env.Name, len(s.envs))
		}
	}
	return run
}

// fail records a manifest that did not load (in environment env).
func (r *manifestRun) fail(err error, path, env string, of int) {
	le, ok := err.(*analyzer.LoadError)
	if !ok {
		le = &analyzer.LoadError{Path: path, Problems: []analyzer.Problem{{
			Kind: analyzer.ProblemRead, Message: err.Error(), Pos: analyzer.Position{File: path, Line: 1, Column: 1},
		}}}
	}
	if r.inputs == nil {
		r.inputs, r.dirs, r.scopes = le.Inputs, le.Dirs, le.Scopes
	}
	for _, d := range rules.FromLoadError(le) {
		r.add(d, env, of)
	}
}

// add records a diagnostic found in environment env (of the manifest's
// of), merged with the same one found in another environment.
func (r *manifestRun) add(d rules.Diagnostic, env string, of int) {
	f := finding{Diagnostic: d, of: of}
	if env != "" {
		f.envs = []string{env}
	}
	for i := range r.findings {
		if keyOf(r.findings[i].Diagnostic) == keyOf(d) {
			if env != "" && !slices.Contains(r.findings[i].envs, env) {
				r.findings[i].envs = append(r.findings[i].envs, env)
			}
			r.findings[i].Fixes = commonFixes(r.findings[i].Fixes, d.Fixes)
			return
		}
	}
	r.findings = append(r.findings, f)
}
