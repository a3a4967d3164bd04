package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// configRepo is a repository (it has .git, where the search for
// .irislint.yaml stops) with two apps and a library.
func configRepo(t *testing.T, extra map[string]string) string {
	t.Helper()
	files := map[string]string{
		".git/HEAD": "ref: refs/heads/main\n",
		"nx.json":   "{}\n",
		"apps/fleet/iris-app-manifest.ts": `import { IrisAppManifest } from '@trackunit/iris-app-api';

const irisAppManifest: IrisAppManifest = {
  scopes: [
    { scope: 'asset.view', optional: false },
    { scope: 'account.delete', optional: false },
    { scope: 'acme.fleet.view', optional: true },
  ],
};

export default irisAppManifest;
`,
		"apps/legacy/iris-app-manifest.ts": `export default {
  scopes: [{ scope: 'asset.veiw', optional: false }],
};
`,
	}
	for k, v := range extra {
		files[k] = v
	}
	return genWorkspace(t, files)
}

const (
	fleetDelete = "apps/fleet/iris-app-manifest.ts:6:14: warning: scope \"account.delete\" (can delete account) is required: declare it optional: true so that the installing user can refuse it [sensitive-scope]\n" +
		"    { scope: 'account.delete', optional: false },\n" +
		"             ^~~~~~~~~~~~~~~~\n"
	fleetAcme = "apps/fleet/iris-app-manifest.ts:7:14: error: unknown scope \"acme.fleet.view\": \"acme\" is not a namespace of the catalogue; declare a private scope under extraScopes in .irislint.yaml [unknown-scope]\n" +
		"    { scope: 'acme.fleet.view', optional: true },\n" +
		"             ^~~~~~~~~~~~~~~~~\n"
	legacyVeiw = "apps/legacy/iris-app-manifest.ts:2:21: error: unknown scope \"asset.veiw\"; did you mean \"asset.view\"? [unknown-scope] (fix available with --unsafe-fixes)\n" +
		"  scopes: [{ scope: 'asset.veiw', optional: false }],\n" +
		"                    ^~~~~~~~~~~~\n"
)

