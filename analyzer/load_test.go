package analyzer

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// at is a compact position in a testdata file: file name relative to
// testdata/load, 1-based line and column.
type at struct {
	File      string
	Line, Col int
}

func rel(t *testing.T, p Position) at {
	t.Helper()
	r, err := filepath.Rel(loadDir(t), p.File)
	if err != nil {
		t.Fatal(err)
	}
	return at{filepath.ToSlash(r), p.Line, p.Column}
}

func loadDir(t *testing.T) string {
	d, err := filepath.Abs("../testdata/load")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

type scopeAt struct {
	Name     string
	Optional bool
	At       at
}

func TestLoadFormats(t *testing.T) {
	tests := []struct {
		file string
		want []scopeAt
	}{
		{"formats/esm.ts", []scopeAt{{"asset.view", false, at{"formats/esm.ts", 4, 21}}}},
		{"formats/esm.mts", []scopeAt{{"account.view", false, at{"formats/esm.mts", 4, 21}}}},
		{"formats/cjs.cts", []scopeAt{{"account.alert.view", true, at{"formats/cjs.cts", 2, 21}}}},
		{"formats/plain.js", []scopeAt{{"asset.view", false, at{"formats/plain.js", 2, 21}}}},
		{"formats/module.mjs", []scopeAt{{"asset.view", false, at{"formats/module.mjs", 2, 21}}}},
		{"formats/common.cjs", []scopeAt{{"asset.view", false, at{"formats/common.cjs", 1, 28}}}},
		{"formats/manifest.json", []scopeAt{{"asset.view", false, at{"formats/manifest.json", 2, 25}}}},
		{"formats/computed.ts", []scopeAt{
			{"asset.view", false, at{"formats/computed.ts", 3, 25}},
			// computed values point at the template literal that made them
			{"account.service-management.network.view", true, at{"formats/computed.ts", 8, 35}},
			{"account.service-management.service-plan.view", true, at{"formats/computed.ts", 8, 35}},
			// the second "asset.view" maps to its own literal
			{"asset.view", false, at{"formats/computed.ts", 9, 14}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m, err := Load(filepath.Join(loadDir(t), tt.file), Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []scopeAt
			for _, e := range m.ScopeEntries {
				if !e.HasName || !e.HasOptional {
					t.Errorf("entry %d: HasName %v, HasOptional %v", e.Index, e.HasName, e.HasOptional)
				}
				got = append(got, scopeAt{e.Name, e.Optional, rel(t, e.Pos)})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("scopes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadComputedValues(t *testing.T) {
	m, err := Load(filepath.Join(loadDir(t), "formats/computed.ts"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	tc := m.TokenCallback
	if tc == nil || !tc.HasURL || tc.URL != "https://example.com/install" {
		t.Fatalf("tokenCallback = %+v", tc)
	}
	// a concatenation (which esbuild folds into one literal) points at
	// the whole expression
	if got, want := rel(t, tc.Pos), (at{"formats/computed.ts", 11, 25}); got != want || tc.Pos.EndLine != 11 || tc.Pos.EndColumn != 59 {
		t.Errorf("tokenCallback pos = %v to %d:%d, want %v to 11:59", got, tc.Pos.EndLine, tc.Pos.EndColumn, want)
	}
	// so does a template literal with substitutions, to its end
	if p := m.ScopeEntries[1].Pos; p.Line != 8 || p.Column != 35 || p.EndLine != 8 || p.EndColumn != 51 {
		t.Errorf("scopes[1].scope spans %d:%d to %d:%d, want the template literal, 8:35 to 8:51", p.Line, p.Column, p.EndLine, p.EndColumn)
	}
	if got, want := rel(t, m.ScopeEntries[2].Entry.Get("optional").Pos), (at{"formats/computed.ts", 8, 53}); got != want {
		t.Errorf("scopes[2].optional pos = %v, want %v (the same .map() literal)", got, want)
	}
}

func TestLoadMissingTrackunitPackages(t *testing.T) {
	m, err := Load(filepath.Join(loadDir(t), "formats/enum.ts"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	def := m.Value.Get("customFieldDefinitions").Elems[0]
	if got := def.Get("scopeType"); got.Kind != KindString || got.String != "ACCOUNT_WRITE_GLOBAL_READ" {
		t.Errorf("ScopeType.ACCOUNT_WRITE_GLOBAL_READ = %s, want its member name", got.Describe())
	}
	if got := m.Value.Get("translated"); got.String != "ELSE" {
		t.Errorf("sdk.Something.ELSE = %s, want \"ELSE\"", got.Describe())
	}
	if m.Scopes == nil || m.Scopes.Kind != KindArray || len(m.ScopeEntries) != 0 {
		t.Errorf("scopes = %s with %d entries, want an empty array", m.Scopes.Describe(), len(m.ScopeEntries))
	}
}

func TestLoadProblems(t *testing.T) {
	type problem struct {
		Kind, Message string
		At            at
	}
	tests := []struct {
		file string
		want []problem
	}{
		{"problems/syntax.ts", []problem{{ProblemSyntax, `expected "}" but found "optional"`, at{"problems/syntax.ts", 3, 18}}}},
		{"problems/unresolved.ts", []problem{
			{ProblemResolve, `cannot resolve import "@acme/missing"`, at{"problems/unresolved.ts", 1, 15}},
			{ProblemResolve, `cannot resolve import "./nothere"`, at{"problems/unresolved.ts", 2, 15}},
		}},
		{"problems/builtin.ts", []problem{{ProblemForbid, `import of Node built-in module "fs" refused: a manifest is evaluated without access to the host`, at{"problems/builtin.ts", 1, 16}}}},
		{"problems/node-prefix.ts", []problem{{ProblemForbid, `import of Node built-in module "node:child_process" refused: a manifest is evaluated without access to the host`, at{"problems/node-prefix.ts", 1, 23}}}},
		{"problems/throws.ts", []problem{{ProblemEval, `the manifest threw: Error: boom at 4`, at{"problems/throws.ts", 2, 20}}}},
		{"problems/throw-string.ts", []problem{{ProblemEval, `the manifest threw: plain string`, at{"problems/throw-string.ts", 1, 1}}}},
		{"problems/getter.ts", []problem{{ProblemEval, `the manifest threw: Error: getter failed`, at{"problems/getter.ts", 3, 11}}}},
		{"problems/loop.ts", []problem{{ProblemTimeout, `evaluation did not finish within its time budget of 200ms: it was stopped on this line`, at{"problems/loop.ts", 2, 10}}}},
		{"problems/recursion.ts", []problem{{ProblemStack, `evaluation recursed deeper than 1024 calls`, at{"problems/recursion.ts", 2, 10}}}},
		{"problems/function.ts", []problem{{ProblemExport, `the manifest's default export is a function, not an object: export the manifest object itself`, at{"problems/function.ts", 1, 1}}}},
		{"problems/promise.ts", []problem{{ProblemExport, `the manifest's default export is a Promise, not an object: the manifest must be built synchronously`, at{"problems/promise.ts", 1, 1}}}},
		{"problems/no-default.ts", []problem{{ProblemExport, "the manifest has no default export: end it with `export default irisAppManifest;`", at{"problems/no-default.ts", 1, 1}}}},
		{"problems/string.ts", []problem{{ProblemExport, `the manifest's default export is a string, not an object`, at{"problems/string.ts", 1, 1}}}},
		{"problems/missing.ts", []problem{{ProblemRead, `cannot read the manifest: no such file or directory`, at{"problems/missing.ts", 1, 1}}}},
		{"problems", []problem{{ProblemRead, `cannot read the manifest: is a directory, not a manifest file`, at{"problems", 1, 1}}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			// only the loop needs its budget to run out, and soon; the
			// others get the default, so that a slow machine (the race
			// detector, CI under load) does not turn a deep recursion
			// into a timeout
			budget := DefaultTimeout
			if tt.file == "problems/loop.ts" {
				budget = 200 * time.Millisecond
			}
			_, err := Load(filepath.Join(loadDir(t), tt.file), Options{Timeout: budget})
			le, ok := err.(*LoadError)
			if !ok {
				t.Fatalf("Load error = %v (%T), want a *LoadError", err, err)
			}
			var got []problem
			for _, p := range le.Problems {
				got = append(got, problem{p.Kind, p.Message, rel(t, p.Pos)})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWorkspaceRoot(t *testing.T) {
	dir := loadDir(t)
	if got := WorkspaceRoot(filepath.Join(dir, "formats", "esm.ts")); got != dir {
		t.Errorf("WorkspaceRoot = %s, want %s (the folder with nx.json)", got, dir)
	}
}

func TestLoadSource(t *testing.T) {
	dir := loadDir(t)
	// an unsaved buffer for a file that does not exist yet; imports resolve
	// from its folder
	src := []byte("import m from './esm';\n\nexport default {\n  scopes: [{ scope: 'asset.veiw', optional: false }, ...m.scopes],\n};\n")
	m, err := Load(filepath.Join(dir, "formats", "unsaved.ts"), Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	var got []scopeAt
	for _, e := range m.ScopeEntries {
		got = append(got, scopeAt{e.Name, e.Optional, rel(t, e.Pos)})
	}
	want := []scopeAt{
		{"asset.veiw", false, at{"formats/unsaved.ts", 4, 21}},
		{"asset.view", false, at{"formats/esm.ts", 4, 21}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scopes (-want +got):\n%s", diff)
	}
}

// TestDefaultExportNotObject: a default export that is not an object is
// named by its JavaScript type, not by the Go type goja exports it as.
func TestDefaultExportNotObject(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "nx.json"), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "iris-app-manifest.ts")
	for src, what := range map[string]string{
		"export default 42;":          "a number",
		"export default 1.5;":         "a number",
		"export default 'x';":         "a string",
		"export default true;":        "a boolean",
		"export default Symbol('x');": "a symbol",
		"export default 10n;":         "a bigint",
		"export default null;":        "null",
	} {
		_, err := Load(path, Options{Source: []byte(src)})
		want := "the manifest's default export is " + what + ", not an object"
		var le *LoadError
		if !errors.As(err, &le) || len(le.Problems) != 1 || le.Problems[0].Kind != ProblemExport || le.Problems[0].Message != want {
			t.Errorf("%s: got %v, want one export problem %q", src, err, want)
		}
	}
}

// TestNestedPromise: a Promise inside the manifest is exported as one, not
// as an empty object (goja's ClassName calls promises "Object").
func TestNestedPromise(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "nx.json"), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := Load(filepath.Join(root, "iris-app-manifest.ts"), Options{Source: []byte("export default { scopes: Promise.resolve([]) };\n")})
	if err != nil {
		t.Fatal(err)
	}
	if m.Scopes == nil || m.Scopes.Kind != KindOther || m.Scopes.Detail != "promise" {
		t.Errorf("scopes = %+v, want a promise", m.Scopes)
	}
}

// An installed @trackunit package is bundled as it is; one installed but
// broken (esbuild cannot resolve it) is stood in for, as a missing one.
func TestLoadInstalledTrackunitPackages(t *testing.T) {
	manifest := "import { ScopeType } from '@trackunit/iris-app-api';\n" +
		"export default { scopes: [], scopeType: ScopeType.ACCOUNT };\n"
	for _, tt := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"installed", map[string]string{
			"node_modules/@trackunit/iris-app-api/package.json": `{"name": "@trackunit/iris-app-api", "main": "main.js"}`,
			"node_modules/@trackunit/iris-app-api/main.js":      `exports.ScopeType = { ACCOUNT: "from the package" };`,
		}, "from the package"},
		{"broken", map[string]string{
			"node_modules/@trackunit/iris-app-api/package.json": `{"name": "@trackunit/iris-app-api", "main": "missing.js"}`,
		}, "ACCOUNT"},
		{"empty folder", map[string]string{
			"node_modules/@trackunit/iris-app-api/README.md": "nothing to import",
		}, "ACCOUNT"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.files["nx.json"] = "{}"
			tt.files["apps/a/iris-app-manifest.ts"] = manifest
			for name, text := range tt.files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			m, err := Load(filepath.Join(dir, "apps/a/iris-app-manifest.ts"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Value.Get("scopeType"); got == nil || got.String != tt.want {
				t.Errorf("ScopeType.ACCOUNT = %s, want %q", got.Describe(), tt.want)
			}
		})
	}
}
