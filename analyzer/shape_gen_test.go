package analyzer

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// genShape is a generated shape: the workspace files it needs (manifest
// first) at size n, and what loading the manifest must give.
type genShape struct {
	name  string
	n     int                           // a size well past the bounds
	files func(n int) map[string]string // relative path -> content; "iris-app-manifest.*" is the manifest
	want  string                        // the one Problem kind Load must give; "" for a manifest that loads
}

func one(name, src string) map[string]string { return map[string]string{name: src} }

const manifestTS = "iris-app-manifest.ts"

// ts wraps an expression as a manifest's value.
func ts(expr string) map[string]string {
	return one(manifestTS, "export default { scopes: [], x: "+expr+" };\n")
}

var r = strings.Repeat

// genShapes are deep and long constructs of every kind, in TypeScript,
// JavaScript, JSX and JSON, in the manifest, in files it imports and in
// the configuration esbuild reads, and given to the parsers at run time.
// Each once crashed irislint, ran past its budgets or is a variant of one
// that did; every one must now end in its budget, under 1 GiB, with one
// diagnostic (or none, for the long but harmless ones).
var genShapes = []genShape{
	// nesting of every bracket kind
	{"arrays", 200_000, func(n int) map[string]string { return ts(r("[", n) + r("]", n)) }, ProblemTooComplex},
	{"objects", 200_000, func(n int) map[string]string { return ts(r("{a:", n) + "1" + r("}", n)) }, ProblemTooComplex},
	{"parentheses", 200_000, func(n int) map[string]string { return ts(r("(", n) + "'s'" + r(")", n)) }, ProblemTooComplex},
	{"calls", 200_000, func(n int) map[string]string { return ts(r("String(", n) + r(")", n)) }, ProblemTooComplex},
	{"blocks", 200_000, func(n int) map[string]string {
		return one(manifestTS, r("{", n)+r("}", n)+"\nexport default { scopes: [] };\n")
	}, ProblemTooComplex},
	{"templates", 100_000, func(n int) map[string]string { return ts(r("`${", n) + "1" + r("}`", n)) }, ProblemTooComplex},
	{"functions", 100_000, func(n int) map[string]string {
		return one(manifestTS, r("function f() {", n)+r("}", n)+"\nexport default { scopes: [] };\n")
	}, ProblemTooComplex},
	{"nested function declarations in blocks, copies", 40, func(n int) map[string]string {
		// each copy within the depth bound; together 1.5 s in esbuild's
		// scopes and renamer before function keywords weighed their depth
		nest := "{\n" + r("function f() {", 166) + r("}", 166) + "\n}\n"
		return one(manifestTS, r(nest, n)+"export default { scopes: [] };\n")
	}, ProblemTooComplex},
	{"classes", 20_000, func(n int) map[string]string { return ts(r("class { m() { return ", n) + "1" + r(" } }", n)) }, ProblemTooComplex},
	{"destructuring", 100_000, func(n int) map[string]string {
		return one(manifestTS, "const "+r("[", n)+"a"+r("]", n)+" = [];\nexport default { scopes: [] };\n")
	}, ProblemTooComplex},
	// operators and statements that nest without brackets
	{"ternaries", 200_000, func(n int) map[string]string { return ts(r("1 ? 1 : ", n) + "0") }, ProblemTooComplex},
	{"arrows", 20_000, func(n int) map[string]string { return ts(r("() => ", n) + "1") }, ProblemTooComplex},
	{"unary operators", 200_000, func(n int) map[string]string { return ts(r("!", n) + "1") }, ProblemTooComplex},
	{"typeof", 200_000, func(n int) map[string]string { return ts(r("typeof ", n) + "1") }, ProblemTooComplex},
	{"assignments", 200_000, func(n int) map[string]string { return ts("(() => { let a; return " + r("a=", n) + "1; })()") }, ProblemTooComplex},
	{"exponents", 200_000, func(n int) map[string]string { return ts(r("1**", n) + "1") }, ProblemTooComplex},
	{"if statements", 200_000, func(n int) map[string]string {
		return one(manifestTS, "let a = 1;\n"+r("if (a) ", n)+"a++;\nexport default { scopes: [] };\n")
	}, ProblemTooComplex},
	{"else if chain", 200_000, func(n int) map[string]string {
		return one(manifestTS, "let a = 1;\n"+r("if (!a) a++; else ", n)+"a++;\nexport default { scopes: [] };\n")
	}, ProblemTooComplex},
	{"labels", 50_000, func(n int) map[string]string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString("l" + strconv.Itoa(i) + ": ")
		}
		return one(manifestTS, b.String()+";\nexport default { scopes: [] };\n")
	}, ProblemTooComplex},
	// long chains: flat to the parsers, recursive or quadratic after them
	{"plus chain", 500_000, func(n int) map[string]string { return ts(r("1+", n) + "1") }, ProblemTooComplex},
	{"string concatenation", 40_000, func(n int) map[string]string { return ts(r("'a'+", n) + "'a'") }, ProblemTooComplex},
	{"long string folded", 300, func(n int) map[string]string {
		return ts("'" + r("s", 1_000_000) + "'" + r("+'a'", n))
	}, ProblemTooComplex},
	{"logical chain", 200_000, func(n int) map[string]string { return ts(r("1&&", n) + "1") }, ProblemTooComplex},
	{"nullish chain (lowered to nested conditionals)", 100_000, func(n int) map[string]string { return ts(r("1??", n) + "1") }, ProblemTooComplex},
	{"member chain", 200_000, func(n int) map[string]string { return ts("({} as any)" + r(".a", n)) }, ProblemTooComplex},
	{"optional chain (lowered)", 100_000, func(n int) map[string]string { return ts("({} as any)" + r("?.a", n)) }, ProblemTooComplex},
	{"index chain", 200_000, func(n int) map[string]string { return ts("[[]]" + r("[0]", n)) }, ProblemTooComplex},
	{"call chain", 200_000, func(n int) map[string]string {
		return one(manifestTS, "const f: any = () => f;\nexport default { scopes: [], x: f"+r("()", n)+" && 1 };\n")
	}, ProblemTooComplex},
	{"sequence", 100_000, func(n int) map[string]string { return ts("(" + r("1,", n) + "1)") }, ProblemTooComplex},
	{"object spread (lowered to nested calls)", 100_000, func(n int) map[string]string { return ts(r("{...", n) + "{}" + r("}", n)) }, ProblemTooComplex},
	// TypeScript: types nest, and `<` makes esbuild look ahead
	{"type arguments", 500_000, func(n int) map[string]string {
		return one(manifestTS, "type T = "+r("Array<", n)+"string"+r(">", n)+";\nexport default { scopes: [] };\n")
	}, ProblemTooComplex},
	{"object types", 500_000, func(n int) map[string]string {
		return one(manifestTS, "type T = "+r("{a:", n)+"string"+r("}", n)+";\nexport default { scopes: [] };\n")
	}, ProblemTooComplex},
	{"conditional types", 500_000, func(n int) map[string]string {
		return one(manifestTS, "type T<A> = "+r("A extends 1 ? 1 : ", n)+"0;\nexport default { scopes: [] };\n")
	}, ProblemTooComplex},
	{"less-than chain", 20_000, func(n int) map[string]string {
		return one(manifestTS, "const a: any = 1;\nexport default { scopes: [], x: "+r("a < ", n)+"a };\n")
	}, ProblemTooComplex},
	{"less-than in arguments", 20_000, func(n int) map[string]string {
		return one(manifestTS, "const a: any = 1, x: any = 1;\nexport default { scopes: [x("+r("a < x, ", n)+"1)] };\n")
	}, ProblemTooComplex},
	{"nested less-than", 5_000, func(n int) map[string]string {
		return one(manifestTS, "const a: any = 1;\nexport default { scopes: [], x: "+r("a < a < (", n)+"1"+r(")", n)+" };\n")
	}, ProblemTooComplex},
	// JSX, in a file the manifest imports
	{"JSX elements", 100_000, func(n int) map[string]string {
		return map[string]string{
			manifestTS: "import { x } from './view';\nexport default { scopes: [], x };\n",
			"view.tsx": "const React: any = { createElement: () => 1 };\nexport const x = " + r("<a>", n) + r("</a>", n) + ";\n",
		}
	}, ProblemTooComplex},
	// JSON, required and as the manifest itself
	{"JSON arrays, required", 200_000, func(n int) map[string]string {
		return map[string]string{
			manifestTS:  "const d = require('./deep.json');\nexport default { scopes: [], d };\n",
			"deep.json": r("[", n) + r("]", n) + "\n",
		}
	}, ProblemTooComplex},
	{"JSON objects, the manifest itself", 200_000, func(n int) map[string]string {
		return one("iris-app-manifest.json", `{"scopes": `+r(`{"a":`, n)+"1"+r("}", n)+"}\n")
	}, ProblemTooComplex},
	// configuration esbuild's resolver reads on its own
	{"package.json in node_modules", 1_000_000, func(n int) map[string]string {
		return map[string]string{
			manifestTS:                       "import { a } from 'evil';\nexport default { scopes: [], a };\n",
			"node_modules/evil/package.json": `{"main": "i.js", "x": ` + r("[", n) + r("]", n) + "}\n",
			"node_modules/evil/i.js":         "exports.a = 1;\n",
		}
	}, ProblemTooComplex},
	{"tsconfig.json of a lib", 1_000_000, func(n int) map[string]string {
		return map[string]string{
			manifestTS:          "import { scopes } from './lib';\nexport default { scopes };\n",
			"lib/index.ts":      "export const scopes = [];\n",
			"lib/tsconfig.json": `{"x": ` + r("[", n) + r("]", n) + "}\n",
		}
	}, ProblemTooComplex},
	{"tsconfig.json extended", 1_000_000, func(n int) map[string]string {
		return map[string]string{
			manifestTS:         "export default { scopes: [] };\n",
			"tsconfig.json":    `{"extends": "./base/strict.json"}` + "\n",
			"base/strict.json": `{"x": ` + r("[", n) + r("]", n) + "}\n",
		}
	}, ProblemTooComplex},
	// other ways into a parser
	{"style sheet", 200_000, func(n int) map[string]string {
		return map[string]string{
			manifestTS: "import './a.css';\nexport default { scopes: [] };\n",
			"a.css":    r("a{", n) + r("}", n),
		}
	}, ""},
	{"data URL", 5_000, func(n int) map[string]string {
		return one(manifestTS, "import x from 'data:text/javascript,export default "+r("%5B", n)+r("%5D", n)+"';\nexport default { scopes: [], x };\n")
	}, ProblemTooComplex},
	{"eval", 300_000, func(n int) map[string]string {
		return ts(fmt.Sprintf("eval('['.repeat(%d) + ']'.repeat(%d))", n, n))
	}, ProblemTooComplex},
	{"new Function", 300_000, func(n int) map[string]string {
		return ts(fmt.Sprintf("new Function('return ' + '['.repeat(%d) + ']'.repeat(%d))()", n, n))
	}, ProblemTooComplex},
	{"Function from a prototype", 300_000, func(n int) map[string]string {
		return ts(fmt.Sprintf("(async () => {}).constructor('return ' + '['.repeat(%d))", n))
	}, ProblemTooComplex},
	{"JSON.parse", 3_000_000, func(n int) map[string]string {
		return ts(fmt.Sprintf("JSON.parse('['.repeat(%d) + ']'.repeat(%d))", n, n))
	}, ProblemTooComplex},
	// long but harmless: these load
	{"flat array", 50_000, func(n int) map[string]string { return ts("[" + r("1,", n) + "]") }, ""},
	{"many statements", 20_000, func(n int) map[string]string {
		return one(manifestTS, "let a = 0;\n"+r("a++;\n", n)+"export default { scopes: [] };\n")
	}, ""},
	{"long string", 2 << 20, func(n int) map[string]string { return ts("'" + r("a", n) + "'") }, ""},
	{"many imports of one file", 5_000, func(n int) map[string]string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "import { a as a%d } from './lib';\n", i)
		}
		return map[string]string{manifestTS: b.String() + "export default { scopes: [] };\n", "lib.ts": "export const a = 1;\n"}
	}, ""},
	{"many files", 500, func(n int) map[string]string {
		files := map[string]string{}
		var b strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "import { a as a%d } from './lib/f%d';\n", i, i)
			files[fmt.Sprintf("lib/f%d.ts", i)] = "export const a = 1;\n"
		}
		files[manifestTS] = b.String() + "export default { scopes: [] };\n"
		return files
	}, ""},
	// too big
	{"too many tokens", 600_000, func(n int) map[string]string { return ts("[" + r("1,", n) + "]") }, ProblemTooComplex},
	{"a file over 12 MiB", 13 << 20, func(n int) map[string]string {
		return one(manifestTS, r("//", n/2)+"\nexport default { scopes: [] };\n")
	}, ProblemTooComplex},
}

