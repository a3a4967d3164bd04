package analyzer

import (
	"fmt"
	"strings"
	"sync"

	"github.com/dop251/goja"
)

// A manifest can hand goja's parsers text of its own while it runs: eval,
// the Function constructors and JSON.parse. goja's JavaScript parser and
// compiler, and its JSON.parse, recurse as deep as the text nests, and a
// string of 300,000 "[" overflows the goroutine stack (a fatal error, the
// whole process gone). So each of them is wrapped: the text is measured
// first, and evaluation stops (too-complex, at the line that made the
// call) when it would go past a bound.
//
// goja's parser goes on after a syntax error, so the scan of shape.go,
// which stops where esbuild stops, does not bound what it does with
// hostile text. Code given to eval or a Function constructor is bounded
// more crudely instead: by its number of tokens, counted high (every
// punctuation byte, every run of letters and digits), since a parser nests
// at most once a token. No manifest needs eval; the bound keeps goja's
// compilation of one call under a tenth of a second. JSON nests only through
// brackets, outside strings, so JSON.parse's bound is its depth.

// maxEvalTokens bounds the code one eval or Function call compiles: goja
// compiles 4,096 tokens of `a+a+...` (quadratic for it) or of nested
// brackets in about 80 ms, with a few MiB of stack.
const maxEvalTokens = 4096

// goja's compiler folds an operator whose operands are constant, and for
// &&, || and ?? it evaluates the left operand twice to decide whether to:
// its time doubles with each link of 2**2**1 && 1 && 1 ... In the bundle
// provenance.go breaks such chains (opaque); code handed to eval or a
// Function constructor is bounded instead: its tokens, doubled for each
// of those operators in it, may not pass maxEvalWork. 4,096 tokens of a
// constant `+` chain with 4 links: about 150 ms.
const maxEvalWork = 16 * maxEvalTokens

// errTooComplex stops an evaluation that hands a parser too much.
type errTooComplex struct{ msg string }

func (e errTooComplex) Error() string { return e.msg }

// installParseGuards wraps eval, the Function constructors and JSON.parse
// in vm. Like the memory guards, the wrappers hold the originals, which
// the manifest never sees.
func installParseGuards(vm *goja.Runtime) error {
	g := &guards{vm: vm}
	global := vm.GlobalObject()
	if orig, ok := goja.AssertFunction(global.Get("eval")); ok {
		// The wrapper makes every eval an indirect one (global scope): goja
		// runs a direct eval only for its own eval function.
		g.replace(global, "eval", global.Get("eval"), func(call goja.FunctionCall) goja.Value {
			src := call.Argument(0)
			if s, isString := src.(goja.String); isString && stopForCode(vm, "eval", s.String()) {
				return goja.Undefined()
			}
			v, err := orig(goja.Undefined(), src)
			if err != nil {
				panic(err)
			}
			return v
		})
	}
	ctors, err := functionConstructors(vm)
	if err != nil {
		return err
	}
	for _, c := range ctors {
		guardFunctionConstructor(vm, global, c.ctor, c.name)
	}
	if json, ok := global.Get("JSON").(*goja.Object); ok {
		if parse, ok := goja.AssertFunction(json.Get("parse")); ok {
			g.replace(json, "parse", json.Get("parse"), func(call goja.FunctionCall) goja.Value {
				text := call.Argument(0).String()
				if d := jsonDepth(text); d > parseLimits.depth {
					vm.Interrupt(errTooComplex{fmt.Sprintf("JSON.parse was given text nested %s levels deep, deeper than the %d irislint lets goja's JSON parser go; flatten the data", thousands(int64(d)), parseLimits.depth)})
					return goja.Undefined()
				}
				v, err := parse(json, call.Arguments...)
				if err != nil {
					panic(err)
				}
				return v
			})
		}
	}
	return nil
}

// stopForCode stops the evaluation when code is too much for goja to
// compile, and reports whether it did.
func stopForCode(vm *goja.Runtime, what, code string) bool {
	n := codeTokens(code)
	if n > maxEvalTokens {
		vm.Interrupt(errTooComplex{fmt.Sprintf("%s was given code of about %s tokens, more than the %s irislint lets goja compile while a manifest runs; write the code in the manifest itself", what, thousands(int64(n)), thousands(maxEvalTokens))})
		return true
	}
	if l := logicalOperators(code); l > 16 || n<<l > maxEvalWork {
		vm.Interrupt(errTooComplex{fmt.Sprintf("%s was given code with %d of the operators &&, || and ?? in about %s tokens, more than irislint lets goja compile while a manifest runs (its compiler's time doubles with each); write the code in the manifest itself", what, l, thousands(int64(n)))})
		return true
	}
	return false
}

