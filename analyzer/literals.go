package analyzer

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/irislint/irislint/internal/source"
)

// A literal is a string literal (or a substitution-free template literal)
// in a source file, with its cooked value, and the property key it is the
// value of when it directly follows `key:` in an object literal.
type literal struct {
	value  string
	key    string // "" when the literal is not a property value
	keyIdx int    // index of that key in scanResult.keys, or -1
	pos    Position
}

// A propKey is a property key in an object literal: `scope:` or
// `"connect-src":`, or a shorthand property `{ scope }`.
type propKey struct {
	name string
	obj  int // which object literal of the file the key belongs to
	pos  Position
}

// scanResult is what scanSource finds in one file.
type scanResult struct {
	literals []literal
	keys     []propKey
	comments []Comment

	byStart map[[2]int]int // literal index by start line and column, made on first use
	once    sync.Once
}

// scanKey memoizes a file's scan on its source.File.
type scanKey struct{}

// scanOf is f's scan, made once per run however many manifests bundle f.
func scanOf(f *source.File) *scanResult {
	if f == nil {
		return &scanResult{}
	}
	return f.Memo(scanKey{}, func(f *source.File) any {
		s := scanner{file: f.Path, src: f.Data, line: 1, col: 1, res: &scanResult{}, shared: true}
		s.scan()
		return s.res
	}).(*scanResult)
}

// literalAt is the literal that starts at line and column, if any.
func (r *scanResult) literalAt(line, col int) (literal, bool) {
	r.once.Do(func() {
		r.byStart = make(map[[2]int]int, len(r.literals))
		for i, l := range r.literals {
			r.byStart[[2]int{l.pos.Line, l.pos.Column}] = i
		}
	})
	i, ok := r.byStart[[2]int{line, col}]
	if !ok {
		return literal{}, false
	}
	return r.literals[i], true
}

// foldedChain finds the chain of literals joined by `+` that starts with
// first and whose texts make value, as esbuild folds it into one literal,
// and returns its last literal.
func (r *scanResult) foldedChain(f *source.File, first literal, value string) (literal, bool) {
	i := slices.IndexFunc(r.literals, func(l literal) bool { return l.pos == first.pos })
	if i < 0 || !strings.HasPrefix(value, first.value) {
		return literal{}, false
	}
	text := first.value
	for j := i + 1; j < len(r.literals) && len(text) < len(value); j++ {
		prev, next := r.literals[j-1], r.literals[j]
		from, _ := f.Offset(prev.pos.EndLine, prev.pos.EndColumn)
		to, _ := f.Offset(next.pos.Line, next.pos.Column)
		if from > to || strings.TrimSpace(string(f.Data[from:to])) != "+" {
			return literal{}, false
		}
		text += next.value
		if text == value {
			return next, true
		}
	}
	return literal{}, false
}

// tokenLen is the length in bytes of the token that starts src: a string
// or a whole template literal, an identifier or number, a bracketed group
// with all it holds, or one punctuation character. White space and
// comments before it count too.
func tokenLen(src []byte) int {
	s := scanner{src: src, line: 1, col: 1, res: &scanResult{}}
	for s.off < len(src) {
		s.step()
		if s.emitted > 0 && len(s.brackets) == 0 {
			break
		}
	}
	return s.off
}

// scanSource finds the string literals and property keys of a JavaScript,
// TypeScript or JSON source. It is a tokenizer, not a parser: it knows
// comments, strings, template literals, regular expressions and brackets,
// which is all it takes to find literals and `key:` pairs reliably. It never
// fails; malformed input just yields fewer literals.
func scanSource(file string, src []byte) *scanResult {
	s := scanner{file: file, src: src, line: 1, col: 1, res: &scanResult{}}
	s.scan()
	return s.res
}

// scan runs the scanner over the whole source.
func (s *scanner) scan() {
	if len(s.src) >= 3 && s.src[0] == 0xEF && s.src[1] == 0xBB && s.src[2] == 0xBF {
		s.off = 3 // a BOM is not a column
	}
	s.run()
}

type tokKind uint8

const (
	tokNone   tokKind = iota
	tokIdent          // identifiers and keywords
	tokString         // string and template literals
	tokNumber         // numeric literals
	tokPunct          // operators and brackets
	tokRegexp         // regular expression literals
)

