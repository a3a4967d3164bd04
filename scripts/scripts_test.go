// Package scripts holds the tests of the shell scripts beside them: the
// README's test command (test.sh) and the tool installer it runs
// (ci-deps.sh), on machines of the kinds a new user has.
package scripts

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// machine is a copy of the scripts in a folder of their own (so that no
// tool installed in this repository's .cache counts) with a PATH holding
// only the basic commands the scripts use, plus any fakes.
type machine struct {
	root string // the repository copy: scripts/ under it
	bin  string // the only folder on PATH
}

func newMachine(t *testing.T) *machine {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	m := &machine{root: t.TempDir(), bin: t.TempDir()}
	for _, name := range []string{"ci-deps.sh", "test.sh"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(m.root, "scripts"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(m.root, "scripts", name), data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, cmd := range []string{"bash", "env", "dirname", "id", "uname", "awk", "grep", "head", "mkdir", "go"} {
		p, err := exec.LookPath(cmd)
		if err != nil {
			t.Skipf("%s is not installed", cmd)
		}
		if err := os.Symlink(p, filepath.Join(m.bin, cmd)); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// fake puts an executable shell script named name on the machine's PATH.
func (m *machine) fake(t *testing.T, name, script string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(m.bin, name), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
}

// fakeSARIFValidator lays out what ci-deps.sh installs with npm.
func (m *machine) fakeSARIFValidator(t *testing.T) {
	t.Helper()
	mod := filepath.Join(m.root, ".cache", "npm", "node_modules", "@microsoft")
	for p, data := range map[string]string{
		"sarif-multitool/package.json":          `{"name": "@microsoft/sarif-multitool", "version": "5.7.0"}`,
		"sarif-multitool-linux/Sarif.Multitool": "#!/bin/sh\necho 5.7.0\n",
	} {
		p = filepath.Join(mod, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

// testSh runs scripts/test.sh with IRISLINT_TEST_DRY_RUN=1 (it prints the
// go test command instead of running it) and the variables vars.
func (m *machine) testSh(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(filepath.Join(m.bin, "bash"), append([]string{filepath.Join(m.root, "scripts", "test.sh")}, args...)...)
	cmd.Env = []string{"PATH=" + m.bin, "HOME=" + os.Getenv("HOME"), "IRISLINT_TEST_DRY_RUN=1"}
	for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOROOT", "GOFLAGS", "GOTOOLCHAIN"} {
		if v, ok := os.LookupEnv(k); ok {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code = 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errb.String()
}

// TestTestShOnABareMachine: no apt-get, no npm, no git, no pre-commit,
// cgo off (the README's install setting). Each tool it cannot install gets
// one line naming the tests that skip, -race is left out with the reason,
// and the tests run.
func TestTestShOnABareMachine(t *testing.T) {
	m := newMachine(t)
	code, stdout, stderr := m.testSh(t, map[string]string{"CGO_ENABLED": "0"}, "-count=1")
	if code != 0 {
		t.Fatalf("exit %d, want 0\n%s", code, stderr)
	}
	if stdout != "go test -count=1 ./...\n" {
		t.Errorf("go test command = %q, want it without -race", stdout)
	}
	const noApt = "apt-get is not here (not a Debian-like system): install it with your package manager"
	want := "ci-deps: not installing git: " + noApt + "; TestPreCommitHook and TestVersionOfABuildFromTheClone will skip\n" +
		"ci-deps: not installing pre-commit: " + noApt + "; TestPreCommitHook will skip\n" +
		"ci-deps: not installing sarif-multitool: npm is not installed (Debian: apt-get install npm); TestSARIFValidates will skip\n" +
		"test.sh: running the tests without -race: the race detector needs cgo and a C compiler, and cgo is off (CGO_ENABLED=0)\n"
	if stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
	}
}

// TestTestShRace: -race where cgo and a C compiler are there, and a clear
// line where the compiler is missing.
func TestTestShRace(t *testing.T) {
	m := newMachine(t)
	m.fake(t, "git", "echo git version 2.39.5")
	m.fake(t, "pre-commit", "echo pre-commit 3.0.4")
	m.fakeSARIFValidator(t)
	m.fake(t, "fakecc", "exit 0")

	code, stdout, stderr := m.testSh(t, map[string]string{"CGO_ENABLED": "1", "CC": "fakecc -m64"}, "-run", "TestX")
	if code != 0 || stdout != "go test -race -run TestX ./...\n" {
		t.Errorf("with cgo and a compiler: exit %d, command %q\n%s", code, stdout, stderr)
	}
	if strings.Contains(stderr, "not installing") || !strings.Contains(stderr, "ci-deps: sarif-multitool: 5.7.0, in .cache/npm\n") {
		t.Errorf("with every tool there: stderr\n%s", stderr)
	}

	code, stdout, stderr = m.testSh(t, map[string]string{"CGO_ENABLED": "1", "CC": "no-such-cc"})
	if code != 0 || stdout != "go test ./...\n" ||
		!strings.HasSuffix(stderr, "test.sh: running the tests without -race: the race detector needs cgo and a C compiler, and there is no C compiler (no-such-cc is not on PATH)\n") {
		t.Errorf("without a compiler: exit %d, command %q\n%s", code, stdout, stderr)
	}
}

// TestTestShInCI: in CI (IRISLINT_CI=1) a tool that cannot be installed,
// or a race detector that cannot run, fails the run instead of skipping.
func TestTestShInCI(t *testing.T) {
	m := newMachine(t)
	code, stdout, stderr := m.testSh(t, map[string]string{"IRISLINT_CI": "1", "CGO_ENABLED": "0"})
	if code == 0 || stdout != "" || !strings.HasSuffix(stderr, "ci-deps: cannot install git: apt-get is not here (not a Debian-like system): install it with your package manager (IRISLINT_CI=1: every tool the tests drive is required)\n") {
		t.Errorf("CI without the tools: exit %d, stdout %q\n%s", code, stdout, stderr)
	}

	m.fake(t, "git", "echo git version 2.39.5")
	m.fake(t, "pre-commit", "echo pre-commit 3.0.4")
	m.fakeSARIFValidator(t)
	code, stdout, stderr = m.testSh(t, map[string]string{"IRISLINT_CI": "1", "CGO_ENABLED": "0"})
	if code == 0 || stdout != "" || !strings.HasSuffix(stderr, "test.sh: CI runs the tests with -race, which needs cgo and a C compiler, but cgo is off (CGO_ENABLED=0)\n") {
		t.Errorf("CI without cgo: exit %d, stdout %q\n%s", code, stdout, stderr)
	}
}

// TestTestShWithoutRoot: on Debian but not root, and no password-less
// sudo: one line saying what to run, and the tests run.
func TestTestShWithoutRoot(t *testing.T) {
	m := newMachine(t)
	os.Remove(filepath.Join(m.bin, "id"))
	m.fake(t, "id", `[ "$1" = -u ] && echo 1000 || echo uid=1000`)
	m.fake(t, "apt-get", "echo apt-get must not run without root >&2; exit 9")
	m.fakeSARIFValidator(t)
	code, stdout, stderr := m.testSh(t, map[string]string{"CGO_ENABLED": "0"})
	want := "ci-deps: not installing git: apt-get needs root, or sudo without a password: run 'sudo apt-get install git pre-commit'; TestPreCommitHook and TestVersionOfABuildFromTheClone will skip\n" +
		"ci-deps: not installing pre-commit: apt-get needs root, or sudo without a password: run 'sudo apt-get install git pre-commit'; TestPreCommitHook will skip\n" +
		"ci-deps: sarif-multitool: 5.7.0, in .cache/npm\n"
	if code != 0 || stdout != "go test ./...\n" || !strings.HasPrefix(stderr, want) {
		t.Errorf("exit %d, command %q, stderr:\n%s\nwant it to start:\n%s", code, stdout, stderr, want)
	}
}
