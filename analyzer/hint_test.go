package analyzer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// baseTsconfig is an Nx workspace's tsconfig.base.json, comments and
// trailing commas included, with the only "paths" of the workspace.
const baseTsconfig = `{
  // shared settings
  "compilerOptions": {
    "baseUrl": ".",
    /* one alias per lib */
    "paths": {
      "@ws/lib": ["libs/lib/src/index.ts"],
      "@ws/ext/*": ["libs/ext/*/index.ts"], // a wildcard
    },
  },
}
`

const hintManifest = `import { scopes } from "@ws/lib";
export default { scopes };
`

// hintWorkspace lays out an Nx workspace with the lib the alias names and
// the manifest apps/a/iris-app-manifest.ts importing spec; extra adds or
// replaces files.
func hintWorkspace(t *testing.T, extra map[string]string) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"nx.json":                      "{}\n",
		"tsconfig.base.json":           baseTsconfig,
		"libs/lib/src/index.ts":        "export const scopes = [{ scope: 'asset.view', optional: false }];\n",
		"libs/ext/fleet/index.ts":      "export const scopes = [{ scope: 'asset.view', optional: true }];\n",
		"apps/a/iris-app-manifest.ts":  hintManifest,
		"apps/a/assets/placeholder.md": "",
	}
	for k, v := range extra {
		files[k] = v
	}
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// loadMessage loads apps/a's manifest and returns its one problem's
// message, or "" when it loads.
func loadMessage(t *testing.T, root string) string {
	t.Helper()
	_, err := Load(filepath.Join(root, "apps", "a", "iris-app-manifest.ts"), Options{})
	if err == nil {
		return ""
	}
	var le *LoadError
	if !errors.As(err, &le) || len(le.Problems) != 1 || le.Problems[0].Kind != ProblemResolve {
		t.Fatalf("Load: %v, want one unresolved-import problem", err)
	}
	return le.Problems[0].Message
}

