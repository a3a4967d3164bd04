package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/irislint/irislint/analyzer"
)

// The tests build Manifests the way irislint does, with analyzer.Load, from
// an object-literal snippet written as the default export of
// apps/demo/iris-app-manifest.ts in a fresh workspace, so that positions are
// the real ones and can be read off the snippet itself:
//
//	m := manifest(t, `{
//	  scopes: [
//	    { scope: "asset.veiw", optional: false },
//	  ],
//	}`)
//
// The snippet's first line follows `export default ` (15 columns); tests
// put nothing they check there. Positions in the workspace are reported as
// under testRoot, whatever the temporary folder is.

const (
	testRoot     = "/ws"
	testManifest = "apps/demo/iris-app-manifest.ts"
	testFile     = testRoot + "/" + testManifest
)

// at is a one-line span in the test manifest, endCol exclusive.
func at(line, col, endCol int) analyzer.Position {
	return analyzer.Position{File: testFile, Line: line, Column: col, EndLine: line, EndColumn: endCol}
}

// atFile is a one-line span in another file of the test workspace.
func atFile(rel string, line, col, endCol int) analyzer.Position {
	return analyzer.Position{File: testRoot + "/" + rel, Line: line, Column: col, EndLine: line, EndColumn: endCol}
}

// writeWorkspace writes files (slash-separated paths relative to the
// root) under a fresh folder that holds nx.json, and returns the folder.
func writeWorkspace(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	if _, ok := files["nx.json"]; !ok {
		files = withFile(files, "nx.json", "{}\n")
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

func withFile(files map[string]string, rel, content string) map[string]string {
	out := map[string]string{rel: content}
	for k, v := range files {
		out[k] = v
	}
	return out
}

// manifest loads `export default <src>;` as the test manifest, with the
// other files of the workspace beside it.
func manifest(t *testing.T, src string, files map[string]string) *analyzer.Manifest {
	t.Helper()
	root := writeWorkspace(t, withFile(files, testManifest, "export default "+src+";\n"))
	m, err := analyzer.Load(filepath.Join(root, filepath.FromSlash(testManifest)), analyzer.Options{})
	if err != nil {
		t.Fatalf("the test manifest does not load: %v", err)
	}
	return m
}

// normalize reports positions in m's workspace as under testRoot, so that
// expectations do not depend on the temporary folder.
func normalize(m *analyzer.Manifest, diags []Diagnostic) []Diagnostic {
	prefix := m.Root + string(filepath.Separator)
	rel := func(p *analyzer.Position) {
		if strings.HasPrefix(p.File, prefix) {
			p.File = testRoot + "/" + filepath.ToSlash(strings.TrimPrefix(p.File, prefix))
		}
	}
	for i := range diags {
		rel(&diags[i].Pos)
		for j := range diags[i].Related {
			rel(&diags[i].Related[j].Pos)
		}
	}
	return diags
}
