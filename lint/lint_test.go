package lint

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// writeWorkspace writes files (slash paths relative to the root) under a
// fresh folder holding nx.json, and returns the folder.
func writeWorkspace(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	if _, ok := files["nx.json"]; !ok {
		files["nx.json"] = "{}\n"
	}
	for rel, content := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// lintIn runs a Linter with opts in root over paths and returns its result.
func lintIn(t *testing.T, root string, opts Options, paths ...string) *Result {
	t.Helper()
	opts.WorkDir = root
	l, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	res, err := l.Lint(context.Background(), paths...)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// brief is a diagnostic as these tests compare it: where, which rule, and
// the related locations and environments, with paths relative to the root.
type brief struct {
	At      string // file:line:col-endCol
	Rule    string
	Message string
	Related []string `json:",omitempty"` // file:line:col
	Envs    []string `json:",omitempty"`
}

func briefs(root string, ds []Diagnostic) []brief {
	rel := func(p string) string {
		r, err := filepath.Rel(root, p)
		if err != nil {
			return p
		}
		return filepath.ToSlash(r)
	}
	var out []brief
	for _, d := range ds {
		b := brief{At: fmt.Sprintf("%s:%d:%d-%d", rel(d.File), d.Line, d.Column, d.EndColumn), Rule: d.Rule, Message: d.Message, Envs: d.Environments}
		for _, r := range d.Related {
			b.Related = append(b.Related, fmt.Sprintf("%s:%d:%d", rel(r.File), r.Line, r.Column))
		}
		out = append(out, b)
	}
	return out
}

const tsconfigBase = `{
  "compilerOptions": {
    "baseUrl": ".",
    "paths": { "@acme/scopes": ["libs/scopes/src/index.ts"] }
  }
}
`

const appTsconfig = `{ "extends": "../../tsconfig.base.json" }
`

// Each string is traced to the literal that produced it, wherever it went:
// spread from a lib before or after the manifest's own literals, mapped
// over a lib's array, passed through a lib's helper. A finding in a lib
// names the manifest's import as related; duplicate-scope lands on the
// later occurrence in the manifest's order.
func TestProvenance(t *testing.T) {
	lib := `// shared by every app
export const BASE = [
  { scope: 'asset.view', optional: false },
];
export const NAMES = ['account.view', 'account.veiw'];
export const required = (scope: string) => ({ scope, optional: false });
export const A = 'account.alert.veiw';
export const B = 'account.alert.veiw';
`
	tests := []struct {
		name     string
		manifest string
		want     []brief
	}{
		{"spread after the manifest's literal", `import { BASE } from '@acme/scopes';
export default {
  scopes: [
    { scope: 'asset.view', optional: true },
    ...BASE,
  ],
};
`, []brief{{
			At: "libs/scopes/src/index.ts:3:12-24", Rule: "duplicate-scope",
			Message: `scope "asset.view" is declared twice (first at apps/a/iris-app-manifest.ts:4)`,
			Related: []string{"apps/a/iris-app-manifest.ts:1:22"},
		}}},
		{"spread before the manifest's literal", `import { BASE } from '@acme/scopes';
export default {
  scopes: [
    ...BASE,
    { scope: 'asset.view', optional: true },
  ],
};
`, []brief{{
			At: "apps/a/iris-app-manifest.ts:5:14-26", Rule: "duplicate-scope",
			Message: `scope "asset.view" is declared twice (first at libs/scopes/src/index.ts:3)`,
		}}},
		{".map over a lib's array", `import { NAMES } from '@acme/scopes';
export default {
  scopes: NAMES.map((scope) => ({ scope, optional: false })),
};
`, []brief{{
			At: "libs/scopes/src/index.ts:5:39-53", Rule: "unknown-scope",
			Message: `unknown scope "account.veiw"; did you mean "account.view"?`,
			Related: []string{"apps/a/iris-app-manifest.ts:1:23"},
		}}},
		{"a lib's helper", `import { required } from '@acme/scopes';
export default {
  scopes: [required('account.view'), required('account.veiw')],
};
`, []brief{{
			At: "apps/a/iris-app-manifest.ts:3:47-61", Rule: "unknown-scope",
			Message: `unknown scope "account.veiw"; did you mean "account.view"?`,
		}}},
		{"the second of two equal literals", `import { B } from '@acme/scopes';
export default {
  scopes: [{ scope: B, optional: true }],
};
`, []brief{{
			At: "libs/scopes/src/index.ts:8:18-38", Rule: "unknown-scope",
			Message: `unknown scope "account.alert.veiw"; did you mean "account.alert.view"?`,
			Related: []string{"apps/a/iris-app-manifest.ts:1:19"},
		}}},
		{"a template literal", "const host = 'a.example';\nexport default {\n  scopes: [],\n  tokenCallback: { url: `http://${host}/installed` },\n};\n", []brief{{
			At: "apps/a/iris-app-manifest.ts:4:25-51", Rule: "token-callback-url",
			Message: `tokenCallback.url "http://a.example/installed" must use https: it receives the app's client secret`,
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := writeWorkspace(t, map[string]string{
				"tsconfig.base.json":          tsconfigBase,
				"libs/scopes/src/index.ts":    lib,
				"apps/a/tsconfig.json":        appTsconfig,
				"apps/a/iris-app-manifest.ts": tt.manifest,
			})
			res := lintIn(t, root, Options{}, "apps/a/iris-app-manifest.ts")
			var got []brief
			for _, b := range briefs(root, res.Diagnostics) {
				if b.Rule != "token-callback-without-scopes" {
					got = append(got, b)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// One literal reached by several apps is one diagnostic, naming each app.
func TestSharedLiteral(t *testing.T) {
	files := map[string]string{
		"tsconfig.base.json":       tsconfigBase,
		"libs/scopes/src/index.ts": "export const BASE = [{ scope: 'asset.veiw', optional: false }];\n",
	}
	for _, app := range []string{"a", "b"} {
		files["apps/"+app+"/tsconfig.json"] = appTsconfig
		files["apps/"+app+"/iris-app-manifest.ts"] = "import { BASE } from '@acme/scopes';\nexport default { scopes: [...BASE] };\n"
	}
	root := writeWorkspace(t, files)
	res := lintIn(t, root, Options{})
	want := []brief{{
		At: "libs/scopes/src/index.ts:1:31-43", Rule: "unknown-scope",
		Message: `unknown scope "asset.veiw"; did you mean "asset.view"?`,
		Related: []string{"apps/a/iris-app-manifest.ts:1:22", "apps/b/iris-app-manifest.ts:1:22"},
	}}
	if diff := cmp.Diff(want, briefs(root, res.Diagnostics)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if len(res.Manifests) != 2 {
		t.Errorf("manifests checked: %v", res.Manifests)
	}
}

// A manifest that branches on process.env is checked in every configured
// environment; a finding in only some says which. With none configured,
// env-dependent warns; --env (Options.Env) evaluates in exactly one.
func TestEnvironments(t *testing.T) {
	manifest := `const production = process.env.NX_TASK_TARGET_CONFIGURATION === 'production';
export default {
  scopes: [
    { scope: 'asset.veiw', optional: false },
    ...(production ? [{ scope: 'account.alert.veiw', optional: true }] : []),
  ],
};
`
	environments := `environments:
  production:
    NX_TASK_TARGET_CONFIGURATION: production
  development:
    NX_TASK_TARGET_CONFIGURATION: development
`
	assetTypo := brief{At: "iris-app-manifest.ts:4:14-26", Rule: "unknown-scope", Message: `unknown scope "asset.veiw"; did you mean "asset.view"?`}
	alertTypo := brief{At: "iris-app-manifest.ts:5:32-52", Rule: "unknown-scope", Message: `unknown scope "account.alert.veiw"; did you mean "account.alert.view"?`}
	tests := []struct {
		name   string
		config string
		opts   Options
		want   []brief
	}{
		{"configured", environments, Options{}, []brief{
			assetTypo,
			withEnvs(alertTypo, "production"),
		}},
		{"none configured", "", Options{}, []brief{
			{At: "iris-app-manifest.ts:1:32-60", Rule: "env-dependent", Message: "process.env.NX_TASK_TARGET_CONFIGURATION is read, but no environments are configured: only the branch where it is unset was checked; list them under environments: in .irislint.yaml, or pass --env NX_TASK_TARGET_CONFIGURATION=VALUE"},
			assetTypo,
		}},
		{"--env", environments, Options{Env: map[string]string{"NX_TASK_TARGET_CONFIGURATION": "production"}}, []brief{
			assetTypo, alertTypo,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"iris-app-manifest.ts": manifest}
			if tt.config != "" {
				files[".irislint.yaml"] = tt.config
			}
			root := writeWorkspace(t, files)
			res := lintIn(t, root, tt.opts)
			if diff := cmp.Diff(tt.want, briefs(root, res.Diagnostics)); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

func withEnvs(b brief, envs ...string) brief {
	b.Envs = envs
	return b
}

// process.env holds only what the environment gives, and stays read-only.
func TestProcessEnvHoldsOnlyTheEnvironment(t *testing.T) {
	t.Setenv("IRISLINT_TEST_SECRET", "hunter2")
	root := writeWorkspace(t, map[string]string{"iris-app-manifest.ts": `process.env.GIVEN = 'changed';
const keys = Object.keys(process.env).join(',');
export default {
  scopes: [],
  marketplace: { name: keys + '|' + process.env.GIVEN + '|' + process.env.IRISLINT_TEST_SECRET },
};
`})
	res := lintIn(t, root, Options{Env: map[string]string{"GIVEN": "yes", "OTHER": "1"}, KeepManifests: true})
	m := res.Manifest(filepath.Join(root, "iris-app-manifest.ts"))
	if m == nil {
		t.Fatalf("did not load: %v", res.Diagnostics)
	}
	if got, want := m.Marketplace.Get("name").String, "GIVEN,OTHER|yes|undefined"; got != want {
		t.Errorf("the manifest saw %q, want %q", got, want)
	}
}

// `lint FILE` for a file that is not a manifest lints the manifests of its
// workspace that read it, and reports only what is located in it (and any
// manifest that no longer loads); a file no manifest reads is listed in
// Unread.
func TestLintChangedFile(t *testing.T) {
	root := writeWorkspace(t, map[string]string{
		"tsconfig.base.json":          tsconfigBase,
		"libs/scopes/src/index.ts":    "export const BASE = [{ scope: 'asset.veiw', optional: false }];\n",
		"libs/broken/index.ts":        "export const X = ;\n",
		"libs/unused/index.ts":        "export const Y = 1;\n",
		"apps/a/tsconfig.json":        appTsconfig,
		"apps/a/iris-app-manifest.ts": "import { BASE } from '@acme/scopes';\nexport default { scopes: [...BASE, { scope: 'account.veiw', optional: false }] };\n",
		"apps/b/tsconfig.json":        appTsconfig,
		"apps/b/iris-app-manifest.ts": "import { X } from '../../libs/broken';\nexport default { scopes: [{ scope: 'asset.view', optional: false }], x: X };\n",
		"apps/c/iris-app-manifest.ts": "import './setup';\nexport default { scopes: [{ scope: 'account.veiw', optional: false }] };\n",
		"apps/c/setup.ts":             "export type Setup = string; // adds nothing to the bundle\n",
		"apps/d/iris-app-manifest.ts": "export default { scopes: [{ scope: 'asset.view', optional: false }] };\n",
	})
	tests := []struct {
		name      string
		paths     []string
		want      []string // At and rule
		manifests []string
		unread    []string
	}{
		{"a lib", []string{"libs/scopes/src/index.ts"},
			[]string{"libs/scopes/src/index.ts:1:31-43 unknown-scope"}, []string{"apps/a/iris-app-manifest.ts"}, nil},
		{"a lib that breaks a manifest", []string{"libs/broken/index.ts"},
			[]string{"libs/broken/index.ts:1:18-19 syntax"}, []string{"apps/b/iris-app-manifest.ts"}, nil},
		// (a manifest that does not load has no verdict: it is reported
		// whichever of its files changed)
		{"a tsconfig read through extends", []string{"tsconfig.base.json"},
			[]string{"libs/broken/index.ts:1:18-19 syntax"}, []string{"apps/a/iris-app-manifest.ts", "apps/b/iris-app-manifest.ts"}, nil},
		// (it declares only types, so the bundle has no byte of it, but
		// an edit can change what the manifest exports)
		{"a file that adds nothing to the bundle", []string{"apps/c/setup.ts"},
			nil, []string{"apps/c/iris-app-manifest.ts"}, nil},
		{"a file no manifest reads", []string{"libs/unused/index.ts"},
			nil, nil, []string{"libs/unused/index.ts"}},
		{"a manifest and a lib", []string{"apps/c/iris-app-manifest.ts", "libs/scopes/src/index.ts"},
			[]string{"apps/c/iris-app-manifest.ts:2:36-50 unknown-scope", "libs/scopes/src/index.ts:1:31-43 unknown-scope"},
			[]string{"apps/a/iris-app-manifest.ts", "apps/c/iris-app-manifest.ts"}, nil},
	}
	rel := func(ps []string) []string {
		var out []string
		for _, p := range ps {
			r, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(r))
		}
		return out
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := lintIn(t, root, Options{}, tt.paths...)
			var got []string
			for _, b := range briefs(root, res.Diagnostics) {
				got = append(got, b.At+" "+b.Rule)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.manifests, rel(res.Manifests)); diff != "" {
				t.Errorf("manifests checked (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.unread, rel(res.Unread)); diff != "" {
				t.Errorf("unread (-want +got):\n%s", diff)
			}
		})
	}
}

// A changed .irislint.yaml lints the manifests it configures.
func TestLintChangedConfig(t *testing.T) {
	root := writeWorkspace(t, map[string]string{
		"apps/a/.irislint.yaml":       "rules:\n  sensitive-scope: error\n",
		"apps/a/iris-app-manifest.ts": "export default { scopes: [{ scope: 'account.delete', optional: false }] };\n",
		"apps/b/iris-app-manifest.ts": "export default { scopes: [{ scope: 'account.delete', optional: false }] };\n",
	})
	res := lintIn(t, root, Options{}, "apps/a/.irislint.yaml")
	if len(res.Manifests) != 1 || !strings.HasSuffix(res.Manifests[0], filepath.Join("apps", "a", "iris-app-manifest.ts")) {
		t.Errorf("manifests checked: %v", res.Manifests)
	}
}

// Two Linters with different configurations run in one process at once,
// and neither sees the other's settings (run with -race).
func TestTwoLintersConcurrently(t *testing.T) {
	root := writeWorkspace(t, map[string]string{
		"strict.yaml":                 "rules:\n  sensitive-scope: error\n",
		"quiet.yaml":                  "rules:\n  sensitive-scope: \"off\"\n",
		"apps/a/iris-app-manifest.ts": "export default { scopes: [{ scope: 'account.delete', optional: false }, { scope: 'asset.veiw', optional: false }] };\n",
	})
	strict, err := New(Options{WorkDir: root, ConfigFile: "strict.yaml", Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	quiet, err := New(Options{WorkDir: root, ConfigFile: "quiet.yaml", Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	rulesOf := func(res *Result) string {
		var rs []string
		for _, d := range res.Diagnostics {
			rs = append(rs, d.Rule+":"+d.Severity)
		}
		sort.Strings(rs)
		return strings.Join(rs, " ")
	}
	want := map[*Linter]string{
		strict: "sensitive-scope:error unknown-scope:error",
		quiet:  "unknown-scope:error",
	}
	var wg sync.WaitGroup
	errs := make(chan string, 40)
	for i := 0; i < 10; i++ {
		for _, l := range []*Linter{strict, quiet} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := l.Lint(context.Background(), "apps")
				if err != nil {
					errs <- err.Error()
					return
				}
				if got := rulesOf(res); got != want[l] {
					errs <- fmt.Sprintf("got %q, want %q", got, want[l])
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// A cancelled context stops the run.
func TestLintCancelled(t *testing.T) {
	root := writeWorkspace(t, map[string]string{
		"apps/a/iris-app-manifest.ts": "export default { scopes: [] };\n",
		"apps/b/iris-app-manifest.ts": "export default { scopes: [] };\n",
	})
	l, err := New(Options{WorkDir: root, Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Lint(ctx, "apps"); err != context.Canceled {
		t.Errorf("Lint with a cancelled context: %v, want context.Canceled", err)
	}
}

// Discovery skips dependencies, build output and dot-folders, and keeps
// files given by name.
func TestDiscoverSkips(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{
		"apps/a/iris-app-manifest.ts",
		"apps/b/iris-app-manifest.json",
		"node_modules/x/iris-app-manifest.ts",
		"dist/apps/a/iris-app-manifest.js",
		"tmp/iris-app-manifest.ts",
		".cache/iris-app-manifest.ts",
		"apps/a/other.ts",
	} {
		p = filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	none := func(string) bool { return false }
	got, err := discover(root, []string{".", "apps/a/iris-app-manifest.ts", "apps/a/other.ts"}, none, false)
	if err != nil {
		t.Fatal(err)
	}
	rel := func(ps []string) []string {
		for i := range ps {
			ps[i], _ = filepath.Rel(root, ps[i])
		}
		return ps
	}
	if diff := cmp.Diff([]string{"apps/a/iris-app-manifest.ts", "apps/b/iris-app-manifest.json"}, rel(got.manifests)); diff != "" {
		t.Errorf("manifests (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"apps/a/other.ts"}, rel(got.changed)); diff != "" {
		t.Errorf("changed files (-want +got):\n%s", diff)
	}
	got, err = discover(root, []string{"apps/a/other.ts"}, none, true)
	if err != nil || len(got.manifests) != 1 || len(got.changed) != 0 {
		t.Errorf("asManifests: %+v, %v", got, err)
	}
}

// A Go panic while checking one manifest (a bug) costs that manifest its
// verdict, as one diagnostic, and no other its own; nothing is cached.
func TestPanicCostsOneVerdict(t *testing.T) {
	root := writeWorkspace(t, map[string]string{
		"apps/a/iris-app-manifest.ts": "export default { scopes: [{ scope: 'asset.veiw', optional: false }] };\n",
		"apps/b/iris-app-manifest.ts": "export default { scopes: [{ scope: 'asset.view', optional: false }] };\n",
	})
	beforeCheck = func(path string) {
		if strings.Contains(path, "apps/b") {
			var m map[string]int
			m["boom"]++ // a nil map: a runtime error, as a bug would make
		}
	}
	defer func() { beforeCheck = nil }()
	old := time.Now().Add(-time.Hour) // older than the cache's racy window
	if err := filepath.WalkDir(root, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, old, old)
	}); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	for run := range 2 {
		res := lintIn(t, root, Options{CacheDir: cache})
		var got []string
		for _, b := range briefs(root, res.Diagnostics) {
			got = append(got, b.At+" "+b.Rule+" "+b.Message)
		}
		want := []string{
			"apps/a/iris-app-manifest.ts:1:36-48 unknown-scope unknown scope \"asset.veiw\"; did you mean \"asset.view\"?",
			"apps/b/iris-app-manifest.ts:1:1-1 eval irislint failed on this manifest (assignment to entry in nil map): it could not be checked; please report this bug with the manifest",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("run %d (-want +got):\n%s", run, diff)
		}
		if run == 1 && res.Cached != 1 {
			t.Errorf("%d verdicts came from the cache, want 1 (a's; b's failure is never stored)", res.Cached)
		}
	}
}

// findManifests reads folders in parallel; it finds what a plain
// filepath.WalkDir with the same rules finds, in random trees with links,
// skipped folders, folders named like manifests and an unreadable folder.
func TestFindManifestsAsWalkDir(t *testing.T) {
	walk := func(dir string) []string {
		var found []string
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || path == dir {
				return nil
			}
			name := d.Name()
			if d.IsDir() && !IsManifestName(name) && (skippedDirs[name] || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			if IsManifestName(name) {
				found = append(found, path)
				if d.IsDir() {
					return filepath.SkipDir
				}
			}
			return nil
		})
		sort.Strings(found)
		return found
	}
	names := []string{"apps", "libs", "a", "b", "node_modules", "dist", ".git", "src", "iris-app-manifest.ts", "iris-app-manifest.json", "other.ts"}
	rng := rand.New(rand.NewPCG(7, 7))
	for tree := range 20 {
		root := t.TempDir()
		var dirs []string
		dirs = append(dirs, root)
		for range 300 {
			parent := dirs[rng.IntN(len(dirs))]
			p := filepath.Join(parent, names[rng.IntN(len(names))])
			switch rng.IntN(4) {
			case 0: // a file
				_ = os.WriteFile(p, nil, 0o644)
			case 1: // a link to a folder: not followed
				_ = os.Symlink(dirs[rng.IntN(len(dirs))], p)
			default:
				if os.Mkdir(p, 0o755) == nil {
					dirs = append(dirs, p)
				}
			}
		}
		if os.Getuid() != 0 && len(dirs) > 1 { // root reads anything
			locked := dirs[1+rng.IntN(len(dirs)-1)]
			if err := os.Chmod(locked, 0); err == nil {
				defer os.Chmod(locked, 0o755)
			}
		}
		got, err := findManifests(root)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(walk(root), got); diff != "" {
			t.Fatalf("tree %d (-WalkDir +findManifests):\n%s", tree, diff)
		}
	}
}
