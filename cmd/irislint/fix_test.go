package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// copyWorkspace copies testdata/workspace into a temporary folder.
func copyWorkspace(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "ws")
	if err := os.CopyFS(dst, os.DirFS(testdataDir(t, "workspace"))); err != nil {
		t.Fatal(err)
	}
	return dst
}

// treeOf reads every file under root, by slash path.
func treeOf(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// changedFiles compares a tree with the one before: the files whose
// content differs (none may appear or vanish).
func changedFiles(t *testing.T, before, after map[string]string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for rel, data := range after {
		old, ok := before[rel]
		if !ok {
			t.Errorf("--fix created %s", rel)
		}
		if data != old {
			out[rel] = data
		}
	}
	for rel := range before {
		if _, ok := after[rel]; !ok {
			t.Errorf("--fix removed %s", rel)
		}
	}
	return out
}

// TestLintFixWorkspace fixes a copy of the example workspace, first the
// safe fixes, then the unsafe ones too, and compares the files each step
// changes, and its report of what remains, with golden ones; --diff first
// shows each step without writing. A last --fix changes nothing.
func TestLintFixWorkspace(t *testing.T) {
	ws := copyWorkspace(t)
	start := treeOf(t, ws)
	steps := []struct {
		name       string
		args       []string
		wantStderr []string // lines
	}{
		{"fix-workspace", []string{"--fix"}, []string{"irislint: applied 1 fix to 1 file"}},
		{"fix-workspace-unsafe", []string{"--fix", "--unsafe-fixes"}, []string{
			`irislint: not applied: libs/planner/scopes/src/index.ts:4:12: replace with "account.alert.view" [unknown-scope]: it would add an error ` +
				`(libs/planner/scopes/src/index.ts:4:12: scope "account.alert.view" is declared twice (first at apps/service-planner/iris-app-manifest.ts:46) [duplicate-scope])`,
			"irislint: applied 3 fixes to 1 file",
		}},
	}
	before := start
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			code, diff, stderr := runCLI(t, ws, nil, append([]string{"lint", "--diff"}, step.args...)...)
			if code != exitProblems {
				t.Errorf("--diff: exit %d, want 1 (there are changes); stderr %s", code, stderr)
			}
			golden(t, "lint-"+step.name+".diff", diff)
			if after := treeOf(t, ws); len(changedFiles(t, before, after)) != 0 {
				t.Fatal("--diff wrote files")
			}
			if _, err := exec.LookPath("git"); err == nil {
				// the diff applies, as a patch, to what --fix then writes
				patched := filepath.Join(t.TempDir(), "ws")
				if err := os.CopyFS(patched, os.DirFS(ws)); err != nil {
					t.Fatal(err)
				}
				cmd := exec.Command("git", "apply", "-p1", "-")
				cmd.Dir, cmd.Stdin = patched, strings.NewReader(diff)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("git apply: %v\n%s", err, out)
				}
				defer func() {
					if d := cmp.Diff(treeOf(t, ws), treeOf(t, patched)); d != "" {
						t.Errorf("the diff, applied, differs from what --fix wrote (-fix +diff):\n%s", d)
					}
				}()
			}

			code, stdout, stderr := runCLI(t, ws, nil, append([]string{"lint"}, step.args...)...)
			if code != exitProblems {
				t.Errorf("exit %d, want 1 (errors remain)", code)
			}
			if diff := cmp.Diff(step.wantStderr, strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
			golden(t, "lint-"+step.name+".txt", stdout)
			after := treeOf(t, ws)
			for rel, data := range changedFiles(t, before, after) {
				golden(t, step.name+"/"+rel+".fixed", data)
			}
			before = after
		})
	}
	code, stdout, _ := runCLI(t, ws, nil, "lint", "--fix", "--unsafe-fixes", "--diff")
	if code != exitProblems || stdout != "" {
		t.Errorf("after the fixes, --diff: exit %d, diff:\n%s", code, stdout)
	}
	runCLI(t, ws, nil, "lint", "--fix", "--unsafe-fixes")
	if changed := changedFiles(t, before, treeOf(t, ws)); len(changed) != 0 {
		t.Errorf("a second --fix changed %v", changed)
	}
}

