package analyzer

import (
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
	"github.com/go-sourcemap/sourcemap"
)

// maxCallStack bounds recursion in the manifest. Real manifests nest a
// handful of calls; a runaway recursion hits this long before Go's stack.
const maxCallStack = 1024

// errTimeout is what the interrupt carries when the budget runs out.
var errTimeout = errors.New("time budget exceeded")

// sandbox is one goja runtime prepared for one manifest: the standard
// ECMAScript globals and nothing of the host but an empty process.env, a
// console that discards, and timers that never fire.
type sandbox struct {
	vm       *goja.Runtime
	b        *bundle
	js       string // b.js as compiled (code)
	root     string
	path     string
	budget   time.Duration
	memLimit int64
	guardErr error // from installing the memory guards

	// concurrent is set by the heap watcher when it stopped this
	// evaluation while others ran too: the heap was shared, so the blame
	// may be wrong, and Load evaluates it again alone.
	concurrent bool
}

// evalMu lets evaluations run side by side (read-locked) except the
// re-evaluation of one the heap watcher stopped, which runs alone.
var evalMu sync.RWMutex

// preparedVM is a goja runtime ready for any manifest: the standard
// globals, the inert host objects and (unless they are off) the memory
// guards, which read limit at every check, so that it can be set after the
// runtime is made (see Warm).
type preparedVM struct {
	vm       *goja.Runtime
	limit    int64
	guardErr error // from installing the guards; run reports it
}

func prepareVM() *preparedVM {
	vm := newRuntime()
	p := &preparedVM{vm: vm}
	p.guardErr = installParseGuards(vm) // parseguard.go
	if !memoryGuardsOff && p.guardErr == nil {
		p.guardErr = installGuards(vm, &p.limit)
	}
	return p
}

// newRuntime is a goja runtime with the standard globals and the inert
// host objects, before the guards.
func newRuntime() *goja.Runtime {
	vm := goja.New()
	vm.SetMaxCallStackSize(maxCallStack)
	// Source maps stay off: goja would otherwise read any sourceMappingURL
	// from disk. We map positions ourselves, from memory, on failure.
	vm.SetParserOptions(parser.WithDisableSourceMaps)
	g := vm.GlobalObject()
	noop := func(goja.FunctionCall) goja.Value { return goja.Undefined() }
	console := vm.NewObject()
	for _, m := range []string{"log", "info", "warn", "error", "debug", "trace", "dir", "table"} {
		_ = console.Set(m, noop)
	}
	_ = g.Set("console", console)
	process := vm.NewObject()
	_ = process.Set("env", vm.NewObject())
	_ = g.Set("process", process)
	zero := func(goja.FunctionCall) goja.Value { return vm.ToValue(0) }
	for _, name := range []string{"setTimeout", "setInterval", "setImmediate", "queueMicrotask"} {
		_ = g.Set(name, zero) // the callback never runs: evaluation ends first
	}
	for _, name := range []string{"clearTimeout", "clearInterval", "clearImmediate"} {
		_ = g.Set(name, noop)
	}
	return vm
}

func newSandbox(b *bundle, path, root string, budget time.Duration, memLimit int64) *sandbox {
	var p *preparedVM
	if !memoryGuardsOff {
		p = takeSpareVM() // prepared by Warm while the manifest was bundled
	}
	if p == nil {
		p = prepareVM()
	}
	p.limit = memLimit
	return &sandbox{vm: p.vm, guardErr: p.guardErr, b: b, root: root, path: path, budget: budget, memLimit: memLimit}
}

// evaluate runs the bundle in a new sandbox. When the heap watcher stopped
// it while other evaluations shared the heap, it runs once more alone, so
// one manifest's growth is never blamed on another.
func evaluate(b *bundle, path, root string, budget time.Duration, memLimit int64) (*Value, []Problem) {
	evalMu.RLock()
	v, probs, concurrent := runSandbox(b, path, root, budget, memLimit)
	evalMu.RUnlock()
	if len(probs) != 1 || probs[0].Kind != ProblemMemory {
		return v, probs
	}
	if concurrent {
		evalMu.Lock()
		defer evalMu.Unlock()
		collectStopped()
		v, probs, _ = runSandbox(b, path, root, budget, memLimit)
	}
	collectStopped()
	return v, probs
}

