package analyzer

import (
	"github.com/irislint/irislint/internal/source"
)

// What the fixes of the rules need to know about the source text around a
// value: the exact literal that produced it (to replace what is inside its
// quotes), the property a key belongs to (to rename the key, or remove the
// property), and the array element an object literal is (to remove the
// element, with its separator and its line). All of it is found by the
// tokenizer that locates literals (literals.go), over the file as the run
// read it, so an edit computed here lands exactly where the diagnostic
// points.

// Literal is a string literal (or a template literal without
// substitutions) as written in a source file.
type Literal struct {
	Pos   Position // the whole literal, quotes included
	Quote byte     // '\'', '"' or '`'
	Value string   // the cooked value
}

// Inside is the span between the literal's quotes.
func (l Literal) Inside() Position {
	p := l.Pos
	p.Column++
	p.EndColumn--
	return p
}

// LiteralAt returns the string literal in f that spans exactly pos. There
// is none for a span that covers more (a chain 'a' + 'b' that esbuild
// folded into one string) or less.
func LiteralAt(f *source.File, pos Position) (Literal, bool) {
	if f == nil {
		return Literal{}, false
	}
	lit, ok := scanOf(f).literalAt(pos.Line, pos.Column)
	if !ok || lit.pos.EndLine != pos.EndLine || lit.pos.EndColumn != pos.EndColumn || pos.EndLine != pos.Line {
		return Literal{}, false
	}
	start, ok1 := f.Offset(pos.Line, pos.Column)
	end, ok2 := f.Offset(pos.EndLine, pos.EndColumn)
	if !ok1 || !ok2 || end-start < 2 {
		return Literal{}, false
	}
	q := f.Data[start]
	if (q != '\'' && q != '"' && q != '`') || f.Data[end-1] != q {
		return Literal{}, false // unterminated
	}
	return Literal{Pos: lit.pos, Quote: q, Value: lit.value}, true
}

// Member is one comma-separated member of an array or object literal: an
// element, or a property from its key to the end of its value.
type Member struct {
	Pos     Position // the member
	InArray bool     // an array element; otherwise an object property

	// For a property: its key, how the key is written (0 for an
	// identifier, else its quote), its name, and its value.
	Key      Position
	KeyQuote byte
	KeyName  string
	Value    Position

	// Removal are the spans whose deletion removes the member and leaves
	// tidy code: the member with its separator, and the whole line when
	// the member has lines of its own (then, for a last member written
	// without a trailing comma, the comma before it too, which JSON
	// needs).
	Removal []Position
}

// ElementAt returns the element of an array literal in f whose span is
// exactly pos (an object literal `{ ... }`, say).
func ElementAt(f *source.File, pos Position) (Member, bool) {
	t := tokensOf(f)
	i, ok := t.at(pos)
	if !ok {
		return Member{}, false
	}
	p := t.toks[i].parent
	if p < 0 || t.toks[p].text != "[" || !t.arrayLiteral(p) {
		return Member{}, false
	}
	members, ok := t.members(p)
	if !ok {
		return Member{}, false
	}
	for k, m := range members {
		if m.first != i {
			continue
		}
		last := t.toks[m.last]
		if last.pos.EndLine != pos.EndLine || last.pos.EndColumn != pos.EndColumn {
			return Member{}, false
		}
		out := Member{Pos: t.span(m.first, m.last), InArray: true}
		out.Value = out.Pos
		if out.Removal, ok = t.removal(f, members, k); !ok {
			return Member{}, false
		}
		return out, true
	}
	return Member{}, false
}

// PropertyAt returns the property of an object literal in f whose key
// spans exactly key: `name: value`, `'name': value` or `"name": value`.
func PropertyAt(f *source.File, key Position) (Member, bool) {
	t := tokensOf(f)
	i, ok := t.at(key)
	if !ok || t.toks[i].pos.EndLine != key.EndLine || t.toks[i].pos.EndColumn != key.EndColumn {
		return Member{}, false
	}
	p := t.toks[i].parent
	if p < 0 || t.toks[p].text != "{" || i+2 >= len(t.toks) || t.toks[i+1].text != ":" || t.toks[i+1].kind != tokPunct {
		return Member{}, false
	}
	k := t.toks[i]
	if k.kind != tokIdent && k.kind != tokString {
		return Member{}, false
	}
	members, ok := t.members(p)
	if !ok {
		return Member{}, false
	}
	for n, m := range members {
		if m.first != i || m.last < i+2 {
			continue
		}
		out := Member{Pos: t.span(m.first, m.last), Key: k.pos, KeyName: k.text, Value: t.span(i+2, m.last)}
		if k.kind == tokString {
			out.KeyQuote = f.Data[k.start]
		}
		if out.Removal, ok = t.removal(f, members, n); !ok {
			return Member{}, false
		}
		return out, true
	}
	return Member{}, false
}

// ObjectOf returns the object literal in f that holds the literal at
// value as the value of one of its own properties (`{ key: 'value' }`),
// with that property's key name.
func ObjectOf(f *source.File, value Position) (obj Position, key string, ok bool) {
	t := tokensOf(f)
	i, ok := t.at(value)
	if !ok || i < 3 || t.toks[i].kind != tokString {
		return Position{}, "", false
	}
	colon, k := t.toks[i-1], t.toks[i-2]
	p := t.toks[i].parent
	if colon.kind != tokPunct || colon.text != ":" || (k.kind != tokIdent && k.kind != tokString) ||
		k.parent != p || p < 0 || t.toks[p].text != "{" || !t.startsMember(i-2, p) || !t.endsMember(i, p) {
		return Position{}, "", false
	}
	return t.span(p, t.toks[p].match), k.text, true
}

// CommentRemoval is what to delete to remove comment c from f: the lines
// it has to itself, else the comment with the blanks that part it from
// the code beside it.
func CommentRemoval(f *source.File, c Comment) (Position, bool) {
	if f == nil {
		return Position{}, false
	}
	cs, ok1 := f.Offset(c.Pos.Line, c.Pos.Column)
	ce, ok2 := f.Offset(c.Pos.EndLine, c.Pos.EndColumn)
	if !ok1 || !ok2 || cs > ce || string(f.Data[cs:ce]) != c.Text {
		return Position{}, false
	}
	lineEnds := atLineEnd(f.Data, overBlanks(f.Data, ce))
	switch {
	case lineEnds && blankBefore(f, cs):
		return offsetSpan(f, lineStart(f, cs), nextLineStart(f, ce)), true
	case lineEnds: // after code
		return offsetSpan(f, backOverBlanks(f.Data, cs), ce), true
	}
	return offsetSpan(f, cs, overBlanks(f.Data, ce)), true // a block comment before code
}
