package analyzer

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScanSource(t *testing.T) {
	type lit struct {
		Value, Key string
		Line, Col  int
		EndCol     int
	}
	tests := []struct {
		name string
		src  string
		want []lit
	}{
		{"key and value", `const a = { scope: 'asset.view' };`,
			[]lit{{"asset.view", "scope", 1, 20, 32}}},
		{"quoted key", `x = { "connect-src": ["https://a.example"] }`,
			[]lit{{"https://a.example", "", 1, 23, 42}}},
		{"comments hide strings", "// 'no'\n/* \"no\" */ a = 'yes'",
			[]lit{{"yes", "", 2, 16, 21}}},
		{"escapes are cooked", `a = "a\u002eb\x2ec\n"`,
			[]lit{{"a.b.c\n", "", 1, 5, 22}}},
		{"template without substitution", "a = { url: `https://x.example` }",
			[]lit{{"https://x.example", "url", 1, 12, 31}}},
		{"template with substitution is code", "a = `${'inner'}.view`; b = 'after'",
			[]lit{{"inner", "", 1, 8, 15}, {"after", "", 1, 28, 35}}},
		{"regexp is not a string", `const r = /'[a-z]"/g; const s = 'x';`,
			[]lit{{"x", "", 1, 33, 36}}},
		{"division is not a regexp", `a = b / 2; c = 'x' / 'y';`,
			[]lit{{"x", "", 1, 16, 19}, {"y", "", 1, 22, 25}}},
		{"columns count code points", `a = { note: 'æøå', scope: 'asset.view' }`,
			[]lit{{"æøå", "note", 1, 13, 18}, {"asset.view", "scope", 1, 27, 39}}},
		{"CRLF line endings", "a = {\r\n  scope: 'asset.view',\r\n}\r\n",
			[]lit{{"asset.view", "scope", 2, 10, 22}}},
		{"BOM is not a column", "\uFEFFa = 'x'",
			[]lit{{"x", "", 1, 5, 8}}},
		{"ternary is not a key", `a = { s: c ? 'x' : 'y' }`,
			[]lit{{"x", "", 1, 14, 17}, {"y", "", 1, 20, 23}}},
		{"unterminated string ends at the line", "a = 'open\nb = 'closed'",
			[]lit{{"open", "", 1, 5, 10}, {"closed", "", 2, 5, 13}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := scanSource("f.ts", []byte(tt.src))
			var got []lit
			for _, l := range res.literals {
				if l.pos.Line != l.pos.EndLine {
					t.Errorf("literal %q spans lines %d-%d", l.value, l.pos.Line, l.pos.EndLine)
				}
				got = append(got, lit{l.value, l.key, l.pos.Line, l.pos.Column, l.pos.EndColumn})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("literals (-want +got):\n%s", diff)
			}
		})
	}
}

func TestScanSourceKeys(t *testing.T) {
	src := "export default {\n  scopes: [{ scope, optional: true }],\n  'connect-src': [],\n};\n"
	res := scanSource("f.ts", []byte(src))
	type key struct {
		Name      string
		Line, Col int
	}
	var got []key
	for _, k := range res.keys {
		got = append(got, key{k.name, k.pos.Line, k.pos.Column})
	}
	want := []key{{"scopes", 2, 3}, {"scope", 2, 14}, {"optional", 2, 21}, {"connect-src", 3, 3}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
}
