package analyzer

import (
	"unicode"
	"unicode/utf8"

	"github.com/irislint/irislint/internal/source"
)

// sourceFacts is what the tsconfig sharing (tsconfig_share.go) needs to
// know of a JavaScript or TypeScript file whose own tsconfig differs from
// the shared one: whether the settings that differ can change what esbuild
// makes of it. It comes from a scan of the file's tokens that gives up
// (lexed false) rather than guess: at a "/" that is not a comment (a
// regular expression and a division cannot be told apart without parsing),
// a backslash outside a string (an escaped identifier), an HTML-like
// comment, or U+2028/U+2029. Any doubt counts as a difference.
type sourceFacts struct {
	lexed bool // the whole file was scanned; the facts below hold only then

	at    bool // an "@" token: maybe a decorator (experimentalDecorators)
	class bool // the class keyword: maybe class fields (useDefineForClassFields, target)

	// strictSensitive: something esbuild treats differently in strict mode
	// (alwaysStrict and strict): a function declaration (in a block, it is
	// hoisted only in sloppy mode), with, delete, eval, arguments, a word
	// reserved in strict mode used as a name, a legacy octal literal or
	// escape, an initialized var in a for-in head.
	strictSensitive bool

	// strictPrologue: the file opens with the directive "use strict"; (so
	// it is strict, and has that directive first, whatever its tsconfig).
	strictPrologue bool
}

// factsKey memoizes a file's sourceFacts on its source.File.
type factsKey struct{}

// factsOf is f's sourceFacts, scanned once per run.
func factsOf(f *source.File) sourceFacts {
	return f.Memo(factsKey{}, func(f *source.File) any { return scanFacts(f.Data) }).(sourceFacts)
}

// strictWords are identifiers that are an error, or mean something else,
// in strict mode; "let" and "interface" are handled apart (they are also
// declaration keywords).
var strictWords = map[string]bool{
	"function": true, "with": true, "delete": true, "eval": true, "arguments": true, "yield": true,
	"implements": true, "package": true, "private": true, "protected": true, "public": true, "static": true,
}

type factToken struct {
	kind    tokKind // tokIdent, tokString, tokNumber or tokPunct
	text    string  // identifier, punctuation, or a string's raw text with its quotes
	newline bool    // a line break comes before it
}

type factLexer struct {
	src   []byte
	off   int
	facts sourceFacts

	newline   bool         // a line break since the last token
	n         int          // tokens seen
	prev      [2]factToken // the last two tokens, prev[0] the last
	pending   string       // "let" or "interface": decided by the next token
	braces    int          // depth of { }
	templates []int        // for each template substitution open, the brace depth it began at
	first     factToken    // the file's first token
}

// scanFacts scans src.
func scanFacts(src []byte) sourceFacts {
	l := &factLexer{src: src}
	if l.run() {
		l.facts.lexed = true
	}
	return l.facts
}

// run scans the file; false when it gave up.
func (l *factLexer) run() bool {
	if len(l.src) >= 3 && l.src[0] == 0xEF && l.src[1] == 0xBB && l.src[2] == 0xBF {
		l.off = 3
	}
	if l.off+1 < len(l.src) && l.src[l.off] == '#' && l.src[l.off+1] == '!' {
		l.skipLine()
	}
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch {
		case c == '\n' || c == '\r':
			l.newline = true
			l.off++
		case c == ' ' || c == '\t' || c == '\v' || c == '\f':
			l.off++
		case c >= 0x80:
			r, size := utf8.DecodeRune(l.src[l.off:])
			switch {
			case r == 0x2028 || r == 0x2029 || r == utf8.RuneError:
				return false
			case unicode.IsSpace(r) || r == 0xFEFF:
			default:
				l.emit(factToken{kind: tokPunct, text: string(r)}) // part of a name that matches no keyword
			}
			l.off += size
		case c == '/':
			if !l.comment() {
				return false
			}
		case c == '"' || c == '\'':
			if !l.str(c) {
				return false
			}
		case c == '`':
			l.off++
			if !l.template() {
				return false
			}
		case c == '}' && len(l.templates) > 0 && l.templates[len(l.templates)-1] == l.braces:
			l.templates = l.templates[:len(l.templates)-1]
			l.off++
			if !l.template() {
				return false
			}
		case c >= '0' && c <= '9' || c == '.' && l.off+1 < len(l.src) && l.src[l.off+1] >= '0' && l.src[l.off+1] <= '9':
			l.number()
		case c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			start := l.off
			for l.off < len(l.src) && isWordByte(l.src[l.off]) {
				l.off++
			}
			l.emit(factToken{kind: tokIdent, text: string(l.src[start:l.off])})
		case c == '\\':
			return false
		case c == '<' && l.has("<!--"), c == '-' && l.has("-->"):
			return false
		default:
			switch c {
			case '{':
				l.braces++
			case '}':
				l.braces--
			case '@':
				l.facts.at = true
			}
			l.off++
			l.emit(factToken{kind: tokPunct, text: string(c)})
		}
	}
	if len(l.templates) > 0 {
		return false
	}
	l.emit(factToken{kind: tokPunct, text: "EOF"}) // decides a pending "let"
	return true
}

