package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
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

// missingTool skips a test whose outside tool is not installed, except in
// CI (IRISLINT_CI=1, set by .ci/run after scripts/ci-deps.sh installed the
// tools), where a skip would hide a test that never ran: there it fails.
func missingTool(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("IRISLINT_CI") == "1" {
		t.Fatal(why)
	}
	t.Skip(why)
}

// testdataDir is the repository's top-level testdata folder, absolute.
func testdataDir(t *testing.T, elem ...string) string {
	t.Helper()
	d, err := absTestdata(elem...)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func absTestdata(elem ...string) (string, error) {
	return filepath.Abs(filepath.Join(append([]string{"..", "..", "testdata"}, elem...)...))
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

var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
	binaryDir  string
)

// TestMain removes the irislint binary built for the tests that run it as
// a separate process. The tests run with the result cache off (they would
// fill the user's cache folder otherwise); the cache's own tests turn it
// on, in a folder of their own.
func TestMain(m *testing.M) {
	flag.Parse()
	os.Setenv("IRISLINT_CACHE", "off")
	code := m.Run()
	if binaryDir != "" {
		os.RemoveAll(binaryDir)
	}
	os.Exit(code)
}

// irislintBinary builds cmd/irislint once per test run, for tests that must
// see the whole process: exit codes, crashes, memory, stray files.
func irislintBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the irislint binary")
	}
	binaryOnce.Do(func() {
		binaryDir, binaryErr = os.MkdirTemp("", "irislint-test-bin-")
		if binaryErr != nil {
			return
		}
		binaryPath = filepath.Join(binaryDir, "irislint")
		out, err := exec.Command("go", "build", "-o", binaryPath, ".").CombinedOutput()
		if err != nil {
			binaryErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binaryPath
}
