package analyzer

import (
	"bytes"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/irislint/irislint/internal/source"
)

// spanOf is the Position of the first occurrence of text in f.
func spanOf(t *testing.T, f *source.File, text string) Position {
	t.Helper()
	i := bytes.Index(f.Data, []byte(text))
	if i < 0 {
		t.Fatalf("%q not in the source", text)
	}
	return offsetSpan(f, i, i+len(text))
}

// deleteSpans removes the spans from f's content.
func deleteSpans(t *testing.T, f *source.File, spans []Position) string {
	t.Helper()
	type cut struct{ from, to int }
	var cuts []cut
	for _, p := range spans {
		from, ok1 := f.Offset(p.Line, p.Column)
		to, ok2 := f.Offset(p.EndLine, p.EndColumn)
		if !ok1 || !ok2 || from > to {
			t.Fatalf("bad span %+v", p)
		}
		cuts = append(cuts, cut{from, to})
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i].from > cuts[j].from })
	out := append([]byte(nil), f.Data...)
	for _, c := range cuts {
		out = append(out[:c.from], out[c.to:]...)
	}
	return string(out)
}

// TestElementRemoval removes the array element that holds the literal 'x'
// (as duplicate-scope's fix does) from sources laid out in every way a
// scope list is written, and checks the code left behind.
func TestElementRemoval(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"own line, middle",
			"const s = [\n  { scope: 'a', optional: false },\n  { scope: 'x', optional: true },\n  { scope: 'b', optional: false },\n];\n",
			"const s = [\n  { scope: 'a', optional: false },\n  { scope: 'b', optional: false },\n];\n"},
		{"own line, last with a trailing comma",
			"const s = [\n  { scope: 'a' },\n  { scope: 'x' },\n];\n",
			"const s = [\n  { scope: 'a' },\n];\n"},
		{"own line, last without a trailing comma: the comma before goes too",
			"const s = [\n  { scope: 'a' },\n  { scope: 'x' }\n];\n",
			"const s = [\n  { scope: 'a' }\n];\n"},
		{"own line, first",
			"const s = [\n  { scope: 'x' },\n  { scope: 'a' },\n];\n",
			"const s = [\n  { scope: 'a' },\n];\n"},
		{"own line, the only element",
			"const s = [\n  { scope: 'x' },\n];\n",
			"const s = [\n];\n"},
		{"a line comment after it goes with it; one above stays",
			"const s = [\n  { scope: 'a' },\n  // why\n  { scope: 'x' }, // again\n  { scope: 'b' },\n];\n",
			"const s = [\n  { scope: 'a' },\n  // why\n  { scope: 'b' },\n];\n"},
		{"an element over several lines",
			"const s = [\n  { scope: 'a' },\n  {\n    scope: 'x',\n    optional: true,\n  },\n  { scope: 'b' },\n];\n",
			"const s = [\n  { scope: 'a' },\n  { scope: 'b' },\n];\n"},
		{"one line, middle",
			"const s = [{ scope: 'a' }, { scope: 'x' }, { scope: 'b' }];\n",
			"const s = [{ scope: 'a' }, { scope: 'b' }];\n"},
		{"one line, first",
			"const s = [{ scope: 'x' }, { scope: 'a' }];\n",
			"const s = [{ scope: 'a' }];\n"},
		{"one line, last",
			"const s = [{ scope: 'a' }, { scope: 'x' }];\n",
			"const s = [{ scope: 'a' }];\n"},
		{"one line, last with a trailing comma",
			"const s = [{ scope: 'a' }, { scope: 'x' },];\n",
			"const s = [{ scope: 'a' },];\n"},
		{"one line, the only element",
			"const s = [{ scope: 'x' }];\n",
			"const s = [];\n"},
		{"two on a line, the second ending it",
			"const s = [\n  { scope: 'a' }, { scope: 'x' },\n  { scope: 'b' },\n];\n",
			"const s = [\n  { scope: 'a' },\n  { scope: 'b' },\n];\n"},
		{"two on a line, the first",
			"const s = [\n  { scope: 'x' }, { scope: 'a' },\n];\n",
			"const s = [\n  { scope: 'a' },\n];\n"},
		{"beside a spread",
			"const s = [...shared, { scope: 'x' }];\n",
			"const s = [...shared];\n"},
		{"CRLF",
			"const s = [\r\n  { scope: 'a' },\r\n  { scope: 'x' }\r\n];\r\n",
			"const s = [\r\n  { scope: 'a' }\r\n];\r\n"},
		{"BOM",
			"\uFEFFconst s = [\n  { scope: 'a' },\n  { scope: 'x' },\n];\n",
			"\uFEFFconst s = [\n  { scope: 'a' },\n];\n"},
		{"JSON, last",
			"{\n  \"scopes\": [\n    { \"scope\": \"a\" },\n    { \"scope\": \"x\" }\n  ]\n}\n",
			"{\n  \"scopes\": [\n    { \"scope\": \"a\" }\n  ]\n}\n"},
		{"a template with substitutions before it",
			"const s = [{ scope: `${ns}.view` }, { scope: 'x' }];\n",
			"const s = [{ scope: `${ns}.view` }];\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := source.New("/ws/a.ts", []byte(tt.src))
			lit := "'x'"
			if strings.Contains(tt.src, `"x"`) {
				lit = `"x"`
			}
			obj, key, ok := ObjectOf(f, spanOf(t, f, lit))
			if !ok || key != "scope" {
				t.Fatalf("ObjectOf: %v, key %q", ok, key)
			}
			m, ok := ElementAt(f, obj)
			if !ok {
				t.Fatal("ElementAt found no element")
			}
			if !m.InArray || m.Pos != obj {
				t.Errorf("member %+v, want the element at %+v", m, obj)
			}
			if diff := cmp.Diff(tt.want, deleteSpans(t, f, m.Removal)); diff != "" {
				t.Errorf("after the removal (-want +got):\n%s", diff)
			}
		})
	}
}

