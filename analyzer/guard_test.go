package analyzer

import (
	"errors"
	"testing"
	"time"

	"github.com/dop251/goja"
)

// guardedVM is a runtime with the guards, as a manifest gets it.
func guardedVM(t *testing.T, limit int64) *goja.Runtime {
	t.Helper()
	p := prepareVM(true)
	if p.guardErr != nil {
		t.Fatal(p.guardErr)
	}
	p.limit = limit
	return p.vm
}

// Under the budget, the guarded builtins answer as the originals do,
// exceptions included.
func TestGuardsKeepBehaviour(t *testing.T) {
	for _, tt := range []struct{ js, want string }{
		{`"ab".repeat(3)`, `"ababab"`},
		{`"7".padStart(3, "0") + "7".padEnd(3, "-")`, `"0077--"`},
		{`"a".concat("b", 1, null)`, `"ab1null"`},
		{`"a,b".split(",").concat("abc".split(""), "a1b".split(/\d/))`, `["a","b","a","b","c","a","b"]`},
		{`[1, 2, 3].map(x => x * 2).slice(1).reverse()`, `[6,4]`},
		{`[3, 1, 2].sort().join("-")`, `"1-2-3"`},
		{`new Array(3).fill(0).concat([1, [2]], 3)`, `[0,0,0,1,[2],3]`},
		{`[[1], [2, [3]]].flat(2).flatMap(x => [x, x])`, `[1,1,2,2,3,3]`},
		{`Array.from({length: 2}, (_, i) => i).concat(Array.of(7))`, `[0,1,7]`},
		{`String.fromCharCode(104, 105) + String.fromCodePoint(0x1F600).length`, `"hi2"`},
		{`Math.max.apply(null, [1, 5, 2]) + Reflect.apply(Math.min, null, [4, 3])`, `8`},
		{`Reflect.construct(Date, [0]).getTime()`, `0`},
		{`JSON.parse(JSON.stringify({a: [1, "x"], b: {c: null}}))`, `{"a":[1,"x"],"b":{"c":null}}`},
		{`JSON.stringify({a: 1, b: 2}, ["b"])`, `"{\"b\":2}"`},
		{`JSON.stringify({a: 1, b: "x"}, (k, v) => typeof v === "number" ? v + 1 : v, 1)`, `"{\n \"a\": 2,\n \"b\": \"x\"\n}"`},
		{`[new Uint8Array(4).length, new Float64Array([1.5])[0], new ArrayBuffer(8).byteLength]`, `[4,1.5,8]`},
		{`[new Uint8Array(2) instanceof Uint8Array, Uint8Array.prototype.constructor === Uint8Array, Object.getPrototypeOf(new Int16Array(1)) === Int16Array.prototype]`, `[true,true,true]`},
		{`class Bytes extends Uint8Array {}; [new Bytes(3).length, new Bytes(1) instanceof Bytes]`, `[3,true]`},
		{`try { "x".repeat(-1) } catch (e) { e instanceof RangeError }`, `true`},
		{`try { [].map(1) } catch (e) { e instanceof TypeError }`, `true`},
		{`try { JSON.stringify({}, () => { throw new Error("mine") }) } catch (e) { e.message }`, `"mine"`},
		{`try { Uint8Array(2) } catch (e) { e instanceof TypeError }`, `true`},
		{`[String.prototype.repeat.name, Array.prototype.join.name]`, `["repeat","join"]`},
		{`[new Uint8Array(1) instanceof Uint16Array, [] instanceof Uint8Array, 1 instanceof ArrayBuffer, new ArrayBuffer(1) instanceof ArrayBuffer]`, `[false,false,false,true]`},
	} {
		vm := guardedVM(t, 64<<20)
		v, err := vm.RunString("JSON.stringify(eval(" + quoteJS(tt.js) + "))")
		if err != nil {
			t.Errorf("%s: %v", tt.js, err)
			continue
		}
		if got := v.String(); got != tt.want {
			t.Errorf("%s = %s, want %s", tt.js, got, tt.want)
		}
	}
}