// runSandbox evaluates the bundle in a sandbox of its own, which nothing
// refers to once it returns (so a stopped one's heap can be collected).
func runSandbox(b *bundle, path, root string, budget time.Duration, memLimit int64) (*Value, []Problem, bool) {
	s := newSandbox(b, path, root, budget, memLimit)
	v, probs := s.run()
	return v, probs, s.concurrent
}

// run evaluates the bundle and exports its default export. The time budget
// covers both, since the export runs getters and Proxy traps.
func (s *sandbox) run() (*Value, []Problem) {
	if !memoryGuardsOff {
		defer watcher.enter(s)()
	}
	// The timer holds the runtime only through vm, cleared on return: a
	// stopped timer can stay in the runtime's timer heap until it would
	// have fired, and it must not keep a stopped evaluation's heap alive.
	var vm atomic.Pointer[goja.Runtime]
	vm.Store(s.vm)
	timer := time.AfterFunc(s.budget, func() {
		if vm := vm.Load(); vm != nil {
			vm.Interrupt(errTimeout)
		}
	})
	defer func() {
		timer.Stop()
		vm.Store(nil)
	}()
	if s.guardErr != nil {
		return nil, []Problem{s.problem(s.guardErr)}
	}

	module := s.vm.NewObject()
	exports := s.vm.NewObject()
	_ = module.Set("exports", exports)
	_ = s.vm.GlobalObject().Set("module", module)
	_ = s.vm.GlobalObject().Set("exports", exports)

	// goja's parser and compiler recurse, and cannot be interrupted:
	// measure the bundle first (parselimits.go).
	if p := checkBundle(s.b, s.code(), s.root, s.path, s.sourceText); p != nil {
		return nil, []Problem{*p}
	}
	prog, err := goja.Compile(bundleName, s.code(), false)
	if err != nil {
		return nil, []Problem{{Kind: ProblemSyntax, Message: "the bundled manifest does not parse: " + oneLine(err.Error()), Pos: s.line1()}}
	}
	if _, err := s.vm.RunProgram(prog); err != nil {
		return nil, []Problem{s.problem(err)}
	}

	return s.export(module, exports)
}

// export reads the default export into a Value tree. Getters and Proxy
// traps run here, so a throw or an interrupt (time or memory) can come out
// of it: a thrown exception is returned by Try, an interrupt panics through
// it and is recovered here.
func (s *sandbox) export(module, exports *goja.Object) (v *Value, probs []Problem) {
	defer func() {
		if r := recover(); r != nil {
			err, ok := r.(error)
			var intr *goja.InterruptedError
			var so *goja.StackOverflowError
			if !ok || !errors.As(err, &intr) && !errors.As(err, &so) {
				panic(r)
			}
			v, probs = nil, []Problem{s.problem(err)}
		}
	}()
	ex := s.vm.Try(func() {
		def, probsExport := s.defaultExport(module, exports)
		if probsExport != nil {
			probs = probsExport
			return
		}
		v = exportValue(s.vm, def)
	})
	if ex != nil {
		return nil, []Problem{s.problem(ex)}
	}
	return v, probs
}

