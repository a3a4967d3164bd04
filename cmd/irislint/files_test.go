package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestOutputFileErrors: an output that cannot be written gets one line
// naming the path as the user typed it and why, exit 2, and leaves no
// temporary file behind (never a temporary file's name, never the path
// rewritten relative to somewhere else).
func TestOutputFileErrors(t *testing.T) {
	root := genWorkspace(t, map[string]string{
		"iris-app-manifest.ts": genDemoManifest,
		"afile":                "not a folder\n",
		"out/keep.txt":         "",
	})
	abs := func(p string) string { return filepath.Join(root, p) }
	tests := []struct {
		args   []string
		stderr string
	}{
		// lint -o: absolute paths, as lint takes -o relative to the process's
		// folder, which is not root in an in-process test
		{[]string{"lint", "-o", abs("out"), "iris-app-manifest.ts"}, "irislint: lint: cannot write the report to " + abs("out") + ": it is a folder\n"},
		{[]string{"lint", "-o", abs("no/such/dir/out.txt"), "iris-app-manifest.ts"}, "irislint: lint: cannot write the report to " + abs("no/such/dir/out.txt") + ": its folder does not exist\n"},
		{[]string{"lint", "-o", abs("afile/out.txt"), "iris-app-manifest.ts"}, "irislint: lint: cannot write the report to " + abs("afile/out.txt") + ": a part of its path is a file, not a folder\n"},
		{[]string{"lint", "-o", "/", "iris-app-manifest.ts"}, "irislint: lint: cannot write the report to /: it is a folder\n"},
		// gen -o: relative to the working folder, and absolute, as given
		{[]string{"gen", "-o", "out", "iris-app-manifest.ts"}, "irislint: gen: cannot write out: it is a folder\n"},
		{[]string{"gen", "-o", abs("out"), "iris-app-manifest.ts"}, "irislint: gen: cannot write " + abs("out") + ": it is a folder\n"},
		{[]string{"gen", "-o", "/nonexistent-irislint/x.go", "iris-app-manifest.ts"}, "irislint: gen: cannot write /nonexistent-irislint/x.go: its folder does not exist\n"},
		{[]string{"gen", "-o", "no/such/x.go", "iris-app-manifest.ts"}, "irislint: gen: cannot write no/such/x.go: its folder does not exist\n"},
		{[]string{"gen", "-o", "afile/x.go", "iris-app-manifest.ts"}, "irislint: gen: cannot write afile/x.go: a part of its path is a file, not a folder\n"},
		{[]string{"gen", "--check", "-o", "out", "iris-app-manifest.ts"}, "irislint: gen: cannot read out: it is a folder\n"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, root, nil, tt.args...)
			if code != exitUsage || stdout != "" {
				t.Errorf("exit %d, stdout %q; want 2 and nothing", code, stdout)
			}
			if diff := cmp.Diff(tt.stderr, stderr); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
		})
	}
	for _, dir := range []string{root, abs("out"), "/"} {
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if strings.Contains(e.Name(), ".irislint-") {
				t.Errorf("temporary file left in %s: %s", dir, e.Name())
			}
		}
	}
}

// TestOutputToAFIFOOrALink: an output path that is no regular file (a
// FIFO, as /dev/stdout or /dev/null are devices) is written to, never
// replaced by a renamed file; a symbolic link keeps linking and its target
// gets the content.
func TestOutputToAFIFOOrALink(t *testing.T) {
	root := genWorkspace(t, map[string]string{"iris-app-manifest.ts": genDemoManifest, "real/report.json": "old\n"})
	fifo := filepath.Join(root, "report.fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		b, _ := os.ReadFile(fifo) // blocks until irislint opens the FIFO to write
		got <- string(b)
	}()
	code, _, stderr := runCLI(t, root, nil, "lint", "-f", "json", "-o", fifo, "iris-app-manifest.ts")
	if code != exitOK || stderr != "" {
		t.Fatalf("lint -o FIFO: exit %d, stderr %q", code, stderr)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO was replaced: %v, %v", fi.Mode(), err)
	}
	select {
	case report := <-got:
		if !strings.Contains(report, `"summary"`) {
			t.Errorf("read from the FIFO: %q", report)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("nothing was written to the FIFO")
	}

	link := filepath.Join(root, "report.json")
	if err := os.Symlink(filepath.Join("real", "report.json"), link); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, root, nil, "lint", "-f", "json", "-o", link, "iris-app-manifest.ts"); code != exitOK || stderr != "" {
		t.Fatalf("lint -o LINK: exit %d, stderr %q", code, stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file")
	}
	if b := genReadFile(t, filepath.Join(root, "real", "report.json")); !strings.Contains(b, `"summary"`) {
		t.Errorf("the link's target holds %q", b)
	}
}
