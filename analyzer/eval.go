package analyzer

import (
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
)

// maxCallStack bounds recursion in the manifest. Real manifests nest a
// handful of calls; a runaway recursion hits this long before Go's stack.
const maxCallStack = 1024

// errTimeout is what the interrupt carries when the budget runs out.
var errTimeout = errors.New("time budget exceeded")

// sandbox is one goja runtime prepared for one evaluation of a bundle:
// the standard ECMAScript globals and nothing of the host but a read-only
// process.env holding the environment's variables, a console that
// discards, and timers that never fire.
type sandbox struct {
	vm       *goja.Runtime
	b        *Bundle
	env      Environment
	guardErr error // from installing the memory guards

	tracer   *tracer   // where each string came from (provenance.go)
	envReads []EnvRead // what the manifest read of process.env

	// concurrent is set by the heap watcher when it stopped this
	// evaluation while others ran too: the heap was shared, so the blame
	// may be wrong, and evaluate runs it again alone.
	concurrent bool
}

// evaluation is what one run of a bundle gives: the default export and
// the environment variables it read.
type evaluation struct {
	value    *Value
	envReads []EnvRead
}

// evalMu lets evaluations run side by side (read-locked) except the
// re-evaluation of one the heap watcher stopped, which runs alone. Like
// the watcher, it is the process's: "alone" must mean alone on the heap.
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

func prepareVM(guards bool) *preparedVM {
	vm := newRuntime()
	p := &preparedVM{vm: vm}
	p.guardErr = installParseGuards(vm) // parseguard.go
	if guards && p.guardErr == nil {
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
	_ = g.Set("process", vm.NewObject()) // its env is the evaluation's (newSandbox)
	zero := func(goja.FunctionCall) goja.Value { return vm.ToValue(0) }
	for _, name := range []string{"setTimeout", "setInterval", "setImmediate", "queueMicrotask"} {
		_ = g.Set(name, zero) // the callback never runs: evaluation ends first
	}
	for _, name := range []string{"clearTimeout", "clearInterval", "clearImmediate"} {
		_ = g.Set(name, noop)
	}
	return vm
}

func newSandbox(b *Bundle, env Environment) *sandbox {
	var p *preparedVM
	if !b.loader.guardsOff {
		p = b.loader.takeSpareVM() // prepared by Warm while the manifest was bundled
	}
	if p == nil {
		p = prepareVM(!b.loader.guardsOff)
	}
	p.limit = b.opts.MemoryLimit
	s := &sandbox{vm: p.vm, guardErr: p.guardErr, b: b, env: env}
	if process, ok := p.vm.Get("process").(*goja.Object); ok {
		_ = process.Set("env", p.vm.NewDynamicObject(&processEnv{s: s}))
	}
	return s
}

// evaluate runs the bundle in a new sandbox. When the heap watcher stopped
// it while other evaluations shared the heap, it runs once more alone, so
// one manifest's growth is never blamed on another.
func (b *Bundle) evaluate(env Environment) (evaluation, []Problem) {
	evalMu.RLock()
	ev, probs, concurrent := b.runSandbox(env)
	evalMu.RUnlock()
	if len(probs) != 1 || probs[0].Kind != ProblemMemory {
		return ev, probs
	}
	if concurrent {
		evalMu.Lock()
		defer evalMu.Unlock()
		collectStopped()
		ev, probs, _ = b.runSandbox(env)
	}
	collectStopped()
	return ev, probs
}

// runSandbox evaluates the bundle in a sandbox of its own, which nothing
// refers to once it returns (so a stopped one's heap can be collected).
func (b *Bundle) runSandbox(env Environment) (evaluation, []Problem, bool) {
	s := newSandbox(b, env)
	v, probs := s.run()
	return evaluation{value: v, envReads: s.envReads}, probs, s.concurrent
}

// run evaluates the bundle and exports its default export. The time budget
// covers both, since the export runs getters and Proxy traps.
func (s *sandbox) run() (v *Value, probs []Problem) {
	if !s.b.loader.guardsOff {
		defer watcher.enter(s)()
	}
	// goja's compiler, runtime and our export run the manifest's code and
	// values: a Go panic in them (goja dereferences nil on some malformed
	// Proxy trap results) ends this evaluation with a diagnostic, never
	// the process. The runtime is thrown away with the sandbox.
	defer func() {
		if r := recover(); r != nil {
			v, probs = nil, []Problem{s.enginePanic(r)}
		}
	}()
	// The timer holds the runtime only through vm, cleared on return: a
	// stopped timer can stay in the runtime's timer heap until it would
	// have fired, and it must not keep a stopped evaluation's heap alive.
	var vm atomic.Pointer[goja.Runtime]
	vm.Store(s.vm)
	timer := time.AfterFunc(s.b.opts.Timeout, func() {
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
	if p := checkBundle(s.b); p != nil {
		return nil, []Problem{*p}
	}
	prog, err := s.compile()
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
		v = exportValue(s, def)
	})
	if ex != nil {
		return nil, []Problem{s.problem(ex)}
	}
	return v, probs
}

// enginePanic is the problem for a Go panic out of evaluating or
// exporting: the manifest cannot be checked, and that is a bug to report.
func (s *sandbox) enginePanic(r any) Problem {
	stack := debug.Stack()
	if OnEnginePanic != nil {
		OnEnginePanic(r, stack)
	}
	p := Problem{
		Kind:    ProblemEval,
		Message: fmt.Sprintf("evaluation failed inside the JavaScript engine (%v): the manifest could not be checked; please report this irislint bug with the manifest", oneLine(fmt.Sprint(r))),
		Pos:     s.line1(),
	}
	if where := s.panicSite(); where != nil {
		p.Pos = *where
	}
	return p
}

// panicSite is where in the sources the runtime was when it panicked, if
// its call stack still says (nil otherwise).
func (s *sandbox) panicSite() (where *Position) {
	defer func() {
		if recover() != nil {
			where = nil // the runtime's state is past reading
		}
	}()
	return s.where(s.vm.CaptureCallStack(0, nil))
}

// OnEnginePanic, when set (by tests), is told of every panic
// enginePanic turned into a problem, with the stack where it was
// recovered.
var OnEnginePanic func(r any, stack []byte)

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
	return line1(s.b.Path)
}

