package analyzer_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/internal/postest"
)

// fuzzBudget is the evaluation time budget of one fuzz input: short, so an
// input that loops costs a quarter second, not five.
const fuzzBudget = 250 * time.Millisecond

// fuzzHang is how long one Load may take before the input counts as a hang:
// the budget bounds evaluation and export, and bundling a fuzz input (at
// most a few hundred KiB) takes milliseconds; a catastrophic regular
// expression may run its 500ms match timeout past the budget. Seconds more
// is a Load that does not keep its budget.
const fuzzHang = 5 * time.Second

// problemKinds are the Problem kinds a LoadError may carry.
var problemKinds = map[string]bool{
	analyzer.ProblemRead: true, analyzer.ProblemSyntax: true, analyzer.ProblemResolve: true,
	analyzer.ProblemBundle: true, analyzer.ProblemEval: true, analyzer.ProblemTimeout: true,
	analyzer.ProblemStack: true, analyzer.ProblemMemory: true, analyzer.ProblemForbid: true,
	analyzer.ProblemExport:     true,
	analyzer.ProblemTooComplex: true,
}

// FuzzLoad loads arbitrary text as apps/x/iris-app-manifest.ts of a copy of
// the example workspace (so imports of its libraries and JSON files resolve
// and positions can land in other files), and checks what must hold for any
// input: Load returns a Manifest or a *LoadError, never both or neither,
// never panics, keeps its time budget, and every position it gives names a
// file of the workspace and a line and column that exist in it.
func FuzzLoad(f *testing.F) {
	root := fuzzWorkspace(f)
	manifest := filepath.Join(root, "apps", "x", "iris-app-manifest.ts")

	// The example workspace's manifests and the files they import.
	err := filepath.WalkDir("../testdata/workspace", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if ext := filepath.Ext(p); ext == ".ts" || ext == ".js" {
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			f.Add(src)
		}
		return nil
	})
	if err != nil {
		f.Fatal(err)
	}
	// Short inputs for each way a load fails or a position is computed.
	// The slow hostile cases (loops, memory hogs) are left out: each would
	// take the whole budget on every run of the corpus.
	for _, s := range []string{
		"",
		"export default { scopes: [{ scope: 'asset.view', optional: false }],\n", // syntax error at EOF
		"const x = 1;\nthrow new Error('boom ' + x);\nexport default {};\n",      // throw, located
		"throw 'plain';",                     // throw a string
		"export default 42;",                 // not an object
		"export const scopes = [];\n",        // no default export
		"module.exports = { scopes: [] };\n", // CommonJS
		"import { readFileSync } from 'fs';\nexport default { s: readFileSync };\n", // a Node built-in
		"import x from './nope';\nexport default x;\n",                              // unresolved
		"import { ScopeType } from '@trackunit/iris-app-api';\nexport default { t: ScopeType.ACCOUNT, f: ScopeType.X('a') };\n",
		"export default new Proxy({}, {\n  ownKeys: () => ['scopes', 'tokenCallback'],\n  getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }),\n  get: (t, k) => [{ scope: String(k), optional: false }],\n});\n",
		"export default {\n  get scopes() { return [{ scope: 'asset.view', optional: true }]; },\n  get tokenCallback() { throw new Error('getter'); },\n};\n",
		"\ufeffexport default { scopes: [{ scope: 'asset.view', optional: false }] };\n",                      // BOM
		"const a = 'asset.view';\r\nexport default {\r\n  scopes: [{ scope: a, optional: false }],\r\n};\r\n", // CRLF
		"export default {\r  scopes: [{ scope: `asset.${'view'}`, optional: false }],\u2028  x: '\u2029', y: '\\u2028',\n};\n",
		"export default { scopes: [{ scope: '\xff\xfeasset.view', optional: false }], n: '\xc3' };\n", // not UTF-8
		"const s = '😀😀😀😀😀😀😀😀😀😀';throw 1\n",                                                            // astral characters before the throw: its column was past the line's end
		"function f(): number { return f(); }\nexport default { x: f() };\n",                          // stack overflow, fast
		"const o: any = { scopes: [] }; o.self = o; o.scopes.push(o);\nexport default o;\n",           // circular
		"export default Promise.resolve({});\n",
		"export default class {};\n",
		"import * as m from '@acme/shared-scopes';\nimport e from '@acme/fleet-insights-fleet-extension';\nexport default { scopes: [...(m as any).assetScopes ?? []], extensions: [e] };\n",
		"const p = require('./package.json');\nexport default { name: p.name, tokenCallback: { url: 'http://x' }, cspHeader: { 'default-src': [\"'self'\"] } };\n",
		"export default { scopes: [{ scope: 'a', optional: false }, { scope: 'a' }, 'b', null, 1n as any, Symbol('s') as any] };\n",
		"/000000000000.**0/%0", // a regular expression goja refuses: its message quoted line breaks (found by FuzzCheck)
		// an input source map, whose sources esbuild would put in positions
		"const a = 1;\nthrow a;\n//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozLCJzb3VyY2VzIjpbIi4uLy4uLy4uLy4uLy4uLy4uLy4uLy4uL2V0Yy9ob3N0bmFtZSJdLCJuYW1lcyI6W10sIm1hcHBpbmdzIjoiQUFBQTtBQUNBIn0=\n",
	} {
		f.Add([]byte(s))
	}

	// A Go panic in goja becomes an "eval" problem (goja has bugs a
	// manifest can reach); one that starts in irislint's own code is a
	// bug of ours, and fails the input.
	var ours sync.Map
	analyzer.OnEnginePanic = func(r any, stack []byte) {
		if origin := panicOrigin(stack); !strings.HasPrefix(origin, "github.com/dop251/goja") {
			ours.Store(r, origin)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer ours.Range(func(r, origin any) bool {
			ours.Delete(r)
			t.Errorf("a panic in %s, not in goja, became a problem: %v", origin, r)
			return true
		})
		// A Load that never returns would stall the fuzzer rather than
		// fail it: crash the worker, which saves the input.
		hang := time.AfterFunc(6*fuzzHang, func() {
			panic(fmt.Sprintf("Load hung for %s", 6*fuzzHang))
		})
		start := time.Now()
		m, err := analyzer.Load(manifest, analyzer.Options{Source: data, Timeout: fuzzBudget, MemoryLimit: 64 << 20})
		took := time.Since(start)
		hang.Stop()
		if took > fuzzHang {
			t.Errorf("Load took %s with a budget of %s", took, fuzzBudget)
		}
		if (m == nil) == (err == nil) {
			t.Fatalf("Load returned manifest %v and error %v: want exactly one", m != nil, err)
		}
		pc := postest.New(root, manifest, data)
		if err != nil {
			var le *analyzer.LoadError
			if !errors.As(err, &le) || le == nil {
				t.Fatalf("error %v is a %T, not a *LoadError", err, err)
			}
			if le.Path != manifest {
				t.Errorf("LoadError.Path = %q, want %q", le.Path, manifest)
			}
			if len(le.Problems) == 0 {
				t.Fatalf("LoadError without problems: %v", err)
			}
			for i, p := range le.Problems {
				if !problemKinds[p.Kind] {
					t.Errorf("problem %d: unknown kind %q (%s)", i, p.Kind, p.Message)
				}
				if strings.TrimSpace(p.Message) == "" || strings.ContainsAny(p.Message, "\n\r") {
					t.Errorf("problem %d (%s): message %q is not one line", i, p.Kind, p.Message)
				}
				if why := pc.Check(p.Pos); why != "" {
					t.Errorf("problem %d (%s: %s): position %+v: %s", i, p.Kind, p.Message, p.Pos, why)
				}
			}
			return
		}
		checkManifest(t, m, manifest, root, pc)
	})
}