func TestAliasHint(t *testing.T) {
	tests := []struct {
		name  string
		extra map[string]string
		want  string
	}{
		{"no tsconfig.json for the app", nil,
			`cannot resolve import "@ws/lib": tsconfig.base.json defines "@ws/lib" in compilerOptions.paths, but no tsconfig.json applies to apps/a: ` +
				`add apps/a/tsconfig.json with "extends": "../../tsconfig.base.json"`},
		{"a wildcard alias", map[string]string{"apps/a/iris-app-manifest.ts": `import { scopes } from "@ws/ext/fleet";` + "\nexport default { scopes };\n"},
			`cannot resolve import "@ws/ext/fleet": tsconfig.base.json defines "@ws/ext/fleet" (as "@ws/ext/*") in compilerOptions.paths, but no tsconfig.json applies to apps/a: ` +
				`add apps/a/tsconfig.json with "extends": "../../tsconfig.base.json"`},
		{"a tsconfig.json that does not extend the base", map[string]string{"apps/a/tsconfig.json": `{"compilerOptions": {"strict": true}}`},
			`cannot resolve import "@ws/lib": tsconfig.base.json defines "@ws/lib" in compilerOptions.paths, but apps/a/tsconfig.json does not extend it: ` +
				`add "extends": "../../tsconfig.base.json" to it`},
		{"paths of its own replace the base's", map[string]string{"apps/a/tsconfig.json": `{"extends": "../../tsconfig.base.json", "compilerOptions": {"paths": {"@mine/*": ["src/*"]}}}`},
			`cannot resolve import "@ws/lib": tsconfig.base.json defines "@ws/lib" in compilerOptions.paths, but the "paths" of apps/a/tsconfig.json replace it: add the alias there`},
		{"an alias only a lib's tsconfig defines", map[string]string{
			"tsconfig.base.json":            `{"compilerOptions": {}}`,
			"libs/lib/tsconfig.lib.json":    `{"compilerOptions": {"baseUrl": "../..", "paths": {"@ws/lib": ["libs/lib/src/index.ts"]}}}`,
			"apps/a/tsconfig.json":          `{"extends": "../../tsconfig.base.json"}`,
			"apps/a/assets/placeholder.md":  "",
			"node_modules/x/tsconfig.json":  `{"compilerOptions": {"paths": {"@ws/lib": ["x"]}}}`,
			".cache/tsconfig.json":          `{"compilerOptions": {"paths": {"@ws/lib": ["x"]}}}`,
			"apps/a/iris-app-manifest.ts":   hintManifest,
			"libs/ext/fleet/tsconfig.json":  "not JSON at all",
			"libs/lib/src/tsconfig.x.json":  `{"compilerOptions": {"paths": {"@ws/lib": ["deeper, found later"]}}}`,
			"apps/a/src/tsconfig.spec.json": "{}",
		},
			`cannot resolve import "@ws/lib": libs/lib/tsconfig.lib.json defines "@ws/lib" in compilerOptions.paths, but apps/a/tsconfig.json does not extend it: ` +
				`add "extends": "../../libs/lib/tsconfig.lib.json" to it`},
		{"no tsconfig defines it, but node_modules and a dot-folder do", map[string]string{
			"tsconfig.base.json":           `{"compilerOptions": {"paths": {"@other/lib": ["x"]}}}`,
			"node_modules/x/tsconfig.json": `{"compilerOptions": {"paths": {"@ws/lib": ["x"]}}}`,
			".cache/tsconfig.json":         `{"compilerOptions": {"paths": {"@ws/lib": ["x"]}}}`,
		}, `cannot resolve import "@ws/lib"`},
		{"the alias is visible, its target is missing", map[string]string{
			"apps/a/tsconfig.json":  `{"extends": "../../tsconfig.base.json"}`,
			"libs/lib/src/index.ts": "",
		}, ""}, // filled in below: whatever esbuild says, no hint
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := hintWorkspace(t, tt.extra)
			if tt.want == "" {
				os.Remove(filepath.Join(root, "libs", "lib", "src", "index.ts"))
				tt.want = `cannot resolve import "@ws/lib"`
			}
			if diff := cmp.Diff(tt.want, loadMessage(t, root)); diff != "" {
				t.Errorf("message (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAliasHintAdviceWorks follows the hint's advice and checks that the
// manifest then loads.
func TestAliasHintAdviceWorks(t *testing.T) {
	root := hintWorkspace(t, nil)
	if msg := loadMessage(t, root); msg == "" {
		t.Fatal("loaded without the app's tsconfig.json")
	}
	if err := os.WriteFile(filepath.Join(root, "apps", "a", "tsconfig.json"), []byte(`{"extends": "../../tsconfig.base.json"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if msg := loadMessage(t, root); msg != "" {
		t.Errorf("with the tsconfig.json the hint asks for: %s", msg)
	}
}

func TestStripJSONC(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`{"a": 1,}`, `{"a": 1}`},
		{"{\"a\": [1, 2,\n],\n}", "{\"a\": [1, 2\n]\n}"},
		{"{// c\n\"a\": \"//not a comment\", /* c, */ \"b\": \"a,}\"}", "{\n\"a\": \"//not a comment\",   \"b\": \"a,}\"}"},
		{`{"a": "x\"// y"}`, `{"a": "x\"// y"}`},
		{`{"a": 1 /* unterminated`, `{"a": 1 `},
	} {
		if got := string(stripJSONC([]byte(tt.in))); got != tt.want {
			t.Errorf("stripJSONC(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestAliasHintStaysInTheWorkspace: a tsconfig that links outside the
// workspace is not read, so no hint quotes from it.
func TestAliasHintStaysInTheWorkspace(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "tsconfig.json")
	if err := os.WriteFile(outside, []byte(`{"compilerOptions": {"paths": {"@ws/secret": ["x"]}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	root := hintWorkspace(t, map[string]string{
		"apps/a/iris-app-manifest.ts": `import { scopes } from "@ws/secret";` + "\nexport default { scopes };\n",
	})
	if err := os.Symlink(outside, filepath.Join(root, "tsconfig.outside.json")); err != nil {
		t.Skip(err)
	}
	if got := aliasHint(Problem{Kind: ProblemResolve, Message: `cannot resolve import "@ws/secret"`, Pos: Position{File: filepath.Join(root, "apps", "a", "iris-app-manifest.ts")}}, root); got != "" {
		t.Errorf("hint from a file outside the workspace: %q", got)
	}
	// the same file inside the workspace is read
	if err := os.Remove(filepath.Join(root, "tsconfig.outside.json")); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(outside)
	if err := os.WriteFile(filepath.Join(root, "tsconfig.inside.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := aliasHint(Problem{Kind: ProblemResolve, Message: `cannot resolve import "@ws/secret"`, Pos: Position{File: filepath.Join(root, "apps", "a", "iris-app-manifest.ts")}}, root); !strings.Contains(got, "tsconfig.inside.json defines") {
		t.Errorf("no hint from a file inside the workspace: %q", got)
	}
}