// defaultExport picks the manifest object out of module.exports: the
// `default` export of an ES module, else module.exports itself.
func (s *sandbox) defaultExport(module, initial *goja.Object) (goja.Value, []Problem) {
	exp := module.Get("exports")
	if o, ok := exp.(*goja.Object); ok && o.SameAs(initial) && len(o.Keys()) == 0 {
		return nil, []Problem{{Kind: ProblemExport, Message: "the manifest exports nothing: end it with `export default irisAppManifest;`", Pos: s.line1()}}
	}
	if o, ok := exp.(*goja.Object); ok {
		if esm := o.Get("__esModule"); esm != nil && esm.ToBoolean() {
			def := o.Get("default")
			if def == nil || goja.IsUndefined(def) {
				return nil, []Problem{{Kind: ProblemExport, Message: "the manifest has no default export: end it with `export default irisAppManifest;`", Pos: s.line1()}}
			}
			exp = def
		}
	}
	o, ok := exp.(*goja.Object)
	if !ok || exp.ExportType() == nil {
		return nil, []Problem{{Kind: ProblemExport, Message: fmt.Sprintf("the manifest's default export is %s, not an object", describeJS(exp)), Pos: s.line1()}}
	}
	if _, isFunc := goja.AssertFunction(o); isFunc {
		return nil, []Problem{{Kind: ProblemExport, Message: "the manifest's default export is a function, not an object: export the manifest object itself", Pos: s.line1()}}
	}
	if isPromise(o) {
		return nil, []Problem{{Kind: ProblemExport, Message: "the manifest's default export is a Promise, not an object: the manifest must be built synchronously", Pos: s.line1()}}
	}
	if o.ClassName() == "Array" {
		return nil, []Problem{{Kind: ProblemExport, Message: "the manifest's default export is an array, not an object", Pos: s.line1()}}
	}
	if proto := o.Prototype(); proto != nil && !proto.SameAs(s.objectPrototype()) {
		name := "an unnamed class"
		if c, ok := proto.Get("constructor").(*goja.Object); ok {
			if n := c.Get("name"); n != nil && n.String() != "" {
				name = "class " + n.String()
			}
		}
		return nil, []Problem{{Kind: ProblemExport, Message: fmt.Sprintf("the manifest's default export is an instance of %s, not a plain object: its getters and methods are not manifest fields", name), Pos: s.line1()}}
	}
	return o, nil
}

func (s *sandbox) objectPrototype() *goja.Object {
	return s.vm.Get("Object").ToObject(s.vm).Get("prototype").ToObject(s.vm)
}

// describeJS names a non-object value as JavaScript's typeof would.
func describeJS(v goja.Value) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return "undefined"
	case goja.IsNull(v):
		return "null"
	}
	switch v.(type) {
	case *goja.Symbol:
		return "a symbol"
	}
	switch v.ExportType().Kind() {
	case reflect.Bool:
		return "a boolean"
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Float32, reflect.Float64:
		return "a number"
	}
	if _, ok := v.Export().(*big.Int); ok {
		return "a bigint"
	}
	return "a " + v.ExportType().String()
}

func (s *sandbox) line1() Position {
	return line1(s.path)
}

// problem turns a goja error into a Problem located in the original
// sources through the bundle's source map.
func (s *sandbox) problem(err error) Problem {
	var intr *goja.InterruptedError
	var so *goja.StackOverflowError
	var ex *goja.Exception
	p := Problem{Kind: ProblemEval, Pos: s.line1()}
	switch {
	case errors.As(err, &intr) && isTooComplex(intr.Value()):
		// a parser guard stopped it (parseguard.go)
		p.Kind = ProblemTooComplex
		p.Message = intr.Value().(errTooComplex).msg + " (evaluation was stopped on this line)"
		if where := s.where(intr.Stack()); where != nil {
			p.Pos = *where
		}
		return p
	case errors.As(err, &intr) && isMemory(intr.Value()):
		p.Kind = ProblemMemory
		p.Message = memoryMessage(s.memLimit)
		if where := s.where(intr.Stack()); where != nil {
			p.Pos = *where
		}
		return p
	case errors.As(err, &intr):
		p.Kind = ProblemTimeout
		p.Message = fmt.Sprintf("evaluation did not finish within its time budget of %s", s.budget)
		if where := s.where(intr.Stack()); where != nil {
			p.Message += ": it was stopped on this line"
			p.Pos = *where
		}
		return p
	case errors.As(err, &so):
		p.Kind = ProblemStack
		p.Message = fmt.Sprintf("evaluation recursed deeper than %d calls", maxCallStack)
		if where := s.where(so.Stack()); where != nil {
			p.Pos = *where
		}
		return p
	case errors.As(err, &ex):
		p.Message = "the manifest threw: " + thrownMessage(ex)
		if strings.Contains(p.Message, "Maximum call stack size exceeded") {
			p.Kind = ProblemStack
		}
		if where := s.where(ex.Stack()); where != nil {
			p.Pos = *where
		}
		return p
	}
	p.Message = "evaluation failed: " + oneLine(err.Error())
	return p
}

// lineBreaks escapes the line terminators goja may quote in an error (its
// translation of a regular expression's `.` holds them raw).
var lineBreaks = strings.NewReplacer("\r", `\r`, "\n", `\n`, "\u2028", `\u2028`, "\u2029", `\u2029`)