// checkManifest checks a loaded Manifest's invariants and every position in
// its value tree.
func checkManifest(t *testing.T, m *analyzer.Manifest, manifest, root string, pc *postest.Checker) {
	t.Helper()
	if m.Path != manifest || m.Root != root {
		t.Errorf("Path, Root = %q, %q, want %q, %q", m.Path, m.Root, manifest, root)
	}
	if len(m.Sources) == 0 || m.Sources[0] != manifest {
		t.Errorf("Sources = %q, want the manifest first", m.Sources)
	}
	if m.Value == nil || m.Value.Kind != analyzer.KindObject {
		t.Fatalf("Value = %v, want an object", m.Value)
	}
	bad := 0
	report := func(what string, p analyzer.Position) {
		if why := pc.Check(p); why != "" {
			if bad++; bad <= 10 {
				t.Errorf("%s: position %+v: %s", what, p, why)
			}
		}
	}
	var walk func(v *analyzer.Value, depth int)
	walk = func(v *analyzer.Value, depth int) {
		if v == nil {
			t.Fatal("nil Value in the tree")
		}
		if depth > 200 {
			t.Fatalf("value tree deeper than 200 at %s", v.Path)
		}
		report("value "+v.Path, v.Pos)
		for _, e := range v.Elems {
			walk(e, depth+1)
		}
		for _, f := range v.Fields {
			if f == nil {
				t.Fatalf("nil Field in %s", v.Path)
			}
			report("key "+f.Key+" of "+v.Path, f.KeyPos)
			walk(f.Value, depth+1)
		}
	}
	walk(m.Value, 0)
	for _, e := range m.ScopeEntries {
		if e.Entry == nil {
			t.Errorf("scopes[%d]: nil Entry", e.Index)
		}
		report(fmt.Sprintf("scopes[%d]", e.Index), e.Pos)
	}
	if m.Scopes != nil && m.Scopes.Kind == analyzer.KindArray && len(m.ScopeEntries) != len(m.Scopes.Elems) {
		t.Errorf("%d ScopeEntries for %d scopes", len(m.ScopeEntries), len(m.Scopes.Elems))
	}
	if tc := m.TokenCallback; tc != nil {
		report("tokenCallback", tc.Pos)
	}
}

