package analyzer

import (
	"bytes"
	"unicode/utf8"
)

// esbuild's and goja's parsers are recursive descent parsers, and so are
// the passes that follow them (esbuild's visitor and printer, goja's
// compiler). A source that nests deeply enough makes one of them overflow
// the goroutine stack, a fatal error that no recover catches; and some
// shapes cost them time quadratic in their size (a long chain of `a + a`,
// arrow functions nested in arrow functions, TypeScript `a < b < c`, which
// esbuild parses again and again looking for type arguments). Nothing can
// interrupt a parser once it runs, so each source is measured before it is
// parsed, in one pass that cannot recurse, and refused when it would cross
// a bound (see shapeLimits).
//
// The measure is an over-approximation of what the parsers do, built from
// tokens alone:
//
//   - depth: the open brackets of every kind ((, [, {, template ${, JSX
//     elements), plus, in each bracket, the operators and keywords since
//     the last separator (`;`, a `,` between elements, a statement boundary
//     where JavaScript inserts a semicolon). A parser nests at most once
//     per such token: `!!!!x`, `a ? b : c ? d : ...`, `() => () => ...`,
//     `if (a) if (b) ...`, `a.b.c.d` and `f()()` all count a level a token.
//   - work: each token costs the depth it sits at; each operator, the
//     length of the run before it (its tokens, a bracket counting one, and
//     the bytes of its string literals: esbuild folds `'a' + 'b' + ...` one
//     copy at a time, and goja's compiler walks a chain again at each link);
//     a comma of a sequence, three times that (esbuild's printer walks the
//     sequence again); a TypeScript `<`, the tokens to where its bracket or
//     statement ends (esbuild looks that far for type arguments, and parses
//     it again); a function or class keyword, its depth again (esbuild's
//     scopes and renamer). The weights are in work().
//   - tokens, and the file's bytes.
//
// The one question of JavaScript's syntax a tokenizer cannot answer is
// whether `/` starts a regular expression or divides, and the answer
// decides which text is code: in `} /'/ ...` the quote opens a string for
// one answer and not for the other. Where the previous token does not
// settle it, the scan follows both answers (and, in JSX files, both readings
// of `<`) as separate states, drops a state at a definite syntax error
// (where esbuild stops too: an unterminated string, a bracket closed by the
// wrong kind), merges states that reach the same place with the same open
// brackets, and reports the largest figures of any state: whichever way
// esbuild reads the file, its figures are no larger.

// shapeLang is the syntax a source is read in.
type shapeLang uint8

const (
	langJS     shapeLang = iota // esbuild's js loader
	langJSX                     // .jsx
	langTS                      // .ts, .mts, .cts
	langTSX                     // .tsx
	langJSON                    // .json, package.json, tsconfig.json (comments allowed)
	langBundle                  // esbuild's output, as goja reads it: JavaScript without HTML-like comments
)

func (l shapeLang) ts() bool  { return l == langTS || l == langTSX }
func (l shapeLang) jsx() bool { return l == langJSX || l == langTSX }

// shapeLimits are the bounds a source must keep. README's Security section
// gives the measurements they come from.
type shapeLimits struct {
	depth  int   // nesting, as measured above
	work   int64 // work units, as measured above
	tokens int
	bytes  int
}

// shapeStats are a source's figures: the largest of every state the scan
// followed.
type shapeStats struct {
	depth  int
	work   int64 // lexState.work of the state with the most
	tokens int
	states int  // the most readings followed at once
	ended  bool // a reading reached the end of the source
}

// shapeIssue is the first bound a source crosses.
type shapeIssue struct {
	limit string // "depth", "work", "tokens", "bytes" or "ambiguity"
	bound int64  // the bound crossed
	off   int    // byte offset of the token where it was crossed
}

// maxShapeStates bounds the readings followed at once. Real code rarely
// needs a second one for more than a token; a source that keeps more
// alive is refused as "ambiguity".
const maxShapeStates = 16

// measureShape scans src and returns its figures and the first bound it
// crosses, or nil.
func measureShape(src []byte, lang shapeLang, lim shapeLimits) (shapeStats, *shapeIssue) {
	if len(src) > lim.bytes {
		return shapeStats{}, &shapeIssue{limit: "bytes", bound: int64(lim.bytes), off: lim.bytes}
	}
	x := &shapeScan{src: src, lang: lang, lim: lim}
	first := &lexState{frames: []frame{{kind: frameFile}}}
	if bytes.HasPrefix(src, []byte("\ufeff")) {
		first.off = 3
	}
	x.states = []*lexState{first}
	x.run()
	return x.stats, x.issue
}

type shapeScan struct {
	src    []byte
	lang   shapeLang
	lim    shapeLimits
	states []*lexState // live states, lowest offset first
	stats  shapeStats
	issue  *shapeIssue
}

// frameKind is the kind of an open bracket.
type frameKind uint8

const (
	frameFile     frameKind = iota // the file itself
	frameParen                     // (
	frameBracket                   // [
	frameBlock                     // { of a block, class or function body
	frameObject                    // { of an object literal or type
	frameSubst                     // ${ in a template
	frameJSXTag                    // <name ... > of a JSX element, until its >
	frameJSXBody                   // a JSX element's children, until its </name>
	frameJSXValue                  // { in a JSX tag or among children
)