// oneLine keeps a goja error message on one line, as a Problem's must be.
func oneLine(msg string) string { return lineBreaks.Replace(msg) }

func isTooComplex(v any) bool {
	_, ok := v.(errTooComplex)
	return ok
}

func isMemory(v any) bool {
	_, ok := v.(errMemory)
	return ok
}

// thrownMessage is the thrown value's message on one line.
func thrownMessage(ex *goja.Exception) string {
	msg := ""
	if v := ex.Value(); v != nil {
		if o, ok := v.(*goja.Object); ok {
			if m := o.Get("message"); m != nil && !goja.IsUndefined(m) {
				name := "Error"
				if n := o.Get("name"); n != nil && !goja.IsUndefined(n) {
					name = n.String()
				}
				msg = name + ": " + m.String()
			}
		}
		if msg == "" {
			msg = v.String()
		}
	}
	msg = strings.Join(strings.Fields(msg), " ")
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	return msg
}

// where finds the innermost stack frame in the bundle and maps it to the
// original source file through the source map.
func (s *sandbox) where(stack []goja.StackFrame) *Position {
	if len(s.b.srcMap) == 0 {
		return nil
	}
	sm, err := sourcemap.Parse(bundleName+".map", s.b.srcMap)
	if err != nil {
		return nil
	}
	for _, f := range stack {
		if f.SrcName() != bundleName {
			continue
		}
		// goja counts columns in bytes, source maps in UTF-16 code units,
		// and Position in code points.
		pos := f.Position()
		genCol := utf16Units(jsLine(s.code(), pos.Line), pos.Column-1)
		src, _, line, col, ok := sm.Source(pos.Line, genCol)
		if !ok || src == "" || strings.Contains(src, stubNS) {
			continue
		}
		file := filepath.Clean(filepath.Join(s.root, filepath.FromSlash(src)))
		text := s.sourceText(file)
		col = codePoints(jsLine(text, line), col)
		if line == 1 && strings.HasPrefix(text, "\ufeff") && col > 0 {
			col-- // esbuild counts a BOM; it is no column, as for the literals (scanSource)
		}
		return &Position{File: file, Line: line, Column: col + 1, EndLine: line, EndColumn: col + 1}
	}
	return nil
}

// sourceText is the text of one of the bundle's files, to count columns
// in: the manifest's from memory when Load was given it, another from disk
// when esbuild bundled it (so it is a regular file in the workspace), else
// "".
func (s *sandbox) sourceText(file string) string {
	src := s.b.source
	if file != s.path || src == nil {
		if !slices.Contains(s.b.sources, file) {
			return ""
		}
		var err error
		if src, err = os.ReadFile(file); err != nil {
			return ""
		}
	}
	return string(src)
}

// code is the bundle as goja compiles it. esbuild passes bytes that are not
// UTF-8 through where it copies text verbatim (legal comments such as
// "/*! Copyright \xa9 Acme */", String.raw templates), and goja refuses the
// whole script for one such byte, where Node would run it: each becomes
// U+FFFD, as a decoder would make it.
func (s *sandbox) code() string {
	if s.js == "" {
		s.js = strings.ToValidUTF8(string(s.b.js), "\uFFFD")
	}
	return s.js
}

// jsLine is line n (1-based) of text, lines ending as in JavaScript (LF,
// CR, CRLF, U+2028, U+2029), or "" when there is no such line.
func jsLine(text string, n int) string {
	for i := 1; ; i++ {
		end, next := len(text), -1
		if j := strings.IndexAny(text, "\r\n\u2028\u2029"); j >= 0 {
			_, size := utf8.DecodeRuneInString(text[j:])
			end, next = j, j+size
			if strings.HasPrefix(text[j:], "\r\n") {
				next++
			}
		}
		if i == n {
			return text[:end]
		}
		if next < 0 {
			return ""
		}
		text = text[next:]
	}
}

// utf16Units is how many UTF-16 code units the first n bytes of line
// hold (all of them when n goes past its end).
func utf16Units(line string, n int) int {
	units := 0
	for i, r := range line {
		if i >= n {
			return units
		}
		units += utf16.RuneLen(r)
	}
	return units + max(0, n-len(line))
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
