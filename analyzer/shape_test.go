package analyzer

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// unbounded measures without refusing.
var unbounded = shapeLimits{depth: 1 << 30, work: 1 << 62, tokens: 1 << 30, bytes: 1 << 30}

func measure(t *testing.T, src string, lang shapeLang) shapeStats {
	t.Helper()
	st, issue := measureShape([]byte(src), lang, unbounded)
	if issue != nil {
		t.Fatalf("%q: unexpected issue %+v", src, issue)
	}
	return st
}

// TestShapeDepthCountsEveryNesting: each construct a parser recurses on
// counts at least once a level, so n levels of it measure at least n.
func TestShapeDepthCountsEveryNesting(t *testing.T) {
	const n = 300
	r := strings.Repeat
	for _, tc := range []struct {
		name string
		lang shapeLang
		src  string
	}{
		{"arrays", langTS, "x = " + r("[", n) + r("]", n)},
		{"objects", langTS, "x = " + r("{a:", n) + "1" + r("}", n)},
		{"parens", langTS, "x = " + r("(", n) + "1" + r(")", n)},
		{"calls", langTS, "x = " + r("f(", n) + r(")", n)},
		{"templates", langTS, "x = " + r("`${", n) + "1" + r("}`", n)},
		{"ternaries", langTS, "x = " + r("a ? 1 : ", n) + "0"},
		{"arrows", langTS, "x = " + r("() => ", n) + "1"},
		{"unary", langTS, "x = " + r("!", n) + "1"},
		{"typeof", langTS, "x = " + r("typeof ", n) + "1"},
		{"new", langTS, "x = " + r("new ", n) + "f"},
		{"plus chain", langTS, "x = " + r("1+", n) + "1"},
		{"assignments", langTS, "x = " + r("a=", n) + "1"},
		{"member chain", langTS, "x = a" + r(".b", n)},
		{"call chain", langTS, "x = f" + r("()", n)},
		{"index chain", langTS, "x = a" + r("[0]", n)},
		{"optional chain", langTS, "x = a" + r("?.b", n)},
		{"tagged templates", langTS, "x = f" + r("``", n)},
		{"if nesting", langTS, r("if (a) ", n) + "b;"},
		{"else if chain", langTS, r("if (a) b; else ", n) + "c;"},
		{"else if chain, braces", langTS, r("if (a) {} else ", n) + "{}"},
		{"labels", langTS, func() string {
			var b strings.Builder
			for i := 0; i < n; i++ {
				b.WriteString("l" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + ": ")
			}
			return b.String() + ";"
		}()},
		{"while nesting", langTS, r("while (a) ", n) + "b;"},
		{"blocks", langTS, r("{", n) + r("}", n)},
		{"await chain over lines", langTS, "async () => " + r("await\n", n) + "x"},
		{"class heritage over lines", langTS, "class A " + r("extends class\n", n) + "{}" + r("{}", n)},
		{"type arguments", langTS, "type T = " + r("A<", n) + "x" + r(">", n)},
		{"type arguments with commas", langTS, "f(" + r("A<x, ", n) + "x" + r(">", n) + ")"},
		{"keyof", langTS, "type T = " + r("keyof ", n) + "x"},
		// found by FuzzShapes: a comma of type arguments ended the run
		// that held the conditional types around them
		{"conditional types around type arguments", langTS, "type T = " + r("1 extends 1 ? ", n/2) + r("Record<string, ", n/2) + "x" + r(">", n/2) + r(" : 0", n/2)},
		{"JSX elements", langTSX, "x = " + r("<a>", n) + r("</a>", n)},
		{"JSX in JS", langJSX, "x = " + r("<a>", n) + r("</a>", n)},
		{"JSON arrays", langJSON, r("[", n) + r("]", n)},
		{"JSON objects", langJSON, r(`{"a":`, n) + "1" + r("}", n)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if st := measure(t, tc.src, tc.lang); st.depth < n {
				t.Errorf("depth %d, want at least %d", st.depth, n)
			}
		})
	}
}

