package analyzer

import (
	"math"
	"strconv"

	"github.com/irislint/irislint/internal/source"
)

// Position is a span in a source file. Lines and columns are 1-based;
// columns count Unicode code points; EndColumn is exclusive (the column just
// after the last character), as in SARIF.
type Position struct {
	File      string // absolute path
	Line      int
	Column    int
	EndLine   int
	EndColumn int
}

// IsZero reports whether p carries no location at all.
func (p Position) IsZero() bool { return p.File == "" && p.Line == 0 }

// line1 is the start of file: where a problem with no line of its own is
// reported.
func line1(file string) Position {
	return Position{File: file, Line: 1, Column: 1, EndLine: 1, EndColumn: 1}
}

// Kind is the JavaScript type of a Value.
type Kind uint8

const (
	KindUndefined Kind = iota
	KindNull
	KindBool
	KindNumber
	KindString
	KindArray
	KindObject
	KindFunction
	KindOther // symbol, bigint, promise, a value cut off by a limit: see Value.Detail
)

var kindNames = [...]string{"undefined", "null", "boolean", "number", "string", "array", "object", "function", "other"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is a JavaScript value exported from the evaluated manifest into
// plain Go data. Object keys keep their source order, and every value knows
// where in the sources it most likely came from, so rules never need goja.
type Value struct {
	Kind   Kind
	Bool   bool
	Number float64
	String string
	Elems  []*Value // KindArray
	Fields []*Field // KindObject: own enumerable string keys, in order
	Detail string   // KindOther: "symbol", "bigint", "promise", "circular", "too deep", ...

	// Path is the value's place in the manifest, e.g. `scopes[2].scope`.
	Path string
	// Pos is, for a string, the literal that produced it or the expression
	// that computed it (Origin says which); otherwise, and for a string
	// whose origin was not traced, the property that holds the value;
	// otherwise line 1 of the manifest.
	Pos Position
	// Origin says how Pos was found for a string.
	Origin Origin
}

// Origin says how a string value's Pos was found.
type Origin uint8

const (
	// OriginNone: not a string, or a string whose origin is unknown; Pos
	// is the property that holds it.
	OriginNone Origin = iota
	// OriginLiteral: Pos is the string literal that produced the value,
	// traced through evaluation, exactly.
	OriginLiteral
	// OriginComputed: Pos is the template literal or concatenation that
	// computed the value.
	OriginComputed
	// OriginText: the value was made where no trace reaches (a method
	// call, JSON.parse); Pos is the one literal in the bundled sources
	// that holds its text.
	OriginText
)

// Field is one property of an object value.
type Field struct {
	Key    string
	KeyPos Position // the property key in the source, or the fallback like Value.Pos
	Value  *Value
}

// Get returns the value of the named own property, or nil when v is not an
// object or has no such property.
func (v *Value) Get(key string) *Value {
	if f := v.Field(key); f != nil {
		return f.Value
	}
	return nil
}

// Field returns the named own property, or nil.
func (v *Value) Field(key string) *Field {
	if v == nil || v.Kind != KindObject {
		return nil
	}
	for _, f := range v.Fields {
		if f.Key == key {
			return f
		}
	}
	return nil
}

// Describe is a short, human description of the value for messages:
// `"asset.view"`, `42`, `an array`, `undefined`.
func (v *Value) Describe() string {
	if v == nil {
		return "nothing"
	}
	switch v.Kind {
	case KindString:
		return strconv.Quote(v.String)
	case KindNumber:
		if math.IsNaN(v.Number) {
			return "NaN"
		}
		return strconv.FormatFloat(v.Number, 'g', -1, 64)
	case KindBool:
		return strconv.FormatBool(v.Bool)
	case KindArray:
		return "an array"
	case KindObject:
		return "an object"
	case KindFunction:
		return "a function"
	case KindOther:
		if v.Detail != "" {
			return "a " + v.Detail
		}
		return "an unsupported value"
	}
	return v.Kind.String()
}

// Manifest is an evaluated iris-app-manifest: the default export as a
// Value tree, with the fields the rules care about picked out. Fields whose
// shape is wrong are kept as they are for the rules to report.
type Manifest struct {
	// Path is the manifest file's absolute path; Root the workspace root
	// (the nearest folder up with nx.json, else with .git, else the
	// manifest's folder).
	Path string
	Root string

	// Value is the default export (ESM `export default` or CommonJS
	// `module.exports`).
	Value *Value

	// Scopes is the `scopes` property (nil when absent); ScopeEntries its
	// elements when it is an array.
	Scopes       *Value
	ScopeEntries []ScopeEntry

	// TokenCallback is set when the manifest has a `tokenCallback` property.
	TokenCallback *TokenCallback

	CSPHeader    *Value // `cspHeader`, nil when absent
	Installation *Value // `installation`, nil when absent
	Marketplace  *Value // `marketplace`, nil when absent

	// Sources lists the absolute paths of every file in the bundle, the
	// manifest first, then sorted.
	Sources []string

	// Environment names the configured environment the manifest was
	// evaluated in ("" for none), and EnvReads lists what it read of
	// process.env.
	Environment string
	EnvReads    []EnvRead

	// Inputs lists every file whose content can change the manifest's
	// verdict, and Dirs the folders where a new tsconfig.json,
	// jsconfig.json or package.json would (see Bundle).
	Inputs []string
	Dirs   []string

	bundle *Bundle
}

// Source is the bundled file at path as the run read it (the manifest's
// buffer for an overlay), or nil when the manifest did not bundle it.
func (m *Manifest) Source(path string) *source.File {
	if m.bundle == nil {
		return nil
	}
	f, _ := m.bundle.files.Has(path)
	return f
}

// Via is where the manifest brings in the file at path: the import in the
// manifest that begins the chain of imports reaching it. false for the
// manifest itself and for a file no import chain reaches.
func (m *Manifest) Via(path string) (Position, bool) {
	if m.bundle == nil || path == m.Path {
		return Position{}, false
	}
	return m.bundle.via(path)
}

// ScopeEntry is one element of the `scopes` array.
type ScopeEntry struct {
	Index int
	Entry *Value // the element as written; may be any kind

	// Name is the `scope` property when it is a string (HasName).
	Name    string
	HasName bool
	// Optional is the `optional` property when it is a boolean (HasOptional).
	Optional    bool
	HasOptional bool

	// Pos points at the scope name's literal when there is one, else at the
	// entry.
	Pos Position
}

// TokenCallback is the manifest's `tokenCallback` property.
type TokenCallback struct {
	Value  *Value // the whole property value
	URL    string // `url` when it is a string (HasURL)
	HasURL bool
	Pos    Position // the url literal, else the property
}
