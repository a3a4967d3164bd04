package analyzer

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/irislint/irislint/internal/source"
)

// sharedAndPlain builds the manifests (paths relative to root) both ways:
// as Prebundle groups them, with each group's tsconfig forced on every file
// and only what verify accepts kept, and the usual way. It fails the test
// when a manifest the shared build gave differs from its usual bundle in
// any byte of its code or source map, or in its sources, and returns the
// manifests the shared builds gave (relative, sorted), and why each other
// one was not (by relative path).
func sharedAndPlain(t *testing.T, root string, manifests ...string) ([]string, map[string]string) {
	t.Helper()
	var paths []string
	for _, m := range manifests {
		paths = append(paths, filepath.Join(root, m))
	}
	ws := newWorkspace(root)
	plain := buildMany(paths, ws, source.NewSet(nil))
	share := newSharing(ws)
	if share == nil {
		t.Fatalf("%s: no sharing for the workspace", root)
	}
	var given []string
	why := map[string]string{}
	relOf := func(p string) string {
		rel, _ := filepath.Rel(root, p)
		return filepath.ToSlash(rel)
	}
	files := source.NewSet(nil)
	for _, g := range share.groups(paths) {
		if g.tsconfig == "" {
			for _, p := range g.paths {
				why[relOf(p)] = "not grouped"
			}
			continue
		}
		shared, _, notShared := share.buildShared(g.paths, g.tsconfig, files)
		for p, err := range notShared {
			why[relOf(p)] = err.Error()
		}
		for p, b := range shared {
			want, ok := plain[p]
			if !ok {
				t.Errorf("%s: built shared, not the usual way", p)
				continue
			}
			if diff := cmp.Diff(string(want.js), string(b.js)); diff != "" {
				t.Errorf("%s: the shared build's code differs (-usual +shared):\n%s", p, diff)
			}
			if diff := cmp.Diff(string(want.srcMap), string(b.srcMap)); diff != "" {
				t.Errorf("%s: the shared build's source map differs (-usual +shared):\n%s", p, diff)
			}
			if diff := cmp.Diff(want.sources, b.sources); diff != "" {
				t.Errorf("%s: the shared build's sources differ (-usual +shared):\n%s", p, diff)
			}
			given = append(given, relOf(p))
		}
	}
	slices.Sort(given)
	return given, why
}

// forcedDiffers reports whether building manifest (relative to root) with
// tsconfig (relative to root) forced on every file, unverified, changes
// its bundle: a crafted case is worth its name only when it does.
func forcedDiffers(t *testing.T, root, manifest, tsconfig string) bool {
	t.Helper()
	p := filepath.Join(root, manifest)
	ws := newWorkspace(root)
	plain := buildMany([]string{p, p}, ws, source.NewSet(nil))[p] // one build, as Prebundle's
	res, names, loads := buildTogether([]string{p}, ws, source.NewSet(nil), filepath.Join(root, tsconfig))
	if len(res.Errors) > 0 || plain == nil {
		return true // one of them fails: different too
	}
	forced, _ := bundlesOf(res, []string{p}, names, ws, loads)
	return forced[p] == nil || string(forced[p].js) != string(plain.js)
}

// writeTree writes files (path relative to root: content) under root.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	abs := make(map[string]string, len(files))
	for name, content := range files {
		abs[filepath.Join(root, filepath.FromSlash(name))] = content
	}
	writeFiles(t, abs)
}

// TestTsconfigSharingExampleWorkspace: the example workspace's two
// TypeScript apps have tsconfigs alike and share one; the legacy app has
// none and is built the usual way.
func TestTsconfigSharingExampleWorkspace(t *testing.T) {
	root, err := filepath.Abs("../testdata/workspace")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := sharedAndPlain(t, root,
		"apps/fleet-insights/iris-app-manifest.ts",
		"apps/legacy-js/iris-app-manifest.js",
		"apps/service-planner/iris-app-manifest.ts")
	want := []string{"apps/fleet-insights/iris-app-manifest.ts", "apps/service-planner/iris-app-manifest.ts"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("manifests the shared build gave (-want +got):\n%s", diff)
	}
}