// compile parses the bundle, instruments it to trace where each string
// comes from (provenance.go), and compiles it.
func (s *sandbox) compile() (*goja.Program, error) {
	ast, err := goja.Parse(bundleName, s.b.code(), parser.WithDisableSourceMaps)
	if err != nil {
		return nil, err
	}
	s.tracer = instrument(ast)
	maxLen := 0
	if !s.b.loader.guardsOff {
		// a string of more code units than an eighth of the budget:
		// up to a quarter of it as UTF-16, and as much again for the
		// strings it was made from
		maxLen = int(s.b.opts.MemoryLimit / 8)
	}
	if err := s.tracer.install(s.vm, maxLen); err != nil {
		return nil, err
	}
	return goja.CompileAST(ast, false)
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
		p.Message = memoryMessage(s.b.opts.MemoryLimit)
		if where := s.where(intr.Stack()); where != nil {
			p.Pos = *where
		}
		return p
	case errors.As(err, &intr):
		p.Kind = ProblemTimeout
		p.Message = fmt.Sprintf("evaluation did not finish within its time budget of %s", s.b.opts.Timeout)
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
	for _, f := range stack {
		if f.SrcName() != bundleName {
			continue
		}
		pos := f.Position() // goja counts columns in bytes
		if p, ok := s.b.original(s.b.codeOffset(pos.Line, pos.Column)); ok {
			p.EndLine, p.EndColumn = p.Line, p.Column
			return &p
		}
	}
	return nil
}
