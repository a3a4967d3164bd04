package analyzer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/irislint/irislint/internal/fsx"
)

// Regression tests for what FuzzLoad found; the inputs are in its seed
// corpus too (fuzz_test.go, testdata/fuzz/FuzzLoad).

// TestLoadTruncatedUTF8 is a file that ends inside a UTF-8 sequence: esbuild
// v0.28 looped forever quoting it into the source map's sourcesContent.
func TestLoadTruncatedUTF8(t *testing.T) {
	root := t.TempDir()
	lib := filepath.Join(root, "libs", "latin1.ts")
	writeFiles(t, map[string]string{
		filepath.Join(root, "nx.json"):                   "{}\n",
		filepath.Join(root, "apps", "x", "package.json"): "{}\n",
		lib: "export const scope = 'asset.view'; // caf\xe9\n",
	})
	path := filepath.Join(root, "apps", "x", "iris-app-manifest.ts")
	for _, src := range []string{
		"//\xe6\xe6",
		"export default {}; //\xe6\n",
		"import { scope } from '../../libs/latin1';\nexport default { scopes: [{ scope, optional: false }] };\n",
	} {
		done := make(chan error, 1)
		go func() {
			_, err := Load(path, Options{Source: []byte(src)})
			done <- err
		}()
		select {
		case err := <-done:
			if le, ok := err.(*LoadError); err != nil && (!ok || le.Problems[0].Kind != ProblemExport) {
				t.Errorf("%q: %v", src, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%q: Load did not return in 10s", src)
		}
	}
}

// TestProblemColumnsCountCodePoints: where a manifest threw is mapped back
// through the source map, whose columns count UTF-16 code units, from goja,
// whose columns count bytes; Position columns count code points, and a BOM
// is no column. Astral characters before a throw put its column past the end
// of the line, which FuzzLoad's position check rejects.
func TestProblemColumnsCountCodePoints(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "nx.json"), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "apps", "x", "iris-app-manifest.ts")
	tests := []struct {
		src       string
		kind      string
		line, col int
	}{
		{"const s = '😀😀😀😀😀😀😀😀😀😀';throw 1\n", ProblemEval, 1, 24},
		{"\ufeffconst s = '😀';throw 1\n", ProblemEval, 1, 15},
		// the failure is on a bundle line with non-ASCII characters before it
		{"const o: any = null; const s = ['😀😀😀😀😀😀😀😀😀😀', o.x];\n", ProblemEval, 1, 49},
		{"const o: any = null; const s = ['ééééééééé', o.x];\n", ProblemEval, 1, 48},
		{"\ufeffconst o: any = null;\r\nconst s = ['😀😀', o.x];\r\n", ProblemEval, 2, 20},
		{"const o: any = null;\u2028const s = ['😀😀', o.x];\n", ProblemEval, 2, 20},
		{"const o: any = null;\rconst s = ['😀😀', '\xff\xfe', o.x];\n", ProblemEval, 2, 26},
		// esbuild's own positions
		{"\ufeffexport default {a: ]};", ProblemSyntax, 1, 20},
		{"\ufeffimport x from './nope'; export default x;", ProblemResolve, 1, 15},
	}
	for _, tt := range tests {
		_, err := Load(path, Options{Source: []byte(tt.src)})
		le, ok := err.(*LoadError)
		if !ok || len(le.Problems) != 1 || le.Problems[0].Kind != tt.kind {
			t.Errorf("%q: Load error %v, want one %s problem", tt.src, err, tt.kind)
			continue
		}
		if p := le.Problems[0].Pos; p.File != path || p.Line != tt.line || p.Column != tt.col {
			t.Errorf("%q: problem at %d:%d, want %d:%d", tt.src, p.Line, p.Column, tt.line, tt.col)
		}
	}
}

