package lint

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/internal/jsonc"
	"github.com/irislint/irislint/internal/source"
	"github.com/irislint/irislint/rules"
)

// The result cache: a manifest's verdict in one environment set, kept on
// disk so that a run over an unchanged workspace (a developer's second
// `irislint lint .`, CI with a persisted cache, pre-commit over a whole
// workspace) does not bundle and evaluate again.
//
// A cached verdict is returned only when it is exactly what a run without
// the cache would find. The key names everything the run was asked (the
// manifest, irislint's build, the configuration's content, the scope
// catalogue, the environments, the budgets); the entry records everything
// the verdict depended on, and a lookup checks each one again:
//
//   - the content of every file the manifest read: its sources and JSON
//     files, the tsconfig files configuring them with their "extends"
//     chains, package.json files, the .irislint.yaml;
//   - the listing of every folder an import resolved in (a new file there
//     could take precedence: x.ts over x/index.ts);
//   - in every folder above those, up to the file-system root, whether it
//     holds the files that change resolution or configuration
//     (node_modules, package.json, tsconfig.json, jsconfig.json,
//     .irislint.yaml, nx.json, .git, Yarn PnP files), the content of those
//     that are files, and the listings of node_modules and of the npm
//     scopes the manifest imports from (a newly installed package).
//
// Anything different is a miss; a miss costs a normal lint. An entry that
// cannot be read or decoded, or was written by another build of irislint,
// is a miss, never an error. A verdict that depends on timing (a time or
// memory budget ran out) is not stored.

// cacheVersion changes when the entry format or the key's meaning does.
const cacheVersion = "irislint-cache-4"

// maxEntry bounds what is read of one entry: a verdict is a few KiB.
const maxEntry = 8 << 20

// Trimming: entries unused for trimAge go, and the oldest go while the
// folder holds more than trimSize. A run trims once in trimEvery, at the
// end.
const (
	trimAge   = 30 * 24 * time.Hour
	trimSize  = 256 << 20
	trimEvery = 16
)

// CacheDirEnv is the environment variable that names the cache folder
// ("off" turns the cache off) when Options.CacheDir is empty.
const CacheDirEnv = "IRISLINT_CACHE"

// resultCache is a Linter's cache folder.
type resultCache struct {
	dir   string
	build string // irislint's build: a verdict of another build is never returned
}

// openCache finds the cache folder: Options.CacheDir, else $IRISLINT_CACHE,
// else os.UserCacheDir()/irislint; nil when the cache is off (NoCache,
// "off", no user cache folder).
func openCache(o Options) *resultCache {
	if o.NoCache {
		return nil
	}
	dir := o.CacheDir
	if dir == "" {
		dir = os.Getenv(CacheDirEnv)
	}
	if dir == "off" {
		return nil
	}
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(base, "irislint")
	}
	return &resultCache{dir: fsx.Abs(o.WorkDir, dir), build: buildIdentity()}
}

// buildIdentity names this build of irislint (or of the program that
// embeds package lint): its module versions and VCS stamp, and the
// executable's path, size and time, which change with every rebuild.
func buildIdentity() string {
	var b strings.Builder
	if bi, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprintf(&b, "%s %s %s\n", bi.GoVersion, bi.Main.Path, bi.Main.Version)
		for _, d := range bi.Deps {
			fmt.Fprintf(&b, "%s %s %s\n", d.Path, d.Version, d.Sum)
		}
		for _, s := range bi.Settings {
			fmt.Fprintf(&b, "%s=%s\n", s.Key, s.Value)
		}
	}
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			fmt.Fprintf(&b, "%s %d %d\n", exe, fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return b.String()
}

// cacheKey names one manifest's verdict under one setting.
func (c *resultCache) key(l *Linter, path string, s *setting) (string, bool) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", cacheVersion, c.build, path)
	fmt.Fprintf(h, "timeout=%d memory=%d\x00", l.opts.Timeout, l.opts.MemoryLimit)
	if s.configFile != "" {
		data, err := os.ReadFile(s.configFile)
		if err != nil {
			return "", false
		}
		fmt.Fprintf(h, "config %s %x\x00", s.configFile, sha256.Sum256(data))
	}
	if l.opts.Catalogue != nil {
		cat, err := json.Marshal(l.opts.Catalogue)
		if err != nil {
			return "", false
		}
		fmt.Fprintf(h, "catalogue %x\x00", sha256.Sum256(cat))
	}
	for _, e := range s.envs {
		keys := make([]string, 0, len(e.Vars))
		for k := range e.Vars {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Fprintf(h, "env %q", e.Name)
		for _, k := range keys {
			fmt.Fprintf(h, " %q=%q", k, e.Vars[k])
		}
		h.Write([]byte{0})
	}
	fmt.Fprintf(h, "environments=%v\x00", s.opts.Environments)
	return hex.EncodeToString(h.Sum(nil)), true
}