// shapeChildEnv names the manifests a child process loads, in turn
// (TestShapeChild), separated by the path list separator.
const shapeChildEnv = "IRISLINT_SHAPE_CHILD"

// shapeResult is what a child process reports for one manifest.
type shapeResult struct {
	Kinds   []string      `json:"kinds"`
	Message string        `json:"message"`
	Line    int           `json:"line"`
	Elapsed time.Duration `json:"elapsed"`
}

// TestShapeChild loads manifests one after the other and prints each
// outcome as a JSON line: the child process of TestGeneratedShapes, so
// that a crash, a hang or a memory blow-up stays out of the test process
// and can be measured (a crash ends the output after the last manifest
// that loaded).
func TestShapeChild(t *testing.T) {
	paths := os.Getenv(shapeChildEnv)
	if paths == "" {
		t.Skip("run by TestGeneratedShapes")
	}
	for _, path := range filepath.SplitList(paths) {
		var res shapeResult
		start := time.Now()
		_, err := Load(path, Options{Timeout: 2 * time.Second})
		res.Elapsed = time.Since(start)
		if le, ok := err.(*LoadError); ok {
			for _, p := range le.Problems {
				res.Kinds = append(res.Kinds, p.Kind)
			}
			res.Message, res.Line = le.Problems[0].Message, le.Problems[0].Pos.Line
		} else if err != nil {
			t.Fatal(err)
		}
		out, _ := json.Marshal(res)
		fmt.Println("RESULT " + string(out))
	}
}

