package analyzer

import (
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/irislint/irislint/internal/source"
)

// From a place in the bundle back to the file, line and column the
// manifest's author wrote: through esbuild's source map, then in the
// original file as the run read it (internal/source), whose lines and
// columns every other part of irislint shares.

// code is the bundle as goja compiles it. esbuild passes bytes that are
// not UTF-8 through where it copies text verbatim (legal comments such as
// "/*! Copyright \\xa9 Acme */", String.raw templates), and goja refuses the
// whole script for one such byte, where Node would run it: each becomes
// U+FFFD, as a decoder would make it.
func (b *Bundle) code() string {
	b.mapOnce.Do(b.prepareMapping)
	return b.codeText
}

func (b *Bundle) prepareMapping() {
	if utf8.Valid(b.js) && len(b.js) > 0 {
		b.codeText = unsafe.String(&b.js[0], len(b.js)) // the bundle is never changed
	} else {
		b.codeText = strings.ToValidUTF8(string(b.js), "\uFFFD")
	}
	b.codeLines = source.New(bundleName, unsafe.Slice(unsafe.StringData(b.codeText), len(b.codeText))) // never changed
	for i := 0; i < len(b.codeText); i++ {
		if b.codeText[i] >= utf8.RuneSelf {
			b.wide = append(b.wide, i)
		}
	}
	if len(b.srcMap) > 0 {
		b.mapped, _ = parseSrcMap(b.srcMap) // nil when it does not parse: no positions
		if b.mapped != nil {
			b.mapped.files = make([]string, len(b.mapped.sources))
			for i, name := range b.mapped.sources {
				if !strings.Contains(name, stubNS) {
					b.mapped.files[i] = filepath.Clean(filepath.Join(b.Root, filepath.FromSlash(name)))
				}
			}
		}
	}
}

// codeOffset is the byte offset in code() of goja's line and byte column
// (1-based).
func (b *Bundle) codeOffset(line, byteCol int) int {
	b.mapOnce.Do(b.prepareMapping)
	start, ok := b.codeLines.Offset(line, 1)
	if !ok {
		return len(b.codeText)
	}
	return start + byteCol - 1
}

// generated is the source map's line (0-based) and UTF-16 column of byte
// offset off in code().
func (b *Bundle) generated(off int) (line, col int) {
	l, start := b.codeLines.LineStart(off)
	off = min(off, len(b.codeText))
	// ASCII up to off, as bundles mostly are: a byte is a code unit (one
	// string after another, counting from the line's start each time, was
	// a tenth of a 200-app lint)
	if i, _ := slices.BinarySearch(b.wide, start); i == len(b.wide) || b.wide[i] >= off {
		return l - 1, off - start
	}
	return l - 1, utf16Units(b.codeText[start:off])
}

// original maps byte offset off of code() to where it came from in an
// original file; the span is empty (End = start).
func (b *Bundle) original(off int) (Position, bool) {
	b.mapOnce.Do(b.prepareMapping)
	if b.mapped == nil {
		return Position{}, false
	}
	line, col := b.generated(off)
	src, oLine, oCol, ok := b.mapped.original(line, col)
	if !ok {
		return Position{}, false
	}
	return b.sourcePosition(src, oLine, oCol)
}

// sourcePosition turns a source map's original (source index, 0-based
// line, UTF-16 column) into a Position in the run's file.
func (b *Bundle) sourcePosition(src, line, col int) (Position, bool) {
	file := b.mapped.files[src]
	if file == "" {
		return Position{}, false // an @trackunit stand-in: not the author's code
	}
	f, ok := b.files.Has(file)
	if !ok {
		return Position{}, false
	}
	text, ok := f.Line(line + 1)
	if !ok {
		return Position{}, false
	}
	if line == 0 && f.HasBOM() && col > 0 {
		col-- // esbuild counts a BOM as a column on line 1; it is none
	}
	c := 1 + codePoints(text, col)
	return Position{File: file, Line: line + 1, Column: c, EndLine: line + 1, EndColumn: c}, true
}

// siteSpan is the original span of an instrumented site: a literal is the
// literal the scanner found where the source map points (with its end); a
// computed expression runs from its start to the end of the last token
// the source map knows in it.
//
// esbuild folds a concatenation of string literals into one literal
// ('https://' + 'example.com'), which the source map places at the first
// of them: such a value spans the whole chain.
func (b *Bundle) siteSpan(st site, computed bool, value string) (Position, bool) {
	start, ok := b.original(st.start)
	if !ok {
		return Position{}, false
	}
	f, _ := b.files.Has(start.File)
	scan := scanOf(f)
	if !computed {
		if lit, ok := scan.literalAt(start.Line, start.Column); ok {
			if lit.value == value {
				return lit.pos, true
			}
			if end, ok := scan.foldedChain(f, lit, value); ok {
				start.EndLine, start.EndColumn = end.pos.EndLine, end.pos.EndColumn
				return start, true
			}
		}
	}
	end := tokenEndAt(f, start)
	if computed {
		l0, c0 := b.generated(st.start)
		l1, c1 := b.generated(st.end)
		if seg, ok := b.mapped.lastIn(l0, c0, l1, c1); ok {
			if last, ok := b.sourcePosition(int(seg.src), int(seg.line), int(seg.col)); ok && last.File == start.File {
				if e := tokenEndAt(f, last); e.Line > end.Line || e.Line == end.Line && e.Column > end.Column {
					end = e
				}
			}
		}
	}
	start.EndLine, start.EndColumn = end.Line, end.Column
	return start, true
}

// tokenEndAt is where the token (a whole template literal, or a bracketed
// group) that starts at p ends in f.
func tokenEndAt(f *source.File, p Position) Position {
	off, ok := f.Offset(p.Line, p.Column)
	if !ok {
		return p
	}
	n := tokenLen(f.Data[off:])
	line, col := f.Position(off + n)
	return Position{Line: line, Column: col}
}

// utf16Units is how many UTF-16 code units s holds.
func utf16Units(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// codePoints is how many code points the first n UTF-16 code units of
// line hold; past the end of line, each unit counts as one.
func codePoints(line string, n int) int {
	count := 0
	for _, r := range line {
		if n <= 0 {
			return count
		}
		n -= utf16.RuneLen(r)
		count++
	}
	return count + max(0, n)
}

// runeCount is the number of code points in s.
func runeCount(s string) int { return utf8.RuneCountInString(s) }

// via finds the manifest's import that begins a chain of imports reaching
// path (breadth first, so the shortest chain), and the position of that
// import's specifier in the manifest.
func (b *Bundle) via(path string) (Position, bool) {
	b.viaOnce.Do(b.prepareVia)
	first, ok := b.viaFirst[path]
	if !ok {
		return Position{}, false
	}
	f, _ := b.files.Has(b.Path)
	for _, lit := range scanOf(f).literals {
		if lit.value == first.spec {
			return lit.pos, true
		}
	}
	return line1(b.Path), true
}

// prepareVia maps every file the manifest reaches to the manifest's own
// import that reaches it first.
func (b *Bundle) prepareVia() {
	b.viaFirst = map[string]importEdge{}
	type step struct {
		file  string
		first importEdge
	}
	var queue []step
	for _, e := range b.imports[b.Path] {
		if _, seen := b.viaFirst[e.path]; !seen && e.path != b.Path {
			b.viaFirst[e.path] = e
			queue = append(queue, step{e.path, e})
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, e := range b.imports[s.file] {
			if _, seen := b.viaFirst[e.path]; !seen && e.path != b.Path {
				b.viaFirst[e.path] = s.first
				queue = append(queue, step{e.path, s.first})
			}
		}
	}
}
