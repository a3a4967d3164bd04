package rules

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/irislint/irislint/analyzer"
)

// How a rule computes a fix: the edits change the source text that
// produced a value, found through the value's exact provenance
// (analyzer.Value.Origin) and the tokenizer's view of the file around it
// (analyzer.LiteralAt, PropertyAt, ElementAt). A value that was computed,
// or whose literal also produces a value the fix is not about, gets no
// fix: the edit would change more than the diagnostic says. Whether a
// literal shared by several manifests may be edited is lint's to decide,
// which sees all of them.

// ReportFix is Report with a fix; a fix without edits (none could be
// computed) is left out.
func (p *Pass) ReportFix(pos analyzer.Position, message string, fix Fix, suggestions ...string) {
	p.Report(pos, message, suggestions...)
	if len(fix.Edits) > 0 {
		(*p.diags)[len(*p.diags)-1].Fixes = []Fix{fix}
	}
}

// fixOf is a fix of one edit, or none when ok is false.
func fixOf(message string, safe bool, e Edit, ok bool) Fix {
	if !ok {
		return Fix{}
	}
	return Fix{Message: message, Safe: safe, Edits: []Edit{e}}
}

// literal is the literal that produced the string value v, exactly as
// written: v came from that one literal (not a computation, not a folded
// chain of literals) and the literal's text is v's.
func (p *Pass) literal(v *analyzer.Value) (analyzer.Literal, bool) {
	if v == nil || v.Kind != analyzer.KindString || v.Origin != analyzer.OriginLiteral {
		return analyzer.Literal{}, false
	}
	lit, ok := analyzer.LiteralAt(p.Manifest.Source(v.Pos.File), v.Pos)
	if !ok || lit.Value != v.String {
		return analyzer.Literal{}, false
	}
	return lit, true
}

// replaceString is the edit that makes the string value v read s: the
// text between the quotes of its literal. uses is how many values of the
// manifest the rule knows share the literal (and gets the same edit for);
// when more values come from it, the edit would change those too, and
// there is none.
func (p *Pass) replaceString(v *analyzer.Value, s string, uses int) (Edit, bool) {
	lit, ok := p.literal(v)
	if !ok || p.uses().literals[v.Pos] != uses {
		return Edit{}, false
	}
	return Edit{Pos: lit.Inside(), NewText: escapeString(s, lit.Quote)}, true
}

// replaceScope is the edit that renames the scope of entry e to name,
// when every entry whose name comes from the same literal has the same
// name (so the rule reports them all alike).
func (p *Pass) replaceScope(e analyzer.ScopeEntry, name string) (Edit, bool) {
	v := e.Entry.Get("scope")
	if v == nil {
		return Edit{}, false
	}
	same := 0
	for _, o := range p.Manifest.ScopeEntries {
		if o.Pos == v.Pos {
			same++
		}
	}
	return p.replaceString(v, name, same)
}

// property is the source of field f of an object value: the property
// whose key f.KeyPos is, when that key is exact. The scanner locates keys
// by name, so the key is trusted only when a literal of f's value lies in
// the property's value, and when no other field was given the same key.
func (p *Pass) property(f *analyzer.Field) (analyzer.Member, bool) {
	if f == nil || f.KeyPos.IsZero() || p.uses().keys[f.KeyPos] != 1 {
		return analyzer.Member{}, false
	}
	m, ok := analyzer.PropertyAt(p.Manifest.Source(f.KeyPos.File), f.KeyPos)
	if !ok || m.KeyName != f.Key || !literalWithin(f.Value, m.Value) {
		return analyzer.Member{}, false
	}
	return m, true
}

// literalWithin reports whether some string of v (or below it) came from
// a literal inside span.
func literalWithin(v *analyzer.Value, span analyzer.Position) bool {
	if v == nil {
		return false
	}
	if v.Kind == analyzer.KindString && v.Origin == analyzer.OriginLiteral && within(v.Pos, span) {
		return true
	}
	for _, e := range v.Elems {
		if literalWithin(e, span) {
			return true
		}
	}
	for _, f := range v.Fields {
		if literalWithin(f.Value, span) {
			return true
		}
	}
	return false
}