type token struct {
	kind  tokKind
	text  string // identifier name, cooked string value, or punctuation
	start Position
}

type scanner struct {
	file string
	src  []byte
	off  int
	line int
	col  int // 1-based, in code points

	// The last two significant tokens, to tell a key from a value and a
	// regexp from a division.
	prev, prev2 token
	// brackets is a stack of open `{`, `[`, `(` and template `${` (as '$').
	brackets []byte
	// objects is the stack of open object literals' ids (one per `{`).
	objects []int
	nextObj int
	// afterKey is set while the last two tokens are a recorded key and `:`.
	afterKey bool
	// pendingKey holds a `key` token until we see whether `:` follows.
	pendingKey *token

	res     *scanResult
	emitted int // tokens emitted so far

	// shared is set when src never changes (a source.File's data): the
	// text of comments then points into it instead of being copied, which
	// matters for a file of 10 MiB of comments kept for a whole run.
	shared bool
}

// text is src[from:to] as a string.
func (s *scanner) text(from, to int) string {
	if s.shared && to > from {
		return unsafe.String(&s.src[from], to-from)
	}
	return string(s.src[from:to])
}

// regexpAfter lists keywords after which `/` starts a regular expression.
var regexpAfter = map[string]bool{
	"return": true, "typeof": true, "case": true, "in": true, "of": true, "new": true,
	"delete": true, "void": true, "throw": true, "instanceof": true, "yield": true,
	"await": true, "else": true, "do": true,
}

func (s *scanner) pos() Position { return Position{File: s.file, Line: s.line, Column: s.col} }

// advance moves past one code point, keeping line and column.
func (s *scanner) advance() {
	c := s.src[s.off]
	switch {
	case c == '\n':
		s.off++
		s.line++
		s.col = 1
	case c == '\r':
		s.off++
		if s.off < len(s.src) && s.src[s.off] == '\n' {
			s.off++
		}
		s.line++
		s.col = 1
	case c < utf8.RuneSelf:
		s.off++
		s.col++
	default:
		r, n := utf8.DecodeRune(s.src[s.off:])
		s.off += n
		if r == '\u2028' || r == '\u2029' {
			s.line++
			s.col = 1
		} else {
			s.col++
		}
	}
}

func (s *scanner) peek(k int) byte {
	if s.off+k < len(s.src) {
		return s.src[s.off+k]
	}
	return 0
}

func (s *scanner) run() {
	for s.off < len(s.src) {
		s.step()
	}
	s.flushKey()
}

// step scans what starts at s.off: white space, a comment or a token.
func (s *scanner) step() {
	{
		c := s.src[s.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			s.advance()
		case c == '/' && s.peek(1) == '/':
			start, b := s.pos(), s.off
			for s.off < len(s.src) && s.src[s.off] != '\n' && s.src[s.off] != '\r' {
				s.advance()
			}
			s.comment(start, b)
		case c == '/' && s.peek(1) == '*':
			start, b := s.pos(), s.off
			s.advance()
			s.advance()
			for s.off < len(s.src) && !(s.src[s.off] == '*' && s.peek(1) == '/') {
				s.advance()
			}
			if s.off < len(s.src) {
				s.advance()
				s.advance()
			}
			s.comment(start, b)
		case c == '"' || c == '\'':
			start := s.pos()
			v := s.quoted(c)
			s.emit(token{kind: tokString, text: v, start: start})
		case c == '`':
			s.template(true)
		case c == '}' && len(s.brackets) > 0 && s.brackets[len(s.brackets)-1] == '$':
			// the end of a `${...}` substitution: the template goes on
			s.brackets = s.brackets[:len(s.brackets)-1]
			s.template(false)
		case c == '/' && s.regexpAllowed():
			start := s.pos()
			s.regexp()
			s.emit(token{kind: tokRegexp, start: start})
		case isIdentStart(c):
			start := s.pos()
			b := s.off
			for s.off < len(s.src) && isIdentPart(s.src[s.off]) {
				s.advance()
			}
			s.emit(token{kind: tokIdent, text: string(s.src[b:s.off]), start: start})
		case c >= '0' && c <= '9' || c == '.' && s.peek(1) >= '0' && s.peek(1) <= '9':
			start := s.pos()
			for s.off < len(s.src) && (isIdentPart(s.src[s.off]) || s.src[s.off] == '.') {
				s.advance()
			}
			s.emit(token{kind: tokNumber, start: start})
		default:
			start := s.pos()
			switch c {
			case '{', '[', '(':
				s.brackets = append(s.brackets, c)
				if c == '{' {
					s.nextObj++
					s.objects = append(s.objects, s.nextObj)
				}
			case '}', ']', ')':
				if n := len(s.brackets); n > 0 {
					if s.brackets[n-1] == '{' && len(s.objects) > 0 {
						s.objects = s.objects[:len(s.objects)-1]
					}
					s.brackets = s.brackets[:n-1]
				}
			}
			s.advance()
			s.emit(token{kind: tokPunct, text: string(c), start: start})
		}
	}
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf || c == '\\'
}

