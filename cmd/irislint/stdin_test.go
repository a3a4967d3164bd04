package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// runCLIStdin is runCLI with stdin as standard input.
func runCLIStdin(t *testing.T, workDir, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{
		stdin:   strings.NewReader(stdin),
		stdout:  &out,
		stderr:  &errb,
		getenv:  func(string) string { return "" },
		workDir: workDir,
	}
	code = run(e, args)
	return code, out.String(), errb.String()
}

func TestStdinFilename(t *testing.T) {
	ws := testdataDir(t, "workspace")
	planner, err := os.ReadFile(filepath.Join(ws, "apps", "service-planner", "iris-app-manifest.ts"))
	if err != nil {
		t.Fatal(err)
	}
	// The editor's buffer fixes the typo on line 41 but not the rest.
	fixed := strings.Replace(string(planner), "'asset.veiw'", "'asset.view'", 1)

	t.Run("unsaved buffer of an existing file", func(t *testing.T) {
		code, stdout, stderr := runCLIStdin(t, ws, fixed, "lint", "--stdin-filename", "apps/service-planner/iris-app-manifest.ts")
		if code != exitProblems || stderr != "" {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
		if strings.Contains(stdout, "asset.veiw") {
			t.Errorf("the buffer's fix is ignored: the file on disk was linted:\n%s", stdout)
		}
		// The lib reached through tsconfig paths still resolves from the
		// file's folder, and the report shows the buffer's lines.
		for _, want := range []string{
			"libs/planner/scopes/src/index.ts:4:12: error: unknown scope \"account.alerts.view\"",
			"apps/service-planner/iris-app-manifest.ts:44:14: error: scope \"account.irisx.proxy.store-secret\" was renamed",
			"5 errors in 2 files (1 manifest checked); 1 fixable with --fix (3 more with --unsafe-fixes)\n", // the manifest and the lib
		} {
			if !strings.Contains(stdout, want) {
				t.Errorf("want %q in:\n%s", want, stdout)
			}
		}
	})

	t.Run("new file, JSON", func(t *testing.T) {
		// Not on disk yet; the tsconfig paths of its folder apply.
		src := "import ext from '@acme/fleet-insights-fleet-extension';\nexport default {\n  extensions: [ext],\n  scopes: [{ scope: 'asset.veiw', optional: false }],\n};\n"
		code, stdout, stderr := runCLIStdin(t, ws, src, "lint", "--as-manifest", "-f", "json", "--stdin-filename", filepath.Join(ws, "apps", "fleet-insights", "draft.iris-app-manifest.ts"))
		if code != exitProblems || stderr != "" {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
		want := `"file": "apps/fleet-insights/draft.iris-app-manifest.ts",
      "line": 4,
      "column": 21,`
		if !strings.Contains(stdout, want) || !strings.Contains(stdout, `"files": 1,`) {
			t.Errorf("want %s in:\n%s", want, stdout)
		}
	})

	t.Run("text shows the buffer's line", func(t *testing.T) {
		src := "export default {\n  scopes: [{ scope: 'asset.veiw', optional: false }],\n};\n"
		dir := t.TempDir()
		// On disk, something else entirely.
		if err := os.WriteFile(filepath.Join(dir, "iris-app-manifest.ts"), []byte("export default {};\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, stdout, _ := runCLIStdin(t, dir, src, "lint", "--stdin-filename", "iris-app-manifest.ts")
		want := "iris-app-manifest.ts:2:21: error: unknown scope \"asset.veiw\"; did you mean \"asset.view\"? [unknown-scope] (fix available with --unsafe-fixes)\n" +
			"  scopes: [{ scope: 'asset.veiw', optional: false }],\n" +
			"                    ^~~~~~~~~~~~\n" +
			"1 error in 1 file (1 manifest checked); 1 fixable with --fix --unsafe-fixes\n"
		if code != exitProblems {
			t.Errorf("exit %d", code)
		}
		if diff := cmp.Diff(want, stdout); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})

	t.Run("syntax error", func(t *testing.T) {
		code, stdout, _ := runCLIStdin(t, ws, "export default {\n  scopes: [\n", "lint", "-f", "github", "--stdin-filename", "apps/fleet-insights/iris-app-manifest.ts")
		if code != exitProblems || !strings.Contains(stdout, "iris-app-manifest.ts,line=3,") || !strings.Contains(stdout, "title=syntax::") {
			t.Errorf("exit %d:\n%s", code, stdout)
		}
	})

	t.Run("empty input", func(t *testing.T) {
		code, stdout, _ := runCLIStdin(t, ws, "", "lint", "--stdin-filename", "apps/fleet-insights/iris-app-manifest.ts")
		if code != exitProblems || !strings.Contains(stdout, "[export]") {
			t.Errorf("an empty buffer is an empty manifest, not the file on disk: exit %d:\n%s", code, stdout)
		}
	})

	t.Run("clean", func(t *testing.T) {
		good, err := os.ReadFile(filepath.Join(ws, "apps", "fleet-insights", "iris-app-manifest.ts"))
		if err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := runCLIStdin(t, ws, string(good), "lint", "--stdin-filename", "apps/fleet-insights/iris-app-manifest.ts")
		if code != exitOK || stdout != "no problems in 1 manifest\n" || stderr != "" {
			t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
		}
	})

	t.Run("with a PATH", func(t *testing.T) {
		code, stdout, stderr := runCLIStdin(t, ws, fixed, "lint", "--stdin-filename", "a.ts", "apps")
		want := "irislint: lint: --stdin-filename lints standard input: give no PATH with it (got 1)\n"
		if code != exitUsage || stdout != "" || stderr != want {
			t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, stdout, stderr, want)
		}
	})
}
