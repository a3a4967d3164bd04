package analyzer

import (
	"sort"

	"github.com/irislint/irislint/internal/source"
)

// A token table is a source file's significant tokens (no white space, no
// comments) with their byte offsets and their place among the brackets,
// made by the scanner that locates literals, so both agree on every
// token. members.go reads it to find the members of array and object
// literals.
type tokenTable struct {
	toks     []srcToken
	balanced bool           // every bracket closes; nothing is found in a file where one does not
	byStart  map[[2]int]int // token index by line and column
}

// srcToken is one token of a file.
type srcToken struct {
	kind       tokKind
	text       string   // identifier, cooked string value, or punctuation
	pos        Position // with its end
	start, end int      // byte offsets
	parent     int      // the innermost open bracket (or template substitution) around it; -1 for none
	match      int      // for a bracket: its partner; -1 otherwise
}

// member is one comma-separated member of a bracketed list, as the
// indexes of its first and last tokens.
type member struct{ first, last int }

// tokensKey memoizes a file's token table on its source.File.
type tokensKey struct{}

// tokensOf is f's token table, made once per run.
func tokensOf(f *source.File) *tokenTable {
	if f == nil {
		return &tokenTable{}
	}
	return f.Memo(tokensKey{}, func(f *source.File) any { return tokenize(f) }).(*tokenTable)
}

var closerOf = map[string]string{"{": "}", "[": "]", "(": ")", "${": "`"}

func tokenize(f *source.File) *tokenTable {
	s := scanner{file: f.Path, src: f.Data, line: 1, col: 1, res: &scanResult{}}
	if f.HasBOM() {
		s.off = 3 // a BOM is not a column
	}
	t := &tokenTable{balanced: true, byStart: map[[2]int]int{}}
	var open []int // indexes of the open brackets, innermost last
	for s.off < len(s.src) {
		from, emitted := s.off, s.emitted
		s.step() // white space, a comment, or exactly one token
		if s.emitted == emitted {
			continue
		}
		tok := srcToken{kind: s.prev.kind, text: s.prev.text, pos: s.prev.start, start: from, end: s.off, parent: -1, match: -1}
		if len(open) > 0 {
			tok.parent = open[len(open)-1]
		}
		i := len(t.toks)
		t.toks = append(t.toks, tok)
		t.byStart[[2]int{tok.pos.Line, tok.pos.Column}] = i
		if tok.kind != tokPunct {
			continue
		}
		switch tok.text {
		case "{", "[", "(":
			open = append(open, i)
		case "${":
			// A template's first substitution opens it; a later one
			// (the scanner emits `}...${` as one token) stays inside.
			if f.Data[from] == '`' {
				open = append(open, i)
			}
		case "}", "]", ")", "`":
			if len(open) == 0 || closerOf[t.toks[open[len(open)-1]].text] != tok.text {
				t.balanced = false
				return t
			}
			o := open[len(open)-1]
			open = open[:len(open)-1]
			t.toks[o].match, t.toks[i].match = i, o
			t.toks[i].parent = t.toks[o].parent // a closer sits where its opener does
		}
	}
	t.balanced = len(open) == 0
	return t
}

// at is the index of the token that starts at pos.
func (t *tokenTable) at(pos Position) (int, bool) {
	if !t.balanced {
		return 0, false
	}
	i, ok := t.byStart[[2]int{pos.Line, pos.Column}]
	return i, ok
}

// span is the Position from the start of token i to the end of token j.
func (t *tokenTable) span(i, j int) Position {
	p := t.toks[i].pos
	p.EndLine, p.EndColumn = t.toks[j].pos.EndLine, t.toks[j].pos.EndColumn
	return p
}

func (t *tokenTable) isPunct(i int, text string) bool {
	return i >= 0 && i < len(t.toks) && t.toks[i].kind == tokPunct && t.toks[i].text == text
}

// startsMember reports whether token i begins a member of the list that
// bracket p opens.
func (t *tokenTable) startsMember(i, p int) bool {
	return i-1 == p || t.isPunct(i-1, ",") && t.toks[i-1].parent == p
}

// endsMember reports whether token i ends a member of the list that
// bracket p opens.
func (t *tokenTable) endsMember(i, p int) bool {
	return i+1 == t.toks[p].match || t.isPunct(i+1, ",") && t.toks[i+1].parent == p
}

// arrayLiteral reports whether the `[` at p opens an array literal rather
// than an index (`a[0]`) or a computed key.
func (t *tokenTable) arrayLiteral(p int) bool {
	if p == 0 {
		return true
	}
	prev := t.toks[p-1]
	switch prev.kind {
	case tokIdent:
		return regexpAfter[prev.text] // `return [`, `of [`, ...
	case tokString, tokNumber, tokRegexp:
		return false
	}
	switch prev.text {
	case ")", "]", "}", "`":
		return false
	}
	return true
}