// logicalOperators counts &&, || and ?? in code, high (in strings and
// comments too).
func logicalOperators(code string) int {
	n := 0
	for i := 0; i+1 < len(code); i++ {
		if c := code[i]; (c == '&' || c == '|' || c == '?') && code[i+1] == c {
			n++
			i++
		}
	}
	return n
}

type functionCtor struct {
	name string
	ctor *goja.Object
}

// ctorsProgram reaches the Function constructors that are no globals.
var ctorsProgram = sync.OnceValues(func() (*goja.Program, error) {
	return goja.Compile("irislint-ctors", `[
		Object.getPrototypeOf(async function () {}).constructor,
		Object.getPrototypeOf(function* () {}).constructor,
	]`, true)
})

// functionConstructors are Function, AsyncFunction and GeneratorFunction.
func functionConstructors(vm *goja.Runtime) ([]functionCtor, error) {
	out := []functionCtor{}
	if f, ok := vm.GlobalObject().Get("Function").(*goja.Object); ok {
		out = append(out, functionCtor{"Function", f})
	}
	prog, err := ctorsProgram()
	if err != nil {
		return nil, fmt.Errorf("installing the parser guards: %w", err)
	}
	v, err := vm.RunProgram(prog)
	if err != nil {
		return nil, fmt.Errorf("installing the parser guards: %w", err)
	}
	arr := v.ToObject(vm)
	for i, name := range []string{"AsyncFunction", "GeneratorFunction"} {
		if c, ok := arr.Get(fmt.Sprint(i)).(*goja.Object); ok {
			out = append(out, functionCtor{name, c})
		}
	}
	return out, nil
}

// guardFunctionConstructor puts a Proxy of ctor, whose traps measure the
// code before ctor compiles it, wherever a manifest can reach ctor: its
// prototype's "constructor" (so (function () {}).constructor is the
// Proxy), and the global Function.
func guardFunctionConstructor(vm *goja.Runtime, global, ctor *goja.Object, name string) {
	call, okCall := goja.AssertFunction(ctor)
	construct, okNew := goja.AssertConstructor(ctor)
	if !okCall || !okNew {
		return
	}
	tooMuch := func(args []goja.Value) bool {
		// one copy: appending to a string per argument was quadratic, in
		// Go code the time budget cannot interrupt (200,000 arguments: 13 s)
		var code strings.Builder
		for _, a := range args {
			code.WriteString(a.String())
			code.WriteByte('\n')
		}
		return stopForCode(vm, "new "+name, code.String())
	}
	var proxy *goja.Object
	proxy = vm.ToValue(vm.NewProxy(ctor, &goja.ProxyTrapConfig{
		Apply: func(target *goja.Object, this goja.Value, args []goja.Value) goja.Value {
			if tooMuch(args) {
				return goja.Undefined()
			}
			v, err := call(this, args...)
			if err != nil {
				panic(err)
			}
			return v
		},
		Construct: checkedConstruct(vm, construct, &proxy, tooMuch),
	})).(*goja.Object)
	if proto, ok := ctor.Get("prototype").(*goja.Object); ok {
		_ = proto.DefineDataProperty("constructor", proxy, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	}
	if name == "Function" {
		_ = global.DefineDataProperty(name, proxy, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	}
}

// codeTokens counts JavaScript tokens high: every byte of ASCII
// punctuation, and every run of other bytes (letters, digits, spaces
// excepted).
func codeTokens(code string) int {
	n, inRun := 0, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			inRun = false
		case c < 0x80 && !isWordByte(c):
			n++
			inRun = false
		case !inRun:
			n++
			inRun = true
		}
	}
	return n
}

// jsonDepth is how deep text's brackets nest outside its strings.
func jsonDepth(text string) int {
	depth, deepest := 0, 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '"':
			for i++; i < len(text) && text[i] != '"'; i++ {
				if text[i] == '\\' {
					i++
				}
			}
		case '[', '{':
			depth++
			deepest = max(deepest, depth)
		case ']', '}':
			depth--
		}
	}
	return deepest
}