// childRun is one child process's outcome.
type childRun struct {
	results []shapeResult // one a manifest loaded, in order
	elapsed time.Duration
	maxRSS  int64
	output  string
	err     error
}

// loadInChild loads the manifests at paths, in turn, in a child process.
func loadInChild(t *testing.T, paths ...string) childRun {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestShapeChild$")
	cmd.Env = append(os.Environ(), shapeChildEnv+"="+strings.Join(paths, string(os.PathListSeparator)))
	start := time.Now()
	out, err := cmd.CombinedOutput()
	run := childRun{elapsed: time.Since(start), output: string(out), err: err}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		run.maxRSS = ru.Maxrss * 1024
	}
	for _, line := range strings.Split(run.output, "\n") {
		if rest, ok := strings.CutPrefix(line, "RESULT "); ok {
			var res shapeResult
			if err := json.Unmarshal([]byte(rest), &res); err != nil {
				run.err = err
			}
			run.results = append(run.results, res)
		}
	}
	return run
}

// writeShape writes a shape's files into a fresh workspace and returns its
// manifest's path.
func writeShape(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "nx.json"), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	manifest := ""
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(name, "iris-app-manifest.") {
			manifest = p
		}
	}
	return manifest
}

// TestGeneratedShapes loads every generated shape, all in one child
// process: each ends in its time budget plus the parsers' bounded time,
// with no Go crash, and gives its one expected problem; the process stays
// under 1 GiB.
func TestGeneratedShapes(t *testing.T) {
	if testing.Short() {
		t.Skip("loads every shape in a child process")
	}
	paths := make([]string, len(genShapes))
	for i, sh := range genShapes {
		paths[i] = writeShape(t, sh.files(sh.n))
	}
	run := loadInChild(t, paths...)
	if n := len(run.results); n < len(genShapes) {
		t.Fatalf("the child stopped while loading %q (%v):\n%.3000s", genShapes[n].name, run.err, run.output)
	}
	if run.err != nil || strings.Contains(run.output, "goroutine ") {
		t.Fatalf("child: %v\n%.3000s", run.err, run.output)
	}
	if run.maxRSS > 1<<30 {
		t.Errorf("peak RSS %d MiB", run.maxRSS>>20)
	}
	for i, sh := range genShapes {
		res := run.results[i]
		if got := strings.Join(res.Kinds, ","); got != sh.want {
			t.Errorf("%s: problems %q (%s), want %q", sh.name, got, res.Message, sh.want)
		}
		if res.Elapsed > 8*time.Second {
			t.Errorf("%s: took %v", sh.name, res.Elapsed)
		}
		t.Logf("%-50s %-12s line %-3d %6.2fs", sh.name, strings.Join(res.Kinds, ","), res.Line, res.Elapsed.Seconds())
	}
	t.Logf("peak RSS of the child: %d MiB", run.maxRSS>>20)
}

