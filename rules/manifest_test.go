package rules

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/irislint/irislint/analyzer"
)

// The tests build Manifests by hand from a small object-literal snippet, so
// that expected positions can be read off the snippet itself:
//
//	m := manifest(t, `{
//	  scopes: [
//	    { scope: "asset.veiw", optional: false },
//	  ],
//	}`)
//
// The snippet is a subset of JavaScript: objects with identifier or quoted
// keys, arrays, single- or double-quoted strings (no escapes but \" and
// \'), numbers, true, false, null, undefined, trailing commas. Positions
// follow analyzer's rules: a string value points at its literal (quotes
// included); any other value at the property that holds it, or at its own
// first character for an array element; the root at line 1, column 1.

const (
	testRoot = "/ws"
	testFile = "/ws/apps/demo/iris-app-manifest.ts"
)

// at is a one-line span in the test manifest, endCol exclusive.
func at(line, col, endCol int) analyzer.Position {
	return analyzer.Position{File: testFile, Line: line, Column: col, EndLine: line, EndColumn: endCol}
}

// manifest parses src and picks out the fields the rules read, the way
// analyzer.Load documents them.
func manifest(t *testing.T, src string) *analyzer.Manifest {
	t.Helper()
	return manifestAt(t, src, 1, 1)
}

// manifestAt is manifest for a snippet that starts at line, col of the
// test file (an object literal cut out of a whole manifest).
func manifestAt(t *testing.T, src string, line, col int) *analyzer.Manifest {
	t.Helper()
	p := &snippet{t: t, src: src, line: line, col: col}
	p.skip()
	root := p.value("", analyzer.Position{})
	root.Pos = analyzer.Position{File: testFile, Line: 1, Column: 1, EndLine: 1, EndColumn: 1}
	p.skip()
	if p.off != len(p.src) {
		p.fail("trailing text")
	}
	return fromValue(root)
}

// fromValue fills a Manifest's picked-out fields from its root value.
func fromValue(root *analyzer.Value) *analyzer.Manifest {
	m := &analyzer.Manifest{Path: testFile, Root: testRoot, Value: root, Sources: []string{testFile}}
	m.Scopes = root.Get("scopes")
	if m.Scopes != nil && m.Scopes.Kind == analyzer.KindArray {
		for i, el := range m.Scopes.Elems {
			e := analyzer.ScopeEntry{Index: i, Entry: el, Pos: el.Pos}
			if v := el.Get("scope"); v != nil && v.Kind == analyzer.KindString {
				e.Name, e.HasName, e.Pos = v.String, true, v.Pos
			}
			if v := el.Get("optional"); v != nil && v.Kind == analyzer.KindBool {
				e.Optional, e.HasOptional = v.Bool, true
			}
			m.ScopeEntries = append(m.ScopeEntries, e)
		}
	}
	if f := root.Field("tokenCallback"); f != nil {
		tc := &analyzer.TokenCallback{Value: f.Value, Pos: f.KeyPos}
		if u := f.Value.Get("url"); u != nil && u.Kind == analyzer.KindString {
			tc.URL, tc.HasURL, tc.Pos = u.String, true, u.Pos
		}
		m.TokenCallback = tc
	}
	m.CSPHeader = root.Get("cspHeader")
	m.Installation = root.Get("installation")
	m.Marketplace = root.Get("marketplace")
	return m
}

type snippet struct {
	t         *testing.T
	src       string
	off       int
	line, col int
}

func (p *snippet) fail(msg string) {
	p.t.Helper()
	p.t.Fatalf("test manifest %d:%d: %s", p.line, p.col, msg)
}

func (p *snippet) pos(width int) analyzer.Position {
	return analyzer.Position{File: testFile, Line: p.line, Column: p.col, EndLine: p.line, EndColumn: p.col + width}
}

func (p *snippet) next() rune {
	r, n := utf8.DecodeRuneInString(p.src[p.off:])
	p.off += n
	if r == '\n' {
		p.line, p.col = p.line+1, 1
	} else {
		p.col++
	}
	return r
}

func (p *snippet) peek() byte {
	if p.off < len(p.src) {
		return p.src[p.off]
	}
	return 0
}

func (p *snippet) skip() {
	for p.off < len(p.src) && strings.ContainsRune(" \t\r\n", rune(p.src[p.off])) {
		p.next()
	}
}