// TestShapeFlatCodeStaysShallow: long code that does not nest (statements
// with or without semicolons, long lists, a long object literal) measures
// shallow however long it is.
func TestShapeFlatCodeStaysShallow(t *testing.T) {
	const n = 5000
	r := strings.Repeat
	for _, tc := range []struct {
		name string
		lang shapeLang
		src  string
	}{
		{"statements", langTS, r("a = b + c;\n", n)},
		{"statements without semicolons", langTS, r("a = b + c\n", n)},
		{"calls without semicolons", langTS, r("foo(a).b\n", n)},
		{"array elements", langTS, "x = [" + r("1 + 2, ", n) + "]"},
		{"object properties", langTS, "x = {" + r("a: b ? c : d, ", n) + "}"},
		{"call arguments", langTS, "f(" + r("!a, ", n) + "1)"},
		{"declarations", langTS, "var " + r("a = 1 + 2, ", n) + "b = 1;"},
		{"sequence", langTS, "x = (" + r("!a, ", n) + "1)"},
		{"else if chain with its end", langTS, r("if (a) b; else c;\n", n)},
		{"JSX children", langTSX, "x = <a>" + r("<b/>", n) + "</a>"},
		{"JSON list", langJSON, "[" + r("1, ", n) + "1]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if st := measure(t, tc.src, tc.lang); st.depth > 10 {
				t.Errorf("depth %d, want at most 10", st.depth)
			}
		})
	}
}

// TestShapeWorkGrowsWithChains: what is quadratic for the parsers (a long
// chain of operators, a long sequence, a TypeScript `<` that esbuild reads
// ahead from, strings esbuild folds) costs quadratic work; flat lists
// cost linear work.
func TestShapeWorkGrowsWithChains(t *testing.T) {
	r := strings.Repeat
	for _, tc := range []struct {
		name string
		lang shapeLang
		gen  func(n int) string
		quad bool
	}{
		{"plus chain", langTS, func(n int) string { return "x = " + r("a+", n) + "a" }, true},
		{"sequence in parens", langTS, func(n int) string { return "x = (" + r("a,", n) + "a)" }, true},
		{"sequence in a block", langTS, func(n int) string { return "{" + r("a,", n) + "a}" }, true},
		{"TypeScript < in arguments", langTS, func(n int) string { return "f(" + r("a < x, ", n) + "1)" }, true},
		{"array", langTS, func(n int) string { return "x = [" + r("a,", n) + "a]" }, false},
		{"arguments", langTS, func(n int) string { return "f(" + r("a,", n) + "a)" }, false},
		{"statements", langTS, func(n int) string { return r("a = b;\n", n) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			small := measure(t, tc.gen(1000), tc.lang).work
			big := measure(t, tc.gen(4000), tc.lang).work
			ratio := float64(big) / float64(small)
			if tc.quad && ratio < 12 || !tc.quad && ratio > 6 {
				t.Errorf("work %d for 1000, %d for 4000: ratio %.1f, want quadratic=%v", small, big, ratio, tc.quad)
			}
		})
	}
	// esbuild folds 'x' + 'a' + 'a' + ... one copy at a time: a long
	// string at the head of a chain costs its length at every +.
	head := "x = '" + strings.Repeat("s", 100_000) + "'" + strings.Repeat(" + 'a'", 100)
	if w := measure(t, head, langTS).work; w < 100*100_000 {
		t.Errorf("folding a 100 KB string 100 times: work %d, want at least %d", w, 100*100_000)
	}
}

// TestShapeSlashCannotHideNesting: whether a `/` divides or starts a
// regular expression decides what is code. Where the previous token does
// not settle it, the scan follows both readings, so nesting that one of
// them would hide inside a string or a regular expression still counts.
func TestShapeSlashCannotHideNesting(t *testing.T) {
	deep := strings.Repeat("[", 2000) + strings.Repeat("]", 2000)
	for _, tc := range []struct {
		name string
		lang shapeLang
		src  string
	}{
		// a regular expression after a block: its quote opens no string
		{"regexp after a block", langTS, "if (a) {}\n/'/.test(x); y = " + deep + ";"},
		// a division after an object literal: no regular expression
		{"division after an object", langTS, "x = {} / 2 / [" + deep + "];"},
		// a regular expression after if (...)
		{"regexp after if", langTS, "if (a) /'/.test(x); y = " + deep + ";"},
		// after a declaration ends at a line break, `/` starts a statement
		{"regexp after a declaration", langTS, "let x\n/'/.test(y); z = " + deep + ";"},
		// after a type annotation too
		{"regexp after a type", langTS, "let x: string\n/'/.test(y); z = " + deep + ";"},
		// a contextual word may be a name or a keyword
		{"after await", langTS, "x = await /'/.test(y); z = " + deep + ";"},
		{"division after a name called await", langJS, "await / 2 / [" + deep + "];"},
		// TypeScript's non-null assertion ends an operand
		{"division after !", langTS, "x = a! / 2 / [" + deep + "];"},
		// a regular expression's class holds a / and brackets
		{"class in a regexp", langTS, "x = /[/(]/.test(y); z = " + deep + ";"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := measure(t, tc.src, tc.lang)
			if st.depth < 2000 {
				t.Errorf("depth %d, want at least 2000 (states %d, ended %v)", st.depth, st.states, st.ended)
			}
		})
	}
}

