package rules

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/internal/fsx"
)

// present reports whether v holds a value: a property that is absent or
// explicitly undefined counts as not set, as it does for TypeScript's
// optional properties.
func present(v *analyzer.Value) bool {
	return v != nil && v.Kind != analyzer.KindUndefined
}

// maxQuoted bounds how much of a string value a message repeats: a hostile
// manifest may hold a huge string, and a message is one line.
const maxQuoted = 120

// quote is %q for a value that may be long: strings past maxQuoted runes are
// cut and end in "...".
func quote(s string) string {
	if r := []rune(s); len(r) > maxQuoted {
		return strconv.Quote(string(r[:maxQuoted])) + "..."
	}
	return strconv.Quote(s)
}

// describe is Value.Describe with long strings cut like quote.
func describe(v *analyzer.Value) string {
	if v != nil && v.Kind == analyzer.KindString {
		return quote(v.String)
	}
	return v.Describe()
}

// quoteList joins quoted names as a sentence: `"a"`, `"a" or "b"`,
// `"a", "b" or "c"`.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quote(n)
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// where names pos for a message about something at from: `line 12` when
// both are in the same file, else `libs/x.ts:3`, the file relative to the
// workspace root (forward slashes) or absolute when outside it.
func (p *Pass) where(pos, from analyzer.Position) string {
	if pos.File == from.File {
		return fmt.Sprintf("line %d", pos.Line)
	}
	return fmt.Sprintf("%s:%d", relPath(p.Manifest.Root, pos.File), pos.Line)
}

// relPath is file relative to root with forward slashes, or file itself
// (forward slashes) when it is not under root.
func relPath(root, file string) string {
	if root != "" && filepath.IsAbs(file) {
		if rel, ok := fsx.Under(root, file); ok {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(file)
}