// frame is one open bracket.
type frame struct {
	kind   frameKind
	call   bool  // a ( of a call or parameter list: its commas separate
	header bool  // a ( after if, while, for or with: a statement follows it
	ops    int   // operators and keywords since the last separator: the run
	load   int64 // the run's length: its tokens (a bracket is one), and the bytes of its string literals
	seen   int64 // tokens since the bracket opened, nested ones included
	strs   int64 // bytes of string literals since the bracket opened, nested ones included
	lts    int64 // TypeScript `<` since the last statement boundary
	angles int   // of those, the ones no `>` has closed: type arguments nest, commas or not
	ltSeen int64 // seen at each of them, summed
	quest  int   // `?` not yet matched by a `:`
	cases  int   // `case` not yet matched by its `:`
	decl   bool  // in a var, let or const list: its commas separate

	closing   bool // a JSX tag that began `</`
	selfClose bool // a JSX tag that ends `/>`
}

// tokClass is what the previous token says about the next one.
type tokClass uint8

const (
	clsStart   tokClass = iota // start of file, or after ; { ( , and operators: an operand comes next
	clsEnd                     // an identifier, literal, ) or ]: an operator comes next
	clsKeyword                 // a keyword (word holds it)
	clsClose                   // }: ends a block or an object, the scan cannot tell which
	clsHeader                  // ) of if (...), while (...), for (...), with (...): a statement comes next
	clsPostfix                 // ++, -- or TypeScript's non-null ! after an operand
	clsMaybe                   // a word that is a keyword in some places and a name in others (await, of, type, ...)
)

// lexState is one reading of the source.
type lexState struct {
	off    int
	frames []frame
	prev   tokClass
	word   string // the previous token when it is a keyword or contextual word
	punct  string // the previous token when it is a punctuator or bracket
	nl     bool   // a line ends between the previous token and the next
	semi   bool   // the previous token is `;`: the run ends unless `else` follows
	label  bool   // the previous token is an identifier at the start of a statement
	depth  int    // len(frames)-1 plus every frame's ops and open angles
	nest   int64  // the depth of every token, summed
	chain  int64  // the size of the run before every operator, summed
	look   int64  // the tokens after every TypeScript `<` in its bracket, summed
	scopes int64  // the depth of every function and class keyword, summed
	tokens int
	dead   bool
}

func (s *lexState) top() *frame { return &s.frames[len(s.frames)-1] }

func (s *lexState) clone() *lexState {
	c := *s
	c.frames = append(make([]frame, 0, cap(s.frames)), s.frames...)
	return &c
}

// sameShape reports whether two states at one offset will read the rest
// of the source alike.
func (s *lexState) sameShape(o *lexState) bool {
	if s.off != o.off || s.prev != o.prev || s.word != o.word || s.punct != o.punct ||
		s.nl != o.nl || s.semi != o.semi || s.label != o.label || len(s.frames) != len(o.frames) {
		return false
	}
	for i := range s.frames {
		a, b := &s.frames[i], &o.frames[i]
		if a.kind != b.kind || a.call != b.call || a.header != b.header || a.decl != b.decl ||
			a.closing != b.closing || a.selfClose != b.selfClose ||
			(a.quest > 0) != (b.quest > 0) || (a.cases > 0) != (b.cases > 0) {
			return false
		}
	}
	return true
}

// absorb merges o into s, keeping the larger figure of each.
func (s *lexState) absorb(o *lexState) {
	for i := range s.frames {
		a, b := &s.frames[i], &o.frames[i]
		a.ops = max(a.ops, b.ops)
		a.load = max(a.load, b.load)
		a.seen = max(a.seen, b.seen)
		a.strs = max(a.strs, b.strs)
		if b.lts > a.lts {
			a.lts, a.ltSeen = b.lts, b.ltSeen
		}
		a.quest = max(a.quest, b.quest)
		a.cases = max(a.cases, b.cases)
		a.angles = max(a.angles, b.angles)
	}
	s.depth = len(s.frames) - 1
	for i := range s.frames {
		s.depth += s.frames[i].ops + s.frames[i].angles
	}
	s.nest = max(s.nest, o.nest)
	s.chain = max(s.chain, o.chain)
	s.look = max(s.look, o.look)
	s.scopes = max(s.scopes, o.scopes)
	s.tokens = max(s.tokens, o.tokens)
}

func (x *shapeScan) run() {
	for len(x.states) > 0 && x.issue == nil {
		s := x.states[0]
		if s.off >= len(x.src) {
			x.finish(s)
			x.states = x.states[1:]
			continue
		}
		fork := x.step(s)
		if s.dead {
			x.stop(s)
			x.states = x.states[1:]
		} else {
			x.place(0)
		}
		if fork != nil && !fork.dead {
			x.states = append(x.states, fork)
			x.place(len(x.states) - 1)
		}
		x.stats.states = max(x.stats.states, len(x.states))
		if len(x.states) > maxShapeStates {
			x.issue = &shapeIssue{limit: "ambiguity", bound: maxShapeStates, off: s.off}
		}
	}
}

// place moves states[i] to its place by offset, merging it into a state
// it has caught up with.
func (x *shapeScan) place(i int) {
	s := x.states[i]
	for j, o := range x.states {
		if j != i && o.sameShape(s) {
			o.absorb(s)
			x.states = append(x.states[:i], x.states[i+1:]...)
			return
		}
	}
	for i+1 < len(x.states) && x.states[i+1].off < s.off {
		x.states[i], x.states[i+1] = x.states[i+1], x.states[i]
		i++
	}
}

