package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hostileCase is one line of testdata/hostile/expect.txt.
type hostileCase struct {
	file string // relative to testdata/hostile
	rule string
	line int    // 0: any line (where evaluation was stopped depends on timing)
	in   string // the file the diagnostic names, when not file itself
}

func readHostileCases(t *testing.T, dir string) []hostileCase {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "expect.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []hostileCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if len(fields) < 3 {
			t.Fatalf("expect.txt: bad line %q", sc.Text())
		}
		c := hostileCase{file: fields[0], rule: fields[1], in: fields[0]}
		if fields[2] != "*" {
			if c.line, err = strconv.Atoi(fields[2]); err != nil {
				t.Fatalf("expect.txt: bad line number in %q", sc.Text())
			}
		}
		if len(fields) > 3 {
			c.in = fields[3]
		}
		cases = append(cases, c)
	}
	return cases
}

// jsonReport is the design's JSON output.
type jsonReport struct {
	Diagnostics []struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Rule     string `json:"rule"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
	} `json:"diagnostics"`
	Summary struct {
		Files, Errors, Warnings int
	} `json:"summary"`
}

// Budgets the hostile runs are held to: evaluation budget plus time to
// start, bundle and report; whole-process peak memory. Cases that must end
// by timeout get a short budget to keep the test quick; the others get the
// default, so that a slow, loaded machine does not turn a memory case into
// a timeout (the folder run, two at a time, gets a little more).
const (
	hostileTimeout = 2 * time.Second
	defaultTimeout = 5 * time.Second
	folderTimeout  = 3 * time.Second
	hostileSlack   = 3 * time.Second
	hostileMaxRSS  = 1 << 30
	secretMarker   = "SECRET-MARKER-7f3a"
	pwnedMarker    = "/tmp/irislint-pwned-marker"
)

type hostileRun struct {
	code    int
	stdout  string
	stderr  string
	elapsed time.Duration
	maxRSS  int64 // bytes
}

func runHostile(t *testing.T, dir string, args ...string) hostileRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, irislintBinary(t), args...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := hostileRun{stdout: out.String(), stderr: errb.String(), elapsed: time.Since(start)}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running irislint: %v", err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return r
}

// checkContained asserts what must hold for every hostile run: no Go crash,
// nothing from outside the workspace in the output, no marker file.
func checkContained(t *testing.T, r hostileRun) {
	t.Helper()
	for _, bad := range []string{"goroutine ", "panic:", "fatal error:", secretMarker} {
		if strings.Contains(r.stdout, bad) || strings.Contains(r.stderr, bad) {
			t.Errorf("output contains %q:\nstdout: %s\nstderr: %s", bad, r.stdout, r.stderr)
		}
	}
	if r.maxRSS > hostileMaxRSS {
		t.Errorf("peak RSS %d MiB, want under %d MiB", r.maxRSS>>20, hostileMaxRSS>>20)
	}
	if _, err := os.Stat(pwnedMarker); err == nil {
		t.Errorf("%s exists: a manifest reached the host", pwnedMarker)
	}
}

// TestHostile runs irislint on every hostile manifest, one process each:
// each ends with exit 1 and its one expected diagnostic, within its time
// budget and under 1 GiB, with no crash and nothing read from outside the
// workspace.
func TestHostile(t *testing.T) {
	dir := testdataDir(t, "hostile")
	os.Remove(pwnedMarker)
	for _, c := range append(readHostileCases(t, dir), generatedHostileCases(t, dir)...) {
		t.Run(c.file, func(t *testing.T) {
			budget := defaultTimeout
			if c.rule == "timeout" {
				budget = hostileTimeout
			}
			r := runHostile(t, dir, "lint", "--as-manifest", "--format", "json", "--timeout", budget.String(), c.file)
			checkContained(t, r)
			if r.code != exitProblems {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, exitProblems, r.stdout, r.stderr)
			}
			if r.elapsed > budget+hostileSlack {
				t.Errorf("took %v, budget %v", r.elapsed, budget+hostileSlack)
			}
			if r.stderr != "" {
				t.Errorf("stderr = %q, want nothing", r.stderr)
			}
			var rep jsonReport
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatalf("output is not the JSON report: %v\n%s", err, r.stdout)
			}
			if len(rep.Diagnostics) != 1 {
				t.Fatalf("want exactly one diagnostic, got %+v", rep.Diagnostics)
			}
			d := rep.Diagnostics[0]
			if d.Rule != c.rule || d.File != c.in || c.line != 0 && d.Line != c.line || d.Severity != "error" {
				t.Errorf("got %s:%d %s [%s] %q, want %s:%d [%s] error", d.File, d.Line, d.Severity, d.Rule, d.Message, c.in, c.line, c.rule)
			}
		})
	}
}

// TestHostileFolder lints the whole hostile folder in one process, in
// parallel: every case still gets its diagnostic, and the good manifest
// among them stays clean.
func TestHostileFolder(t *testing.T) {
	dir := testdataDir(t, "hostile")
	os.Remove(pwnedMarker)
	cases := append(readHostileCases(t, dir), generatedHostileCases(t, dir)...)
	args := []string{"lint", "--as-manifest", "--format", "json", "--timeout", folderTimeout.String(), "-j", "2"}
	for _, c := range cases {
		args = append(args, c.file)
	}
	args = append(args, "good/iris-app-manifest.ts")
	r := runHostile(t, dir, args...)
	checkContained(t, r)
	if r.code != exitProblems || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("output is not the JSON report: %v", err)
	}
	got := map[string][]string{}
	for _, d := range rep.Diagnostics {
		got[d.File] = append(got[d.File], d.Rule)
	}
	for _, c := range cases {
		if rules := got[c.in]; len(rules) != 1 || rules[0] != c.rule {
			t.Errorf("%s: got %v, want [%s]", c.in, rules, c.rule)
		}
	}
	if d := got["good/iris-app-manifest.ts"]; len(d) != 0 {
		t.Errorf("the good manifest got %v, want no diagnostics", d)
	}
	if rep.Summary.Files != len(cases)+1 {
		t.Errorf("summary counts %d files, want %d", rep.Summary.Files, len(cases)+1)
	}
}

// generatedHostileCases makes the cases that cannot be committed: a 10 MiB
// manifest (its bad scope on the last line), and a FIFO named like a
// manifest (reading it would block forever). They live in a folder of the
// hostile workspace that the test removes afterwards.
func generatedHostileCases(t *testing.T, dir string) []hostileCase {
	t.Helper()
	gen := filepath.Join(dir, "generated")
	if err := os.MkdirAll(filepath.Join(gen, "fifo"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(gen) })

	var b strings.Builder
	b.WriteString("export default {\n  scopes: [\n")
	line := "    // padding padding padding padding padding padding padding padding padding\n"
	n := (10<<20)/len(line) + 1
	for i := 0; i < n; i++ {
		b.WriteString(line)
	}
	b.WriteString("    { scope: 'asset.veiw', optional: false },\n  ],\n};\n")
	if err := os.WriteFile(filepath.Join(gen, "ten-mib.ts"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []hostileCase{{file: "generated/ten-mib.ts", rule: "unknown-scope", line: n + 3, in: "generated/ten-mib.ts"}}

	fifo := filepath.Join(gen, "fifo", "iris-app-manifest.ts")
	if err := syscall.Mkfifo(fifo, 0o644); err == nil {
		cases = append(cases, hostileCase{file: "generated/fifo/iris-app-manifest.ts", rule: "read", line: 1, in: "generated/fifo/iris-app-manifest.ts"})
	} else {
		t.Logf("no FIFO case: %v", err)
	}
	return cases
}

// TestMemoryLimitFlag: --memory-limit sets the budget. A manifest holding
// about 48 MiB is clean under the default budget and stopped under 32 MiB.
func TestMemoryLimitFlag(t *testing.T) {
	dir := testdataDir(t, "hostile")
	for _, tt := range []struct {
		args []string
		code int
		rule string
	}{
		{nil, exitOK, ""},
		{[]string{"--memory-limit", "32"}, exitProblems, "memory-limit"},
	} {
		args := append([]string{"lint", "--as-manifest", "--format", "json"}, tt.args...)
		r := runHostile(t, dir, append(args, "modest-growth.ts")...)
		checkContained(t, r)
		var rep jsonReport
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("%v: output is not the JSON report: %v\n%s%s", tt.args, err, r.stdout, r.stderr)
		}
		var rules []string
		for _, d := range rep.Diagnostics {
			rules = append(rules, d.Rule+": "+d.Message)
		}
		switch {
		case r.code != tt.code:
			t.Errorf("%v: exit %d, want %d; %v", tt.args, r.code, tt.code, rules)
		case tt.rule == "" && len(rules) != 0:
			t.Errorf("%v: got %v, want no diagnostics", tt.args, rules)
		case tt.rule != "" && (len(rules) != 1 || rep.Diagnostics[0].Rule != tt.rule):
			t.Errorf("%v: got %v, want one [%s]", tt.args, rules, tt.rule)
		case tt.rule != "" && !strings.Contains(rep.Diagnostics[0].Message, "budget of 32 MiB"):
			t.Errorf("%v: message %q does not name the 32 MiB budget", tt.args, rep.Diagnostics[0].Message)
		}
	}
}
