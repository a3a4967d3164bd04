package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// rootURI matches the machine-dependent file URI of the repository root in
// a SARIF log, which the golden file holds as file:///REPO/.
var rootURI = regexp.MustCompile(`("%SRCROOT%": \{\s*"uri": )"file://[^"]*"`)

func normalizeSARIF(s string) string {
	return rootURI.ReplaceAllString(s, `$1"file:///REPO/"`)
}

func TestLintSARIFAndGitHubGolden(t *testing.T) {
	ws := testdataDir(t, "workspace")
	// The repository root, whether or not this is a git checkout: paths
	// in the golden files are relative to it.
	repo := map[string]string{"GITHUB_WORKSPACE": filepath.Dir(testdataDir(t))}
	for _, tt := range []struct {
		name string
		args []string
		norm func(string) string
	}{
		{"lint-workspace.sarif", []string{"lint", "--format", "sarif"}, normalizeSARIF},
		{"lint-workspace.github.txt", []string{"lint", "--format", "github"}, func(s string) string { return s }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, ws, repo, tt.args...)
			if code != exitProblems || stderr != "" {
				t.Errorf("exit %d, stderr %q; want 1 and nothing", code, stderr)
			}
			golden(t, tt.name, tt.norm(stdout))
		})
	}
}

// TestGitHubPointsAtTheLine checks that each annotation names the file (from
// the repository root, where GitHub resolves it) and a line and columns
// that hold the offending literal.
func TestGitHubPointsAtTheLine(t *testing.T) {
	ws := testdataDir(t, "workspace")
	root := t.TempDir()
	// A checkout whose root is not the working directory: irislint runs in
	// a sub-folder of $GITHUB_WORKSPACE.
	sub := filepath.Join(root, "frontend")
	if err := os.CopyFS(sub, os.DirFS(ws)); err != nil {
		t.Fatal(err)
	}
	_, stdout, _ := runCLI(t, sub, map[string]string{"GITHUB_WORKSPACE": root}, "lint", "-f", "github")
	line := regexp.MustCompile(`^::error file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=unknown-scope::unknown scope "asset.veiw"`)
	var found bool
	for _, l := range strings.Split(stdout, "\n") {
		m := line.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		found = true
		if m[1] != "frontend/apps/service-planner/iris-app-manifest.ts" {
			t.Errorf("file=%s, want the path from the repository root", m[1])
		}
		var ln, col, endCol int
		fmt.Sscan(m[2], &ln)
		fmt.Sscan(m[3], &col)
		fmt.Sscan(m[5], &endCol)
		src, err := os.ReadFile(filepath.Join(root, m[1]))
		if err != nil {
			t.Fatal(err)
		}
		text := []rune(strings.Split(string(src), "\n")[ln-1])
		if got := string(text[col-1 : endCol-1]); got != "'asset.veiw'" {
			t.Errorf("line %d columns %d-%d hold %q, want the literal 'asset.veiw'", ln, col, endCol, got)
		}
	}
	if !found {
		t.Fatalf("no unknown-scope annotation for asset.veiw in:\n%s", stdout)
	}
}

// sarifMultitool finds Microsoft's SARIF validator: $IRISLINT_SARIF_MULTITOOL,
// else the copy scripts/ci-deps.sh installs under .cache/npm, else
// sarif-multitool on PATH. It returns the native executable, not npm's
// shell wrapper, which splits arguments at ';'.
func sarifMultitool(t *testing.T) string {
	t.Helper()
	const native = "node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
	candidates := []string{os.Getenv("IRISLINT_SARIF_MULTITOOL")}
	if root, err := filepath.Abs(filepath.Join("..", "..")); err == nil {
		candidates = append(candidates, filepath.Join(root, ".cache", "npm", filepath.FromSlash(native)))
	}
	if p, err := exec.LookPath("sarif-multitool"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			// .../node_modules/@microsoft/sarif-multitool/bin.js
			candidates = append(candidates, filepath.Join(filepath.Dir(real), "..", "sarif-multitool-linux", "Sarif.Multitool"))
		}
	}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if fi, err := os.Stat(c); err == nil && !fi.IsDir() {
			return c
		}
	}
	missingTool(t, "Microsoft's SARIF validator is not installed: run scripts/ci-deps.sh (npm @microsoft/sarif-multitool into .cache/npm) or set IRISLINT_SARIF_MULTITOOL")
	return ""
}