// finish accounts for the end of the source in state s.
func (x *shapeScan) finish(s *lexState) {
	x.stats.ended = true
	x.stop(s)
}

// stop accounts for a state that reads no further: at the end, or at a
// syntax error, where esbuild stops too.
func (x *shapeScan) stop(s *lexState) {
	for i := range s.frames {
		x.flushLT(s, &s.frames[i])
	}
	x.check(s, min(s.off, len(x.src)))
}

// work is one figure for the work the parsers do, in units; the weights
// make a unit cost about the same time whichever figure it comes from
// (README, "Security").
func (s *lexState) work() int64 {
	return nestWeight*s.nest + s.chain + lookWeight*s.look + scopeWeight*s.scopes
}

const (
	nestWeight  = 4
	lookWeight  = 16
	commaWeight = 3 // a sequence's comma: esbuild's printer walks the sequence again
	// A function or class: esbuild's scopes and renamer walk up the
	// enclosing scopes for it. Function declarations in nested blocks cost
	// 37 ns a unit at weight 0 (40 copies of 166 levels: 1.5 s).
	scopeWeight = 64
)

// check records s's figures and the first bound they cross.
func (x *shapeScan) check(s *lexState, at int) {
	w := s.work()
	x.stats.depth = max(x.stats.depth, s.depth)
	x.stats.tokens = max(x.stats.tokens, s.tokens)
	x.stats.work = max(x.stats.work, w)
	if x.issue != nil {
		return
	}
	switch {
	case s.depth > x.lim.depth:
		x.issue = &shapeIssue{limit: "depth", bound: int64(x.lim.depth), off: at}
	case w > x.lim.work:
		x.issue = &shapeIssue{limit: "work", bound: x.lim.work, off: at}
	case s.tokens > x.lim.tokens:
		x.issue = &shapeIssue{limit: "tokens", bound: int64(x.lim.tokens), off: at}
	}
}

// token counts one token at the current depth.
func (x *shapeScan) token(s *lexState) {
	s.tokens++
	s.nest += int64(s.depth)
	f := s.top()
	f.load++
	f.seen++
}

// stringBytes adds a string literal's bytes to the run: esbuild folds
// 'a' + 'b' + ... into one string, copying it at each +.
func (x *shapeScan) stringBytes(s *lexState, n int64) {
	f := s.top()
	f.load += n
	f.strs += n
}

// flushLT charges f's TypeScript `<` for looking ahead to here, where its
// bracket or statement ends.
func (x *shapeScan) flushLT(s *lexState, f *frame) {
	if f.lts > 0 {
		s.look += f.lts*f.seen - f.ltSeen
		f.lts, f.ltSeen = 0, 0
	}
}

// endRun ends the run of operators in f at a statement boundary.
func (x *shapeScan) endRun(s *lexState, f *frame) {
	x.resetRun(s, f)
	x.flushLT(s, f)
	s.depth -= f.angles
	f.angles = 0
}

// resetRun ends the run of operators in f at a comma between elements. A
// TypeScript `<` looks further: type arguments hold commas.
func (x *shapeScan) resetRun(s *lexState, f *frame) {
	s.depth -= f.ops
	f.ops, f.load, f.quest = 0, 0, 0
}

// op counts one operator or nesting keyword (already counted as a token).
func (x *shapeScan) op(s *lexState) {
	f := s.top()
	s.chain += f.load
	f.ops++
	s.depth++
}

func (x *shapeScan) push(s *lexState, kind frameKind) *frame {
	s.frames = append(s.frames, frame{kind: kind})
	s.depth++
	return s.top()
}

// pop closes the innermost bracket, which must be of one of kinds: any
// other closer is a syntax error, where esbuild stops.
func (x *shapeScan) pop(s *lexState, kinds ...frameKind) {
	if len(s.frames) == 1 {
		s.dead = true
		return
	}
	f := s.top()
	ok := false
	for _, k := range kinds {
		ok = ok || f.kind == k
	}
	if !ok {
		s.dead = true
		return
	}
	x.flushLT(s, f)
	s.depth -= 1 + f.ops + f.angles
	s.frames = s.frames[:len(s.frames)-1]
	// the bracket is one operand of the run it sits in
	p := s.top()
	p.load += 1 + f.strs
	p.seen += f.seen
	p.strs += f.strs
}

// step reads one token of state s. It returns a second state when the
// token can be read two ways.
func (x *shapeScan) step(s *lexState) *lexState {
	switch s.top().kind {
	case frameJSXTag:
		return x.stepJSXTag(s)
	case frameJSXBody:
		return x.stepJSXBody(s)
	}
	src := x.src
	if !x.skipSpace(s) {
		return nil
	}
	at := s.off
	c := src[at]
	x.beforeToken(s)
	x.token(s)
	var fork *lexState

	switch {
	case c == '"' || c == '\'':
		x.quoted(s, c)
		x.stringBytes(s, int64(s.off-at))
		x.after(s, clsEnd)
	case c == '`':
		if x.lang == langJSON {
			s.dead = true // JSON has no templates: esbuild stops
			return nil
		}
		if x.afterOperand(s) {
			x.op(s) // tag`...`: a link of a chain
		}
		s.off++
		x.template(s)
	case c == '/':
		fork = x.slash(s)
	case isWordStart(c) || c >= utf8.RuneSelf:
		x.word(s)
	case c >= '0' && c <= '9' || c == '.' && at+1 < len(src) && src[at+1] >= '0' && src[at+1] <= '9':
		for s.off < len(src) && (isWordByte(src[s.off]) || src[s.off] == '.') {
			s.off++
		}
		x.after(s, clsEnd)
	case c == '#':
		// #private (a hashbang line is skipped as white space)
		s.off++
		for s.off < len(src) && isWordByte(src[s.off]) {
			s.off++
		}
		x.after(s, clsEnd)
	case c == '(' || c == '[' || c == '{':
		x.open(s, c)
	case c == ')' || c == ']' || c == '}':
		x.close(s, c)
	case c == ';':
		x.flushLT(s, s.top())
		s.off++
		x.after(s, clsStart)
		s.punct, s.semi = ";", true
	case c == ',':
		x.comma(s)
	case c == '<' && x.lang.jsx() && x.maybeJSX(s):
		fork = x.jsxOpen(s)
	case isPunct(c):
		x.operator(s)
	default:
		// a control character: esbuild stops at it
		s.dead = true
		return nil
	}
	if !s.dead {
		x.check(s, at)
	}
	return fork
}

