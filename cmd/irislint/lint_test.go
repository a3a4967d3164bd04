package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLintGolden(t *testing.T) {
	ws := testdataDir(t, "workspace")
	tests := []struct {
		name     string
		workDir  string
		args     []string
		wantCode int
	}{
		{"lint-workspace.txt", ws, []string{"lint"}, exitProblems},
		{"lint-workspace.json", ws, []string{"lint", "--format", "json"}, exitProblems},
		{"lint-good-app.txt", ws, []string{"lint", "apps/fleet-insights"}, exitOK},
		{"lint-good-app.json", ws, []string{"lint", "-f", "json", "apps/fleet-insights/iris-app-manifest.ts"}, exitOK},
		{"lint-commonjs-app.txt", ws, []string{"lint", "apps/legacy-js/iris-app-manifest.js"}, exitOK},
		{"lint-load-problems.txt", testdataDir(t, "load"), append([]string{"lint", "--as-manifest", "--timeout", "300ms"}, loadProblemFiles(t)...), exitProblems},
		// computed.ts declares asset.view twice, on purpose
		{"lint-formats.txt", testdataDir(t, "load"), []string{"lint", "--as-manifest", "formats/esm.ts", "formats/cjs.cts", "formats/plain.js", "formats/module.mjs", "formats/common.cjs", "formats/manifest.json", "formats/enum.ts", "formats/computed.ts"}, exitProblems},
		{"scopes.txt", ws, []string{"scopes"}, exitOK},
		{"rules.txt", ws, []string{"rules"}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.workDir, nil, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d\nstderr: %s", code, tt.wantCode, stderr)
			}
			if stderr != "" {
				t.Errorf("stderr = %q, want nothing", stderr)
			}
			golden(t, tt.name, stdout)
		})
	}
}