// TestLoadDisarmsSourceMapComments: esbuild follows a `//# sourceMappingURL=`
// comment in any file it bundles, reading the file it names wherever it is,
// and takes positions from that map: FuzzLoad's position check caught one
// naming a file outside the workspace. Load disarms such comments, in the
// manifest from memory or disk and in the files it imports.
func TestLoadDisarmsSourceMapComments(t *testing.T) {
	outside := t.TempDir()
	outMap := filepath.Join(outside, "outside.map")
	root := t.TempDir()
	files := map[string]string{
		outMap:                         `{"version":3,"sources":["/etc/hostname"],"names":[],"mappings":"AAAA;AACA;AACA"}`,
		filepath.Join(root, "nx.json"): "{}\n",
		filepath.Join(root, "apps", "x", "package.json"): "{}\n",
		filepath.Join(root, "libs", "lib.ts"):            "export const a = 1;\nexport const b = [a].map(() => { throw new Error('lib'); });\n//# sourceMappingURL=" + outMap + "\n",
		filepath.Join(root, "libs", "plain.ts"):          "export const c = 1;\n/*@ sourceMappingURL=file://" + outMap + " */\n",
	}
	writeFiles(t, files)
	path := filepath.Join(root, "apps", "x", "iris-app-manifest.ts")
	for _, src := range []string{
		"const a = 1;\nthrow a;\n//# sourceMappingURL=" + outMap + "\n",
		"const a = 1;\nthrow a;\n//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozLCJzb3VyY2VzIjpbIi9ldGMvaG9zdG5hbWUiXSwibmFtZXMiOltdLCJtYXBwaW5ncyI6IkFBQUE7QUFDQSJ9\n",
		"import { b } from '../../libs/lib';\nexport default { b };\n",
		"import { c } from '../../libs/plain';\nexport default { c };\nthrow c;\n",
	} {
		_, err := Load(path, Options{Source: []byte(src)})
		le, ok := err.(*LoadError)
		if !ok || len(le.Problems) != 1 {
			t.Errorf("%q: Load error %v, want one problem", src, err)
			continue
		}
		if p := le.Problems[0].Pos; !fsx.Within(root, p.File) {
			t.Errorf("%q: problem at %s, outside the workspace", src, p.File)
		}
	}
}

// TestProblemMessageOneLine: goja's message for a regular expression it
// refuses quoted its translation of `.`, line terminators and all, so the
// problem's message, one line by contract, spanned three (FuzzCheck found
// it).
func TestProblemMessageOneLine(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "nx.json"), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "apps", "x", "iris-app-manifest.ts")
	_, err := Load(path, Options{Source: []byte("/000000000000.**0/%0")})
	le, ok := err.(*LoadError)
	if !ok || len(le.Problems) != 1 || le.Problems[0].Kind != ProblemSyntax {
		t.Fatalf("Load error %v, want one syntax problem", err)
	}
	if msg := le.Problems[0].Message; strings.ContainsAny(msg, "\r\n\u2028\u2029") || !strings.Contains(msg, `[^\r\n\u2028\u2029]`) {
		t.Errorf("message %q: want one line, with the line breaks escaped", msg)
	}
}

// writeFiles writes each file (absolute path to content), making folders.
func writeFiles(t *testing.T, files map[string]string) {
	t.Helper()
	for p, content := range files {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLoadInvalidUTF8Verbatim: esbuild copies legal comments and String.raw
// templates byte for byte, so a Latin-1 byte there reached goja, which
// refused the whole bundle ("Invalid UTF-8 character") for a manifest Node
// runs. It is evaluated, the byte read as U+FFFD.
func TestLoadInvalidUTF8Verbatim(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, map[string]string{filepath.Join(root, "nx.json"): "{}\n"})
	path := filepath.Join(root, "apps", "x", "iris-app-manifest.ts")
	for _, src := range []string{
		"/*! Copyright \xa9 Acme */\nexport default { scopes: [{ scope: 'asset.view', optional: false }] };\n",
		"const note = String.raw`caf\xe9`;\nexport default { scopes: [{ scope: 'asset.view', optional: false }], note };\n",
	} {
		m, err := Load(path, Options{Source: []byte(src)})
		if err != nil {
			t.Errorf("%q: %v", src, err)
			continue
		}
		if e := m.ScopeEntries; len(e) != 1 || e[0].Name != "asset.view" || e[0].Entry.Get("scope").Pos.Line != 2 {
			t.Errorf("%q: scope entries %+v, want asset.view at line 2", src, e)
		}
	}
}
