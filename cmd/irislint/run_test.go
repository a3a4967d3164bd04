package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestHelpCommand: `irislint help CMD` is `irislint CMD --help`, for every
// command; `irislint help` is the overview.
func TestHelpCommand(t *testing.T) {
	dir := t.TempDir()
	for _, c := range commands() {
		code, stdout, stderr := runCLI(t, dir, nil, "help", c.name)
		wantCode, want, _ := runCLI(t, dir, nil, c.name, "--help")
		if code != exitOK || wantCode != exitOK || stderr != "" {
			t.Errorf("help %s: exit %d (--help: %d), stderr %q", c.name, code, wantCode, stderr)
		}
		if !strings.HasPrefix(stdout, "Usage: irislint "+c.name) {
			t.Errorf("help %s: want its usage, got:\n%s", c.name, stdout)
		}
		if diff := cmp.Diff(want, stdout); diff != "" {
			t.Errorf("help %s differs from %s --help (-want +got):\n%s", c.name, c.name, diff)
		}
	}
	_, overview, _ := runCLI(t, dir, nil, "--help")
	for _, args := range [][]string{{"help"}, {"help", "help"}} {
		if code, stdout, _ := runCLI(t, dir, nil, args...); code != exitOK || stdout != overview {
			t.Errorf("%v: exit %d, want the overview:\n%s", args, code, stdout)
		}
	}
	if !strings.Contains(overview, "irislint help <command>") {
		t.Errorf("the overview does not mention irislint help <command>:\n%s", overview)
	}
}

// TestTypos: a mistyped command or flag gets the one it most likely is.
func TestTypos(t *testing.T) {
	ws := testdataDir(t, "workspace")
	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"lintt"}, "irislint: unknown command \"lintt\"; did you mean \"lint\"?\n"},
		{[]string{"gne", "x.ts"}, "irislint: unknown command \"gne\"; did you mean \"gen\"?\n"},
		{[]string{"scope"}, "irislint: unknown command \"scope\"; did you mean \"scopes\"?\n"},
		{[]string{"Rules"}, "irislint: unknown command \"Rules\"; did you mean \"rules\"?\n"},
		{[]string{"help", "lnt"}, "irislint: unknown command \"lnt\"; did you mean \"lint\"?\n"},
		{[]string{"frobnicate"}, "irislint: unknown command \"frobnicate\"\nRun 'irislint --help' for the list of commands.\n"},
		{[]string{"help", "lint", "gen"}, "irislint: help: takes one command, got 2 arguments\n"},
		{[]string{"lint", "--formt", "json"}, "irislint: lint: unknown flag: --formt; did you mean --format?\nRun 'irislint lint --help' for usage.\n"},
		{[]string{"lint", "--formt=json"}, "irislint: lint: unknown flag: --formt; did you mean --format?\nRun 'irislint lint --help' for usage.\n"},
		{[]string{"lint", "--stdin-filname", "a.ts"}, "irislint: lint: unknown flag: --stdin-filname; did you mean --stdin-filename?\nRun 'irislint lint --help' for usage.\n"},
		{[]string{"lint", "--hepl"}, "irislint: lint: unknown flag: --hepl; did you mean --help?\nRun 'irislint lint --help' for usage.\n"},
		{[]string{"gen", "--outptu", "x.go", "m.ts"}, "irislint: gen: unknown flag: --outptu; did you mean --output?\nRun 'irislint gen --help' for usage.\n"},
		{[]string{"scopes", "--fromat", "json"}, "irislint: scopes: unknown flag: --fromat; did you mean --format?\nRun 'irislint scopes --help' for usage.\n"},
		{[]string{"lint", "--bogus"}, "irislint: lint: unknown flag: --bogus\nRun 'irislint lint --help' for usage.\n"},
		{[]string{"lint", "-x"}, "irislint: lint: unknown shorthand flag: 'x' in -x\nRun 'irislint lint --help' for usage.\n"},
	} {
		code, stdout, stderr := runCLI(t, ws, nil, tt.args...)
		if code != exitUsage || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q; want 2 and nothing", tt.args, code, stdout)
		}
		if diff := cmp.Diff(tt.stderr, stderr); diff != "" {
			t.Errorf("%v: stderr (-want +got):\n%s", tt.args, diff)
		}
	}
}

// TestScopesJSON: `irislint scopes --format json` prints the catalogue in
// the shape irislint embeds it, which --scopes reads back.
func TestScopesJSON(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, dir, nil, "scopes", "--format", "json")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	embedded, err := os.ReadFile(filepath.Join("..", "..", "scopes", "scopes.json"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(embedded), stdout); diff != "" {
		t.Errorf("scopes -f json differs from scopes/scopes.json (-want +got):\n%s", diff)
	}

	// A table without history: the lists are empty, not null, and the
	// output reads back with --scopes.
	table := filepath.Join(dir, "table.json")
	if err := os.WriteFile(table, []byte(`{"scopes": [{"name": "asset.view", "description": "Can view assets", "since": "2024-01"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runCLI(t, dir, nil, "scopes", "-f", "json", "--scopes", "table.json")
	want := `{
  "scopes": [
    {
      "name": "asset.view",
      "description": "Can view assets",
      "since": "2024-01"
    }
  ],
  "renamed": [],
  "removed": []
}
`
	if diff := cmp.Diff(want, stdout); code != exitOK || stderr != "" || diff != "" {
		t.Errorf("--scopes table.json -f json: exit %d, stderr %q (-want +got):\n%s", code, stderr, diff)
	}
	var back struct{ Scopes []struct{ Name string } }
	if err := json.Unmarshal([]byte(stdout), &back); err != nil || len(back.Scopes) != 1 {
		t.Errorf("not JSON: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "scopes.json"), []byte(stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runCLI(t, dir, nil, "scopes", "--scopes", "scopes.json")
	if code != exitOK || stderr != "" || stdout != "SCOPE       STATUS   SINCE    DESCRIPTION\nasset.view  current  2024-01  Can view assets\n" {
		t.Errorf("reading it back: exit %d, stderr %q:\n%s", code, stderr, stdout)
	}

	code, _, stderr = runCLI(t, dir, nil, "scopes", "--format", "yaml")
	if code != exitUsage || stderr != "irislint: scopes: unknown --format \"yaml\" (want text or json)\n" {
		t.Errorf("--format yaml: exit %d, stderr %q", code, stderr)
	}
}
