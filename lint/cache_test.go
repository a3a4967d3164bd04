package lint_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/irislint/irislint/internal/report"
	"github.com/irislint/irislint/lint"
)

// The cache must never change a byte of the output. TestCacheExact builds a
// workspace that exercises everything a verdict can depend on (a lib
// reached through tsconfig paths, a folder import that a file can shadow,
// an @trackunit package that may be installed, a folder reached through a
// link, .irislint.yaml, process.env), then applies random changes to it,
// and after each one compares, byte for byte, the reports of a run with the
// cache (which has seen the workspace before the change) and of a run
// without it.
func TestCacheExact(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("IRISLINT_CACHE_SEED"); s != "" {
		fmt.Sscan(s, &seed)
	}
	t.Logf("seed %d (IRISLINT_CACHE_SEED=%d reproduces this run)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed))

	root := t.TempDir()
	w := &workspaceEditor{t: t, root: root}
	w.write("nx.json", "{}\n")
	w.write(".git/HEAD", "ref: refs/heads/main\n") // the repository root: configuration lookup stops here
	w.write("tsconfig.base.json", tsconfigWith("libs/scopes/src/index.ts"))
	w.write("libs/scopes/src/index.ts", "export const SCOPES = [{ scope: 'asset.view', optional: false }];\n")
	w.write("libs/other/index.ts", "export const SCOPES = [{ scope: 'account.veiw', optional: false }];\n")
	w.write("libs/first/README.md", "a folder a paths fallback names\n")
	w.write("libs/linked-1/index.ts", "export const LINKED = [{ scope: 'account.alert.view', optional: true }];\n")
	w.write("libs/linked-2/index.ts", "export const LINKED = [{ scope: 'account.alert.veiw', optional: true }];\n")
	w.symlink("libs/linked", "linked-1")
	w.write("apps/a/tsconfig.json", `{ "extends": "../../tsconfig.base.json" }`+"\n")
	w.write("apps/a/helpers/index.ts", "export const extra = [{ scope: 'account.view', optional: true }];\n")
	w.write("apps/a/setup.ts", "export type Setup = string;\n")
	w.write("apps/a/iris-app-manifest.ts", `import { SCOPES } from '@acme/scopes';
import { extra } from './helpers';
import './setup';
import { LINKED } from '../../libs/linked/index';
import { ScopeType } from '@trackunit/iris-app-api';
export default {
  scopes: [...SCOPES, ...extra, ...LINKED],
  marketplace: { name: String(ScopeType.ACCOUNT) },
  tokenCallback: { url: process.env.CALLBACK || 'https://a.example/installed' },
};
`)
	w.write("apps/b/iris-app-manifest.ts", "export default { scopes: [{ scope: 'account.delete', optional: false }] };\n")

	changes := []struct {
		name string
		do   func()
	}{
		{"edit a lib", func() {
			lib := "libs/scopes/src/index.ts"
			if !w.exists("libs/scopes") {
				lib = "libs/scopes-moved/src/index.ts"
			}
			w.write(lib, fmt.Sprintf("export const SCOPES = [{ scope: '%s', optional: false }];\n", pick(rng, "asset.view", "asset.veiw", "account.view", "account.irisx.proxy.store-secret")))
		}},
		{"add a file that shadows the folder import", func() {
			w.write("apps/a/helpers.ts", fmt.Sprintf("export const extra = [{ scope: '%s', optional: true }];\n", pick(rng, "account.manage", "account.mange")))
		}},
		{"remove the shadowing file", func() { w.remove("apps/a/helpers.ts") }},
		{"edit a file imported for its side effects", func() {
			// while it declares only types, it adds nothing to the bundle
			w.write("apps/a/setup.ts", pick(rng, "export type Setup = string;\n", "throw new Error('setup failed');\n"))
		}},
		{"install the @trackunit package", func() {
			w.write("node_modules/@trackunit/iris-app-api/package.json", `{ "name": "@trackunit/iris-app-api", "main": "index.js" }`+"\n")
			w.write("node_modules/@trackunit/iris-app-api/index.js", fmt.Sprintf("exports.ScopeType = { ACCOUNT: '%s' };\n", pick(rng, "ACCOUNT", "ACCOUNT_V2")))
		}},
		{"uninstall it", func() { w.remove("node_modules") }},
		{"edit tsconfig paths", func() {
			w.write("tsconfig.base.json", tsconfigWith(pick(rng, "libs/scopes/src/index.ts", "libs/other/index.ts", `libs/first/index.ts", "libs/scopes/src/index.ts`)))
		}},
		{"add a file for an earlier paths target", func() {
			w.write("libs/first/index.ts", "export const SCOPES = [{ scope: 'account.alert.manage', optional: true }];\n")
		}},
		{"remove it", func() { w.remove("libs/first/index.ts") }},
		{"edit extends", func() {
			w.write("apps/a/tsconfig.json", pick(rng, `{ "extends": "../../tsconfig.base.json" }`, `{ "compilerOptions": {} }`)+"\n")
		}},
		{"edit .irislint.yaml", func() {
			w.write(".irislint.yaml", pick(rng, "rules:\n  sensitive-scope: error\n", "rules:\n  unknown-scope: warning\n", "environments:\n  prod:\n    CALLBACK: http://prod.example/cb\n"))
		}},
		{"remove .irislint.yaml", func() { w.remove(".irislint.yaml") }},
		{"rename a lib folder", func() {
			if w.exists("libs/scopes") {
				w.rename("libs/scopes", "libs/scopes-moved")
			} else {
				w.rename("libs/scopes-moved", "libs/scopes")
			}
		}},
		{"change the link", func() { w.symlink("libs/linked", pick(rng, "linked-1", "linked-2")) }},
		{"edit the manifest", func() {
			w.edit("apps/b/iris-app-manifest.ts", func(s string) string {
				return strings.Replace(strings.Replace(s, "false", "@", 1), "true", "false", 1)
			})
			w.edit("apps/b/iris-app-manifest.ts", func(s string) string { return strings.Replace(s, "@", "true", 1) })
		}},
		{"nothing", func() {}},
	}

	cacheDir := t.TempDir()
	hits, both := 0, 0
	for step := 0; step < 80; step++ {
		env := map[string]string(nil)
		if rng.IntN(4) == 0 {
			env = map[string]string{"CALLBACK": pick(rng, "https://x.example/cb", "http://x.example/cb")}
		}
		c := changes[rng.IntN(len(changes))]
		c.do()
		w.age() // as if the change were old: the cache stores nothing changed within seconds of a run
		cached, n := lintReport(t, root, lint.Options{CacheDir: cacheDir, Env: env})
		fresh, _ := lintReport(t, root, lint.Options{NoCache: true, Env: env})
		if diff := cmp.Diff(fresh, cached); diff != "" {
			t.Fatalf("step %d (%s, env %v): the cached run differs from a fresh one (-fresh +cached):\n%s", step, c.name, env, diff)
		}
		hits += n
		// and again, unchanged: the state's own entries now serve it
		again, m := lintReport(t, root, lint.Options{CacheDir: cacheDir, Env: env})
		if diff := cmp.Diff(fresh, again); diff != "" {
			t.Fatalf("step %d (%s, env %v), run again: the cached run differs from a fresh one (-fresh +cached):\n%s", step, c.name, env, diff)
		}
		if m == 2 {
			both++
		}
	}
	if both == 0 {
		t.Error("the two verdicts never came from the cache in one run: the test did not test apps/a, which reads everything the changes touch")
	}
	t.Logf("%d verdicts came from the cache after a change, both verdicts in %d of 80 runs again", hits, both)
}

// lintReport lints the workspace and returns its JSON and text reports,
// and how many verdicts came from the cache.
func lintReport(t *testing.T, root string, opts lint.Options) (string, int) {
	t.Helper()
	opts.WorkDir = root
	l, err := lint.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	res, err := l.Lint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := report.JSON(&b, res.Diagnostics, len(res.Manifests), root); err != nil {
		t.Fatal(err)
	}
	if err := report.Text(&b, res.Diagnostics, report.TextOptions{WorkDir: root, Summary: true, Files: len(res.Manifests), Lines: res.Line}); err != nil {
		t.Fatal(err)
	}
	return b.String(), res.Cached
}

func tsconfigWith(target string) string {
	return fmt.Sprintf(`{
  // the shared scopes
  "compilerOptions": { "baseUrl": ".", "paths": { "@acme/scopes": ["%s"] } },
}
`, target)
}

func pick(rng *rand.Rand, choices ...string) string { return choices[rng.IntN(len(choices))] }

// workspaceEditor changes files under root for a test, failing it on error.
type workspaceEditor struct {
	t    *testing.T
	root string
}

func (w *workspaceEditor) path(rel string) string {
	return filepath.Join(w.root, filepath.FromSlash(rel))
}

func (w *workspaceEditor) write(rel, content string) {
	w.t.Helper()
	p := w.path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

func (w *workspaceEditor) edit(rel string, change func(string) string) {
	w.t.Helper()
	data, err := os.ReadFile(w.path(rel))
	if err != nil {
		w.t.Fatal(err)
	}
	w.write(rel, change(string(data)))
}

func (w *workspaceEditor) remove(rel string) {
	w.t.Helper()
	if err := os.RemoveAll(w.path(rel)); err != nil {
		w.t.Fatal(err)
	}
}

func (w *workspaceEditor) exists(rel string) bool {
	_, err := os.Lstat(w.path(rel))
	return err == nil
}

func (w *workspaceEditor) rename(from, to string) {
	w.t.Helper()
	if err := os.Rename(w.path(from), w.path(to)); err != nil {
		w.t.Fatal(err)
	}
}

func (w *workspaceEditor) symlink(rel, target string) {
	w.t.Helper()
	_ = os.Remove(w.path(rel))
	if err := os.Symlink(target, w.path(rel)); err != nil {
		w.t.Fatal(err)
	}
}

// age sets every file's and folder's time an hour back.
func (w *workspaceEditor) age() {
	w.t.Helper()
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(w.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// a link younger than the racy window makes every verdict
			// read through it uncacheable: the test would never see one
			return lutimes(p, old)
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		w.t.Fatal(err)
	}
}

// Each change the cache must see, one at a time, in order: the random
// walk of TestCacheExact may take long to meet some of them.
func TestCacheSeesEachChange(t *testing.T) {
	root := t.TempDir()
	w := &workspaceEditor{t: t, root: root}
	w.write("nx.json", "{}\n")
	w.write("tsconfig.base.json", tsconfigWith(`libs/first/index.ts", "libs/scopes/src/index.ts`))
	w.write("libs/scopes/src/index.ts", "export const SCOPES = [{ scope: 'asset.view', optional: false }];\n")
	w.write("libs/first/README.md", "a folder a paths fallback names\n")
	w.write("apps/a/tsconfig.json", `{ "extends": "../../tsconfig.base.json" }`+"\n")
	w.write("apps/a/helpers/index.ts", "export const extra = [];\n")
	w.write("apps/a/setup.ts", "export type Setup = string;\n")
	w.write("apps/a/iris-app-manifest.ts", `import { SCOPES } from '@acme/scopes';
import { extra } from './helpers';
import './setup';
import { ScopeType } from '@trackunit/iris-app-api';
export default { scopes: [...SCOPES, ...extra], marketplace: { name: String(ScopeType.ACCOUNT) } };
`)
	// a second manifest: the two are bundled in one build
	w.write("apps/b/iris-app-manifest.ts", "export default { scopes: [{ scope: 'account.delete', optional: false }] };\n")
	cacheDir := t.TempDir()
	for _, c := range []struct {
		name string
		do   func()
	}{
		{"a file for an earlier paths target", func() {
			w.write("libs/first/index.ts", "export const SCOPES = [{ scope: 'asset.veiw', optional: false }];\n")
		}},
		{"a file that shadows a folder import", func() {
			w.write("apps/a/helpers.ts", "export const extra = [{ scope: 'account.veiw', optional: true }];\n")
		}},
		{"an installed @trackunit package", func() {
			w.write("node_modules/@trackunit/iris-app-api/package.json", `{ "main": "index.js" }`+"\n")
			w.write("node_modules/@trackunit/iris-app-api/index.js", "exports.ScopeType = { ACCOUNT: 'INSTALLED' };\n")
		}},
		{"a file imported for its side effects, which declared only types", func() {
			w.write("apps/a/setup.ts", "throw new Error('setup failed');\n")
		}},
		{"a configuration", func() { w.write(".irislint.yaml", "rules:\n  unknown-scope: warning\n") }},
	} {
		w.age()
		lintReport(t, root, lint.Options{CacheDir: cacheDir}) // the cache sees the workspace before the change
		c.do()
		w.age()
		cached, _ := lintReport(t, root, lint.Options{CacheDir: cacheDir})
		fresh, _ := lintReport(t, root, lint.Options{NoCache: true})
		if diff := cmp.Diff(fresh, cached); diff != "" {
			t.Errorf("%s: the cached run differs from a fresh one (-fresh +cached):\n%s", c.name, diff)
		}
	}
}

// A fix in a lib that another manifest reads differently is dropped (see
// fixshare.go), and must be dropped too when both verdicts come from the
// cache: an entry keeps what each evaluation reached.
func TestCachedVerdictsKeepFixVetoes(t *testing.T) {
	root := t.TempDir()
	w := &workspaceEditor{t: t, root: root}
	w.write("nx.json", "{}\n")
	w.write("libs/shared.ts", "export const NAMES = ['asset.veiw', 'account.view'];\n")
	w.write("apps/a/iris-app-manifest.ts", `import { NAMES } from '../../libs/shared';
export default { scopes: NAMES.map(scope => ({ scope, optional: false })) };
`)
	// b shows the same text as a name: "asset.view" would change what it exports
	w.write("apps/b/iris-app-manifest.ts", `import { NAMES } from '../../libs/shared';
export default { scopes: [{ scope: 'account.view', optional: false }], marketplace: { name: NAMES[0] } };
`)
	w.age()
	fresh, _ := lintReport(t, root, lint.Options{NoCache: true})
	if !strings.Contains(fresh, `"unknown-scope"`) || strings.Contains(fresh, `"newText": "asset.view"`) {
		t.Fatalf("the fresh run should report the typo without its fix (b vetoes it):\n%s", fresh)
	}
	cacheDir := t.TempDir()
	lintReport(t, root, lint.Options{CacheDir: cacheDir})
	cached, hits := lintReport(t, root, lint.Options{CacheDir: cacheDir})
	if hits != 2 {
		t.Fatalf("%d verdicts came from the cache, want 2", hits)
	}
	if diff := cmp.Diff(fresh, cached); diff != "" {
		t.Errorf("the cached run differs from a fresh one (-fresh +cached):\n%s", diff)
	}
}
