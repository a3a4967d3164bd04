package jsonc

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStandard(t *testing.T) {
	src := `{
  // a comment, "with a string"
  "compilerOptions": {
    /* a block
       comment */ "paths": { "@a/*": ["libs/a/*", "libs/b/*",], },
    "url": "http://x.example/*not a comment*/",
    "quote": "a \" // b",
  },
}
`
	var got map[string]any
	std := Standard([]byte(src))
	if len(std) != len(src) {
		t.Errorf("offsets moved: %d bytes, want %d", len(std), len(src))
	}
	if err := json.Unmarshal(std, &got); err != nil {
		t.Fatalf("%v:\n%s", err, std)
	}
	want := map[string]any{"compilerOptions": map[string]any{
		"paths": map[string]any{"@a/*": []any{"libs/a/*", "libs/b/*"}},
		"url":   "http://x.example/*not a comment*/",
		"quote": `a " // b`,
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestStandardMalformed(t *testing.T) {
	for _, src := range []string{`{"a": "unterminated`, `{ /* open`, `[1,,]`, `,`} {
		var v any
		_ = json.Unmarshal(Standard([]byte(src)), &v) // no panic; encoding/json says what is wrong
	}
}