// fuzzWorkspace copies the example workspace into a temporary folder (one
// per fuzz process) and adds apps/x, the fuzzed manifest's folder, with the
// package.json and tsconfig.json an app has.
func fuzzWorkspace(f *testing.F) string {
	root := f.TempDir()
	err := filepath.WalkDir("../testdata/workspace", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel("../testdata/workspace", p)
		if err != nil {
			return err
		}
		dst := filepath.Join(root, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, src, 0o644)
	})
	if err != nil {
		f.Fatal(err)
	}
	app := filepath.Join(root, "apps", "x")
	if err := os.MkdirAll(app, 0o755); err != nil {
		f.Fatal(err)
	}
	for _, name := range []string{"package.json", "tsconfig.json"} {
		src, err := os.ReadFile(filepath.Join(root, "apps", "fleet-insights", name))
		if err != nil {
			f.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(app, name), src, 0o644); err != nil {
			f.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "nx.json")); err != nil {
		f.Fatal("the workspace copy has no nx.json: ", err)
	}
	return root
}

// panicOrigin is the function a recovered panic started in: the first
// frame after the last panic in stack that is not the runtime's.
func panicOrigin(stack []byte) string {
	text := string(stack)
	if i := strings.LastIndex(text, "\npanic("); i >= 0 {
		text = text[i+1:]
	}
	for _, line := range strings.Split(text, "\n")[1:] {
		if line == "" || strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "runtime.") || strings.HasPrefix(line, "panic(") {
			continue
		}
		return line
	}
	return ""
}
