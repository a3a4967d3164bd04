package analyzer

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestComments(t *testing.T) {
	src := "// first\n" +
		"const a = { url: 'https://x.example/*not*/', re: /\\/\\/no/ }; /* block\n" +
		"   two lines */ const b = `// not ${'/* either */'}`; // æø last\r\n" +
		"/* unterminated"
	got := Comments("/m.ts", []byte(src))
	pos := func(line, col, endLine, endCol int) Position {
		return Position{File: "/m.ts", Line: line, Column: col, EndLine: endLine, EndColumn: endCol}
	}
	want := []Comment{
		{Text: "// first", Pos: pos(1, 1, 1, 9)},
		{Text: "/* block\n   two lines */", Pos: pos(2, 62, 3, 16)},
		{Text: "// æø last", Pos: pos(3, 55, 3, 65)},
		{Text: "/* unterminated", Pos: pos(4, 1, 4, 16)},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Comments (-want +got):\n%s", diff)
	}
}