func (l *factLexer) has(s string) bool {
	return l.off+len(s) <= len(l.src) && string(l.src[l.off:l.off+len(s)]) == s
}

func (l *factLexer) skipLine() {
	for l.off < len(l.src) && l.src[l.off] != '\n' && l.src[l.off] != '\r' {
		l.off++
	}
}

// comment skips a comment at a "/", or gives up at any other "/".
func (l *factLexer) comment() bool {
	switch {
	case l.has("//"):
		start := l.off
		l.skipLine()
		return !containsLineSeparator(l.src[start:l.off])
	case l.has("/*"):
		for i := l.off + 2; i+1 < len(l.src); i++ {
			if l.src[i] == '*' && l.src[i+1] == '/' {
				for _, b := range l.src[l.off:i] {
					if b == '\n' || b == '\r' {
						l.newline = true
					}
				}
				if containsLineSeparator(l.src[l.off:i]) {
					return false
				}
				l.off = i + 2
				return true
			}
		}
	}
	return false
}

func containsLineSeparator(b []byte) bool {
	for i := 0; i+2 < len(b); i++ {
		if b[i] == 0xE2 && b[i+1] == 0x80 && (b[i+2] == 0xA8 || b[i+2] == 0xA9) {
			return true
		}
	}
	return false
}

// escape reads the escape sequence after a backslash at l.off in a string
// or template; a legacy octal escape (\1 to \7, \0 before a digit) or \8,
// \9 is strict-sensitive.
func (l *factLexer) escape() {
	l.off++ // the backslash
	if l.off >= len(l.src) {
		return
	}
	c := l.src[l.off]
	if c == '\r' && l.off+1 < len(l.src) && l.src[l.off+1] == '\n' {
		l.off += 2 // a line continuation
		return
	}
	if c >= '1' && c <= '9' || c == '0' && l.off+1 < len(l.src) && l.src[l.off+1] >= '0' && l.src[l.off+1] <= '9' {
		l.facts.strictSensitive = true
	}
	_, size := utf8.DecodeRune(l.src[l.off:])
	l.off += size
}

// str reads a string literal; a line break in it is a syntax error, given
// up on.
func (l *factLexer) str(quote byte) bool {
	start := l.off
	l.off++
	for l.off < len(l.src) {
		switch c := l.src[l.off]; c {
		case quote:
			l.off++
			l.emit(factToken{kind: tokString, text: string(l.src[start:l.off])})
			return true
		case '\\':
			l.escape()
		case '\n', '\r':
			return false
		default:
			l.off++
		}
	}
	return false
}

// template reads template text up to its end or to a substitution, whose
// code the main loop then reads until the "}" that closes it.
func (l *factLexer) template() bool {
	for l.off < len(l.src) {
		switch l.src[l.off] {
		case '`':
			l.off++
			l.emit(factToken{kind: tokString, text: "`"})
			return true
		case '\\':
			l.escape()
		case '$':
			if l.has("${") {
				l.off += 2
				l.templates = append(l.templates, l.braces)
				l.emit(factToken{kind: tokPunct, text: "${"})
				return true
			}
			l.off++
		default:
			l.off++
		}
	}
	return false
}

// number reads a numeric literal (with whatever letters, digits and dots
// follow: a member name after a dot is no keyword that matters here). A
// leading 0 followed by a digit is a legacy octal (or decimal) literal.
func (l *factLexer) number() {
	if l.src[l.off] == '0' && l.off+1 < len(l.src) && l.src[l.off+1] >= '0' && l.src[l.off+1] <= '9' {
		l.facts.strictSensitive = true
	}
	for l.off < len(l.src) && (isWordByte(l.src[l.off]) || l.src[l.off] == '.') {
		l.off++
	}
	l.emit(factToken{kind: tokNumber})
}

// emit takes the next token.
func (l *factLexer) emit(t factToken) {
	t.newline = l.newline
	l.newline = false
	switch l.pending {
	case "let": // a declaration: let x, let [x], let {x}
		if t.newline || !(t.kind == tokIdent || t.text == "[" || t.text == "{") {
			l.facts.strictSensitive = true
		}
	case "interface": // a TypeScript declaration: interface X
		if t.newline || t.kind != tokIdent {
			l.facts.strictSensitive = true
		}
	}
	l.pending = ""

	switch l.n {
	case 0:
		l.first = t
	case 1:
		raw := l.first.text
		l.facts.strictPrologue = l.first.kind == tokString &&
			(raw == `"use strict"` || raw == `'use strict'`) && t.text == ";"
	}
	l.n++

	member := l.prev[0].text == "." && l.prev[1].text != "." // a.b, a?.b, not ...b
	if t.kind == tokIdent && !member {
		switch {
		case t.text == "class":
			l.facts.class = true
		case t.text == "let" || t.text == "interface":
			l.pending = t.text
		case strictWords[t.text]:
			l.facts.strictSensitive = true
		case t.text == "var" && l.prev[0].text == "(" && l.prev[1].text == "for":
			l.facts.strictSensitive = true
		}
	}
	l.prev[1], l.prev[0] = l.prev[0], t
}