// fitsBounds reports whether files pass the admission Load would give them
// (their figures summed, as one build sums them; configuration files and
// JSON read as JSON).
func fitsBounds(files map[string]string) bool {
	var work int64
	tokens, bytes := 0, 0
	for name, content := range files {
		lang, ok := sourceLang(name)
		if !ok {
			continue
		}
		lim := parseLimits
		lim.work -= work
		lim.tokens -= tokens
		if bytes += len(content); bytes > buildBytesLimit {
			return false
		}
		st, issue := measureShape([]byte(content), lang, lim)
		if issue != nil {
			return false
		}
		work += st.work
		tokens += st.tokens
	}
	return true
}

// TestShapesAtTheBounds (IRISLINT_CALIBRATE=1) loads each refused shape at
// the largest size that still passes the bounds, and prints what Load
// costs there: the figures behind README's Security section. A shape the
// bundle check still refuses at that size is shrunk until it loads.
func TestShapesAtTheBounds(t *testing.T) {
	if os.Getenv("IRISLINT_CALIBRATE") == "" {
		t.Skip("set IRISLINT_CALIBRATE=1 to measure")
	}
	for _, sh := range genShapes {
		if sh.want != ProblemTooComplex {
			continue
		}
		lo, hi := 1, sh.n
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if fitsBounds(sh.files(mid)) {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		n := lo
		var run childRun
		var res shapeResult
		for tries := 0; tries < 30; tries++ {
			run = loadInChild(t, writeShape(t, sh.files(n)))
			if len(run.results) > 0 {
				res = run.results[0]
			}
			if !strings.Contains(strings.Join(res.Kinds, ","), ProblemTooComplex) || n <= 1 {
				break
			}
			n = n * 9 / 10
		}
		crash := strings.Contains(run.output, "fatal error")
		t.Logf("%-45s n=%-8d %6.2fs %5d MiB problems=%v crash=%v", sh.name, n, res.Elapsed.Seconds(), run.maxRSS>>20, res.Kinds, crash)
	}
}

// TestCopiesAtTheWorkBound (IRISLINT_CALIBRATE=1): the work bound is for
// all the files together, so the costliest case it lets through is many
// copies of the shape that costs most per unit. For each refused shape at
// depth just under the bound, as many copies as fit under the work bound
// go into one manifest, which is loaded and timed.
func TestCopiesAtTheWorkBound(t *testing.T) {
	if os.Getenv("IRISLINT_CALIBRATE") == "" {
		t.Skip("set IRISLINT_CALIBRATE=1 to measure")
	}
	for _, sh := range genShapes {
		files := sh.files(1)
		if sh.want != ProblemTooComplex || len(files) != 1 {
			continue
		}
		src, ok := files[manifestTS]
		if !ok {
			continue
		}
		// the deepest n that fits (depth), then copies of it
		lo, hi := 1, sh.n
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if fitsBounds(sh.files(mid)) {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		src = sh.files(lo / 2)[manifestTS] // half the depth: copies must fit too
		body, _, _ := strings.Cut(src, "export default")
		if expr, ok := strings.CutPrefix(src, "export default { scopes: [], x: "); ok {
			body = "const v = " + strings.TrimSuffix(expr, " };\n") + ";"
		}
		st, _ := measureShape([]byte(src), langTS, unbounded)
		if st.work == 0 {
			continue
		}
		copies := int(parseLimits.work / st.work)
		var b strings.Builder
		for i := 0; i < copies && b.Len() < 8<<20; i++ {
			b.WriteString("{\n" + strings.ReplaceAll(body, "export ", "") + "\n}\n")
		}
		b.WriteString("export default { scopes: [] };\n")
		all, issue := measureShape([]byte(b.String()), langTS, parseLimits)
		run := loadInChild(t, writeShape(t, one(manifestTS, b.String())))
		var res shapeResult
		if len(run.results) > 0 {
			res = run.results[0]
		}
		t.Logf("%-45s n=%-6d copies=%-6d work=%-11d issue=%v %6.2fs %5d MiB problems=%v", sh.name, lo/2, copies, all.work, issue != nil, res.Elapsed.Seconds(), run.maxRSS>>20, res.Kinds)
	}
}