// beforeToken ends the current run where JavaScript ends a statement: after
// `;` (unless `else` follows: an else-if chain nests), and at a line break
// between an operand and a token that cannot continue an expression.
func (x *shapeScan) beforeToken(s *lexState) {
	f := s.top()
	if s.semi {
		s.semi = false
		if !x.wordIs(s.off, "else") {
			x.endRun(s, f)
		}
		return
	}
	if s.nl && (s.prev == clsEnd || s.prev == clsClose || s.prev == clsPostfix) && x.startsStatement(s.off) {
		x.endRun(s, f)
	}
}

// startsStatement reports whether the token at off, after a line break
// that follows an operand, makes JavaScript end the statement: a literal
// or a word that is no operator. (`else`, `catch`, `extends`, ... continue
// what came before; `{`, `(`, `[`, `.` and operators may too.)
func (x *shapeScan) startsStatement(off int) bool {
	c := x.src[off]
	switch {
	case c == '"' || c == '\'' || c >= '0' && c <= '9':
		return true
	case !isWordStart(c):
		return false
	}
	end := off
	for end < len(x.src) && isWordByte(x.src[end]) {
		end++
	}
	return !continuingWords[string(x.src[off:end])]
}

// continuingWords are the words that can go on with the statement before
// them on a new line.
var continuingWords = map[string]bool{
	"in": true, "instanceof": true, "of": true, "as": true, "satisfies": true, "else": true,
	"catch": true, "finally": true, "extends": true, "implements": true, "keyof": true, "is": true,
	"while": true, "asserts": true, "infer": true, "from": true,
}

func (x *shapeScan) wordIs(off int, w string) bool {
	end := off + len(w)
	return end <= len(x.src) && string(x.src[off:end]) == w && (end == len(x.src) || !isWordByte(x.src[end]))
}

// after records the class of the token just read.
func (x *shapeScan) after(s *lexState, cls tokClass) {
	s.prev, s.word, s.punct, s.nl, s.label = cls, "", "", false, false
}

// atStatementStart reports whether the next token starts a statement.
func (x *shapeScan) atStatementStart(s *lexState) bool {
	switch s.prev {
	case clsHeader, clsClose:
		return true
	case clsKeyword:
		return s.word == "else" || s.word == "do"
	case clsStart:
		switch s.punct {
		case "", ";":
			return true
		case "{":
			return s.top().kind == frameBlock
		case ":":
			return s.label
		}
	}
	return false
}

// open reads (, [ or {.
func (x *shapeScan) open(s *lexState, c byte) {
	switch c {
	case '(':
		// A call's (or a parameter list's) commas separate; a group's make
		// a sequence. A ( after if, while, for or with is a statement's.
		call := x.afterOperand(s) || s.prev == clsKeyword && (s.word == "function" || s.word == "catch")
		header := s.prev == clsKeyword && (s.word == "if" || s.word == "while" || s.word == "for" || s.word == "with")
		if x.afterOperand(s) {
			x.op(s) // f(x)(y): a chain, which esbuild's visitor walks recursively
		}
		s.off++
		f := x.push(s, frameParen)
		f.call, f.header = call, header
	case '[':
		if x.afterOperand(s) {
			x.op(s) // a[0][0]: a chain
		}
		s.off++
		x.push(s, frameBracket)
	case '{':
		kind := frameObject
		if x.blockBrace(s) {
			kind = frameBlock
		}
		s.off++
		x.push(s, kind)
	}
	x.after(s, clsStart)
	s.punct = singlePunct[c]
}

// afterOperand reports whether the previous token may end an operand, so
// that a bracket or template after it continues an expression (a call, an
// index, a tagged template).
func (x *shapeScan) afterOperand(s *lexState) bool {
	return s.prev == clsEnd || s.prev == clsClose || s.prev == clsPostfix || s.prev == clsMaybe
}

// blockBrace reports whether a { here opens a block (or a function or
// class body) rather than an object literal or type. A wrong guess costs
// nothing but accuracy: the brackets count alike, and only a block's
// commas count as a sequence.
func (x *shapeScan) blockBrace(s *lexState) bool {
	switch s.prev {
	case clsEnd:
		return s.punct == ")" // function f() {, m() {
	case clsKeyword:
		switch s.word {
		case "else", "do", "try", "finally", "class", "extends":
			return true
		}
		return false
	case clsMaybe:
		return s.word == "interface" || s.word == "namespace" || s.word == "module" || s.word == "enum" || s.word == "static"
	case clsStart:
		return s.punct == "=>" || x.atStatementStart(s)
	}
	return x.atStatementStart(s)
}

