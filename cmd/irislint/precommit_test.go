package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestPreCommitHook drives the real pre-commit (Debian's package, installed
// by scripts/ci-deps.sh) through this repository's .pre-commit-hooks.yaml:
// a temporary git repository whose .pre-commit-config.yaml points at a
// snapshot of this repository; pre-commit builds irislint from it with
// `go install` (language: golang), and `git commit` then fails on a bad
// manifest, on a shared lib that breaks it, and on a stale generated file,
// and passes on good ones; irislint-fix fixes what it safely can, failing
// the commit that it changed, and fails while an error remains.
//
// The snapshot is this working tree (tracked and untracked files that git
// does not ignore) committed into a repository of its own, so the test
// builds what is being tested; in CI, a fresh clone, that is HEAD.
func TestPreCommitHook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds irislint through pre-commit")
	}
	preCommit, err := exec.LookPath("pre-commit")
	if err != nil {
		missingTool(t, "pre-commit is not installed: run scripts/ci-deps.sh (Debian's pre-commit)")
	}
	for _, tool := range []string{"git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			missingTool(t, tool+" is not on PATH")
		}
	}
	tmp := t.TempDir()
	env := preCommitEnv(t, tmp)
	run := func(dir string, name string, args ...string) (string, error) {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	must := func(dir string, name string, args ...string) string {
		t.Helper()
		out, err := run(dir, name, args...)
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return out
	}

	// 1. A snapshot of this repository, as the hooks' repository.
	top := strings.TrimSpace(must(".", "git", "rev-parse", "--show-toplevel"))
	snapshot := filepath.Join(tmp, "irislint")
	list := must(top, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	for _, rel := range strings.Split(strings.TrimRight(list, "\x00"), "\x00") {
		src := filepath.Join(top, rel)
		fi, err := os.Lstat(src)
		if err != nil || !fi.Mode().IsRegular() {
			continue // deleted in the working tree, or a link
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(snapshot, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, fi.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(snapshot, ".pre-commit-hooks.yaml")); err != nil {
		t.Fatalf("the repository has no .pre-commit-hooks.yaml: %v", err)
	}
	must(snapshot, "git", "init", "-q", "-b", "main")
	must(snapshot, "git", "add", "-A")
	must(snapshot, "git", "commit", "-q", "-m", "snapshot")
	rev := strings.TrimSpace(must(snapshot, "git", "rev-parse", "HEAD"))

	// 2. The user's repository: an app with a manifest, a Go service with
	// scope constants generated from it, and both hooks.
	repo := filepath.Join(tmp, "user")
	if err := os.MkdirAll(repo, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(rel, data string) {
		t.Helper()
		p := filepath.Join(repo, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	must(repo, "git", "init", "-q", "-b", "main")
	write(".pre-commit-config.yaml", fmt.Sprintf(`repos:
  - repo: %s
    rev: %s
    hooks:
      - id: irislint
      - id: irislint-fix
      - id: irislint-gen-check
`, snapshot, rev))
	write("nx.json", "{}\n")
	write("apps/fleet/iris-app-manifest.ts", genDemoManifest)
	write("services/fleet/doc.go", "// Package fleetscopes holds the fleet app's scopes.\npackage fleetscopes\n")
	if code, _, errs := runCLI(t, repo, nil, "gen", "-o", "services/fleet/scopes_gen.go", "apps/fleet/iris-app-manifest.ts"); code != exitOK {
		t.Fatalf("gen: exit %d: %s", code, errs)
	}
	must(repo, "git", "add", "-A")
	must(repo, "git", "commit", "-q", "--no-verify", "-m", "initial")
	must(repo, preCommit, "install")

	// pre-commit builds irislint on first use: give it the time go needs.
	start := time.Now()
	out := must(repo, preCommit, "install-hooks")
	t.Logf("pre-commit install-hooks: %s\n%s", time.Since(start).Round(time.Second), out)
	// language: golang runs `go install ./...` in the hooks' repository:
	// it must install irislint alone, not the benchmark or generator helpers.
	installed, _ := filepath.Glob(filepath.Join(tmp, "pre-commit-cache", "*", "golangenv-*", "bin", "*"))
	var names []string
	for _, p := range installed {
		names = append(names, filepath.Base(p))
	}
	if strings.Join(names, " ") != "irislint" {
		t.Errorf("pre-commit installed %q, want irislint alone (%s)", names, installed)
	}

	commit := func(msg string) (string, error) {
		t.Helper()
		must(repo, "git", "add", "-A")
		return run(repo, "git", "commit", "-q", "-m", msg)
	}

	// 3. A good change (nothing the generated file depends on): both hooks
	// pass, the commit is made.
	write("apps/fleet/iris-app-manifest.ts", strings.Replace(genDemoManifest, `cspHeader: { "connect-src": ["https://api.demo.example.com"] },`,
		`cspHeader: { "connect-src": ["https://api.demo.example.com", "https://files.demo.example.com"] },`, 1))
	if out, err := commit("rename the module"); err != nil {
		t.Fatalf("a good manifest: the commit failed: %v\n%s", err, out)
	} else if !passed(out, "irislint (Iris App manifests)") || !passed(out, "irislint gen --check") || !passed(out, "irislint --fix") {
		t.Errorf("want every hook Passed:\n%s", out)
	}

	// 4. A typo in a scope: irislint fails the commit and says where.
	bad := strings.Replace(genDemoManifest, `"account.alert.view"`, `"account.alert.veiw"`, 1)
	write("apps/fleet/iris-app-manifest.ts", bad)
	out, err = commit("typo")
	if err == nil {
		t.Fatalf("a bad manifest was committed:\n%s", out)
	}
	for _, want := range []string{
		"irislint (Iris App manifests)",
		"Failed",
		`apps/fleet/iris-app-manifest.ts:8:14: error: unknown scope "account.alert.veiw"; did you mean "account.alert.view"? [unknown-scope]`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("bad manifest: want %q in:\n%s", want, out)
		}
	}
	if log := must(repo, "git", "log", "--oneline"); strings.Contains(log, "typo") {
		t.Errorf("the commit was made:\n%s", log)
	}
	// irislint-fix cannot fix a typo safely: it fails too, and changes
	// nothing.
	if passed(out, "irislint --fix") || !strings.Contains(out, "(fix available with --unsafe-fixes)") {
		t.Errorf("typo: want irislint --fix Failed, naming the unsafe fix:\n%s", out)
	}
	if data, _ := os.ReadFile(filepath.Join(repo, "apps/fleet/iris-app-manifest.ts")); string(data) != bad {
		t.Errorf("irislint --fix changed the manifest with a typo:\n%s", data)
	}

	// 5. A valid new scope, without regenerating: the generated file is
	// stale and irislint-gen-check fails the commit.
	added := strings.Replace(genDemoManifest, `    { scope: "account.alert.view", optional: false },`,
		"    { scope: \"account.alert.view\", optional: false },\n    { scope: \"account.view\", optional: true },", 1)
	write("apps/fleet/iris-app-manifest.ts", added)
	out, err = commit("a new scope")
	if err == nil {
		t.Fatalf("a stale generated file was committed:\n%s", out)
	}
	if !passed(out, "irislint (Iris App manifests)") || !strings.Contains(out, "services/fleet/scopes_gen.go is stale") {
		t.Errorf("stale generated file: want the lint hook Passed and gen --check to name the file:\n%s", out)
	}

	// 6. Regenerated: the commit goes through.
	if code, _, errs := runCLI(t, repo, nil, "gen", "-o", "services/fleet/scopes_gen.go", "apps/fleet/iris-app-manifest.ts"); code != exitOK {
		t.Fatalf("gen: exit %d: %s", code, errs)
	}
	if out, err := commit("a new scope, regenerated"); err != nil {
		t.Fatalf("after go generate: the commit failed: %v\n%s", err, out)
	}

	// 7. Scopes shared through a lib the manifest imports: good, then a
	// commit that breaks only the lib is refused, the problem shown in the
	// lib, and a commit of a file no manifest reads passes.
	write("libs/shared/scopes.ts", "export const SHARED = [{ scope: \"account.alert.manage\", optional: true }];\n")
	spread := "import { SHARED } from \"../../libs/shared/scopes\";\n" + strings.Replace(added,
		`    { scope: "account.view", optional: true },`, "    { scope: \"account.view\", optional: true },\n    ...SHARED,", 1)
	write("apps/fleet/iris-app-manifest.ts", spread)
	if code, _, errs := runCLI(t, repo, nil, "gen", "-o", "services/fleet/scopes_gen.go", "apps/fleet/iris-app-manifest.ts"); code != exitOK {
		t.Fatalf("gen: exit %d: %s", code, errs)
	}
	if out, err := commit("shared scopes"); err != nil {
		t.Fatalf("a good lib: the commit failed: %v\n%s", err, out)
	}
	write("libs/shared/scopes.ts", "export const SHARED = [{ scope: \"account.alert.manaeg\", optional: true }];\n")
	out, err = commit("a typo in the lib only")
	if err == nil {
		t.Fatalf("a broken lib was committed:\n%s", out)
	}
	for _, want := range []string{
		`libs/shared/scopes.ts:1:33: error: unknown scope "account.alert.manaeg"; did you mean "account.alert.manage"? [unknown-scope]`,
		`apps/fleet/iris-app-manifest.ts:1:24: note: the manifest imports libs/shared/scopes.ts here`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("broken lib: want %q in:\n%s", want, out)
		}
	}
	if passed(out, "irislint (Iris App manifests)") {
		t.Errorf("broken lib: the irislint hook passed:\n%s", out)
	}
	must(repo, "git", "checkout", "HEAD", "--", "libs/shared/scopes.ts")
	write("apps/fleet/src/unrelated.ts", "export const notInTheManifest = 1;\n")
	if out, err := commit("a file no manifest reads"); err != nil {
		t.Fatalf("a file no manifest reads: the commit failed: %v\n%s", err, out)
	} else if !passed(out, "irislint (Iris App manifests)") {
		t.Errorf("a file no manifest reads: want the irislint hook Passed:\n%s", out)
	}

	// 8. What irislint-fix can fix: a directive that disables nothing (a
	// warning, which the irislint hook lets through), added with a new
	// host. The hook removes the directive
	// and fails the commit, as formatters' hooks do; staged again, the
	// fixed file is committed.
	manifest := strings.Replace(must(repo, "git", "show", "HEAD:apps/fleet/iris-app-manifest.ts"),
		`"https://api.demo.example.com"`, `"https://api.demo.example.com", "https://maps.demo.example.com"`, 1)
	withDirective := strings.Replace(manifest, `    { scope: "asset.view", optional: false },`,
		"    // irislint-disable-next-line sensitive-scope\n    { scope: \"asset.view\", optional: false },", 1)
	if withDirective == manifest {
		t.Fatalf("no asset.view line in:\n%s", manifest)
	}
	write("apps/fleet/iris-app-manifest.ts", withDirective)
	out, err = commit("an unused directive")
	if err == nil {
		t.Fatalf("irislint --fix changed a file and the commit was made:\n%s", out)
	}
	if passed(out, "irislint --fix") || !passed(out, "irislint (Iris App manifests)") || !strings.Contains(out, "files were modified by this hook") {
		t.Errorf("unused directive: want irislint --fix Failed, having modified the file, and irislint Passed:\n%s", out)
	}
	if data, _ := os.ReadFile(filepath.Join(repo, "apps/fleet/iris-app-manifest.ts")); string(data) != manifest {
		t.Errorf("irislint --fix left (-want +got):\n%s", cmp.Diff(manifest, string(data)))
	}
	if out, err := commit("an unused directive, fixed"); err != nil || !passed(out, "irislint --fix") {
		t.Fatalf("after the fix: %v\n%s", err, out)
	}
}

// TestInstallableCommands: pre-commit's golang hooks build with `go install
// ./...` in a clone of this repository, which installs every main package
// the default build sees. That must be irislint alone: the benchmark and
// generator helpers (bench/floor, bench/interleave,
// internal/cmd/gencatalogue, the example examples/tokencallback/cmd) build
// only with -tags irislint_tools.
func TestInstallableCommands(t *testing.T) {
	list := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("go", append([]string{"list", "-f", "{{if eq .Name \"main\"}}{{.ImportPath}}{{end}}"}, append(args, "./...")...)...)
		cmd.Dir = filepath.Join("..", "..")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list: %v", err)
		}
		return strings.TrimSpace(string(out))
	}
	if got := list(); got != "github.com/irislint/irislint/cmd/irislint" {
		t.Errorf("main packages go install ./... builds:\n%s\nwant github.com/irislint/irislint/cmd/irislint alone", got)
	}
	// and the helpers still build with their tag (bench/run.sh, go generate)
	want := "github.com/irislint/irislint/bench/floor\ngithub.com/irislint/irislint/bench/interleave\ngithub.com/irislint/irislint/bench/lintprof\n" +
		"github.com/irislint/irislint/cmd/irislint\ngithub.com/irislint/irislint/examples/tokencallback/cmd/tokencallback\n" +
		"github.com/irislint/irislint/internal/cmd/gencatalogue"
	if got := list("-tags", "irislint_tools"); got != want {
		t.Errorf("main packages with -tags irislint_tools:\n%s\nwant\n%s", got, want)
	}
}

// passed reports whether pre-commit's output says the hook named passed.
func passed(out, name string) bool {
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, name) && strings.HasSuffix(strings.TrimSpace(line), "Passed") {
			return true
		}
	}
	return false
}

// preCommitEnv is the environment for git and pre-commit: pre-commit's
// cache in the test's folder, git without the user's or the system's
// configuration (but an identity), and the Go module cache of the go that
// runs the tests, so that `go install` in pre-commit's environment (whose
// GOPATH is its own) downloads nothing this machine already has.
func preCommitEnv(t *testing.T, tmp string) []string {
	t.Helper()
	modCache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOMODCACHE: %v", err)
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "GIT_") || strings.HasPrefix(k, "PRE_COMMIT") || k == "GOMODCACHE" || k == "GOBIN" {
			continue
		}
		env = append(env, kv)
	}
	home := filepath.Join(tmp, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	return append(env,
		"PRE_COMMIT_HOME="+filepath.Join(tmp, "pre-commit-cache"),
		"GOMODCACHE="+string(bytes.TrimSpace(modCache)),
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL="+filepath.Join(home, ".gitconfig"),
		"GIT_AUTHOR_NAME=irislint test", "GIT_AUTHOR_EMAIL=test@irislint.invalid",
		"GIT_COMMITTER_NAME=irislint test", "GIT_COMMITTER_EMAIL=test@irislint.invalid",
		"NO_COLOR=1",
	)
}