// TestElementRemovalRefused lists layouts where no element is offered:
// the object is no array element, or removing it could not be tidy.
func TestElementRemovalRefused(t *testing.T) {
	for _, src := range []string{
		"f({ scope: 'x' });\n",
		"const s = [{ scope: 'x' } as const];\n",
		"const s = a[{ scope: 'x' }];\n",
		"const s = [a, , { scope: 'x' }];\n",
		"const s = [{ scope: 'a' }, /* keep */ { scope: 'x' }];\n",
		"const s = [{ scope: 'a' }, { scope: 'x' }; // unbalanced\n",
	} {
		f := source.New("/ws/a.ts", []byte(src))
		obj, _, ok := ObjectOf(f, spanOf(t, f, "'x'"))
		if !ok {
			if !strings.Contains(src, "unbalanced") {
				t.Errorf("%q: ObjectOf found no object", src)
			}
			continue
		}
		if m, ok := ElementAt(f, obj); ok {
			t.Errorf("%q: an element was offered: %+v", src, m)
		}
	}
}

func TestObjectOfNeedsTheWholeValue(t *testing.T) {
	for _, src := range []string{
		"const o = { scope: 'x' + y };\n",
		"const o = { scope: f('x') };\n",
		"const o = ['x'];\n",
	} {
		f := source.New("/ws/a.ts", []byte(src))
		if _, _, ok := ObjectOf(f, spanOf(t, f, "'x'")); ok {
			t.Errorf("%q: ObjectOf found an object", src)
		}
	}
}

func TestPropertyAt(t *testing.T) {
	tests := []struct {
		name, src, key  string
		quote           byte
		wantName, value string
		want            string // after the removal
	}{
		{"quoted key, own line",
			"const c = {\n  'default-src': ['https://a.example'],\n  'connect-src': ['https://b.example'],\n};\n",
			"'default-src'", '\'', "default-src", "['https://a.example']",
			"const c = {\n  'connect-src': ['https://b.example'],\n};\n"},
		{"the last property, no trailing comma",
			"const c = {\n  \"connect-src\": [\"https://b.example\"],\n  \"default-src\": [\"https://a.example\"]\n};\n",
			`"default-src"`, '"', "default-src", `["https://a.example"]`,
			"const c = {\n  \"connect-src\": [\"https://b.example\"]\n};\n"},
		{"identifier key, one line",
			"const p = { EXPLORE_OEM: 'ON_DEMAND', LINK: 'PERMANENT' };\n",
			"EXPLORE_OEM", 0, "EXPLORE_OEM", "'ON_DEMAND'",
			"const p = { LINK: 'PERMANENT' };\n"},
		{"a value over several lines",
			"const c = {\n  'default-src': [\n    'https://a.example',\n  ],\n};\n",
			"'default-src'", '\'', "default-src", "[\n    'https://a.example',\n  ]",
			"const c = {\n};\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := source.New("/ws/a.ts", []byte(tt.src))
			key := spanOf(t, f, tt.key)
			m, ok := PropertyAt(f, key)
			if !ok {
				t.Fatal("no property")
			}
			if m.InArray || m.Key != key || m.KeyQuote != tt.quote || m.KeyName != tt.wantName {
				t.Errorf("member %+v", m)
			}
			if m.Value != spanOf(t, f, tt.value) {
				t.Errorf("value %+v, want %+v", m.Value, spanOf(t, f, tt.value))
			}
			if diff := cmp.Diff(tt.want, deleteSpans(t, f, m.Removal)); diff != "" {
				t.Errorf("after the removal (-want +got):\n%s", diff)
			}
		})
	}
	// a shorthand property, a computed key and a value are no keys
	for _, src := range []string{"const c = { EXPLORE_OEM };\n", "const c = { ['EXPLORE_OEM']: 1 };\n", "const c = f('EXPLORE_OEM');\n"} {
		f := source.New("/ws/a.ts", []byte(src))
		name := "EXPLORE_OEM"
		if strings.Contains(src, "'EXPLORE_OEM'") {
			name = "'EXPLORE_OEM'"
		}
		if m, ok := PropertyAt(f, spanOf(t, f, name)); ok {
			t.Errorf("%q: a property was found: %+v", src, m)
		}
	}
}

func TestLiteralAt(t *testing.T) {
	src := "const a = { url: 'http://x.example', b: \"q\\\"\", c: `t`, d: 'a' + 'b' };\n"
	f := source.New("/ws/a.ts", []byte(src))
	for _, tt := range []struct {
		text  string
		quote byte
		value string
	}{
		{"'http://x.example'", '\'', "http://x.example"},
		{`"q\""`, '"', `q"`},
		{"`t`", '`', "t"},
	} {
		l, ok := LiteralAt(f, spanOf(t, f, tt.text))
		if !ok || l.Quote != tt.quote || l.Value != tt.value {
			t.Errorf("%s: %+v, %v", tt.text, l, ok)
		}
		in := l.Inside()
		from, _ := f.Offset(in.Line, in.Column)
		to, _ := f.Offset(in.EndLine, in.EndColumn)
		if got := string(f.Data[from:to]); got != tt.text[1:len(tt.text)-1] {
			t.Errorf("%s: inside is %q", tt.text, got)
		}
	}
	// a folded chain spans more than one literal
	if _, ok := LiteralAt(f, spanOf(t, f, "'a' + 'b'")); ok {
		t.Error("a chain of literals was taken for one")
	}
}
