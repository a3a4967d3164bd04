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
	t.Logf("%d manifests in %v, peak RSS %d MiB", len(cases)+1, r.elapsed.Round(time.Millisecond), r.maxRSS>>20)
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
// manifest (its bad scope on the last line), a FIFO named like a manifest
// (reading it would block forever), and the shapes of issue 10 that
// crashed or stalled the parsers, too large to commit (parserCases). They
// live in a folder of the hostile workspace that the test removes
// afterwards.
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
	return append(cases, parserCases(t, gen)...)
}

// parserCases writes the shapes that took the parsers past every bound
// before irislint measured its sources (issue 10): each must now end with
// one too-complex diagnostic, or, for the style sheet esbuild no longer
// parses, the manifest's own unknown scope.
func parserCases(t *testing.T, gen string) []hostileCase {
	t.Helper()
	r := strings.Repeat
	expr := func(e string) string { return "export default { scopes: [], x: " + e + " };\n" }
	var cases []hostileCase
	for _, c := range []struct {
		files map[string]string // relative to gen; the first key sorted is the manifest
		rule  string
		line  int
		in    string // the file the diagnostic names, relative to gen
	}{
		// 200,000 nested brackets (400 KB): a fatal stack overflow in
		// esbuild's parser, 1 GiB RSS
		{map[string]string{"brackets.ts": expr(r("[", 200_000) + r("]", 200_000))}, "too-complex", 1, "brackets.ts"},
		{map[string]string{"objects.ts": expr(r("{a:", 200_000) + "1" + r("}", 200_000))}, "too-complex", 1, "objects.ts"},
		{map[string]string{"ternaries.ts": expr(r("1 ? 1 : ", 200_000) + "0")}, "too-complex", 1, "ternaries.ts"},
		// parentheses: exit 0, but 1 GiB RSS
		{map[string]string{"parens.ts": expr(r("(", 200_000) + "'s'" + r(")", 200_000))}, "too-complex", 1, "parens.ts"},
		// a required JSON file: 1.1 GiB RSS
		{map[string]string{
			"deep-json.ts": "const d = require('./deep.json');\nexport default { scopes: [], d };\n",
			"deep.json":    r("[", 200_000) + r("]", 200_000) + "\n",
		}, "too-complex", 1, "deep.json"},
		// 20,000 nested arrows: 15-17 s outside the time budget
		{map[string]string{"arrows.ts": expr(r("() => ", 20_000) + "1")}, "too-complex", 1, "arrows.ts"},
		// 1+1+... 500,000 terms: still compiling after 60 s
		{map[string]string{"plus.ts": expr(r("1+", 500_000) + "1")}, "too-complex", 1, "plus.ts"},
		// 'a'+'a'+... 40,000 terms: esbuild folds it into 1.7 GB
		{map[string]string{"concat.ts": expr(r("'a'+", 40_000) + "'a'")}, "too-complex", 1, "concat.ts"},
		// a[0][0]...: a fatal stack overflow in esbuild's visitor
		{map[string]string{"index-chain.ts": expr("[[]]" + r("[0]", 300_000))}, "too-complex", 1, "index-chain.ts"},
		// a package.json esbuild's resolver reads on its own: a fatal stack
		// overflow at 1,000,000 levels (2 MB)
		{map[string]string{
			"package/iris-app-manifest.ts":           "import { a } from 'evil';\nexport default { scopes: [], a };\n",
			"package/node_modules/evil/package.json": `{"main": "i.js", "x": ` + r("[", 1_000_000) + r("]", 1_000_000) + "}\n",
			"package/node_modules/evil/i.js":         "exports.a = 1;\n",
		}, "too-complex", 1, "package/node_modules/evil/package.json"},
		// a style sheet esbuild's CSS parser took to 24 GB RSS: no longer
		// parsed (a manifest's value never depends on one)
		{map[string]string{
			"css/iris-app-manifest.ts": "import './deep.css';\nexport default { scopes: [{ scope: 'asset.veiw', optional: false }] };\n",
			"css/deep.css":             r("a{", 200_000) + r("}", 200_000),
		}, "unknown-scope", 2, "css/iris-app-manifest.ts"},
		// over the 12 MiB a file may have
		{map[string]string{"thirteen-mib.ts": r("//", 13<<19) + "\nexport default { scopes: [] };\n"}, "too-complex", 1, "thirteen-mib.ts"},
	} {
		var manifest string
		for name, content := range c.files {
			p := filepath.Join(gen, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(name, ".ts") && (manifest == "" || strings.HasSuffix(name, "iris-app-manifest.ts")) {
				manifest = name
			}
		}
		cases = append(cases, hostileCase{file: "generated/" + manifest, rule: c.rule, line: c.line, in: "generated/" + c.in})
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
