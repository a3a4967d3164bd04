package analyzer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A wrapper is one construct the fuzzer nests: prefix and suffix go around
// what is inside, n times over. deep says whether each repetition nests
// one level deeper for a parser (a chain link does, for the passes after
// the parser), so that the generator knows the nesting it built.
type wrapper struct {
	prefix, suffix string
	deep           bool
}

// Expression wrappers: any of them around any expression is an expression,
// and nests around all of it. (A bare sequence, `1, x`, would not: in
// `typeof 1, x` the typeof ends at the comma.)
var exprWrappers = []wrapper{
	{"[", "]", true}, {"{a:", "}", true}, {"(", ")", true}, {"String(", ")", true},
	{"`${", "}`", true}, {"1 ? ", " : 0", true}, {"0 ? 0 : ", "", true}, {"() => ", "", true},
	{"!", "", true}, {"-", "", true}, {"typeof ", "", true}, {"void ", "", true}, {"1+", "", true},
	{"'a'+", "", true}, {"1&&", "", true}, {"1??", "", true}, {"(1,", ")", true}, {"[1,", "]", true},
	{"{...", "}", true}, {"[...[", "]]", true}, {"(async () => ", ")", true}, {"((a) => ", ")(1)", true},
	{"new (class { constructor() { return ", " } })", true}, {"function () { return ", " }", true},
	{"2**", "", true}, {"((", ") as any)", true}, {"(", ")!", true}, {"<any>(", ")", true},
	{"(", ")[0]", true}, {"(", ")?.a", true}, {"(", ").a", true}, {"(", ")``", true},
	{"/x/.test(", ")", true}, {"1 / (", ")", true}, {"`a${", "}b`", true},
}

// Statement wrappers go around statements.
var stmtWrappers = []wrapper{
	{"if (1) ", "", true}, {"{", "}", true}, {"while (0) ", "", true}, {"for (;0;) ", "", true},
	{"if (0) ; else ", "", true}, {"do ", " while (0);", true}, {"try {", "} finally {}", true},
	{"l: ", "", false}, {"switch (1) { case 1: ", " }", true}, {"(() => {", "})();", true},
}

// Type wrappers go around types (TypeScript).
var typeWrappers = []wrapper{
	{"Array<", ">", true}, {"{a:", "}", true}, {"(", ")", true}, {"() => ", "", true},
	{"keyof ", "", true}, {"1 extends 1 ? ", " : 0", true}, {"[", "]", true}, {"Record<string, ", ">", true},
}

// jsonWrappers go around JSON values.
var jsonWrappers = []wrapper{{"[", "]", true}, {`{"a":`, "}", true}, {"[1,", "]", true}}

// maxFuzzSource keeps one input's source small enough to load in
// milliseconds, and large enough to cross every bound.
const maxFuzzSource = 256 << 10

// genFromBytes builds a source from the fuzzer's bytes: the first picks
// the kind (expression, statements, types, JSON, JSX), then each pair
// picks a wrapper and how many times to nest it (0-255, times 8). It
// returns the source, its syntax, and the nesting its wrappers build.
func genFromBytes(data []byte) (src string, lang shapeLang, nesting int) {
	if len(data) == 0 {
		return "export default { scopes: [] };\n", langTS, 0
	}
	kind := data[0] % 5
	data = data[1:]
	table := [][]wrapper{exprWrappers, stmtWrappers, typeWrappers, jsonWrappers, exprWrappers}[kind]
	var pre strings.Builder
	var sufs []string // closed in the opposite order
	size := 0
	for i := 0; i+1 < len(data); i += 2 {
		w := table[int(data[i])%len(table)]
		n := int(data[i+1]) * 8
		if step := len(w.prefix) + len(w.suffix); step > 0 && size+n*step > maxFuzzSource {
			n = (maxFuzzSource - size) / step
		}
		size += n * (len(w.prefix) + len(w.suffix))
		pre.WriteString(strings.Repeat(w.prefix, n))
		sufs = append(sufs, strings.Repeat(w.suffix, n))
		if w.deep {
			nesting += n
		}
	}
	var suf strings.Builder
	for i := len(sufs) - 1; i >= 0; i-- {
		suf.WriteString(sufs[i])
	}
	switch kind {
	case 0:
		return "export default { scopes: [], x: " + pre.String() + "1" + suf.String() + " };\n", langTS, nesting
	case 1:
		return pre.String() + "1;" + suf.String() + "\nexport default { scopes: [] };\n", langTS, nesting
	case 2:
		return "type T = " + pre.String() + "string" + suf.String() + ";\nexport default { scopes: [] };\n", langTS, nesting
	case 3:
		return `{"scopes": [], "x": ` + pre.String() + "1" + suf.String() + "}\n", langJSON, nesting
	}
	// JSX: the expression inside an element nested as deep again
	depth := min(nesting, 2000)
	return "const React: any = { createElement: () => 1 };\nexport default { scopes: [], x: " +
		strings.Repeat("<a>", depth) + "{" + pre.String() + "1" + suf.String() + "}" + strings.Repeat("</a>", depth) +
		" };\n", langTSX, nesting + depth
}

// FuzzShapes builds deep and long constructs of every kind from the
// fuzzer's bytes and loads them: Load must end within fuzzHang with a
// Manifest or a LoadError, never crash (a stack overflow would take the
// fuzzing process down, and be reported). And whenever esbuild accepts the
// source (Load gets past bundling), the scan must have measured at least
// the nesting the wrappers built: less would mean a reading of the source
// that hides nesting from the bounds.
func FuzzShapes(f *testing.F) {
	root := f.TempDir()
	if err := os.WriteFile(filepath.Join(root, "nx.json"), []byte("{}\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][]byte{
		{0, 0, 10},            // arrays
		{0, 7, 20, 12, 5},     // arrows around 1+ chains
		{1, 0, 30, 1, 30},     // if and blocks
		{2, 0, 40},            // type arguments
		{3, 1, 200},           // JSON objects
		{4, 2, 10},            // JSX around parentheses
		{0, 32, 100},          // regexp tests around each other
		{0, 26, 255, 27, 255}, // casts and non-null assertions
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		src, lang, nesting := genFromBytes(data)
		name := "iris-app-manifest.ts"
		switch lang {
		case langJSON:
			name = "iris-app-manifest.json"
		case langTSX:
			// a manifest is .ts: the JSX goes in a lib it imports
			if err := os.WriteFile(filepath.Join(root, "view.tsx"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			src = "export { default } from './view';\n"
		}
		path := filepath.Join(root, name)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err := Load(path, Options{Timeout: 250 * time.Millisecond})
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("Load took %v", d)
		}
		bundled := true
		if le, ok := err.(*LoadError); ok {
			for _, p := range le.Problems {
				switch p.Kind {
				case ProblemSyntax, ProblemBundle, ProblemResolve, ProblemTooComplex:
					bundled = false
				}
			}
		}
		if !bundled || nesting > parseLimits.depth {
			return
		}
		measured := src
		if lang == langTSX {
			measured, _ = readString(filepath.Join(root, "view.tsx"))
		}
		if st, _ := measureShape([]byte(measured), lang, parseLimits); st.depth < nesting {
			t.Fatalf("esbuild parsed %d levels of nesting, the scan measured %d:\n%.300s", nesting, st.depth, measured)
		}
	})
}

func readString(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}