func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

// regexpAllowed decides whether a `/` here starts a regular expression.
func (s *scanner) regexpAllowed() bool {
	switch s.prev.kind {
	case tokNone:
		return true
	case tokIdent:
		return regexpAfter[s.prev.text]
	case tokString, tokNumber, tokRegexp:
		return false
	}
	switch s.prev.text {
	case ")", "]", "}":
		return false
	}
	return true
}

// inObject reports whether the innermost open bracket is `{`.
func (s *scanner) inObject() bool {
	return len(s.brackets) > 0 && s.brackets[len(s.brackets)-1] == '{'
}

// emit records a significant token, deciding keys and key-value literals.
func (s *scanner) emit(t token) {
	s.emitted++
	// Tokens are emitted as soon as they end, so the scanner is at the end.
	t.start.EndLine, t.start.EndColumn = s.line, s.col
	// A key candidate waits for the next token: `:` makes it a key, `,` or
	// `}` makes an identifier a shorthand property.
	wasAfterKey := s.afterKey
	s.afterKey = false
	if s.pendingKey != nil {
		k := *s.pendingKey
		s.pendingKey = nil
		switch {
		case t.kind == tokPunct && t.text == ":":
			s.addKey(k)
			s.prev2, s.prev = k, t
			s.afterKey = true
			return
		case k.kind == tokIdent && t.kind == tokPunct && (t.text == "," || t.text == "}"):
			s.addKey(k)
		}
		s.record(k, false)
	}
	if (t.kind == tokIdent || t.kind == tokString) && s.inObject() &&
		s.prev.kind == tokPunct && (s.prev.text == "{" || s.prev.text == ",") {
		s.pendingKey = &t
		s.prev2, s.prev = s.prev, t
		return
	}
	s.record(t, wasAfterKey)
	s.prev2, s.prev = s.prev, t
}

func (s *scanner) addKey(k token) {
	obj := 0
	if len(s.objects) > 0 {
		obj = s.objects[len(s.objects)-1]
	}
	s.res.keys = append(s.res.keys, propKey{name: k.text, obj: obj, pos: s.span(k)})
}

// record stores a string token as a literal once we know it is no key.
// afterKey says it directly follows `key:`, the last key recorded.
func (s *scanner) record(t token, afterKey bool) {
	if t.kind != tokString {
		return
	}
	lit := literal{value: t.text, keyIdx: -1, pos: s.span(t)}
	if afterKey {
		lit.keyIdx = len(s.res.keys) - 1
		lit.key = s.res.keys[lit.keyIdx].name
	}
	s.res.literals = append(s.res.literals, lit)
}

func (s *scanner) flushKey() {
	if s.pendingKey != nil {
		s.record(*s.pendingKey, false)
		s.pendingKey = nil
	}
}

// span is a token's full position (emit filled in its end).
func (s *scanner) span(t token) Position { return t.start }

// quoted scans a '...' or "..." literal and returns its cooked value.
func (s *scanner) quoted(q byte) string {
	s.advance() // opening quote
	if v, ok := s.plainQuoted(q); ok {
		return v
	}
	var b strings.Builder
	for s.off < len(s.src) {
		c := s.src[s.off]
		if c == q {
			s.advance()
			break
		}
		if c == '\n' || c == '\r' {
			break // unterminated: leave the rest to the next line
		}
		if c == '\\' {
			s.escape(&b)
			continue
		}
		s.codePoint(&b)
	}
	return b.String()
}