func TestLintConfig(t *testing.T) {
	tests := []struct {
		name   string
		files  map[string]string
		args   []string
		code   int
		stdout string
	}{
		{"no configuration", nil, nil, exitProblems,
			fleetDelete + fleetAcme + legacyVeiw + "2 errors, 1 warning in 2 files (2 manifests checked); 1 fixable with --fix --unsafe-fixes\n"},
		{"severities, extra scopes, ignore", map[string]string{".irislint.yaml": `rules:
  sensitive-scope: error
extraScopes:
  - name: acme.fleet.view
    description: ACME's own fleet API
ignore:
  - apps/legacy
`}, nil, exitProblems, strings.Replace(fleetDelete, "warning:", "error:", 1) + "1 error in 1 file (1 manifest checked)\n"},
		{"the nearest file wins, whole", map[string]string{
			".irislint.yaml":            "rules:\n  unknown-scope: \"off\"\n",
			"apps/fleet/.irislint.yaml": "sensitiveScopes: []\n",
		}, nil, exitProblems, fleetAcme + "1 error in 1 file (2 manifests checked)\n"},
		{"ignore applies to files named on the command line", map[string]string{
			".irislint.yaml": "ignore: ['**/legacy/*.ts']\n",
		}, []string{"apps/legacy/iris-app-manifest.ts"}, exitOK, "no problems in 0 manifests\n"},
		{"--config replaces the search", map[string]string{
			".irislint.yaml": "rules:\n  unknown-scope: \"off\"\n",
			"ci/strict.yaml": "rules:\n  sensitive-scope: \"off\"\n",
		}, []string{"--config", "ci/strict.yaml"}, exitProblems, fleetAcme + legacyVeiw + "2 errors in 2 files (2 manifests checked); 1 fixable with --fix --unsafe-fixes\n"},
		{"--scopes markdown, keeping the history", map[string]string{
			"tokens.md": "Copied from the docs page.\n\n| Scope | Description |\n|---|---|\n" +
				"| `asset.view` | Can view assets |\n| `account.delete` | Can delete the account |\n| `acme.fleet.view` | Fleet |\n",
			"apps/old/iris-app-manifest.ts": "export default { scopes: [{ scope: 'account.irisx.proxy.store-secret', optional: true }] };\n",
			"empty.yaml":                    "",
		}, []string{"--scopes", "tokens.md", "--config", "empty.yaml"}, exitProblems,
			"apps/fleet/iris-app-manifest.ts:6:14: warning: scope \"account.delete\" (can delete the account) is required: " +
				"declare it optional: true so that the installing user can refuse it [sensitive-scope]\n" +
				"    { scope: 'account.delete', optional: false },\n" +
				"             ^~~~~~~~~~~~~~~~\n" + legacyVeiw +
				"apps/old/iris-app-manifest.ts:1:36: error: scope \"account.irisx.proxy.store-secret\" was renamed to \"account.iris.app.store-secret\" (2024-07-26); " +
				"the platform no longer grants the old name [renamed-scope]\n" + // the table lacks the new name: no fix
				"export default { scopes: [{ scope: 'account.irisx.proxy.store-secret', optional: true }] };\n" +
				"                                   ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n" +
				"2 errors, 1 warning in 3 files (3 manifests checked); 1 fixable with --fix --unsafe-fixes\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := configRepo(t, tt.files)
			code, stdout, stderr := runCLI(t, root, nil, append([]string{"lint", "--color", "never"}, tt.args...)...)
			if code != tt.code || stderr != "" {
				t.Errorf("exit %d, want %d; stderr %q", code, tt.code, stderr)
			}
			if diff := cmp.Diff(tt.stdout, stdout); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLintConfigErrors(t *testing.T) {
	tests := []struct {
		name   string
		files  map[string]string
		args   []string
		stderr string
	}{
		{"unknown rule", map[string]string{".irislint.yaml": "rules:\n  sensitve-scope: error\n"}, nil,
			`irislint: lint: .irislint.yaml:2: unknown rule "sensitve-scope"; did you mean "sensitive-scope"?`},
		{"bad severity, nested file", map[string]string{"apps/fleet/.irislint.yaml": "\nrules:\n  sensitive-scope: fatal\n"}, nil,
			`irislint: lint: apps/fleet/.irislint.yaml:3: rule sensitive-scope: unknown severity "fatal" (want off, warning or error)`},
		{"unknown key", map[string]string{".irislint.yaml": "ignores: [apps/legacy]\n"}, nil,
			`irislint: lint: .irislint.yaml:1: unknown key "ignores"; did you mean "ignore"?`},
		{"extra scope already known", map[string]string{".irislint.yaml": "extraScopes:\n  - asset.view\n"}, nil,
			`irislint: lint: .irislint.yaml:2: extraScopes: "asset.view" is already in the catalogue: remove it from extraScopes`},
		{"missing --config", nil, []string{"--config", "nope.yaml"},
			`irislint: lint: --config nope.yaml: no such file or directory`},
		{"--config of a folder", nil, []string{"--config", "apps"},
			`irislint: lint: --config apps is a folder, not a configuration file`},
		{"missing --scopes", nil, []string{"--scopes", "nope.json"},
			`irislint: lint: --scopes nope.json: no such file or directory`},
		{"bad markdown --scopes", map[string]string{"t.md": "| Scope | Description |\n|---|---|\n| `a` | x |\n| `a` | y |\n"}, []string{"--scopes", "t.md"},
			`irislint: lint: t.md:4: scope "a" is listed twice (first on line 3)`},
		{"bad JSON --scopes", map[string]string{"s.json": "{\n  \"scopes\": [\n    {\"name\": 1}\n  ]\n}\n"}, []string{"--scopes", "s.json"},
			`irislint: lint: s.json:3: scopes.name must be a string, not a JSON number`},
		{"empty JSON --scopes", map[string]string{"s.json": "{}"}, []string{"--scopes", "s.json"},
			`irislint: lint: s.json: lists no scopes (want {"scopes": [{"name": ..., "description": ...}]})`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := configRepo(t, tt.files)
			code, stdout, stderr := runCLI(t, root, nil, append([]string{"lint"}, tt.args...)...)
			if code != exitUsage || stdout != "" {
				t.Errorf("exit %d, stdout %q; want 2 and nothing", code, stdout)
			}
			if diff := cmp.Diff(tt.stderr+"\n", stderr); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
		})
	}
}

func TestScopesFlag(t *testing.T) {
	root := configRepo(t, map[string]string{
		"new.json": `{"scopes": [{"name": "asset.view", "description": "Can view assets", "since": "2024-01"},
  {"name": "asset.fly", "description": "Can fly assets", "since": "2031-04-01"}], "renamed": [], "removed": []}`,
	})
	code, stdout, stderr := runCLI(t, root, nil, "scopes", "--scopes", "new.json")
	want := "SCOPE       STATUS   SINCE       DESCRIPTION\n" +
		"asset.view  current  2024-01     Can view assets\n" +
		"asset.fly   current  2031-04-01  Can fly assets\n"
	if code != exitOK || stderr != "" || stdout != want {
		t.Errorf("exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
}

func TestRulesExplain(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"rules", "sensitive-scope"}, {"rules", "--explain", "sensitive-scope"}, {"--explain", "sensitive-scope"}} {
		code, stdout, stderr := runCLI(t, dir, nil, args...)
		if code != exitOK || stderr != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
		head := "sensitive-scope (default severity: warning)\na scope that can delete or take over the account, declared as required\n\nA scope entry with `optional: true`"
		if !strings.HasPrefix(stdout, head) || !strings.Contains(stdout, "**Good**") || strings.Contains(stdout, "## ") {
			t.Errorf("%v: stdout:\n%s", args, stdout)
		}
	}
	code, stdout, _ := runCLI(t, dir, nil, "rules", "eval")
	if code != exitOK || !strings.HasPrefix(stdout, "eval (load failure, always an error)\nthe manifest threw an exception while evaluating\n\nA manifest that cannot be bundled") {
		t.Errorf("rules eval: exit %d:\n%s", code, stdout)
	}
	for args, want := range map[string]string{
		"rules sensitve-scope":   `irislint: rules: unknown rule "sensitve-scope"; did you mean "sensitive-scope"?`,
		"rules frobnicate":       `irislint: rules: unknown rule "frobnicate" (irislint rules lists them)`,
		"rules a b":              `irislint: rules: explains one rule at a time, got 2 ids`,
		"rules --explain a b":    `irislint: rules: explains one rule at a time, got 2 ids`,
		"--explain unknown-scop": `irislint: rules: unknown rule "unknown-scop"; did you mean "unknown-scope"?`,
	} {
		code, stdout, stderr := runCLI(t, dir, nil, strings.Fields(args)...)
		if code != exitUsage || stdout != "" || stderr != want+"\n" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

func TestGenConfig(t *testing.T) {
	root := configRepo(t, map[string]string{
		".irislint.yaml": "rules:\n  sensitive-scope: error\nextraScopes:\n  - name: acme.fleet.view\n    description: ACME's own fleet API\nignore: [apps/fleet]\n",
	})
	// sensitive-scope is an error here: nothing is generated
	code, stdout, stderr := runCLI(t, root, nil, "gen", "-p", "x", "apps/fleet/iris-app-manifest.ts")
	if code != exitProblems || stdout != "" || !strings.Contains(stderr, "error: scope \"account.delete\"") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	// with the rule off (--config), the extra scope's description reaches the code
	cfg := filepath.Join(root, "gen.yaml")
	if err := os.WriteFile(cfg, []byte("rules: {sensitive-scope: \"off\"}\nextraScopes: [{name: acme.fleet.view, description: ACME's own fleet API}]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runCLI(t, root, nil, "gen", "-p", "x", "--config", "gen.yaml", "apps/fleet/iris-app-manifest.ts")
	if code != exitOK || stderr != "" || !strings.Contains(stdout, `// AcmeFleetView is the scope "acme.fleet.view" (optional): ACME's own fleet API.`) {
		t.Errorf("exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
	code, _, stderr = runCLI(t, root, nil, "gen", "-p", "x", "--config", "nope.yaml", "apps/fleet/iris-app-manifest.ts")
	if code != exitUsage || stderr != "irislint: gen: --config nope.yaml: no such file or directory\n" {
		t.Errorf("missing --config: exit %d, stderr %q", code, stderr)
	}
}

// TestLintStdinConfig: a buffer linted with --stdin-filename gets the
// configuration and the inline directives of the buffer.
func TestLintStdinConfig(t *testing.T) {
	root := configRepo(t, map[string]string{".irislint.yaml": "rules:\n  unknown-scope: warning\nignore: [apps/legacy]\n"})
	src := "export default {\n  scopes: [\n    // irislint-disable-next-line sensitive-scope\n    { scope: 'account.delete', optional: false },\n    { scope: 'asset.veiw', optional: false },\n  ],\n};\n"
	e := func(args ...string) (int, string, string) {
		t.Helper()
		var out, errb strings.Builder
		en := &env{stdin: strings.NewReader(src), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, workDir: root}
		return run(en, args), out.String(), errb.String()
	}
	code, stdout, stderr := e("lint", "--stdin-filename", "apps/fleet/iris-app-manifest.ts")
	want := "apps/fleet/iris-app-manifest.ts:5:14: warning: unknown scope \"asset.veiw\"; did you mean \"asset.view\"? [unknown-scope] (fix available with --unsafe-fixes)\n" +
		"    { scope: 'asset.veiw', optional: false },\n" +
		"             ^~~~~~~~~~~~\n" +
		"1 warning in 1 file (1 manifest checked); 1 fixable with --fix --unsafe-fixes\n"
	if code != exitOK || stderr != "" || stdout != want {
		t.Errorf("exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
	code, stdout, stderr = e("lint", "--stdin-filename", "apps/legacy/iris-app-manifest.ts")
	if code != exitOK || stderr != "" || stdout != "no problems in 0 manifests\n" {
		t.Errorf("ignored: exit %d, stderr %q, stdout %q", code, stderr, stdout)
	}
}