func (p *snippet) expect(c byte) {
	p.skip()
	if p.peek() != c {
		p.fail("want " + string(c))
	}
	p.next()
}

// value parses one value; holder is the position of the property holding
// it (zero for an array element).
func (p *snippet) value(path string, holder analyzer.Position) *analyzer.Value {
	p.skip()
	start := p.pos(1)
	if holder.IsZero() {
		holder = start
	}
	v := &analyzer.Value{Path: path, Pos: holder}
	switch c := p.peek(); {
	case c == '{':
		v.Kind = analyzer.KindObject
		p.next()
		for p.skip(); p.peek() != '}'; p.skip() {
			var key string
			var keyPos analyzer.Position
			if q := p.peek(); q == '"' || q == '\'' {
				key, keyPos = p.str()
			} else {
				keyPos = p.pos(0)
				key = p.word()
				keyPos.EndColumn = keyPos.Column + utf8.RuneCountInString(key)
			}
			p.expect(':')
			sub := key
			if path != "" {
				sub = path + "." + key
			}
			v.Fields = append(v.Fields, &analyzer.Field{Key: key, KeyPos: keyPos, Value: p.value(sub, keyPos)})
			if p.skip(); p.peek() == ',' {
				p.next()
			}
		}
		p.next()
	case c == '[':
		v.Kind = analyzer.KindArray
		p.next()
		for p.skip(); p.peek() != ']'; p.skip() {
			v.Elems = append(v.Elems, p.value(path+"["+strconv.Itoa(len(v.Elems))+"]", analyzer.Position{}))
			if p.skip(); p.peek() == ',' {
				p.next()
			}
		}
		p.next()
	case c == '"' || c == '\'':
		v.Kind = analyzer.KindString
		v.String, v.Pos = p.str()
	default:
		w := p.word()
		switch w {
		case "true", "false":
			v.Kind, v.Bool = analyzer.KindBool, w == "true"
		case "null":
			v.Kind = analyzer.KindNull
		case "undefined":
			v.Kind = analyzer.KindUndefined
		default:
			n, err := strconv.ParseFloat(w, 64)
			if err != nil {
				p.fail("bad value " + strconv.Quote(w))
			}
			v.Kind, v.Number = analyzer.KindNumber, n
		}
	}
	return v
}

// str reads a quoted string and returns it with its literal's span.
func (p *snippet) str() (string, analyzer.Position) {
	pos := p.pos(0)
	q := p.next()
	var b strings.Builder
	for {
		if p.off >= len(p.src) {
			p.fail("unterminated string")
		}
		r := p.next()
		if r == q {
			break
		}
		if r == '\\' {
			r = p.next()
		}
		b.WriteRune(r)
	}
	pos.EndColumn = p.col
	return b.String(), pos
}

func (p *snippet) word() string {
	start := p.off
	for p.off < len(p.src) && !strings.ContainsRune(" \t\r\n,:{}[]", rune(p.src[p.off])) {
		p.next()
	}
	if p.off == start {
		p.fail("want a value")
	}
	return p.src[start:p.off]
}

func TestSnippet(t *testing.T) {
	m := manifest(t, `{
  scopes: [
    { scope: "asset.view", optional: false },
    "é", 'x',
  ],
  tokenCallback: { url: "https://a.example" },
}`)
	if len(m.ScopeEntries) != 3 || !m.ScopeEntries[0].HasName || m.ScopeEntries[0].Name != "asset.view" {
		t.Fatalf("entries: %+v", m.ScopeEntries)
	}
	if got, want := m.ScopeEntries[0].Pos, at(3, 14, 26); got != want {
		t.Errorf("scope pos = %+v, want %+v", got, want)
	}
	if got, want := m.Scopes.Elems[2].Pos, at(4, 10, 13); got != want {
		t.Errorf("'x' pos = %+v, want %+v", got, want)
	}
	if got, want := m.Scopes.Elems[0].Get("optional").Pos, at(3, 28, 36); got != want {
		t.Errorf("optional pos = %+v, want %+v", got, want)
	}
	if got := m.Scopes.Elems[0].Get("optional").Path; got != "scopes[0].optional" {
		t.Errorf("path = %q", got)
	}
	if !m.TokenCallback.HasURL || m.TokenCallback.Pos != at(6, 25, 44) {
		t.Errorf("token callback = %+v", m.TokenCallback)
	}
}