// TestLintFixExitCodes: --fix exits by what remains, --diff by whether
// anything would change; the report formats carry the fixes.
func TestLintFixExitCodes(t *testing.T) {
	manifest := "export default { scopes: [\n  { scope: 'api.iris.app.proxy.fetch', optional: false },\n" +
		"  { scope: 'account.irisx.proxy.store-secret', optional: false },\n], cspHeader: { 'connect-src': ['https://a.example'] } };\n"
	ws := writeFixWorkspace(t, manifest)

	code, stdout, stderr := runCLI(t, ws, nil, "lint", "-f", "json")
	if code != exitProblems || !strings.Contains(stdout, `"fixes": [`) || !strings.Contains(stdout, `"newText": "account.iris.app.store-secret"`) {
		t.Errorf("json: exit %d, stderr %q:\n%s", code, stderr, stdout)
	}
	code, stdout, stderr = runCLI(t, ws, nil, "lint", "--fix", "--diff", "-o", filepath.Join(ws, "fix.diff"))
	if code != exitProblems || stdout != "" || !strings.Contains(stderr, "1 fix would change 1 file; no problem would remain") {
		t.Errorf("--diff -o: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if data, err := os.ReadFile(filepath.Join(ws, "fix.diff")); err != nil || !strings.Contains(string(data), "+  { scope: 'account.iris.app.store-secret'") {
		t.Errorf("fix.diff: %v\n%s", err, data)
	}
	code, stdout, stderr = runCLI(t, ws, nil, "lint", "--fix")
	if code != exitOK || stdout != "no problems in 1 manifest\n" || stderr != "irislint: applied 1 fix to 1 file\n" {
		t.Errorf("--fix: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, ws, nil, "lint", "--fix", "--diff")
	if code != exitOK || stdout != "" || stderr != "irislint: 0 fixes would change 0 files; no problem would remain\n" {
		t.Errorf("--diff with nothing to fix: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func writeFixWorkspace(t *testing.T, manifest string) string {
	t.Helper()
	ws := t.TempDir()
	for rel, content := range map[string]string{"nx.json": "{}\n", "iris-app-manifest.ts": manifest} {
		if err := os.WriteFile(filepath.Join(ws, rel), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return ws
}

// TestLintFixStdin: an editor's buffer gets its fixes as a diff; the file
// on disk is not touched, and --fix without --diff is refused.
func TestLintFixStdin(t *testing.T) {
	ws := writeFixWorkspace(t, "export default {};\n")
	buffer := "export default { scopes: [{ scope: 'asset.veiw', optional: false }] };\n"
	code, stdout, _ := runCLIStdin(t, ws, buffer, "lint", "--stdin-filename", "iris-app-manifest.ts", "--fix", "--unsafe-fixes", "--diff")
	want := "--- a/iris-app-manifest.ts\n+++ b/iris-app-manifest.ts\n@@ -1 +1 @@\n" +
		"-export default { scopes: [{ scope: 'asset.veiw', optional: false }] };\n" +
		"+export default { scopes: [{ scope: 'asset.view', optional: false }] };\n"
	if code != exitProblems || stdout != want {
		t.Errorf("exit %d, diff (-want +got):\n%s", code, cmp.Diff(want, stdout))
	}
	if data, _ := os.ReadFile(filepath.Join(ws, "iris-app-manifest.ts")); string(data) != "export default {};\n" {
		t.Errorf("the file on disk changed: %q", data)
	}
}

func TestLintFixUsageErrors(t *testing.T) {
	ws := writeFixWorkspace(t, "export default {};\n")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--unsafe-fixes"}, "irislint: lint: --unsafe-fixes applies fixes only with --fix\n"},
		{[]string{"--diff"}, "irislint: lint: --diff shows what --fix would change: use --fix --diff\n"},
		{[]string{"--fix", "--diff", "-f", "json"}, "irislint: lint: --diff prints a diff, not a report: --format json cannot be used with it\n"},
		{[]string{"--fix", "--stdin-filename", "iris-app-manifest.ts"}, "irislint: lint: --fix cannot write standard input back: use --fix --diff with --stdin-filename\n"},
	} {
		code, stdout, stderr := runCLI(t, ws, nil, append([]string{"lint"}, tt.args...)...)
		if code != exitUsage || stdout != "" || stderr != tt.want {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", tt.args, code, stdout, stderr, tt.want)
		}
	}
}