// close reads ), ] or }.
func (x *shapeScan) close(s *lexState, c byte) {
	s.off++
	switch c {
	case ')':
		header := s.top().header
		x.pop(s, frameParen)
		if header {
			x.after(s, clsHeader)
		} else {
			x.after(s, clsEnd)
		}
	case ']':
		x.pop(s, frameBracket)
		x.after(s, clsEnd)
	case '}':
		switch s.top().kind {
		case frameSubst:
			x.pop(s, frameSubst)
			x.template(s)
			return
		case frameJSXValue:
			x.pop(s, frameJSXValue)
			x.after(s, clsEnd) // back in the tag or among the children
			return
		}
		x.pop(s, frameBlock, frameObject)
		x.after(s, clsClose)
	}
	s.punct = singlePunct[c]
}

// comma reads a `,`. Between elements, arguments, properties or
// declarations it ends the run; in a sequence (`a, b, c`) the run's depth
// ends but not its cost: esbuild's printer walks a sequence again at each
// comma. Inside TypeScript type arguments it ends nothing.
func (x *shapeScan) comma(s *lexState) {
	f := s.top()
	s.off++
	switch {
	case x.lang.ts() && f.angles > 0:
		// a comma of type arguments (Record<K, V>): what encloses them
		// stays open
		x.op(s)
	case f.kind == frameBracket || f.kind == frameObject || f.kind == frameJSXValue || f.call || f.decl:
		x.resetRun(s, f)
	default:
		s.chain += commaWeight * f.load
		s.depth -= f.ops
		f.ops, f.quest = 0, 0
	}
	x.after(s, clsStart)
	s.punct = ","
}

// slash reads a `/` (not a comment): a regular expression or a division.
// When the previous token does not decide, s reads one and the returned
// state the other.
func (x *shapeScan) slash(s *lexState) *lexState {
	regexp, divide := true, true
	switch s.prev {
	case clsEnd, clsPostfix:
		// After an operand on the same line, `/` divides. (After a line
		// break it may start a statement: `let x\n/re/.test(s)`.)
		regexp = s.nl
	case clsStart, clsKeyword, clsHeader:
		divide = false
	}
	if x.lang == langJSON {
		s.dead = true // JSON has neither
		return nil
	}
	if !divide {
		x.regexp(s)
		return nil
	}
	var other *lexState
	if regexp {
		other = s.clone()
		x.regexp(other)
		if other.dead {
			other = nil
		} else {
			x.check(other, s.off)
		}
	}
	// a division, or /=
	s.off++
	if s.off < len(x.src) && x.src[s.off] == '=' {
		s.off++
	}
	x.op(s)
	x.after(s, clsStart)
	s.punct = "/"
	return other
}

// regexp reads a regular expression literal. A line end inside it, or a
// flag that is no flag, is a syntax error, where esbuild stops.
func (x *shapeScan) regexp(s *lexState) {
	src := x.src
	s.off++ // the opening slash
	inClass := false
	for s.off < len(src) {
		c := src[s.off]
		switch {
		case c == '\n' || c == '\r' || x.lineSep(s.off):
			s.dead = true
			return
		case c == '\\':
			s.off++
			if s.off >= len(src) || src[s.off] == '\n' || src[s.off] == '\r' || x.lineSep(s.off) {
				s.dead = true
				return
			}
		case c == '[':
			inClass = true
		case c == ']':
			inClass = false
		case c == '/' && !inClass:
			s.off++
			for s.off < len(src) && isWordByte(src[s.off]) {
				if x.lang != langBundle && bytes.IndexByte([]byte("dgimsuvy"), src[s.off]) < 0 {
					s.dead = true
					return
				}
				s.off++
			}
			x.after(s, clsEnd)
			return
		}
		s.off++
	}
	s.dead = true
}

// Words, by what they do to the next token and to nesting.
var (
	// literalWords are operands.
	literalWords = map[string]bool{"this": true, "super": true, "null": true, "true": true, "false": true}
	// reservedWords are never names: after one comes an operand (or a
	// statement), never an operator.
	reservedWords = map[string]bool{
		"break": true, "case": true, "catch": true, "class": true, "const": true, "continue": true,
		"debugger": true, "default": true, "delete": true, "do": true, "else": true, "export": true,
		"extends": true, "finally": true, "for": true, "function": true, "if": true, "import": true,
		"in": true, "instanceof": true, "new": true, "return": true, "switch": true, "throw": true,
		"try": true, "typeof": true, "var": true, "void": true, "while": true, "with": true,
	}
	// contextualWords are keywords in some places and names in others:
	// a `/` after one may divide or start a regular expression.
	contextualWords = map[string]bool{
		"await": true, "yield": true, "of": true, "let": true, "async": true, "as": true,
		"satisfies": true, "static": true, "type": true, "interface": true, "namespace": true,
		"module": true, "declare": true, "abstract": true, "implements": true, "enum": true,
		"keyof": true, "infer": true, "is": true, "unique": true, "readonly": true, "asserts": true,
		"get": true, "set": true, "accessor": true, "out": true, "override": true, "private": true,
		"protected": true, "public": true, "global": true, "from": true, "package": true,
	}
	// nestingWords are the words a parser may nest once for: unary
	// operators, statements that take a statement, binary operators,
	// type operators.
	nestingWords = map[string]bool{
		"typeof": true, "void": true, "delete": true, "new": true, "await": true, "yield": true,
		"in": true, "instanceof": true, "of": true, "if": true, "else": true, "while": true, "for": true,
		"do": true, "with": true, "return": true, "throw": true, "case": true, "extends": true,
		"class": true, "function": true, "async": true, "keyof": true, "infer": true, "is": true,
		"as": true, "satisfies": true, "unique": true, "readonly": true, "asserts": true,
	}
)

