package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// runCLI runs irislint in process with args, from workDir, with only the
// environment variables in vars, and returns what a user would see.
func runCLI(t *testing.T, workDir string, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{
		stdin:   strings.NewReader(""),
		stdout:  &out,
		stderr:  &errb,
		getenv:  func(k string) string { return vars[k] },
		workDir: workDir,
	}
	code = run(e, args)
	return code, out.String(), errb.String()
}

// testdataDir is the repository's top-level testdata folder, absolute.
func testdataDir(t *testing.T, elem ...string) string {
	t.Helper()
	d, err := filepath.Abs(filepath.Join(append([]string{"..", "..", "testdata"}, elem...)...))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	p := testdataDir(t, "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/irislint -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("output differs from testdata/golden/%s (-want +got):\n%s", name, diff)
	}
}
