package analyzer

import (
	"errors"
	"reflect"
	"strconv"
	"unsafe"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	jstoken "github.com/dop251/goja/token"
	"github.com/dop251/goja/unistring"
)

// Provenance: which string literal produced each string the manifest
// exports, exactly, however the value travelled (a spread shared list, a
// .map over a lib's array, a helper function in a lib, one literal reached
// by several apps).
//
// The value cannot say where it came from, and matching its text against
// the sources afterwards guesses wrong whenever two literals hold the same
// text. So the bundle is instrumented before goja compiles it: every string
// literal in an expression becomes a read of a table that holds, for each
// literal, a copy of its value in memory of its own. A JavaScript string
// carries no identity the program can observe, but its Go memory does:
// when the default export is read, the address of each string's bytes
// names the literal, and the bundle's source map names the original file,
// line and column of that literal. (Rewriting literals is needed because
// goja's compiler interns equal literals into one value; the table read
// keeps the two apart.)
//
// Computed strings (a template with substitutions, a `+` concatenation)
// are new memory: the instrumented expression passes its result through a
// recorder, so such a string points at the expression that computed it.
// A string made any other way (a method call, JSON.parse) has no traced
// origin; the locator then takes the one literal with its text when there
// is exactly one, else the property that holds it.

// Names of the two hidden globals the instrumented bundle uses. They are
// not identifiers (no source can name them or declare a variable that
// shadows them); goja resolves them as properties of the global object.
const (
	litTableName = "irislint:literals"
	recorderName = "irislint:computed"
)

// Bounds on recording computed strings: a loop that concatenates runs
// through the recorder every time, and each recorded string is kept alive
// until the export is read, so only short strings (names and URLs are)
// and only so many are recorded.
const (
	maxRecorded    = 4096
	maxRecordedLen = 2048
)

// site is an instrumented place in the bundle: byte offsets of a literal,
// or of a computed expression, in the bundle's code.
type site struct {
	start, end int
}

// tracer instruments one bundle and, after evaluation, tells where a
// string value came from.
type tracer struct {
	lits     []site
	litVals  []unistring.String // the values of the literals read from the table (nil: not from the table)
	computes []site
	byMemory map[uintptr]origin // filled as literals are seen, the table is made and computed strings are recorded
	kept     []goja.Value       // the recorded strings, kept alive so their memory is not reused

	// counting is set during the first pass, which counts how many
	// strings the compiler will intern of each value (seen) and changes
	// nothing.
	counting bool
	seen     map[unistring.String]int
}

// origin says which site a string's memory belongs to.
type origin struct {
	computed bool
	index    int
}

// instrument rewrites prog in place: string literals in expressions read
// the literal table; templates with substitutions and `+` expressions pass
// through the recorder.
//
// A literal whose value no other literal (or template text) of the bundle
// holds keeps its place: the compiler makes its value from the literal's
// own memory, which is then the literal's identity, at no cost. Only
// values written more than once, which the compiler would intern into one,
// go through the table. A first pass counts them.
func instrument(prog *ast.Program) *tracer {
	t := &tracer{counting: true, seen: map[unistring.String]int{}, byMemory: map[uintptr]origin{}}
	t.statements(prog.Body, true)
	t.counting = false
	t.statements(prog.Body, true)
	return t
}

// rawMemory is the address of the characters the compiler makes a
// literal's value from (stringValueFromRaw: the unistring's own memory),
// or 0 for the empty string.
func rawMemory(v unistring.String) uintptr {
	if u := v.AsUtf16(); u != nil {
		return uintptr(unsafe.Pointer(unsafe.SliceData(u)))
	}
	if len(v) == 0 {
		return 0
	}
	return uintptr(unsafe.Pointer(unsafe.StringData(string(v))))
}