// TestTsconfigSharingMonorepo: the benchmark's monorepo (bench/monorepo.sh,
// 40 apps), every app with its own tsconfig.json extending a base with a
// "paths" line per lib: every TypeScript app is shared, to the byte.
func TestTsconfigSharingMonorepo(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is needed to generate the workspace")
	}
	root := filepath.Join(t.TempDir(), "ws")
	cmd := exec.Command("bash", "../bench/monorepo.sh", "--generate", root)
	cmd.Env = append(os.Environ(), "APPS=40")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("bench/monorepo.sh --generate: %v\n%s", err, out)
	}
	var manifests, want []string
	for i := 1; i <= 40; i++ {
		app := filepath.Join(root, "apps", fmt.Sprintf("app-%03d", i))
		ms, _ := filepath.Glob(filepath.Join(app, "iris-app-manifest.*"))
		for _, m := range ms {
			rel, _ := filepath.Rel(root, m)
			manifests = append(manifests, rel)
			if strings.HasSuffix(m, ".ts") {
				want = append(want, filepath.ToSlash(rel))
			}
		}
	}
	if len(manifests) != 40 {
		t.Fatalf("generated %d manifests, want 40", len(manifests))
	}
	got, _ := sharedAndPlain(t, root, manifests...)
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("manifests the shared build gave (-want +got):\n%s", diff)
	}
}

// craftedBase is a workspace of three apps sharing a base tsconfig (paths
// to libs, experimentalDecorators, ES2015, strict). Each crafted case adds
// to app-b what makes sharing wrong for it; app-a and app-c stay shareable.
func craftedBase() map[string]string {
	app := func(name string) string {
		return `import { lib } from '@acme/` + name + `';
export default { name: '` + name + `', scopes: lib };
`
	}
	files := map[string]string{
		"nx.json": "{}",
		"tsconfig.base.json": `{
  // the workspace's shared settings
  "compilerOptions": {
    "baseUrl": ".",
    "experimentalDecorators": true,
    "target": "es2015",
    "paths": {
      "@acme/a": ["libs/a/index.ts"],
      "@acme/b": ["libs/b/index.ts"],
      "@acme/c": ["libs/c/index.ts"],
      "@acme/util": ["libs/util/index.ts"],
    },
  },
}`,
	}
	for _, name := range []string{"a", "b", "c"} {
		files["apps/app-"+name+"/tsconfig.json"] = `{ "extends": "../../tsconfig.base.json", "compilerOptions": { "strict": true } }`
		files["apps/app-"+name+"/iris-app-manifest.ts"] = app(name)
		files["libs/"+name+"/index.ts"] = "export const lib = [{ scope: 'asset.view', optional: false }];\n"
	}
	return files
}

var craftedManifests = []string{"apps/app-a/iris-app-manifest.ts", "apps/app-b/iris-app-manifest.ts", "apps/app-c/iris-app-manifest.ts"}