// Over the budget, each guarded builtin stops the evaluation before it
// allocates.
func TestGuardsStop(t *testing.T) {
	const limit = 1 << 20
	for _, js := range []string{
		`"ab".repeat(1 << 20)`,
		`"".padStart(1 << 20)`,
		`"".padEnd(1 << 20)`,
		`var s = "x".repeat(300000); s.concat(s, s)`,
		`"x".repeat(100000).split("")`,
		`new Array(100000).fill(0)`,
		`var a = []; a.length = 100000; a.map(x => x)`,
		`var a = []; a.length = 100000; a.slice()`,
		`var a = []; a.length = 100000; [].concat(a)`,
		`var a = []; a.length = 100000; a.join("")`,
		`var s = "x".repeat(100000); var a = [s, s, s, s, s, s]; a.join("")`,
		`Array.from({length: 100000})`,
		`Math.max.apply(null, {length: 100000})`,
		`Reflect.apply(Math.max, null, {length: 100000})`,
		`var s = "x".repeat(100000); var o = {a: s, b: s, c: s, d: s, e: s, f: s}; JSON.stringify(o)`,
		`new Uint8Array(2 << 20)`,
		`new Float64Array(200000)`,
		`new ArrayBuffer(2 << 20)`,
		`class Bytes extends Uint8Array {}; new Bytes(2 << 20)`,
	} {
		vm := guardedVM(t, limit)
		_, err := vm.RunString(js)
		var intr *goja.InterruptedError
		if !errors.As(err, &intr) {
			t.Errorf("%s: got %v, want the memory interrupt", js, err)
			continue
		}
		if _, ok := intr.Value().(errMemory); !ok {
			t.Errorf("%s: interrupted with %v, want errMemory", js, intr.Value())
		}
	}
}

func quoteJS(s string) string {
	v, _ := goja.New().RunString("JSON.stringify")
	f, _ := goja.AssertFunction(v)
	q, _ := f(goja.Undefined(), goja.New().ToValue(s))
	return q.String()
}

// FuzzGuards runs a script in a guarded runtime and in a plain one: unless
// one of them is stopped (the guards, the time limit, the stack), both
// must give the same result, thrown errors included.
func FuzzGuards(f *testing.F) {
	for _, s := range []string{
		`"ab".repeat(3)`, `"7".padStart(3, "0")`, `"a".concat(1, null, {})`, `"a,b".split(",")`,
		`"abc".split("")`, `"a1b".split(/\d/)`, `[3, 1, 2].sort().join("-")`, `new Array(3).fill(0)`,
		`[1, [2]].concat([3], 4).flat()`, `Array.from("abc")`, `Array.of(1, 2)`, `String.fromCharCode(65)`,
		`Math.max.apply(null, [1, 5])`, `Reflect.apply(Math.min, null, [4, 3])`, `Reflect.construct(Date, [0])`,
		`JSON.stringify({a: [1, "x"]}, null, 2)`, `JSON.stringify({a: 1}, (k, v) => v)`, `JSON.stringify({a: 1n})`,
		`new Uint8Array([1, 2])`, `new Float64Array(2)`, `new ArrayBuffer(3).byteLength`,
		`new Uint8Array(1) instanceof Uint8Array`, `Uint8Array.name + Uint8Array.length`,
		`String.prototype.repeat.length + String.prototype.repeat.name`, `String(String.prototype.repeat)`,
		`Object.getOwnPropertyNames(Array.prototype.join)`, `"x".repeat(-1)`, `"x".repeat.call(Symbol())`,
		`"x".padEnd(2n)`, `[].join.call({length: 2, 0: "a", 1: "b"})`, `[].join.call("abc")`,
		`class B extends Uint8Array {}; new B(2).length`, `Uint8Array(2)`, `new (Uint8Array.bind(null, 2))().length`,
		`typeof SharedArrayBuffer`, `JSON.stringify.name`, `Object.keys(String.prototype)`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, js string) {
		guarded, ok1 := runScript(js, true)
		plain, ok2 := runScript(js, false)
		if ok1 && ok2 && guarded != plain {
			t.Errorf("%q:\nguarded: %s\nplain:   %s", js, guarded, plain)
		}
	})
}

// runScript evaluates js and describes its value or the error it threw;
// ok is false when it was stopped (memory, time, stack) or did not parse.
func runScript(js string, guarded bool) (result string, ok bool) {
	vm := newRuntime()
	if guarded {
		limit := int64(16 << 20)
		if err := installGuards(vm, &limit); err != nil {
			return err.Error(), false
		}
	}
	vm.SetMaxCallStackSize(256)
	// the clock and Math.random the same for both runtimes: the results
	// are compared (a Date made a millisecond apart was a failure)
	vm.SetTimeSource(func() time.Time { return time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC) })
	vm.SetRandSource(func() float64 { return 0.25 })
	timer := time.AfterFunc(100*time.Millisecond, func() { vm.Interrupt("time") })
	defer timer.Stop()
	_ = vm.Set("__src", js)
	v, err := vm.RunString(`(function () {
  var r;
  try { r = (0, eval)(__src); } catch (e) { return "threw " + (e instanceof Error ? e.name + ": " + e.message : typeof e); }
  var d = typeof r;
  try { d += " " + JSON.stringify(r); } catch (e) { d += " (no JSON: " + e.name + ")"; }
  // Functions by name: a guarded constructor is a Proxy, which goja
  // prints as "function () { [native code] }", nameless.
  try { d += " " + (typeof r === "function" ? "function " + r.name : String(r)); } catch (e) { d += " (no string: " + e.name + ")"; }
  return d;
})()`)
	if err != nil {
		return err.Error(), false
	}
	return v.String(), true
}