// An entry is text: the version line, a line per stamp (kind, stat, hash
// and path, tab-separated; kinds 'i' and 'd' list the run's inputs and
// folders, for `lint FILE`, and 'e' (an environment's evaluation: its name,
// "ok" or "failed") and 'r' (a position its values came from) what the fix
// checks need, fixshare.go), an empty line, then the findings as JSON. Lines
// rather than JSON for the stamps, which are most of an entry: a warm lint
// of 200 apps reads 200 entries, and encoding/json took most of its time.
// (encoding/gob would cost every start of irislint 0.2 ms of package
// initialisation.)

// cachedRun is a manifestRun's findings (its inputs and folders are
// lines of the entry, as the stamps are).
type cachedRun struct {
	Findings []cachedFinding
}

type cachedFinding struct {
	Diagnostic rules.Diagnostic
	Envs       []string
	Of         int
}

// stamp is one thing a verdict depended on, as it was: a file's content
// (or its absence), a folder's listing, or which marker files a folder
// holds.
type stamp struct {
	Kind byte // 'f' file content, 'l' folder listing, 'm' markers; 'i' and 'd' list inputs and folders
	Path string
	Hash string // "" for absent
	// Stat is the file's or folder's identity and times (statKey) when
	// the hash was taken: the same stat now means the same content, as in
	// git's index, so a lookup hashes only what was touched.
	Stat string
}

// encodeEntry writes an entry; false when a path cannot be written on one
// line (a tab or a line break in a file name: such a verdict is not kept).
func encodeEntry(stamps []stamp, run []byte) ([]byte, bool) {
	var b strings.Builder
	b.WriteString(cacheVersion)
	b.WriteByte('\n')
	for _, s := range stamps {
		if strings.ContainsAny(s.Path, "\t\n\r") {
			return nil, false
		}
		fmt.Fprintf(&b, "%c\t%s\t%s\t%s\n", s.Kind, s.Stat, s.Hash, s.Path)
	}
	b.WriteByte('\n')
	b.Write(run)
	return []byte(b.String()), true
}

// decodeEntry reads an entry; false when it is not one of this version.
// The stamps' strings point into data, which the caller leaves alone.
func decodeEntry(data []byte) (stamps []stamp, run []byte, ok bool) {
	text := unsafe.String(unsafe.SliceData(data), len(data))
	head, rest, ok := strings.Cut(text, "\n")
	if !ok || head != cacheVersion {
		return nil, nil, false
	}
	stamps = make([]stamp, 0, strings.Count(rest, "\n"))
	for {
		line, after, ok := strings.Cut(rest, "\n")
		if !ok {
			return nil, nil, false
		}
		rest = after
		if line == "" {
			return stamps, data[len(data)-len(rest):], true
		}
		kind, line, ok1 := strings.Cut(line, "\t")
		stat, line, ok2 := strings.Cut(line, "\t")
		hash, path, ok3 := strings.Cut(line, "\t")
		if !ok1 || !ok2 || !ok3 || len(kind) != 1 {
			return nil, nil, false
		}
		stamps = append(stamps, stamp{Kind: kind[0], Stat: stat, Hash: hash, Path: path})
	}
}

// parseSpan reads "line:col:endLine:endCol" into p (fmt.Sscanf took half
// the time of a warm run).
func parseSpan(s string, p *analyzer.Position) bool {
	for _, n := range []*int{&p.Line, &p.Column, &p.EndLine, &p.EndColumn} {
		field, rest, _ := strings.Cut(s, ":")
		v, err := strconv.Atoi(field)
		if err != nil {
			return false
		}
		*n, s = v, rest
	}
	return s == ""
}