// plainQuoted takes the common case in one step: a literal that ends on
// its line and holds no escape, no line separator and no invalid UTF-8 is
// its own cooked value. (Per code point, a 16 MiB string took 0.8 s.)
func (s *scanner) plainQuoted(q byte) (string, bool) {
	rest := s.src[s.off:]
	end := bytes.IndexByte(rest, q)
	if end < 0 {
		return "", false
	}
	raw := rest[:end]
	if bytes.ContainsAny(raw, "\\\n\r\u2028\u2029") || !utf8.Valid(raw) {
		return "", false
	}
	s.off += end + 1
	s.col += utf8.RuneCount(raw) + 1
	return string(raw), true
}

// template scans a template literal from its opening backtick (start) or
// from the `}` that ends a substitution. A template with no substitution is
// a literal; one with substitutions is not, and its `${` pushes a bracket so
// the expression inside is scanned as code.
func (s *scanner) template(start bool) {
	begin := s.pos()
	s.advance() // ` or }
	var b strings.Builder
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch {
		case c == '`':
			s.advance()
			if start {
				s.emit(token{kind: tokString, text: b.String(), start: begin})
			} else {
				s.emit(token{kind: tokPunct, text: "`", start: begin})
			}
			return
		case c == '$' && s.peek(1) == '{':
			s.advance()
			s.advance()
			s.brackets = append(s.brackets, '$')
			s.emit(token{kind: tokPunct, text: "${", start: begin})
			return
		case c == '\\':
			s.escape(&b)
		default:
			s.codePoint(&b)
		}
	}
}

// codePoint consumes one code point and writes its text to b; CRLF in a
// template is one newline, as JavaScript cooks it.
func (s *scanner) codePoint(b *strings.Builder) {
	c := s.src[s.off]
	switch {
	case c == '\r':
		s.advance()
		b.WriteByte('\n')
		return
	case c < utf8.RuneSelf:
		s.advance()
		b.WriteByte(c)
		return
	}
	r, _ := utf8.DecodeRune(s.src[s.off:])
	s.advance()
	b.WriteRune(r) // an invalid byte is U+FFFD
}

// escape consumes a backslash escape and writes its cooked value.
func (s *scanner) escape(b *strings.Builder) {
	s.advance() // backslash
	if s.off >= len(s.src) {
		return
	}
	c := s.src[s.off]
	switch c {
	case 'n':
		b.WriteByte('\n')
	case 't':
		b.WriteByte('\t')
	case 'r':
		b.WriteByte('\r')
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'v':
		b.WriteByte('\v')
	case '0':
		b.WriteByte(0)
	case '\n', '\r':
		s.advance() // line continuation
		return
	case 'x':
		s.advance()
		if r, ok := s.hex(2); ok {
			b.WriteRune(r)
		}
		return
	case 'u':
		s.advance()
		if s.off < len(s.src) && s.src[s.off] == '{' {
			s.advance()
			e := strings.IndexByte(string(s.src[s.off:min(len(s.src), s.off+8)]), '}')
			if e > 0 {
				if r, ok := s.hex(e); ok {
					b.WriteRune(r)
				}
				s.advance()
			}
			return
		}
		if r, ok := s.hex(4); ok {
			b.WriteRune(r)
		}
		return
	default:
		s.codePoint(b)
		return
	}
	s.advance()
}

// hex consumes n hex digits.
func (s *scanner) hex(n int) (rune, bool) {
	if s.off+n > len(s.src) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(s.src[s.off:s.off+n]), 16, 32)
	if err != nil {
		return 0, false
	}
	for i := 0; i < n; i++ {
		s.advance()
	}
	return rune(v), true
}

// regexp consumes a regular expression literal with its flags.
func (s *scanner) regexp() {
	s.advance() // opening slash
	inClass := false
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch {
		case c == '\n' || c == '\r':
			return
		case c == '\\':
			s.advance()
			if s.off < len(s.src) {
				s.advance()
			}
			continue
		case c == '[':
			inClass = true
		case c == ']':
			inClass = false
		case c == '/' && !inClass:
			s.advance()
			for s.off < len(s.src) && isIdentPart(s.src[s.off]) {
				s.advance()
			}
			return
		}
		s.advance()
	}
}