// TestShapeStopsWhereEsbuildStops: a syntax error esbuild stops at ends
// the reading there (so text after it is not measured), and a source that
// is all such errors still ends.
func TestShapeStopsWhereEsbuildStops(t *testing.T) {
	deep := strings.Repeat("[", 2000) + strings.Repeat("]", 2000)
	for _, src := range []string{
		"x = 'unterminated\ny = " + deep,
		"x = (]; y = " + deep,
		"x = /unterminated\ny = " + deep,
		"x = /re/q; y = " + deep, // no such flag
		"x = 1 \x01 y = " + deep,
	} {
		st := measure(t, src, langTS)
		if st.depth > 10 || st.ended {
			t.Errorf("%.30q: depth %d, ended %v; want the reading to stop at the error", src, st.depth, st.ended)
		}
	}
	// HTML-like comments are comments to esbuild, not to goja.
	html := "x = 1 <!-- " + deep
	if st := measure(t, html, langTS); st.depth > 10 {
		t.Errorf("<!-- in TypeScript: depth %d, want a comment", st.depth)
	}
	if st := measure(t, html, langBundle); st.depth < 2000 {
		t.Errorf("<!-- in the bundle: depth %d, want code", st.depth)
	}
}

// TestShapeRealCode: every real source file of the repository's example
// workspace reads to its end in one reading, shallow.
func TestShapeRealCode(t *testing.T) {
	err := filepath.WalkDir("../testdata/workspace", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		lang, ok := sourceLang(p)
		if !ok {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		st := measure(t, string(src), lang)
		if !st.ended || st.states > 2 || st.depth > 30 {
			t.Errorf("%s: %+v", p, st)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestShapeIssue: the first bound crossed, at the token that crossed it.
func TestShapeIssue(t *testing.T) {
	src := "x = 1;\ny = " + strings.Repeat("[", 20) + strings.Repeat("]", 20) + ";"
	lim := unbounded
	lim.depth = 10
	_, issue := measureShape([]byte(src), langTS, lim)
	if issue == nil || issue.limit != "depth" {
		t.Fatalf("issue %+v, want depth", issue)
	}
	pos := offsetPosition("f.ts", []byte(src), issue.off)
	if pos.Line != 2 || pos.Column != 14 {
		t.Errorf("crossed at %d:%d, want 2:14 (the bracket that makes 11 levels)", pos.Line, pos.Column)
	}
	lim = unbounded
	lim.bytes = 10
	if _, issue := measureShape([]byte(src), langTS, lim); issue == nil || issue.limit != "bytes" {
		t.Errorf("issue %+v, want bytes", issue)
	}
}

// TestOffsetPosition counts lines as JavaScript does and columns in code
// points, a BOM no column.
func TestOffsetPosition(t *testing.T) {
	for _, tc := range []struct {
		src       string
		off       int
		line, col int
	}{
		{"ab\ncd", 4, 2, 2},
		{"ab\r\ncd", 5, 2, 2},
		{"ab\rcd", 4, 2, 2},
		{"ab\u2028cd", 6, 2, 2},
		{"\ufeffab", 4, 1, 2},
		{"é = 1", 3, 1, 3},
	} {
		pos := offsetPosition("f", []byte(tc.src), tc.off)
		if pos.Line != tc.line || pos.Column != tc.col {
			t.Errorf("%q at %d: %d:%d, want %d:%d", tc.src, tc.off, pos.Line, pos.Column, tc.line, tc.col)
		}
	}
}

func TestJSONDepthAndCodeTokens(t *testing.T) {
	if d := jsonDepth(`[{"a": "[[[[", "b": [1, "\"[["]}]`); d != 3 {
		t.Errorf("jsonDepth = %d, want 3 (brackets in strings do not count)", d)
	}
	if n := codeTokens("return a+b; // x"); n != 8 {
		t.Errorf("codeTokens = %d, want 8", n)
	}
}

// BenchmarkMeasureShape is the scan of the example workspace's largest
// manifest.
func BenchmarkMeasureShape(b *testing.B) {
	src, err := os.ReadFile(benchManifest)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		measureShape(src, langTS, parseLimits)
	}
}