// lookup returns the cached verdict of the manifest at path, if it is
// still exactly what a lint would find.
func (c *resultCache) lookup(key, path string, st *stamper) *manifestRun {
	file := filepath.Join(c.dir, key[:2], key)
	data, err := source.ReadRegular(file, maxEntry)
	if err != nil {
		return nil
	}
	stamps, runData, ok := decodeEntry(data)
	if !ok {
		return nil
	}
	run := &manifestRun{path: path, cached: true}
	for i, s := range stamps {
		switch s.Kind {
		case 'i':
			run.inputs = append(run.inputs, s.Path)
		case 'd':
			run.dirs = append(run.dirs, s.Path)
		case 'e':
			run.evals = append(run.evals, evaluation{env: s.Path, failed: s.Hash == "failed"})
		case 'r':
			// decoded when needed (evaluation.positions); an evaluation's
			// lines follow its 'e' line
			if len(run.evals) == 0 {
				return nil
			}
			ev := &run.evals[len(run.evals)-1]
			switch {
			case len(ev.stored) == 0:
				ev.stored = stamps[i : i+1]
			case stamps[i-1].Kind == 'r':
				ev.stored = ev.stored[:len(ev.stored)+1]
			default:
				return nil // not one block: not an entry store wrote
			}
		default:
			if !st.still(s) {
				return nil
			}
		}
	}
	var cr cachedRun
	if len(runData) > 0 && json.Unmarshal(runData, &cr) != nil {
		return nil
	}
	for _, f := range cr.Findings {
		run.findings = append(run.findings, finding{Diagnostic: f.Diagnostic, envs: f.Envs, of: f.Of})
	}
	if fi, err := os.Stat(file); err == nil && time.Since(fi.ModTime()) > time.Hour {
		now := time.Now()
		_ = os.Chtimes(file, now, now) // used: trimmed last
	}
	return run
}

// store keeps a verdict, with the stamps of what it depended on. A
// verdict that depends on timing is not kept; a write that fails is
// forgotten (the next run lints again).
func (c *resultCache) store(key, path, root string, run *manifestRun, scopes []string, st *stamper, started time.Time) {
	if run.crashed {
		return
	}
	for _, f := range run.findings {
		switch f.Rule {
		case analyzer.ProblemTimeout, analyzer.ProblemMemory, analyzer.ProblemStack:
			return // depends on timing
		case analyzer.ProblemResolve, analyzer.ProblemRead, analyzer.ProblemBundle, analyzer.ProblemForbid:
			// depends on files that were not read (an import that resolved
			// to nothing may resolve once a file appears anywhere a
			// tsconfig path points): not worth the stamps of every folder
			// that could hold it, for a verdict that is rare
			return
		}
	}
	var cr cachedRun
	for _, f := range run.findings {
		cr.Findings = append(cr.Findings, cachedFinding{Diagnostic: f.Diagnostic, Envs: f.envs, Of: f.of})
	}
	stamps, ok := st.stampsFor(path, root, run, scopes, started)
	if !ok {
		return
	}
	for _, p := range run.inputs {
		stamps = append(stamps, stamp{Kind: 'i', Path: p})
	}
	for _, p := range run.dirs {
		stamps = append(stamps, stamp{Kind: 'd', Path: p})
	}
	for _, ev := range run.evals {
		state := "ok"
		if ev.failed {
			state = "failed"
		}
		stamps = append(stamps, stamp{Kind: 'e', Path: ev.env, Hash: state})
		for _, p := range ev.reached {
			stamps = append(stamps, stamp{Kind: 'r', Path: p.File, Hash: fmt.Sprintf("%d:%d:%d:%d", p.Line, p.Column, p.EndLine, p.EndColumn)})
		}
	}
	var runData []byte
	if len(cr.Findings) > 0 {
		var err error
		if runData, err = json.Marshal(&cr); err != nil {
			return
		}
	}
	data, ok := encodeEntry(stamps, runData)
	if !ok {
		return
	}
	dir := filepath.Join(c.dir, key[:2])
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	_ = fsx.WriteFile(filepath.Join(dir, key), data) // a reader sees the old entry or the new, whole
}

// trim removes entries unused for trimAge, then the oldest while the
// folder is over trimSize. It runs once in trimEvery runs.
func (c *resultCache) trim() {
	if rand.IntN(trimEvery) != 0 {
		return
	}
	type entry struct {
		path string
		size int64
		used time.Time
	}
	var entries []entry
	var total int64
	cutoff := time.Now().Add(-trimAge)
	_ = filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		if fi.ModTime().Before(cutoff) {
			_ = os.Remove(p)
			return nil
		}
		entries = append(entries, entry{p, fi.Size(), fi.ModTime()})
		total += fi.Size()
		return nil
	})
	sort.Slice(entries, func(i, j int) bool { return entries[i].used.Before(entries[j].used) })
	for _, e := range entries {
		if total <= trimSize {
			break
		}
		if os.Remove(e.path) == nil {
			total -= e.size
		}
	}
}