// within reports whether p lies inside span (same file).
func within(p, span analyzer.Position) bool {
	before := func(l1, c1, l2, c2 int) bool { return l1 < l2 || l1 == l2 && c1 <= c2 }
	return p.File == span.File && before(span.Line, span.Column, p.Line, p.Column) &&
		before(p.EndLine, p.EndColumn, span.EndLine, span.EndColumn)
}

// renameKey is the edit that renames the key of property m to name, in
// the key's own style: an identifier stays one when name is one.
func renameKey(m analyzer.Member, name string) Edit {
	switch {
	case m.KeyQuote != 0:
		in := m.Key
		in.Column++
		in.EndColumn--
		return Edit{Pos: in, NewText: escapeString(name, m.KeyQuote)}
	case isIdentifier(name):
		return Edit{Pos: m.Key, NewText: name}
	}
	return Edit{Pos: m.Key, NewText: "'" + escapeString(name, '\'') + "'"}
}

// removal is the edits that delete a member (analyzer.Member.Removal).
func removal(m analyzer.Member) []Edit {
	edits := make([]Edit, len(m.Removal))
	for i, p := range m.Removal {
		edits[i] = Edit{Pos: p}
	}
	return edits
}

// removeEntry is the edits that delete scope entry e from the array
// literal it is written in: its element, separator and line. None when
// the element is not written as an object literal in an array, or when
// its literal makes more than this one entry.
func (p *Pass) removeEntry(e analyzer.ScopeEntry) ([]Edit, bool) {
	v := e.Entry.Get("scope")
	if _, ok := p.literal(v); !ok || p.uses().literals[v.Pos] != 1 {
		return nil, false
	}
	f := p.Manifest.Source(v.Pos.File)
	obj, key, ok := analyzer.ObjectOf(f, v.Pos)
	if !ok || key != "scope" {
		return nil, false
	}
	m, ok := analyzer.ElementAt(f, obj)
	if !ok {
		return nil, false
	}
	return removal(m), true
}

// sourceUses counts, over the whole manifest, the string values each
// literal produced and the fields each key was given: an edit of a
// literal or key used more often than the rule knows would change more
// than it says.
type sourceUses struct {
	literals map[analyzer.Position]int
	keys     map[analyzer.Position]int
}

func (p *Pass) uses() *sourceUses {
	if *p.sourceUses == nil {
		u := &sourceUses{literals: map[analyzer.Position]int{}, keys: map[analyzer.Position]int{}}
		var walk func(v *analyzer.Value)
		walk = func(v *analyzer.Value) {
			if v == nil {
				return
			}
			if v.Kind == analyzer.KindString && v.Origin == analyzer.OriginLiteral {
				u.literals[v.Pos]++
			}
			for _, e := range v.Elems {
				walk(e)
			}
			for _, f := range v.Fields {
				u.keys[f.KeyPos]++
				walk(f.Value)
			}
		}
		walk(p.Manifest.Value)
		*p.sourceUses = u
	}
	return *p.sourceUses
}

// escapeString writes s for the inside of a literal quoted with q, in
// escapes that JavaScript and JSON both read (a JSON file's strings are
// double-quoted).
func escapeString(s string, q byte) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(q):
			b.WriteByte('\\')
			b.WriteRune(r)
		case q == '`' && r == '$' && strings.HasPrefix(s[i:], "${"):
			b.WriteString(`\$`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' || r == utf8.RuneError:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isIdentifier reports whether s can be written as an identifier key.
func isIdentifier(s string) bool {
	for i, r := range s {
		ok := r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9'
		if !ok {
			return false
		}
	}
	return s != ""
}