// TestSARIFValidates runs Microsoft's SARIF validator, with GitHub's
// ingestion rules, over the SARIF irislint writes for the example workspace
// and for manifests that do not load: it must find no error and no warning.
func TestSARIFValidates(t *testing.T) {
	tool := sarifMultitool(t)
	dir := t.TempDir()
	formats, err := filepath.Glob(testdataDir(t, "load", "formats", "*"))
	if err != nil || len(formats) == 0 {
		t.Fatalf("no format fixtures: %v", err)
	}
	logs := map[string][]string{
		"workspace.sarif":     {testdataDir(t, "workspace")},
		"load-problems.sarif": append([]string{testdataDir(t, "load")}, loadProblemFiles(t)...),
		"formats.sarif":       append([]string{testdataDir(t, "load")}, formats...),
	}
	results := 0
	for name, where := range logs {
		args := append([]string{"lint", "--as-manifest", "--timeout", "300ms", "-f", "sarif"}, where[1:]...)
		_, stdout, stderr := runCLI(t, where[0], nil, args...)
		if stderr != "" {
			t.Fatalf("%s: stderr %q", name, stderr)
		}
		var log struct {
			Runs []struct {
				Results []struct{ Level string }
			}
		}
		if err := json.Unmarshal([]byte(stdout), &log); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, r := range log.Runs[0].Results {
			// The validator skips a log it cannot deserialize without a
			// word, so check the one enum we write ourselves.
			if r.Level != "error" && r.Level != "warning" && r.Level != "note" {
				t.Errorf("%s: level %q", name, r.Level)
			}
			results++
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "validation.sarif")
	// The files first: the list options take every argument after them.
	cmd := exec.Command(tool, "validate", filepath.Join(dir, "*.sarif"), "--rule-kind", "Sarif;Gh",
		"--level", "Error;Warning;Note", "--output", out)
	cmd.Env = append(os.Environ(), "DOTNET_CLI_TELEMETRY_OPTOUT=1", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1")
	console, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sarif-multitool validate: %v\n%s", err, console)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no validation log: %v\n%s", err, console)
	}
	var v struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Level   string `json:"level"`
				Message struct {
					Text      string   `json:"text"`
					Arguments []string `json:"arguments"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	notes := 0
	for _, r := range v.Runs[0].Results {
		where := ""
		if len(r.Locations) > 0 {
			where = filepath.Base(r.Locations[0].PhysicalLocation.ArtifactLocation.URI)
		}
		switch r.Level {
		case "error", "warning", "": // SARIF's default level is warning
			t.Errorf("%s: %s %s %v", where, r.Level, r.RuleID, r.Message.Arguments)
		default:
			notes++
		}
	}
	// The validator notes that each region could carry a snippet
	// (SARIF2010): seeing those proves it read every result.
	if notes < results {
		t.Errorf("the validator made %d notes for %d results: did it read the logs?\n%s", notes, results, console)
	}
	if !bytes.Contains(console, []byte(fmt.Sprintf("%d files scanned", len(logs)))) {
		t.Errorf("validator output:\n%s", console)
	}
}

// TestLintJobsStable lints a workspace of many apps, some of which cannot
// load, with one worker and with eight, several times: the output must be
// the same byte for byte, in every format, and every app must be reported.
func TestLintJobsStable(t *testing.T) {
	ws := manyApps(t, 24)
	for _, format := range []string{"text", "json", "sarif", "github"} {
		var first string
		for i, jobs := range []string{"1", "8", "8", "3", "1", "8"} {
			code, stdout, stderr := runCLI(t, ws, nil, "lint", "--timeout", "2s", "-f", format, "-j", jobs)
			if code != exitProblems || stderr != "" {
				t.Fatalf("%s -j %s: exit %d, stderr %q", format, jobs, code, stderr)
			}
			if i == 0 {
				first = stdout
				continue
			}
			if diff := cmp.Diff(first, stdout); diff != "" {
				t.Fatalf("%s: -j %s differs from -j 1 (-first +now):\n%s", format, jobs, diff)
			}
		}
		if format == "text" {
			for _, want := range []string{
				"apps/app-03/iris-app-manifest.ts:", // syntax error
				"apps/app-07/iris-app-manifest.ts:", // throws
				"apps/app-05/iris-app-manifest.ts:", // unknown scope
				"apps/app-23/iris-app-manifest.ts:", // unknown scope, the last one
				"(24 manifests checked); 5 fixable with --fix --unsafe-fixes\n",
			} {
				if !strings.Contains(first, want) {
					t.Errorf("text output lacks %q:\n%s", want, first)
				}
			}
			if n := strings.Count(first, "[unknown-scope]"); n != 5 {
				t.Errorf("%d unknown-scope diagnostics, want 5 (apps 05, 10, 15, 20, 23):\n%s", n, first)
			}
		}
	}
}

// manyApps writes a workspace of n apps: most lint clean, every fifth and
// the last have an unknown scope, app-03 does not parse and app-07 throws.
func manyApps(t *testing.T, n int) string {
	t.Helper()
	ws := t.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(ws, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("nx.json", "{}\n")
	write("libs/scopes.ts", "export const base = [{ scope: 'asset.view', optional: false }];\n")
	for i := 0; i < n; i++ {
		scope := "account.view"
		if i%5 == 0 && i > 0 || i == n-1 {
			scope = "account.veiw"
		}
		body := fmt.Sprintf("import { base } from '../../libs/scopes';\n\nexport default {\n  moduleFederationName: 'app%02d',\n  scopes: [\n    ...base,\n    { scope: '%s', optional: true },\n  ],\n};\n", i, scope)
		switch i {
		case 3:
			body = "export default {\n  scopes: [\n"
		case 7:
			body = "throw new Error('app 7 is broken');\nexport default {};\n"
		}
		write(fmt.Sprintf("apps/app-%02d/iris-app-manifest.ts", i), body)
	}
	return ws
}

func TestDedupe(t *testing.T) {
	ws := t.TempDir()
	lib := "export const scopes = [{ scope: 'asset.veiw', optional: false }];\n"
	app := "import { scopes } from '../../libs/s';\nexport default { scopes };\n"
	for rel, content := range map[string]string{
		"nx.json": "{}", "libs/s.ts": lib,
		"apps/a/iris-app-manifest.ts": app, "apps/b/iris-app-manifest.ts": app, "apps/c/iris-app-manifest.ts": app,
	} {
		p := filepath.Join(ws, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, stdout, _ := runCLI(t, ws, nil, "lint")
	if n := strings.Count(stdout, "libs/s.ts:1:33: error: unknown scope"); n != 1 || !strings.HasSuffix(stdout, "1 error in 1 file (3 manifests checked); 1 fixable with --fix --unsafe-fixes\n") {
		t.Errorf("a lib's mistake reached from three apps: want it once, got %d:\n%s", n, stdout)
	}
}
