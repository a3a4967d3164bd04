package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The README's first command and the output it shows must not drift
// apart: a new user compares them first.
func TestReadmeFirstCommand(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "The first command prints:\n\n```text\n")
	if !ok {
		t.Fatal("README.md has no block after \"The first command prints:\"")
	}
	shown, _, ok := strings.Cut(after, "```\n")
	if !ok {
		t.Fatal("README.md: the output block does not end")
	}
	code, stdout, stderr := runCLI(t, root, nil, "lint", "testdata/workspace")
	if code != exitProblems || stderr != "" {
		t.Errorf("exit %d, stderr %q; the README says it exits 1", code, stderr)
	}
	if diff := cmp.Diff(shown, stdout); diff != "" {
		t.Errorf("README.md's first command shows (-) what irislint does not print (+):\n%s", diff)
	}
}