// loadProblemFiles lists testdata/load/problems/*.ts relative to testdata/load.
func loadProblemFiles(t *testing.T) []string {
	files, err := filepath.Glob(testdataDir(t, "load", "problems", "*.ts"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no problem fixtures: %v", err)
	}
	for i, f := range files {
		files[i] = filepath.Join("problems", filepath.Base(f))
	}
	return files
}

func TestLintOutputFile(t *testing.T) {
	ws := testdataDir(t, "workspace")
	out := filepath.Join(t.TempDir(), "report.json")
	code, stdout, stderr := runCLI(t, ws, nil, "lint", "-f", "json", "-o", out)
	if code != exitProblems || stdout != "" || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 1 and nothing printed", code, stdout, stderr)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "lint-workspace.json", string(got))
}

func TestLintStrict(t *testing.T) {
	dir := t.TempDir()
	// a tokenCallback with no scopes is only a warning
	manifest := "export default {\n  scopes: [],\n  tokenCallback: { url: 'https://a.example/cb' },\n};\n"
	if err := os.WriteFile(filepath.Join(dir, "iris-app-manifest.ts"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want int
	}{
		{[]string{"lint"}, exitOK},
		{[]string{"lint", "--strict"}, exitProblems},
	} {
		code, stdout, _ := runCLI(t, dir, nil, tt.args...)
		if code != tt.want {
			t.Errorf("%v: exit %d, want %d", tt.args, code, tt.want)
		}
		if !strings.Contains(stdout, "[token-callback-without-scopes]") || !strings.HasSuffix(stdout, "1 warning in 1 file (1 manifest checked)\n") {
			t.Errorf("%v: stdout = %q", tt.args, stdout)
		}
	}
}

func TestLintUsageErrors(t *testing.T) {
	ws := testdataDir(t, "workspace")
	empty := t.TempDir()
	tests := []struct {
		workDir string
		args    []string
		stderr  string
	}{
		{ws, []string{"lint", "apps/nope/iris-app-manifest.ts"}, "irislint: lint: apps/nope/iris-app-manifest.ts: no such file or folder\n"},
		{ws, []string{"lint", "--format", "xml"}, "irislint: lint: unknown --format \"xml\" (want text, json, sarif or github)\n"},
		{ws, []string{"lint", "--color", "sometimes"}, "irislint: lint: unknown --color \"sometimes\" (want auto, always or never)\n"},
		{ws, []string{"lint", "--jobs", "0"}, "irislint: lint: --jobs must be at least 1\n"},
		{ws, []string{"lint", "--timeout", "0s"}, "irislint: lint: --timeout must be positive\n"},
		{ws, []string{"lint", "--memory-limit", "8"}, "irislint: lint: --memory-limit must be between 16 and 16384 MiB, got 8\n"},
		{ws, []string{"gen", "--memory-limit", "0", "apps/fleet-insights/iris-app-manifest.ts"}, "irislint: gen: --memory-limit must be between 16 and 16384 MiB, got 0\n"},
		{ws, []string{"lint", "--bogus"}, "irislint: lint: unknown flag: --bogus\nRun 'irislint lint --help' for usage.\n"},
		{ws, []string{"lint", "-o", filepath.Join(empty, "no", "such", "dir", "r.json")}, ""},
		{empty, []string{"lint"}, "irislint: lint: .: no iris-app-manifest.{ts,mts,cts,js,mjs,cjs,json} found in this folder (node_modules, dist, tmp and dot-folders are skipped)\n"},
		{ws, []string{"frobnicate"}, "irislint: unknown command \"frobnicate\"\nRun 'irislint --help' for the list of commands.\n"},
		{ws, []string{"scopes", "extra"}, "irislint: scopes: takes no arguments\n"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.workDir, nil, tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
			if tt.stderr == "" {
				if !strings.HasPrefix(stderr, "irislint: lint: cannot write the report to ") || strings.Count(stderr, "\n") != 1 {
					t.Errorf("stderr = %q, want one line about the report", stderr)
				}
				return
			}
			if diff := cmp.Diff(tt.stderr, stderr); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, cmd := range []string{"lint", "gen", "scopes", "rules"} {
		code, stdout, stderr := runCLI(t, t.TempDir(), nil, cmd, "--help")
		if code != exitOK || stderr != "" {
			t.Errorf("%s --help: exit %d, stderr %q", cmd, code, stderr)
		}
		if !strings.HasPrefix(stdout, "Usage: irislint "+cmd) || !strings.Contains(stdout, "Examples:") {
			t.Errorf("%s --help: want usage with examples, got:\n%s", cmd, stdout)
		}
	}
	code, stdout, _ := runCLI(t, t.TempDir(), nil, "--help")
	if code != exitOK || !strings.Contains(stdout, "Commands:") || !strings.Contains(stdout, "Exit codes:") {
		t.Errorf("--help: exit %d:\n%s", code, stdout)
	}
	code, _, stderr := runCLI(t, t.TempDir(), nil)
	if code != exitUsage || !strings.Contains(stderr, "Usage:") {
		t.Errorf("no arguments: exit %d, stderr %q", code, stderr)
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, stdout, _ := runCLI(t, t.TempDir(), nil, args...)
		// go test records no module version and no VCS revision
		if code != exitOK || stdout != "irislint devel (scope catalogue 2024-09-06)\n" {
			t.Errorf("%v: exit %d, stdout %q", args, code, stdout)
		}
	}
}

func TestColor(t *testing.T) {
	e := &env{isTTY: true, getenv: func(string) string { return "" }}
	noColor := &env{isTTY: true, getenv: func(k string) string {
		if k == "NO_COLOR" {
			return "1"
		}
		return ""
	}}
	pipe := &env{isTTY: false, getenv: func(string) string { return "" }}
	tests := []struct {
		e      *env
		mode   string
		output string
		want   bool
	}{
		{e, "auto", "", true},
		{e, "auto", "report.txt", false},
		{noColor, "auto", "", false},
		{pipe, "auto", "", false},
		{pipe, "always", "", true},
		{e, "never", "", false},
	}
	for _, tt := range tests {
		if got := useColor(tt.e, tt.mode, tt.output); got != tt.want {
			t.Errorf("useColor(tty=%v, %s, %q) = %v, want %v", tt.e.isTTY, tt.mode, tt.output, got, tt.want)
		}
	}
}