// stamper computes stamps once per run: the manifests of one workspace
// share their folders and configuration files.
type stamper struct {
	files     *source.Set
	mu        sync.Mutex
	memo      map[string]string   // kind + path → hash
	stats     map[string]string   // path → statKey
	fallbacks map[string][]string // tsconfig → the folders of its paths fallbacks
}

func newStamper(files *source.Set) *stamper {
	return &stamper{files: files, memo: map[string]string{}, stats: map[string]string{}, fallbacks: map[string][]string{}}
}

// once returns m[k], computing it the first time (outside the lock:
// two goroutines may both compute it, and get the same answer).
func once[V any](mu *sync.Mutex, m map[string]V, k string, compute func() V) V {
	mu.Lock()
	v, ok := m[k]
	mu.Unlock()
	if !ok {
		v = compute()
		mu.Lock()
		m[k] = v
		mu.Unlock()
	}
	return v
}

// stat is path's statKey now, once per run.
func (st *stamper) stat(path string) string {
	return once(&st.mu, st.stats, path, func() string { return statKey(path) })
}

// still reports whether what s stamped is as it was: the same stat (a
// file or folder untouched since), else the same hash.
func (st *stamper) still(s stamp) bool {
	if s.Kind != 'm' && s.Stat != "" && st.stat(s.Path) == s.Stat {
		return true
	}
	return st.take(s.Kind, s.Path) == s.Hash
}

// take is the stamp of kind for path now.
func (st *stamper) take(kind byte, path string) string {
	return once(&st.mu, st.memo, string(kind)+path, func() string {
		switch kind {
		case 'f':
			return st.fileHash(path)
		case 'l':
			return listingHash(path)
		case 'm':
			return markersHash(path)
		}
		return ""
	})
}

// fileHash is the content hash of a file as the run read it (or reads it
// now), "" when it does not exist or is no regular file.
func (st *stamper) fileHash(path string) string {
	if f, ok := st.files.Has(path); ok {
		return hashBytes(f.Data)
	}
	data, err := source.ReadRegular(path, source.MaxFileSize)
	if err != nil {
		return ""
	}
	return hashBytes(data)
}

func hashBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// listingHash hashes a folder's entries: names, kinds and link targets;
// "" when it is not a folder.
func listingHash(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	h := sha256.New()
	for _, e := range entries {
		fmt.Fprintf(h, "%s\x00%d", e.Name(), e.Type())
		if e.Type()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(filepath.Join(dir, e.Name()))
			fmt.Fprintf(h, "\x00%s", target)
		}
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// markers are the names whose presence in a folder above the sources
// changes how imports resolve, which configuration applies, or where the
// workspace root is.
var markers = []string{
	"node_modules", "package.json", "tsconfig.json", "jsconfig.json",
	".irislint.yaml", "nx.json", ".git", ".pnp.cjs", ".pnp.js", ".pnp.data.json",
}

// markerFiles are the markers whose content matters.
var markerFiles = []string{"package.json", "tsconfig.json", "jsconfig.json", ".irislint.yaml"}

// markersHash says which markers a folder holds, and of what kind (a
// link, with its target).
func markersHash(dir string) string {
	h := sha256.New()
	for _, m := range markers {
		fi, err := os.Lstat(filepath.Join(dir, m))
		if err != nil {
			continue
		}
		fmt.Fprintf(h, "%s\x00%d", m, fi.Mode().Type())
		if fi.Mode()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(filepath.Join(dir, m))
			fmt.Fprintf(h, "\x00%s", target)
		}
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// stampsFor lists what the manifest's verdict depended on (see the
// comment at the top of this file), with their hashes and stats. The files
// the run read are hashed as it read them. The folders above the workspace
// root were stamped before the lint started (markersBefore). The rest (the
// tsconfig and package.json files esbuild reads itself, the workspace's
// folders) are stamped as they are now, and every stat is taken now, so ok
// is false, and nothing is stored, when a file or folder changed since the
// lint started (or within the file system's time granularity before): a
// stamp could then describe a state the verdict did not come from.
func (st *stamper) stampsFor(manifest, root string, run *manifestRun, scopes []string, started time.Time) (_ []stamp, ok bool) {
	var out []stamp
	seen := map[string]bool{}
	racy := false
	settled := started.Add(-racyWindow)
	add := func(kind byte, path string) {
		k := string(kind) + path
		if seen[k] {
			return
		}
		seen[k] = true
		if _, read := st.files.Has(path); kind == 'l' || kind == 'f' && !read {
			// a folder's time changes with its entries, a file's with its content
			if fi, err := os.Lstat(path); err == nil && !fi.ModTime().Before(settled) {
				racy = true
			}
		}
		sk := ""
		if kind != 'm' {
			sk = st.stat(path)
		}
		out = append(out, stamp{Kind: kind, Path: path, Hash: st.take(kind, path), Stat: sk})
	}
	files := append([]string{manifest}, run.inputs...)
	listed := slices.Clone(run.dirs)
	// A tsconfig "paths" entry with several targets resolves to the first
	// that exists: a file that appears for an earlier target takes over.
	// The folders of every target such a tsconfig names are listed too.
	for _, f := range run.inputs {
		if strings.HasSuffix(f, ".json") && strings.Contains(filepath.Base(f), "config") {
			listed = append(listed, st.fallbackTargetDirs(f, root)...)
		}
	}
	for _, f := range files {
		add('f', f)
		listed = append(listed, filepath.Dir(f))
	}
	for _, d := range listed {
		for a := d; ; a = filepath.Dir(a) {
			if fsx.Within(root, a) {
				add('l', a)
			} else {
				add('m', a)
				for _, name := range markerFiles {
					p := filepath.Join(a, name)
					if _, err := os.Lstat(p); err == nil {
						add('f', p)
					}
				}
			}
			if nm := filepath.Join(a, "node_modules"); st.files.IsDir(nm) {
				add('l', nm)
				for _, scope := range scopes {
					add('l', filepath.Join(nm, scope))
				}
			}
			if filepath.Dir(a) == a {
				break
			}
		}
	}
	return out, !racy
}

// markersBefore stamps the folders above a manifest's workspace root
// before it is linted; stampsFor then uses these stamps, so that a marker
// that appears or goes while the lint runs leaves the entry stale (a miss
// next time) rather than wrong.
func (st *stamper) markersBefore(manifest, root string) {
	for a := filepath.Dir(manifest); ; a = filepath.Dir(a) {
		if !fsx.Within(root, a) {
			st.take('m', a)
		}
		if filepath.Dir(a) == a {
			return
		}
	}
}

// fallbackTargetDirs lists, for a tsconfig whose compilerOptions.paths
// has an entry with several targets, the folders (inside the workspace) of
// those targets; nil for any other tsconfig. It is worked out once per
// run for each tsconfig.
func (st *stamper) fallbackTargetDirs(tsconfig, root string) []string {
	return once(&st.mu, st.fallbacks, tsconfig, func() []string {
		f, err := st.files.Read(tsconfig) // as the run read it
		if err != nil {
			return nil
		}
		return fallbackTargetDirs(tsconfig, f.Data, root)
	})
}

func fallbackTargetDirs(tsconfig string, data []byte, root string) []string {
	var cfg struct {
		CompilerOptions struct {
			BaseURL string              `json:"baseUrl"`
			Paths   map[string][]string `json:"paths"`
		} `json:"compilerOptions"`
	}
	if json.Unmarshal(jsonc.Standard(data), &cfg) != nil {
		return nil
	}
	// an absolute baseUrl or target is taken as it is, as esbuild takes it
	base := filepath.Dir(tsconfig)
	if b := cfg.CompilerOptions.BaseURL; b != "" {
		base = fsx.Abs(base, filepath.FromSlash(b))
	}
	var dirs []string
	for _, targets := range cfg.CompilerOptions.Paths {
		if len(targets) < 2 {
			continue
		}
		for _, t := range targets {
			d := filepath.Dir(fsx.Abs(base, filepath.FromSlash(t)))
			if fsx.Within(root, d) {
				dirs = append(dirs, d)
			}
		}
	}
	return dirs
}

// racyWindow is how long before a lint started a file or folder must have
// last changed for its stamp to be trusted: more than the coarsest time
// stamps of common file systems.
const racyWindow = 2 * time.Second
