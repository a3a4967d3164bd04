package main

import (
	"encoding/json"
	"os"

	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionFrom(t *testing.T) {
	const cat = "2024-09-06"
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	tests := []struct {
		name     string
		bi       *debug.BuildInfo
		override string
		want     string
	}{
		{"no build info", nil, "", "devel (scope catalogue 2024-09-06)"},
		{"go test or -buildvcs=false", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "(devel)"}}, "", "devel (scope catalogue 2024-09-06)"},
		{"go install ...@v0.4.0", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v0.4.0"}}, "", "v0.4.0 (scope catalogue 2024-09-06)"},
		{"a clone at a tag", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v0.4.0"}, Settings: vcs("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "false")}, "", "v0.4.0 (a1b2c3d, scope catalogue 2024-09-06)"},
		{"a clone with changes", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "(devel)"}, Settings: vcs("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "true")}, "", "devel (a1b2c3d+dirty, scope catalogue 2024-09-06)"},
		{"a pseudo-version from a clone", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v0.4.1-0.20250101120000-a1b2c3d4e5f6+dirty"}, Settings: vcs("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "true")}, "", "v0.4.1-0.20250101120000-a1b2c3d4e5f6+dirty (a1b2c3d+dirty, scope catalogue 2024-09-06)"},
		{"a dependency of another module", &debug.BuildInfo{Main: debug.Module{Path: "example.com/backend", Version: "(devel)"}, Deps: []*debug.Module{{Path: "golang.org/x/oauth2", Version: "v0.38.0"}, {Path: modulePath, Version: "v0.3.9"}}}, "", "v0.3.9 (scope catalogue 2024-09-06)"},
		{"-ldflags -X main.version", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "(devel)"}, Settings: vcs("a1b2c3d4e5f6", "false")}, "v1.0.0", "v1.0.0 (a1b2c3d, scope catalogue 2024-09-06)"},
	}
	for _, tt := range tests {
		if got := versionFrom(tt.bi, tt.override, cat).String(); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestVersionOfABuildFromTheClone builds irislint the way a developer (or
// pre-commit, at its pinned commit) does in a clone, with VCS stamping on,
// and checks that `irislint version` names the commit and the catalogue,
// and that SARIF's tool.driver.version says the same.
func TestVersionOfABuildFromTheClone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds irislint")
	}
	if _, err := exec.LookPath("git"); err != nil {
		missingTool(t, "git is not installed: run scripts/ci-deps.sh")
	}
	git := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("git", args...).Output()
		if err != nil {
			t.Skipf("not in a git clone (git %s: %v): no revision to check", strings.Join(args, " "), err)
		}
		return strings.TrimSpace(string(out))
	}
	top := git("rev-parse", "--show-toplevel")
	if fi, err := os.Stat(filepath.Join(top, ".git")); err == nil && !fi.IsDir() {
		// Go looks for a .git folder only (golang.org/issue/58218): a
		// linked worktree's .git file gets no VCS stamp. CI's clone has one.
		t.Skipf("%s is a linked git worktree, where go build records no revision", top)
	}
	head := git("rev-parse", "HEAD")
	dirty := git("status", "--porcelain") != ""
	bin := filepath.Join(t.TempDir(), "irislint")
	// -buildvcs=true on the command line wins over a GOFLAGS=-buildvcs=false.
	if out, err := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build -buildvcs=true: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("irislint version: %v", err)
	}
	got := string(out)
	rev := head[:7]
	if dirty {
		rev += "+dirty"
	}
	// The module version is Go's: a tag, or a pseudo-version naming the
	// commit; what follows it is ours.
	suffix := " (" + rev + ", scope catalogue 2024-09-06)\n"
	if !strings.HasPrefix(got, "irislint v") || !strings.HasSuffix(got, suffix) || strings.Count(got, "\n") != 1 {
		t.Errorf("irislint version = %q, want irislint vX... ending %q", got, suffix)
	}

	cmd := exec.Command(bin, "lint", "--format", "sarif", "apps/fleet-insights")
	cmd.Dir = testdataDir(t, "workspace")
	sarif, err := cmd.Output()
	if err != nil {
		t.Fatalf("irislint lint --format sarif: %v", err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Version string `json:"version"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(sarif, &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("SARIF: %v\n%s", err, sarif)
	}
	want := strings.TrimPrefix(strings.TrimSuffix(got, "\n"), "irislint v")
	if v := log.Runs[0].Tool.Driver.Version; v != want {
		t.Errorf("SARIF tool.driver.version = %q, want %q (irislint version without \"irislint v\")", v, want)
	}
}

func TestVersionUsage(t *testing.T) {
	code, stdout, stderr := runCLI(t, t.TempDir(), nil, "version", "extra")
	if code != exitUsage || stdout != "" || stderr != "irislint: version: takes no arguments\n" {
		t.Errorf("version extra: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