// install puts the literal table and the recorder in vm, as
// non-enumerable, read-only globals. Each table entry is a copy of the
// literal's value in memory of its own. A computed string longer than
// maxLen (0: no bound) stops the evaluation for memory.
func (t *tracer) install(vm *goja.Runtime, maxLen int) error {
	vals := make([]any, len(t.litVals))
	for i, raw := range t.litVals {
		if raw == "" {
			vals[i] = goja.Undefined() // a literal that keeps its place
			continue
		}
		var v goja.Value
		if u := raw.AsUtf16(); u != nil {
			v = vm.ToValue(raw.String()) // decoded into new memory by ToValue
		} else {
			v = vm.ToValue(string(append([]byte(nil), raw...)))
		}
		if id := memoryOf(v); id != 0 {
			t.byMemory[id] = origin{index: i}
		}
		vals[i] = v
	}
	table := vm.NewArray(vals...)
	freeze, ok := goja.AssertFunction(vm.Get("Object").ToObject(vm).Get("freeze"))
	if !ok {
		return errors.New("no Object.freeze")
	}
	if _, err := freeze(goja.Undefined(), table); err != nil {
		return err
	}
	record := func(call goja.FunctionCall) goja.Value {
		v := call.Argument(1)
		if s, ok := v.(goja.String); ok && maxLen > 0 && s.Length() > maxLen {
			// s = s + s doubles in steps the heap watcher may not see
			// between (a copy of hundreds of MiB, while the collector
			// stops the world); stop it at the step that makes the string.
			vm.Interrupt(errMemory{})
			return v
		}
		if len(t.kept) < maxRecorded {
			if s, ok := v.(goja.String); ok && s.Length() <= maxRecordedLen {
				if id := memoryOf(v); id != 0 {
					if _, taken := t.byMemory[id]; !taken {
						t.byMemory[id] = origin{computed: true, index: int(call.Argument(0).ToInteger())}
						t.kept = append(t.kept, v)
					}
				}
			}
		}
		return v
	}
	g := vm.GlobalObject()
	if err := g.DefineDataProperty(litTableName, table, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE); err != nil {
		return err
	}
	return g.DefineDataProperty(recorderName, vm.ToValue(record), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
}

// originOf is the site a string value came from, if it was traced.
func (t *tracer) originOf(v goja.Value) (site, bool, bool) {
	if t == nil {
		return site{}, false, false
	}
	o, ok := t.byMemory[memoryOf(v)]
	if !ok {
		return site{}, false, false
	}
	if o.computed {
		return t.computes[o.index], true, true
	}
	return t.lits[o.index], false, true
}

// memoryOf is the address of a goja string's characters (or of the
// string object that holds them), or 0 for the empty string and for
// anything that is not a string.
func memoryOf(v goja.Value) uintptr {
	if _, ok := v.(goja.String); !ok {
		return 0
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		if rv.Len() == 0 {
			return 0
		}
		return uintptr(unsafe.Pointer(unsafe.StringData(rv.String())))
	case reflect.Slice:
		if rv.Len() == 0 {
			return 0
		}
		return rv.Pointer()
	case reflect.Pointer:
		return rv.Pointer()
	}
	return 0
}

// offset is the byte offset in the bundle of a goja position.
func offset(idx file.Idx) int { return int(idx) - 1 }

// literal records the string literal (or substitution-free template) orig
// and returns what replaces it: itself when its value is written once in
// the bundle (its memory names it), else a read of the table.
func (t *tracer) literal(orig ast.Expression, idx, end file.Idx, value unistring.String) ast.Expression {
	if t.counting {
		t.seen[value]++
		return orig
	}
	id := len(t.lits)
	t.lits = append(t.lits, site{offset(idx), offset(end)})
	if t.seen[value] <= 1 {
		if m := rawMemory(value); m != 0 {
			t.byMemory[m] = origin{index: id}
		}
		t.litVals = append(t.litVals, "")
		return orig
	}
	t.litVals = append(t.litVals, value)
	return &ast.BracketExpression{
		Left:         &ast.Identifier{Name: litTableName, Idx: idx},
		Member:       &ast.NumberLiteral{Idx: idx, Literal: strconv.Itoa(id), Value: int64(id)},
		LeftBracket:  idx,
		RightBracket: end - 1, // so that Idx1 is the literal's end
	}
}

func (t *tracer) computed(e ast.Expression) ast.Expression {
	if t.counting {
		return e
	}
	id := len(t.computes)
	start, end := e.Idx0(), e.Idx1()
	t.computes = append(t.computes, site{offset(start), offset(end)})
	return &ast.CallExpression{
		Callee:           &ast.Identifier{Name: recorderName, Idx: start},
		LeftParenthesis:  start,
		ArgumentList:     []ast.Expression{&ast.NumberLiteral{Idx: start, Literal: strconv.Itoa(id), Value: int64(id)}, e},
		RightParenthesis: end - 1, // so that Idx1 is the expression's end
	}
}

// opaque keeps goja's compiler from folding the left operand of a logical
// operator. goja folds an operator whose operands are constant, and to
// decide whether `L && R` is, it evaluates L, which decides the same about
// its own left operand, twice: compile time doubles with each link of
// 2**2**1 && 1 && 1 ... (22 links: 2.9 s, and nothing can interrupt a
// compiler). A one-element sequence, (L), is the same value and never
// constant to goja, so each link is folded once.
func (t *tracer) opaque(left ast.Expression) ast.Expression {
	if t.counting {
		return left
	}
	switch left.(type) {
	case *ast.BinaryExpression, *ast.UnaryExpression:
		return &ast.SequenceExpression{Sequence: []ast.Expression{left}}
	}
	return left
}

// statements walks a statement list; body is set for a program's or a
// function's body, whose directive prologue ("use strict") is left alone:
// goja reads it as written.
func (t *tracer) statements(list []ast.Statement, body bool) {
	for i, s := range list {
		if body {
			if es, ok := s.(*ast.ExpressionStatement); ok {
				if _, lit := es.Expression.(*ast.StringLiteral); lit {
					continue
				}
			}
			body = false
		}
		list[i] = t.statement(s)
	}
}

func (t *tracer) statement(s ast.Statement) ast.Statement {
	switch s := s.(type) {
	case *ast.BlockStatement:
		t.statements(s.List, false)
	case *ast.CaseStatement:
		s.Test = t.expr(s.Test)
		t.statements(s.Consequent, false)
	case *ast.CatchStatement:
		if s.Parameter != nil {
			s.Parameter = t.target(s.Parameter)
		}
		t.statement(s.Body)
	case *ast.DoWhileStatement:
		s.Test = t.expr(s.Test)
		s.Body = t.statement(s.Body)
	case *ast.ExpressionStatement:
		s.Expression = t.expr(s.Expression)
	case *ast.ForInStatement:
		t.forInto(s.Into)
		s.Source = t.expr(s.Source)
		s.Body = t.statement(s.Body)
	case *ast.ForOfStatement:
		t.forInto(s.Into)
		s.Source = t.expr(s.Source)
		s.Body = t.statement(s.Body)
	case *ast.ForStatement:
		switch init := s.Initializer.(type) {
		case *ast.ForLoopInitializerExpression:
			init.Expression = t.expr(init.Expression)
		case *ast.ForLoopInitializerVarDeclList:
			t.bindings(init.List)
		case *ast.ForLoopInitializerLexicalDecl:
			t.bindings(init.LexicalDeclaration.List)
		}
		s.Update = t.expr(s.Update)
		s.Test = t.expr(s.Test)
		s.Body = t.statement(s.Body)
	case *ast.IfStatement:
		s.Test = t.expr(s.Test)
		s.Consequent = t.statement(s.Consequent)
		if s.Alternate != nil {
			s.Alternate = t.statement(s.Alternate)
		}
	case *ast.LabelledStatement:
		s.Statement = t.statement(s.Statement)
	case *ast.ReturnStatement:
		s.Argument = t.expr(s.Argument)
	case *ast.SwitchStatement:
		s.Discriminant = t.expr(s.Discriminant)
		for _, c := range s.Body {
			t.statement(c)
		}
	case *ast.ThrowStatement:
		s.Argument = t.expr(s.Argument)
	case *ast.TryStatement:
		t.statement(s.Body)
		if s.Catch != nil {
			t.statement(s.Catch)
		}
		if s.Finally != nil {
			t.statement(s.Finally)
		}
	case *ast.VariableStatement:
		t.bindings(s.List)
	case *ast.LexicalDeclaration:
		t.bindings(s.List)
	case *ast.WhileStatement:
		s.Test = t.expr(s.Test)
		s.Body = t.statement(s.Body)
	case *ast.WithStatement:
		s.Object = t.expr(s.Object)
		s.Body = t.statement(s.Body)
	case *ast.FunctionDeclaration:
		t.function(s.Function)
	case *ast.ClassDeclaration:
		t.class(s.Class)
	}
	return s
}

func (t *tracer) forInto(into ast.ForInto) {
	switch into := into.(type) {
	case *ast.ForIntoVar:
		t.binding(into.Binding)
	case *ast.ForDeclaration:
		into.Target = t.target(into.Target)
	case *ast.ForIntoExpression:
		into.Expression = t.expr(into.Expression)
	}
}

func (t *tracer) bindings(list []*ast.Binding) {
	for _, b := range list {
		t.binding(b)
	}
}

func (t *tracer) binding(b *ast.Binding) {
	if b == nil {
		return
	}
	b.Target = t.target(b.Target)
	b.Initializer = t.expr(b.Initializer)
}

// target walks a binding target (a name or a destructuring pattern): only
// its default values are expressions.
func (t *tracer) target(bt ast.BindingTarget) ast.BindingTarget {
	switch p := bt.(type) {
	case *ast.ObjectPattern:
		t.properties(p.Properties)
		p.Rest = t.expr(p.Rest)
	case *ast.ArrayPattern:
		for i, e := range p.Elements {
			p.Elements[i] = t.expr(e)
		}
		p.Rest = t.expr(p.Rest)
	}
	return bt
}

func (t *tracer) properties(props []ast.Property) {
	for _, p := range props {
		switch p := p.(type) {
		case *ast.PropertyKeyed:
			if p.Computed {
				p.Key = t.expr(p.Key)
			}
			p.Value = t.expr(p.Value)
		case *ast.PropertyShort:
			p.Initializer = t.expr(p.Initializer)
		case *ast.SpreadElement:
			p.Expression = t.expr(p.Expression)
		}
	}
}

func (t *tracer) function(f *ast.FunctionLiteral) {
	if f == nil {
		return
	}
	t.params(f.ParameterList)
	if f.Body != nil {
		t.statements(f.Body.List, true)
	}
}

func (t *tracer) params(pl *ast.ParameterList) {
	if pl == nil {
		return
	}
	t.bindings(pl.List)
	pl.Rest = t.expr(pl.Rest)
}

func (t *tracer) class(c *ast.ClassLiteral) {
	if c == nil {
		return
	}
	c.SuperClass = t.expr(c.SuperClass)
	for _, el := range c.Body {
		switch el := el.(type) {
		case *ast.FieldDefinition:
			if el.Computed {
				el.Key = t.expr(el.Key)
			}
			el.Initializer = t.expr(el.Initializer)
		case *ast.MethodDefinition:
			if el.Computed {
				el.Key = t.expr(el.Key)
			}
			t.function(el.Body)
		case *ast.ClassStaticBlock:
			t.statement(el.Block)
		}
	}
}

// expr walks an expression and returns what replaces it (itself, mostly).
func (t *tracer) expr(e ast.Expression) ast.Expression {
	switch e := e.(type) {
	case nil:
		return nil
	case *ast.StringLiteral:
		return t.literal(e, e.Idx, e.Idx1(), e.Value)
	case *ast.TemplateLiteral:
		if e.Tag != nil {
			e.Tag = t.expr(e.Tag)
			t.exprList(e.Expressions)
			return e
		}
		if len(e.Expressions) == 0 && len(e.Elements) == 1 {
			return t.literal(e, e.OpenQuote, e.Idx1(), e.Elements[0].Parsed)
		}
		if t.counting {
			for _, el := range e.Elements {
				t.seen[el.Parsed]++ // interned like literals by the compiler
			}
		}
		t.exprList(e.Expressions)
		if len(e.Expressions) == 0 {
			return e
		}
		return t.computed(e)
	case *ast.BinaryExpression:
		e.Left = t.expr(e.Left)
		e.Right = t.expr(e.Right)
		switch e.Operator {
		case jstoken.PLUS:
			return t.computed(e)
		case jstoken.LOGICAL_AND, jstoken.LOGICAL_OR, jstoken.COALESCE:
			e.Left = t.opaque(e.Left)
		}
	case *ast.ArrayLiteral:
		t.exprList(e.Value)
	case *ast.ArrayPattern:
		t.target(e)
	case *ast.ObjectPattern:
		t.target(e)
	case *ast.AssignExpression:
		if bt, ok := e.Left.(ast.BindingTarget); ok {
			e.Left = t.target(bt)
		} else {
			e.Left = t.expr(e.Left)
		}
		e.Right = t.expr(e.Right)
		if e.Operator == jstoken.PLUS { // +=
			return t.computed(e)
		}
	case *ast.YieldExpression:
		e.Argument = t.expr(e.Argument)
	case *ast.AwaitExpression:
		e.Argument = t.expr(e.Argument)
	case *ast.BracketExpression:
		e.Left = t.expr(e.Left)
		e.Member = t.expr(e.Member)
	case *ast.CallExpression:
		e.Callee = t.expr(e.Callee)
		t.exprList(e.ArgumentList)
	case *ast.NewExpression:
		e.Callee = t.expr(e.Callee)
		t.exprList(e.ArgumentList)
	case *ast.ConditionalExpression:
		e.Test = t.expr(e.Test)
		e.Consequent = t.expr(e.Consequent)
		e.Alternate = t.expr(e.Alternate)
	case *ast.DotExpression:
		e.Left = t.expr(e.Left)
	case *ast.PrivateDotExpression:
		e.Left = t.expr(e.Left)
	case *ast.OptionalChain:
		e.Expression = t.expr(e.Expression)
	case *ast.Optional:
		e.Expression = t.expr(e.Expression)
	case *ast.FunctionLiteral:
		t.function(e)
	case *ast.ArrowFunctionLiteral:
		t.params(e.ParameterList)
		switch body := e.Body.(type) {
		case *ast.BlockStatement:
			t.statements(body.List, true)
		case *ast.ExpressionBody:
			body.Expression = t.expr(body.Expression)
		}
	case *ast.ClassLiteral:
		t.class(e)
	case *ast.ObjectLiteral:
		t.properties(e.Value)
	case *ast.SequenceExpression:
		t.exprList(e.Sequence)
	case *ast.UnaryExpression:
		e.Operand = t.expr(e.Operand)
	case *ast.SpreadElement:
		e.Expression = t.expr(e.Expression)
	case *ast.Binding:
		t.binding(e)
	case *ast.PropertyKeyed, *ast.PropertyShort:
		t.properties([]ast.Property{e.(ast.Property)})
	}
	return e
}

func (t *tracer) exprList(list []ast.Expression) {
	for i, e := range list {
		list[i] = t.expr(e)
	}
}