// word reads an identifier or keyword (with \u escapes, and letters
// outside ASCII).
func (x *shapeScan) word(s *lexState) {
	src := x.src
	start := s.off
	for s.off < len(src) {
		c := src[s.off]
		switch {
		case isWordByte(c):
			s.off++
		case c >= utf8.RuneSelf:
			if x.lineSep(s.off) {
				goto done
			}
			_, n := utf8.DecodeRune(src[s.off:])
			s.off += n
		case c == '\\':
			if !x.unicodeEscape(s) {
				s.dead = true // esbuild stops at a bad escape
				return
			}
		default:
			goto done
		}
	}
done:
	if s.punct == "." || s.punct == "?." {
		x.after(s, clsEnd) // a property name, whatever its spelling
		return
	}
	info := wordInfos[string(src[start:s.off])] // (no allocation: Go looks the bytes up)
	w := info.name
	stmtStart := x.atStatementStart(s)
	forAwait := w == "await" && s.prev == clsKeyword && s.word == "for"
	f := s.top()
	switch {
	case info.kind&wordLiteral != 0:
		x.after(s, clsEnd)
		return
	case w == "var" || w == "let" && stmtStart || w == "const":
		f.decl = true
	case w == "case":
		f.cases++
	}
	if info.kind&wordNesting != 0 {
		x.op(s)
	}
	if w == "function" || w == "class" {
		s.scopes += int64(s.depth)
	}
	switch {
	case forAwait:
		x.after(s, clsKeyword)
		s.word = "for" // `for await (`: the ( is still the for's
	case info.kind&wordReserved != 0:
		x.after(s, clsKeyword)
		s.word = w
		s.label = w == "default" // `default:` in a switch
	case info.kind&wordContextual != 0:
		x.after(s, clsMaybe)
		s.word = w
		s.label = stmtStart
	default:
		x.after(s, clsEnd)
		s.label = stmtStart
	}
}

// wordInfo is what a word is, and its spelling.
type wordInfo struct {
	name string
	kind uint8
}

const (
	wordLiteral    = 1 << iota // an operand: this, null, ...
	wordReserved               // never a name: after one comes an operand
	wordContextual             // a keyword in some places and a name in others
	wordNesting                // a parser may nest once for it
)

// wordInfos classifies the words the scan cares about; other words are
// names.
var wordInfos = func() map[string]wordInfo {
	m := map[string]wordInfo{}
	add := func(kind uint8, words map[string]bool) {
		for w := range words {
			m[w] = wordInfo{name: w, kind: m[w].kind | kind}
		}
	}
	add(wordLiteral, literalWords)
	add(wordReserved, reservedWords)
	add(wordContextual, contextualWords)
	add(wordNesting, nestingWords)
	return m
}()

// unicodeEscape reads \uXXXX or \u{X...} in an identifier.
func (x *shapeScan) unicodeEscape(s *lexState) bool {
	src := x.src
	if s.off+1 >= len(src) || src[s.off+1] != 'u' {
		return false
	}
	s.off += 2
	if s.off < len(src) && src[s.off] == '{' {
		s.off++
		for s.off < len(src) && isHex(src[s.off]) {
			s.off++
		}
		if s.off >= len(src) || src[s.off] != '}' {
			return false
		}
		s.off++
		return true
	}
	for i := 0; i < 4; i++ {
		if s.off >= len(src) || !isHex(src[s.off]) {
			return false
		}
		s.off++
	}
	return true
}

// operator reads an operator: each counts once toward the run.
func (x *shapeScan) operator(s *lexState) {
	src := x.src
	at := s.off
	p := punctAt(src[at:])
	s.off += len(p)
	prev, nl, label := s.prev, s.nl, s.label
	f := s.top()
	x.op(s)
	x.after(s, clsStart)
	s.punct = p
	switch s.punct {
	case "++", "--":
		if (prev == clsEnd || prev == clsClose || prev == clsMaybe) && !nl {
			s.prev = clsPostfix // a++
		}
	case "!":
		if x.lang.ts() && (prev == clsEnd || prev == clsClose || prev == clsPostfix || prev == clsMaybe) && !nl {
			s.prev = clsPostfix // TypeScript's non-null assertion
		}
	case "<":
		if x.lang.ts() {
			f.lts++
			f.ltSeen += f.seen
			f.angles++
			s.depth++
		}
	case ">", ">>", ">>>":
		if x.lang.ts() {
			closed := min(len(p), f.angles)
			f.angles -= closed
			s.depth -= closed
		}
	case "?":
		f.quest++
	case ":":
		switch {
		case f.quest > 0:
			f.quest--
		case f.cases > 0:
			f.cases--
			s.label = true // `case x:` starts a statement
		default:
			s.label = label
		}
	}
}