// TestTsconfigSharingFallsBack: each crafted case changes what esbuild
// makes of app-b under the shared tsconfig (checked: forcing it differs),
// and app-b is built the usual way; app-a and app-c are shared, to the byte.
func TestTsconfigSharingFallsBack(t *testing.T) {
	shareable := []string{"apps/app-a/iris-app-manifest.ts", "apps/app-c/iris-app-manifest.ts"}
	all := append([]string{"apps/app-b/iris-app-manifest.ts"}, shareable...)
	slices.Sort(all)
	for _, tc := range []struct {
		name  string
		files map[string]string
		// differs: forcing the shared tsconfig changes app-b's bundle (false
		// where the difference is a build failure only the usual build has)
		differs bool
		// why: what app-b's reason to be built the usual way says ("" when
		// app-b is shared)
		why string
	}{{
		name: "control: a lib's own tsconfig with the same settings",
		files: map[string]string{
			"libs/b/tsconfig.json": `{ "extends": "../../tsconfig.base.json", "compilerOptions": { "strict": true } }`,
		},
	}, {
		name: "control: a lib without tsconfig, nothing its settings act on",
		files: map[string]string{
			"libs/b/index.ts":    "import { x } from '../util';\nexport const lib = [{ scope: `asset.${x}`, optional: false }];\n",
			"libs/util/index.ts": "export const x = 'view';\n",
		},
	}, {
		name: "control: a lib's own tsconfig differs in settings nothing in it notices",
		files: map[string]string{
			"libs/b/tsconfig.json": `{ "extends": "../../tsconfig.base.json",
			  "compilerOptions": { "strict": false, "experimentalDecorators": false, "target": "ES2022" } }`,
			"libs/b/index.ts":    "// an @ and a class only in comments and strings: 'class', \"@x\"\nimport { x } from '@acme/util';\nexport const lib = [{ scope: x, optional: false }].map((e) => ({ ...e }));\n",
			"libs/util/index.ts": "export const x = 'asset.view';\n",
		},
	}, {
		name: "a lib without tsconfig that imports through paths",
		files: map[string]string{
			// the usual build cannot resolve it: no tsconfig applies to the lib
			"libs/b/index.ts":    "import { x } from '@acme/util';\nexport const lib = [{ scope: x, optional: false }];\n",
			"libs/util/index.ts": "export const x = 'asset.view';\n",
		},
		differs: true,
		why:     "paths differ",
	}, {
		name: "a lib with its own tsconfig whose paths differ",
		files: map[string]string{
			"libs/b/tsconfig.json": `{ "compilerOptions": { "baseUrl": ".", "paths": { "@acme/util": ["other.ts"] } } }`,
			"libs/b/index.ts":      "import { x } from '@acme/util';\nexport const lib = [{ scope: x, optional: false }];\n",
			"libs/b/other.ts":      "export const x = 'asset.view';\n",
			"libs/util/index.ts":   "export const x = 'account.view';\n",
		},
		differs: true,
		why:     "paths differ",
	}, {
		name: "experimentalDecorators differs for a decorated class",
		files: map[string]string{
			"libs/b/tsconfig.json": `{ "compilerOptions": { "experimentalDecorators": false, "useDefineForClassFields": false, "strict": true } }`,
			"libs/b/index.ts": `function tag(c: any, ctx?: any) { return c; }
@tag
class Scopes { list = [{ scope: 'asset.view', optional: false }]; }
export const lib = new Scopes().list;
`,
		},
		differs: true,
		why:     "experimentalDecorators differs",
	}, {
		name: "class fields: a lib without tsconfig (ES2022 fields) under target ES2015",
		files: map[string]string{
			"libs/b/index.ts": "class Scopes { list = [{ scope: 'asset.view', optional: false }]; }\nexport const lib = new Scopes().list;\n",
		},
		differs: true,
		why:     "useDefineForClassFields differs",
	}, {
		name: "alwaysStrict: a CommonJS lib required, without tsconfig",
		files: map[string]string{
			"apps/app-b/iris-app-manifest.ts": "const lib = require('../../libs/b/cjs.js');\nexport default { scopes: lib };\n",
			"libs/b/cjs.js":                   "module.exports = [{ scope: 'asset.view', optional: false }];\n",
		},
		differs: true,
		why:     "cjs.js: strict mode differs",
	}, {
		name: "alwaysStrict: a function declared in a block of an ES module lib",
		files: map[string]string{
			"libs/b/index.ts": `export const lib = (() => {
  if (true) { function pick() { return [{ scope: 'asset.view', optional: false }]; } }
  return typeof pick === 'function' ? pick() : [];
})();
`,
		},
		differs: true,
		why:     "strict mode differs",
	}, {
		name: "alwaysStrict: an ES module lib required, without tsconfig",
		files: map[string]string{
			"apps/app-b/iris-app-manifest.ts": "const { lib } = require('../../libs/b/index.ts');\nexport default { scopes: lib };\n",
		},
		differs: true,
		why:     "strict mode differs",
	}, {
		name: "verbatimModuleSyntax keeps an import of types only",
		files: map[string]string{
			"libs/b/tsconfig.json": `{ "extends": "../../tsconfig.base.json", "compilerOptions": { "strict": true, "verbatimModuleSyntax": true } }`,
			"libs/b/index.ts":      "import { Scope } from './types';\nexport const lib: Scope[] = [{ scope: 'asset.view', optional: false }];\n",
			"libs/b/types.ts":      "export type Scope = { scope: string; optional: boolean };\n(globalThis as any).loaded = true;\n",
		},
		differs: true,
		why:     "settings for unused imports differ",
	}, {
		name: "a glob import walks folders the metafile does not name",
		files: map[string]string{
			"apps/app-b/iris-app-manifest.ts":   "const name = 'a';\nconst data = require(`./data/${name}.scopes.json`);\nexport default { scopes: data.scopes };\n",
			"apps/app-b/data/a.json":            `{ "scopes": [{ "scope": "asset.view", "optional": false }] }`,
			"apps/app-b/data/old/tsconfig.json": `{ "compilerOptions": { "strict": tru } }`,
			"apps/app-b/data/old/b.json":        `{}`,
		},
		differs: true,
		why:     "left external",
	}, {
		name: "a tsconfig that extends a package",
		files: map[string]string{
			"apps/app-b/tsconfig.json":                 `{ "extends": "@acme/tsconfig/base.json", "compilerOptions": { "strict": true } }`,
			"node_modules/@acme/tsconfig/package.json": `{ "name": "@acme/tsconfig" }`,
			"node_modules/@acme/tsconfig/base.json":    `{ "extends": "../../../tsconfig.base.json" }`,
		},
		why: "not grouped",
	}, {
		name: "a broken tsconfig where a paths candidate is looked for",
		files: map[string]string{
			"tsconfig.base.json": strings.Replace(craftedBase()["tsconfig.base.json"], `"@acme/util": ["libs/util/index.ts"]`, `"@acme/util": ["libs/gone/index.ts", "libs/util/index.ts"]`, 1),
			// esbuild looks for libs/gone/index.ts as a folder when it is no
			// file, and so reads libs/gone's tsconfig, and fails
			"libs/gone/tsconfig.json": `{ "compilerOptions": { "strict": tru } }`,
			"libs/b/tsconfig.json":    `{ "extends": "../../tsconfig.base.json", "compilerOptions": { "strict": true } }`,
			"libs/b/index.ts":         "import { x } from '@acme/util';\nexport const lib = [{ scope: x, optional: false }];\n",
			"libs/util/index.ts":      "export const x = 'asset.view';\n",
		},
		differs: true,
		why:     "libs/gone/tsconfig.json",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "ws")
			writeTree(t, root, craftedBase())
			writeTree(t, root, tc.files)
			if got := forcedDiffers(t, root, "apps/app-b/iris-app-manifest.ts", "apps/app-a/tsconfig.json"); got != tc.differs {
				t.Errorf("forcing app-a's tsconfig on app-b changes its bundle: %v, want %v", got, tc.differs)
			}
			got, why := sharedAndPlain(t, root, craftedManifests...)
			want := all
			if tc.why != "" {
				want = shareable
				if !strings.Contains(why["apps/app-b/iris-app-manifest.ts"], tc.why) {
					t.Errorf("app-b was not shared because %q, want a reason with %q", why["apps/app-b/iris-app-manifest.ts"], tc.why)
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("manifests the shared build gave (-want +got):\n%s", diff)
			}
		})
	}
}