// members lists the members of the list that bracket p opens; false for
// a list with a hole (`[a, , b]`), which no fix touches. A trailing comma
// ends the last member.
func (t *tokenTable) members(p int) ([]member, bool) {
	var out []member
	first, last := -1, -1
	for j := p + 1; j < t.toks[p].match; j++ {
		if t.toks[j].parent != p {
			continue // inside a nested bracket
		}
		if t.isPunct(j, ",") {
			if first < 0 {
				return nil, false
			}
			out = append(out, member{first, last})
			first = -1
			continue
		}
		if first < 0 {
			first = j
		}
		last = j
	}
	if first >= 0 {
		out = append(out, member{first, last})
	}
	return out, true
}

// removal is what to delete to remove member k of ms (a list's members)
// and leave tidy code:
//
//   - a member on lines of its own (only blanks before it, only its comma,
//     blanks and a line comment after it) goes with those lines; when it
//     is the last member and has no comma of its own, the comma before it
//     goes too, so that no trailing comma is left (JSON allows none);
//   - a member sharing its line goes with its comma and the blanks after
//     it (or, before a closing bracket, the blanks before it);
//   - a last member without a comma goes with the separator before it,
//     unless a comment lies between them (then nothing is offered).
func (t *tokenTable) removal(f *source.File, ms []member, k int) ([]Position, bool) {
	m := ms[k]
	data := f.Data
	s, e := t.toks[m.first].start, t.toks[m.last].end
	after := m.last + 1
	commaAfter := t.isPunct(after, ",")
	x := e
	if commaAfter {
		x = t.toks[after].end
	}
	var spans [][2]int
	switch {
	case blankBefore(f, s) && blankAfter(data, x):
		spans = append(spans, [2]int{lineStart(f, s), nextLineStart(f, x)})
		if !commaAfter && k > 0 {
			c := t.toks[m.first-1] // the comma after the member before
			spans = append(spans, [2]int{c.start, c.end})
		}
	case commaAfter:
		from, to := s, x
		if after+1 == t.toks[t.toks[m.first].parent].match {
			from = backOverBlanks(data, from) // `[a, b,]`: drop " b,"
		} else {
			to = overBlanks(data, to)
			if atLineEnd(data, to) {
				from = backOverBlanks(data, from)
			}
		}
		spans = append(spans, [2]int{from, to})
	case k > 0:
		pe := t.toks[ms[k-1].last].end
		between := data[pe:s]
		commas := 0
		for _, c := range between {
			switch c {
			case ',':
				commas++
			case ' ', '\t', '\n', '\r':
			default:
				return nil, false // a comment: leave it to the author
			}
		}
		if commas != 1 {
			return nil, false
		}
		spans = append(spans, [2]int{pe, e})
	default:
		spans = append(spans, [2]int{s, e})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	out := make([]Position, len(spans))
	for i, sp := range spans {
		out[i] = offsetSpan(f, sp[0], sp[1])
	}
	return out, true
}

// offsetSpan is the Position of the bytes [from, to) of f.
func offsetSpan(f *source.File, from, to int) Position {
	l0, c0 := f.Position(from)
	l1, c1 := f.Position(to)
	return Position{File: f.Path, Line: l0, Column: c0, EndLine: l1, EndColumn: c1}
}

// lineStart is the offset where the line holding off begins.
func lineStart(f *source.File, off int) int {
	_, start := f.LineStart(off)
	return start
}

// nextLineStart is the offset where the line after the one holding off
// begins, or the end of the file.
func nextLineStart(f *source.File, off int) int {
	line, _ := f.LineStart(off)
	if line >= f.Lines() {
		return len(f.Data)
	}
	start, _ := f.Offset(line+1, 1)
	return start
}

func blankBefore(f *source.File, off int) bool {
	for _, c := range f.Data[lineStart(f, off):off] {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// blankAfter reports whether only blanks, and perhaps a line comment,
// follow off on its line.
func blankAfter(data []byte, off int) bool {
	off = overBlanks(data, off)
	return atLineEnd(data, off) || off+1 < len(data) && data[off] == '/' && data[off+1] == '/'
}

func atLineEnd(data []byte, off int) bool {
	if off >= len(data) {
		return true
	}
	switch data[off] {
	case '\n', '\r':
		return true
	case 0xE2: // U+2028, U+2029
		return off+2 < len(data) && data[off+1] == 0x80 && (data[off+2] == 0xA8 || data[off+2] == 0xA9)
	}
	return false
}

func overBlanks(data []byte, off int) int {
	for off < len(data) && (data[off] == ' ' || data[off] == '\t') {
		off++
	}
	return off
}

func backOverBlanks(data []byte, off int) int {
	for off > 0 && (data[off-1] == ' ' || data[off-1] == '\t') {
		off--
	}
	return off
}