// punctAt is the operator at the start of b (the longest that fits).
func punctAt(b []byte) string {
	for _, p := range punctuators[b[0]] {
		if len(b) >= len(p) && string(b[:len(p)]) == p {
			return p
		}
	}
	return singlePunct[b[0]]
}

// punctuators of more than one byte by their first, longest first.
var punctuators = func() (t [256][]string) {
	for _, p := range []string{
		">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
		"=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "%=",
		"&=", "|=", "^=", "**", "<<", ">>",
	} {
		t[p[0]] = append(t[p[0]], p)
	}
	return t
}()

// singlePunct holds every byte as a one-byte string.
var singlePunct = func() (t [256]string) {
	for i := range t {
		t[i] = string([]byte{byte(i)})
	}
	return t
}()

func isPunct(c byte) bool {
	return bytes.IndexByte([]byte("!%&*+-.:<=>?@^|~"), c) >= 0
}

func isWordStart(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '\\'
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// skipSpace skips white space and comments, noting line ends. It returns
// false when the state ended (at the end of the source, or an
// unterminated comment).
func (x *shapeScan) skipSpace(s *lexState) bool {
	src := x.src
	for s.off < len(src) {
		c := src[s.off]
		switch {
		case c == '\n' || c == '\r':
			s.nl = true
			s.off++
		case c == ' ' || c == '\t' || c == '\v' || c == '\f':
			s.off++
		case c == '/' && s.off+1 < len(src) && src[s.off+1] == '/':
			x.toLineEnd(s)
		case c == '/' && s.off+1 < len(src) && src[s.off+1] == '*':
			end := bytes.Index(src[s.off+2:], []byte("*/"))
			if end < 0 {
				s.dead = true // esbuild stops: unterminated comment
				return false
			}
			if hasLineEnd(src[s.off : s.off+2+end]) {
				s.nl = true
			}
			s.off += 2 + end + 2
		case c == '#' && s.off == 0 && len(src) > 1 && src[1] == '!':
			x.toLineEnd(s) // a hashbang line
		case x.lang != langBundle && x.lang != langJSON && c == '<' && bytes.HasPrefix(src[s.off:], []byte("<!--")):
			x.toLineEnd(s) // esbuild reads `<!--` as a line comment
		case x.lang != langBundle && x.lang != langJSON && c == '-' && (s.nl || s.off == 0) && bytes.HasPrefix(src[s.off:], []byte("-->")):
			x.toLineEnd(s) // and `-->` at the start of a line
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(src[s.off:])
			switch {
			case r == '\u2028' || r == '\u2029':
				s.nl = true
			case isSpaceRune(r):
			default:
				return true
			}
			s.off += n
		default:
			return true
		}
	}
	x.finish(s)
	s.dead = true
	return false
}

func (x *shapeScan) toLineEnd(s *lexState) {
	for s.off < len(x.src) && x.src[s.off] != '\n' && x.src[s.off] != '\r' && !x.lineSep(s.off) {
		s.off++
	}
}

// lineSep reports whether U+2028 or U+2029 starts at off.
func (x *shapeScan) lineSep(off int) bool {
	return x.src[off] == 0xE2 && off+2 < len(x.src) && x.src[off+1] == 0x80 && (x.src[off+2] == 0xA8 || x.src[off+2] == 0xA9)
}

func hasLineEnd(b []byte) bool {
	return bytes.ContainsAny(b, "\n\r\u2028\u2029")
}

func isSpaceRune(r rune) bool {
	switch r {
	case '\u00A0', '\u1680', '\u202F', '\u205F', '\u3000', '\uFEFF':
		return true
	}
	return r >= '\u2000' && r <= '\u200A'
}

// quoted reads a '...' or "..." string. A line end or the end of the source
// inside it is a syntax error, where esbuild stops.
func (x *shapeScan) quoted(s *lexState, q byte) {
	src := x.src
	s.off++
	for s.off < len(src) {
		switch src[s.off] {
		case q:
			s.off++
			return
		case '\\':
			// any character after a backslash, CR LF as one
			s.off += 2
			if s.off < len(src) && src[s.off-1] == '\r' && src[s.off] == '\n' {
				s.off++
			}
			continue
		case '\n', '\r':
			s.dead = true
			return
		}
		s.off++
	}
	s.dead = true
}

// template reads template text from s.off (just after ` or the } that ends
// a substitution) to the closing ` or the next ${, which opens a frame.
func (x *shapeScan) template(s *lexState) {
	src := x.src
	for s.off < len(src) {
		switch src[s.off] {
		case '`':
			s.off++
			x.after(s, clsEnd)
			return
		case '\\':
			s.off += 2
			continue
		case '$':
			if s.off+1 < len(src) && src[s.off+1] == '{' {
				x.push(s, frameSubst)
				s.off += 2
				x.after(s, clsStart)
				s.punct = "${"
				return
			}
		}
		s.off++
	}
	s.dead = true // unterminated: esbuild stops
}

// maybeJSX reports whether a `<` here may open a JSX element: not after an
// operand on the same line (a comparison), and only before a name or `>`.
func (x *shapeScan) maybeJSX(s *lexState) bool {
	if (s.prev == clsEnd || s.prev == clsPostfix) && !s.nl {
		return false
	}
	next := x.skipAhead(s.off + 1)
	return next < len(x.src) && (isWordStart(x.src[next]) || x.src[next] >= utf8.RuneSelf || x.src[next] == '>')
}

// jsxOpen reads a `<` that may open a JSX element. Where an operand is due
// it does, unless, in TSX, it starts an arrow function's type parameters
// (as esbuild decides: `<T,>`, `<T = X>`, `<T extends X>`); elsewhere (after
// `}`, a contextual word, or an operand on another line) s reads the
// element and the returned state the operator.
func (x *shapeScan) jsxOpen(s *lexState) *lexState {
	arrow := x.lang == langTSX && x.tsArrowAhead(s.off+1)
	operand := s.prev == clsStart || s.prev == clsKeyword || s.prev == clsHeader
	var other *lexState
	switch {
	case arrow:
		x.operator(s)
		return nil
	case !operand:
		other = s.clone()
		x.operator(other)
		x.check(other, s.off)
	}
	s.off++
	x.push(s, frameJSXTag)
	x.after(s, clsStart)
	return other
}

// tsArrowAhead reports whether the text at off (after a `<`) reads as
// TypeScript type parameters of an arrow function, as esbuild's
// isTSArrowFnJSX decides.
func (x *shapeScan) tsArrowAhead(off int) bool {
	word := func(off int) (string, int) {
		off = x.skipAhead(off)
		end := off
		for end < len(x.src) && isWordByte(x.src[end]) {
			end++
		}
		return string(x.src[off:end]), end
	}
	w, off := word(off)
	if w == "const" {
		w, off = word(off)
	}
	if w == "" || reservedWords[w] && w != "extends" {
		return false
	}
	off = x.skipAhead(off)
	switch {
	case off >= len(x.src):
		return false
	case x.src[off] == ',':
		return true
	case x.src[off] == '=':
		return off+1 >= len(x.src) || x.src[off+1] != '=' && x.src[off+1] != '>'
	}
	if w, off = word(off); w != "extends" {
		return false
	}
	off = x.skipAhead(off)
	return off < len(x.src) && x.src[off] != '=' && x.src[off] != '>' && x.src[off] != '/'
}

// skipAhead skips white space and comments from off, for a look ahead.
func (x *shapeScan) skipAhead(off int) int {
	src := x.src
	for off < len(src) {
		switch {
		case src[off] == ' ' || src[off] == '\t' || src[off] == '\n' || src[off] == '\r':
			off++
		case bytes.HasPrefix(src[off:], []byte("//")):
			for off < len(src) && src[off] != '\n' {
				off++
			}
		case bytes.HasPrefix(src[off:], []byte("/*")):
			end := bytes.Index(src[off+2:], []byte("*/"))
			if end < 0 {
				return len(src)
			}
			off += 2 + end + 2
		default:
			return off
		}
	}
	return off
}

// stepJSXTag reads one token inside a JSX tag: names, `=`, strings,
// {...}, and the `>` or `/>` that ends it.
func (x *shapeScan) stepJSXTag(s *lexState) *lexState {
	src := x.src
	if !x.skipSpace(s) {
		return nil
	}
	at := s.off
	c := src[at]
	x.token(s)
	f := s.top()
	switch {
	case c == '"' || c == '\'':
		// no escapes, and line breaks allowed
		end := bytes.IndexByte(src[at+1:], c)
		if end < 0 {
			s.dead = true
			return nil
		}
		s.off = at + 1 + end + 1
	case c == '{':
		s.off++
		x.push(s, frameJSXValue)
		x.after(s, clsStart)
		x.check(s, at)
		return nil
	case c == '>':
		// The tag ends. After <name ...> come the element's children;
		// </name> ends the element whose children these were, and
		// <name/> ends its own.
		s.off++
		closing, selfClose := f.closing, f.selfClose
		x.pop(s, frameJSXTag)
		switch {
		case closing:
			x.pop(s, frameJSXBody)
		case !selfClose:
			x.push(s, frameJSXBody)
			x.check(s, at)
			return nil
		}
		x.after(s, clsEnd)
		x.check(s, at)
		return nil
	case c == '/':
		s.off++
		if x.justOpened(at) {
			f.closing = true // </name>
		} else {
			f.selfClose = true // <name ... />
		}
	case c == '.' || c == ':' || c == '=' || c == '-':
		s.off++
	case isWordStart(c) || c >= utf8.RuneSelf:
		for s.off < len(src) && (isWordByte(src[s.off]) || src[s.off] == '-' || src[s.off] >= utf8.RuneSelf) {
			s.off++
		}
	default:
		s.dead = true // esbuild stops: no such token in a tag
		return nil
	}
	x.check(s, at)
	return nil
}

// justOpened reports whether the `/` at off directly follows the tag's `<`.
func (x *shapeScan) justOpened(off int) bool {
	i := off - 1
	for i >= 0 && (x.src[i] == ' ' || x.src[i] == '\t' || x.src[i] == '\n' || x.src[i] == '\r') {
		i--
	}
	return i >= 0 && x.src[i] == '<'
}

// stepJSXBody reads a JSX element's children: text up to a `{` or a `<`.
func (x *shapeScan) stepJSXBody(s *lexState) *lexState {
	src := x.src
	for s.off < len(src) && src[s.off] != '{' && src[s.off] != '<' {
		s.off++
	}
	if s.off >= len(src) {
		s.dead = true // esbuild stops: the element never closes
		return nil
	}
	at := s.off
	x.token(s)
	s.off++
	if src[at] == '{' {
		x.push(s, frameJSXValue)
	} else {
		x.push(s, frameJSXTag)
	}
	x.after(s, clsStart)
	x.check(s, at)
	return nil
}
