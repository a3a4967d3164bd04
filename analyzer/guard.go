package analyzer

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dlclark/regexp2/v2"
	"github.com/dop251/goja"
)

// DefaultMemoryLimit is the evaluation memory budget when
// Options.MemoryLimit is 0.
const DefaultMemoryLimit = 256 << 20

// goja cannot limit memory itself, and a Go allocation that fails is a
// fatal error no recover catches. So the budget is kept two ways:
//
//   - Builtins that allocate in one step ("x".repeat(2**40),
//     new Array(2**32-1).fill(0), new Uint8Array(2**32), JSON.stringify of
//     shared references...) are wrapped before the manifest runs, and a call
//     whose result would not fit the budget stops evaluation instead of
//     allocating. The wrappers hold the originals in a closure the manifest
//     never sees.
//   - A string made by `+`, `+=` or a template passes through the
//     recorder of provenance.go, which stops the evaluation at a string
//     of more than an eighth of the budget in code units: s += s doubles
//     in single copies of hundreds of MiB that the watcher below may not
//     see the middle of.
//   - Growth spread over many steps (a push loop, s = s.concat(s)) is
//     caught by a watcher that samples the Go heap every few milliseconds while
//     manifests evaluate, and interrupts them when the heap has grown by
//     half the budget: one more step of s += s doubles what is held, and
//     a step already under way when the watcher samples (a copy of
//     hundreds of MiB, during which the collector may stop the world and
//     the watcher with it) finishes before the interrupt is seen. One
//     stopped while others ran is evaluated again alone, so the blame is
//     never another's.
//
// A catastrophic regular expression runs inside one step too: goja's
// backtracking engine gets a per-match time limit, after which the match
// fails and the evaluation's own time budget takes over.

// regexpMatchTimeout bounds one backtracking match. It is set once for the
// process: regexp2 copies it into each pattern goja compiles.
const regexpMatchTimeout = 500 * time.Millisecond

func init() { regexp2.DefaultMatchTimeout = regexpMatchTimeout }

// errMemory is the interrupt value when the budget is exceeded.
type errMemory struct{}

func (e errMemory) Error() string { return "memory budget exceeded" }

// installGuards replaces the builtins that allocate in one step with
// checked versions, in vm, before the manifest runs. A check estimates
// what the call would allocate, in bytes, and compares it with *limit
// (read at every check, so the limit may be set after the runtime is
// made): over it, evaluation stops instead. Sizes are estimates on the
// high side: 2 bytes a character (goja keeps non-ASCII strings in
// UTF-16), 16 bytes an array slot.
//
// The wrappers are Go functions holding the originals, which the manifest
// never sees. They were a JavaScript prelude once; compiling and running
// it cost a cold process about 1.4 ms more than this.
func installGuards(vm *goja.Runtime, limit *int64) error {
	g := &guards{vm: vm, limit: limit}
	return g.install()
}

// guards is what the checked builtins share.
type guards struct {
	vm          *goja.Runtime
	limit       *int64
	isArray     goja.Callable // Array.isArray, as it was
	regexpProto *goja.Object  // RegExp.prototype, as it was
}

// sizeOf estimates, in bytes, what a call with this this and these
// arguments would allocate.
type sizeOf func(this goja.Value, args []goja.Value) float64

func (g *guards) install() (err error) {
	// A TypeError (a builtin missing where it should not be) comes out of
	// the goja calls below as a panic.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("installing the memory guards: %v", r)
		}
	}()
	vm := g.vm
	global := vm.GlobalObject()
	object := func(v goja.Value) *goja.Object {
		o, _ := v.(*goja.Object)
		return o
	}
	array, str := object(global.Get("Array")), object(global.Get("String"))
	if array == nil || str == nil {
		return errors.New("installing the memory guards: no Array or String")
	}
	g.isArray, _ = goja.AssertFunction(array.Get("isArray"))
	if re := object(global.Get("RegExp")); re != nil {
		g.regexpProto = object(re.Get("prototype"))
	}
	S, A := object(str.Get("prototype")), object(array.Get("prototype"))

	g.wrap(S, "repeat", func(s goja.Value, a []goja.Value) float64 { return 2 * strLen(s.ToString()) * toLen(arg(a, 0)) })
	g.wrap(S, "padStart", func(_ goja.Value, a []goja.Value) float64 { return 2 * toLen(arg(a, 0)) })
	g.wrap(S, "padEnd", func(_ goja.Value, a []goja.Value) float64 { return 2 * toLen(arg(a, 0)) })
	g.wrap(S, "concat", func(s goja.Value, a []goja.Value) float64 {
		n := strLen(s.ToString())
		for _, x := range a {
			n += strLen(x)
		}
		return 2 * n
	})
	// Splitting into characters makes one string per character.
	g.wrap(S, "split", func(s goja.Value, a []goja.Value) float64 {
		if sep := arg(a, 0); isEmptyString(sep) || g.isRegExp(sep) {
			return 64 * strLen(s.ToString())
		}
		return 0
	})

	g.wrap(A, "fill", func(arr goja.Value, a []goja.Value) float64 {
		n := lengthOf(arr)
		start, end := 0.0, n
		if len(a) > 1 {
			start = toLen(a[1])
		}
		if len(a) > 2 && !goja.IsUndefined(a[2]) {
			end = toLen(a[2])
		}
		return slots(max(0, min(end, n)-start))
	})
	for _, name := range []string{"map", "slice", "reverse", "sort", "toSorted", "toReversed", "flat", "flatMap", "copyWithin", "with"} {
		g.wrap(A, name, func(arr goja.Value, _ []goja.Value) float64 { return slots(lengthOf(arr)) })
	}
	g.wrap(A, "concat", func(arr goja.Value, a []goja.Value) float64 {
		n := lengthOf(arr)
		for _, x := range a {
			if g.arrayLike(x) {
				n += lengthOf(x)
			} else {
				n++
			}
		}
		return slots(n)
	})
	g.wrap(A, "join", func(arr goja.Value, a []goja.Value) float64 {
		n := lengthOf(arr)
		sep := 1.0
		if x := arg(a, 0); !goja.IsUndefined(x) {
			sep = strLen(x.ToString())
		}
		size := slots(n) + 2*n*sep
		if size > float64(*g.limit) {
			return size
		}
		// Sum the strings too: a thousand references to one large string
		// join into a thousand copies.
		o, ok := arr.(*goja.Object)
		if !ok {
			return size
		}
		for i := 0.0; i < n && size <= 0x7fffffff; i++ {
			size += 2 * strLen(o.Get(strconv.FormatFloat(i, 'f', -1, 64)))
		}
		return size
	})
	g.wrap(array, "from", func(_ goja.Value, a []goja.Value) float64 { return slots(lengthOf(arg(a, 0))) })
	g.wrap(array, "of", func(_ goja.Value, a []goja.Value) float64 { return slots(float64(len(a))) })
	g.wrap(str, "fromCharCode", func(_ goja.Value, a []goja.Value) float64 { return 2 * float64(len(a)) })
	g.wrap(str, "fromCodePoint", func(_ goja.Value, a []goja.Value) float64 { return 4 * float64(len(a)) })

	// Spreading an array-like into arguments allocates its length at once.
	if fn := object(global.Get("Function")); fn != nil {
		g.wrap(object(fn.Get("prototype")), "apply", func(_ goja.Value, a []goja.Value) float64 { return slots(lengthOf(arg(a, 1))) })
	}
	if reflect := object(global.Get("Reflect")); reflect != nil {
		g.wrap(reflect, "apply", func(_ goja.Value, a []goja.Value) float64 { return slots(lengthOf(arg(a, 2))) })
		g.wrap(reflect, "construct", func(_ goja.Value, a []goja.Value) float64 { return slots(lengthOf(arg(a, 1))) })
	}

	if json := object(global.Get("JSON")); json != nil {
		g.guardStringify(json)
	}

	// Buffers and typed arrays allocate their whole length when made.
	for _, c := range []struct {
		name     string
		bytesPer float64
	}{
		{"ArrayBuffer", 1}, {"SharedArrayBuffer", 1},
		{"Int8Array", 1}, {"Uint8Array", 1}, {"Uint8ClampedArray", 1}, {"Int16Array", 2}, {"Uint16Array", 2},
		{"Int32Array", 4}, {"Uint32Array", 4}, {"Float32Array", 4}, {"Float64Array", 8},
		{"BigInt64Array", 8}, {"BigUint64Array", 8},
	} {
		g.guardConstructor(global, c.name, c.bytesPer)
	}
	return nil
}

// over reports whether n bytes would break the budget, and then stops the
// evaluation (the interrupt takes effect as soon as control is back in
// JavaScript).
func (g *guards) over(n float64) bool {
	if n > float64(*g.limit) {
		g.vm.Interrupt(errMemory{})
		return true
	}
	return false
}

// wrap replaces obj[name], when it is a function, with one that checks
// size first and returns undefined instead of calling it when the call
// would break the budget. Exceptions the original throws pass through.
func (g *guards) wrap(obj *goja.Object, name string, size sizeOf) {
	if obj == nil {
		return
	}
	original := obj.Get(name)
	orig, ok := goja.AssertFunction(original)
	if !ok {
		return
	}
	g.replace(obj, name, original, func(call goja.FunctionCall) goja.Value {
		if g.over(size(call.This, call.Arguments)) {
			return goja.Undefined()
		}
		v, err := orig(call.This, call.Arguments...)
		if err != nil {
			panic(err) // rethrown in JavaScript (or, for an interrupt, passed up)
		}
		return v
	})
}

// replace sets obj[name], as the builtins are set (writable, configurable,
// not enumerable), to a Go function with the name and length of original.
func (g *guards) replace(obj *goja.Object, name string, original goja.Value, fn func(goja.FunctionCall) goja.Value) {
	f := g.vm.ToValue(fn).(*goja.Object)
	_ = f.DefineDataProperty("name", g.vm.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	if o, ok := original.(*goja.Object); ok {
		_ = f.DefineDataProperty("length", o.Get("length"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
	_ = obj.DefineDataProperty(name, f, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// guardStringify counts JSON.stringify's output as it is produced: of
// shared references, it can be far larger than the heap it starts from.
func (g *guards) guardStringify(json *goja.Object) {
	original := json.Get("stringify")
	stringify, ok := goja.AssertFunction(original)
	if !ok {
		return
	}
	g.replace(json, "stringify", original, func(call goja.FunctionCall) goja.Value {
		value, replacer, space := call.Argument(0), call.Argument(1), call.Argument(2)
		user, isFunc := goja.AssertFunction(replacer)
		if !isFunc && !goja.IsUndefined(replacer) && !goja.IsNull(replacer) {
			// an array of keys: no function of ours can stand in for it
			v, err := stringify(json, value, replacer, space)
			if err != nil {
				panic(err)
			}
			return v
		}
		total := 0.0
		stopped := false
		counting := g.vm.ToValue(func(c goja.FunctionCall) goja.Value {
			k, v := c.Argument(0), c.Argument(1)
			if isFunc {
				var err error
				if v, err = user(c.This, k, v); err != nil {
					panic(err)
				}
			}
			total += 16 + 2*strLen(k) + 2*strLen(v)
			if g.over(total) {
				stopped = true
				panic(g.vm.NewGoError(errMemory{})) // ends stringify; the interrupt follows
			}
			return v
		})
		v, err := stringify(json, value, counting, space)
		if err != nil {
			if stopped {
				return goja.Undefined()
			}
			panic(err)
		}
		return v
	})
}

// guardConstructor replaces the global constructor name (a buffer or typed
// array, which allocates its whole length when made) with a Proxy whose
// construct trap checks bytesPer times the length asked for. An
// over-budget construction returns an empty object, and evaluation stops.
func (g *guards) guardConstructor(global *goja.Object, name string, bytesPer float64) {
	ctor, ok := global.Get(name).(*goja.Object)
	if !ok {
		return
	}
	construct, ok := goja.AssertConstructor(ctor)
	if !ok {
		return
	}
	size := func(a []goja.Value) float64 {
		switch x := arg(a, 0); {
		case isNumber(x):
			return bytesPer * toLen(x)
		case isObject(x):
			return bytesPer * lengthOf(x)
		}
		return 0
	}
	var proxy *goja.Object
	proxy = g.vm.ToValue(g.vm.NewProxy(ctor, &goja.ProxyTrapConfig{
		Construct: checkedConstruct(g.vm, construct, &proxy, func(args []goja.Value) bool { return g.over(size(args)) }),
	})).(*goja.Object)
	if proto, ok := ctor.Get("prototype").(*goja.Object); ok {
		_ = proto.DefineDataProperty("constructor", proxy, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
	// goja refuses a Proxy on the right of instanceof ("Expecting a
	// function"), so the constructor answers itself, as instanceof would:
	// is this.prototype on x's prototype chain (this being the class, or a
	// subclass, instanceof was asked about)?
	_ = ctor.DefineDataPropertySymbol(goja.SymHasInstance, g.vm.ToValue(func(call goja.FunctionCall) goja.Value {
		this, _ := call.This.(*goja.Object)
		if this == nil {
			return g.vm.ToValue(false)
		}
		proto, _ := this.Get("prototype").(*goja.Object)
		return g.vm.ToValue(proto != nil && inherits(call.Argument(0), proto))
	}), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	_ = global.DefineDataProperty(name, proxy, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// checkedConstruct is the construct trap of a Proxy (*proxy) of a
// constructor: it constructs unless refuse(args), which has stopped the
// evaluation (then an empty object, never seen), and an instance made
// through the Proxy (new Uint8Array(n)) gets the real prototype.
func checkedConstruct(vm *goja.Runtime, construct goja.Constructor, proxy **goja.Object, refuse func([]goja.Value) bool) func(*goja.Object, []goja.Value, *goja.Object) *goja.Object {
	return func(target *goja.Object, args []goja.Value, newTarget *goja.Object) *goja.Object {
		if refuse(args) {
			return vm.NewObject()
		}
		if newTarget == *proxy {
			newTarget = target
		}
		o, err := construct(newTarget, args...)
		if err != nil {
			panic(err)
		}
		return o
	}
}

// isRegExp is `x instanceof RegExp` against the original RegExp (a Proxy
// of a regular expression included, as its prototype is).
func (g *guards) isRegExp(x goja.Value) bool {
	return g.regexpProto != nil && inherits(x, g.regexpProto)
}

// inherits reports whether proto is on x's prototype chain (getPrototypeOf
// traps run). The chain is cut at 1000 links: only Proxy traps can make
// one that long.
func inherits(x goja.Value, proto *goja.Object) bool {
	o, ok := x.(*goja.Object)
	if !ok {
		return false
	}
	for p, depth := o.Prototype(), 0; p != nil && depth < 1000; p, depth = p.Prototype(), depth+1 {
		if p == proto {
			return true
		}
	}
	return false
}

// arrayLike is Array.isArray(x), as the original answers it (a Proxy of an
// array is one).
func (g *guards) arrayLike(x goja.Value) bool {
	if !isObject(x) || g.isArray == nil {
		return false
	}
	v, err := g.isArray(goja.Undefined(), x)
	if err != nil {
		panic(err)
	}
	return v.ToBoolean()
}

// arg is a[i], or undefined past the end, as JavaScript reads arguments.
func arg(a []goja.Value, i int) goja.Value {
	if i < len(a) && a[i] != nil {
		return a[i]
	}
	return goja.Undefined()
}

// strLen is the length of a string value in UTF-16 code units, 0 for
// anything else.
func strLen(v goja.Value) float64 {
	if s, ok := v.(goja.String); ok {
		return float64(s.Length())
	}
	return 0
}

func isEmptyString(v goja.Value) bool {
	s, ok := v.(goja.String)
	return ok && s.Length() == 0
}

func isObject(v goja.Value) bool {
	_, ok := v.(*goja.Object)
	return ok
}

func isNumber(v goja.Value) bool {
	if v == nil || isObject(v) {
		return false
	}
	t := v.ExportType()
	return t != nil && (t.Kind() == reflect.Int64 || t.Kind() == reflect.Float64)
}

// toLen is JavaScript's +n > 0 ? floor(+n) : 0 (Infinity kept).
func toLen(v goja.Value) float64 {
	n := v.ToFloat()
	if n > 0 {
		return math.Floor(n)
	}
	return 0
}

// lengthOf is o.length as a length: a string's, an object's (getters and
// Proxy traps run), 0 for anything else.
func lengthOf(v goja.Value) float64 {
	switch o := v.(type) {
	case goja.String:
		return float64(o.Length())
	case *goja.Object:
		if l := o.Get("length"); l != nil {
			return toLen(l)
		}
	}
	return 0
}

func slots(n float64) float64 { return 16 * n }

// heapWatcher samples the heap while evaluations run and interrupts them
// when what the heap holds alive has grown past half the budget above what
// it held alive when they started.
//
// What the heap holds alive is known only after a collection; between
// collections the heap also holds garbage, which the collector lets grow
// to its goal, GOGC percent above what was live after the last collection.
// A run that keeps a large workspace in memory may so hold a hundred MiB
// of garbage that no manifest is to blame for, and counting it stopped
// manifests that allocate but keep nothing (a loop of boxed numbers, a
// sort with a comparator). So an evaluation is stopped when
//
//   - the live heap, as of the last collection, has grown by half the
//     budget above the base (the live heap when evaluations started); the
//     watcher starts a collection, without waiting for it, whenever the
//     heap's objects are over that mark, so that the live figure is fresh;
//   - or the heap's objects are half the budget above the collector's goal
//     when the evaluations started: more than garbage can explain, for the
//     collector runs before its goal, and the goal moves only when the live
//     heap grows. This catches
//     growth that outruns collections (s += s copies hundreds of MiB in
//     one step) without waiting for one: a step already under way when the
//     watcher samples finishes before the interrupt is seen.
type heapWatcher struct {
	mu         sync.Mutex
	running    map[*sandbox]bool // the running evaluations; true once stopped
	base       uint64            // live heap bytes when the running evaluations started
	goal       uint64            // the collector's goal then
	beside     int               // bundles being built, sources being scanned: their allocations count too
	wake       chan struct{}
	collecting atomic.Bool // a collection the watcher started is under way
	// ended is the count of collections done when other work (an
	// evaluation, side work) last ended: until the next one, what it
	// left may still count in the figures the watcher samples.
	ended uint64
}

// watcher is the process's one heap watcher: the Go heap is one per
// process, so every Loader's evaluations register here, and a stop is
// blamed exactly (evaluate) whichever Loader's manifest grew. It holds no
// settings and no results, nothing one lint run could see of another.
var watcher = &heapWatcher{running: map[*sandbox]bool{}}

// Samples from runtime/metrics, read without stopping the world: the
// heap's objects (live and garbage not yet swept), and the heap that was
// live after the last collection.
const (
	heapSample = "/memory/classes/heap/objects:bytes"
	liveSample = "/gc/heap/live:bytes"
	goalSample = "/gc/heap/goal:bytes"
)

func heapBytes() uint64 { return sample(heapSample) }

func liveBytes() uint64 { return sample(liveSample) }

func goalBytes() uint64 { return sample(goalSample) }

// gcCycles is the number of collections completed.
func gcCycles() uint64 { return sample("/gc/cycles/total:gc-cycles") }

func sample(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// sideWork marks work that allocates on the heap the watcher samples,
// beside evaluations (building a bundle, scanning sources for literals),
// until the returned function is called. An evaluation stopped meanwhile
// is evaluated again alone, as one stopped beside another evaluation is;
// and since side work holds evalMu's read lock, "alone" means without it
// too.
func (w *heapWatcher) sideWork() (done func()) {
	evalMu.RLock()
	w.mu.Lock()
	w.beside++
	w.mu.Unlock()
	return func() {
		w.mu.Lock()
		w.beside--
		w.ended = gcCycles()
		w.mu.Unlock()
		evalMu.RUnlock()
	}
}

// enter registers s as running; the returned function unregisters it.
func (w *heapWatcher) enter(s *sandbox) func() {
	w.mu.Lock()
	if len(w.running) == 0 {
		w.base, w.goal = liveBytes(), goalBytes()
		w.wake = make(chan struct{})
		go w.watch(w.wake)
	}
	w.running[s] = false
	w.mu.Unlock()
	return func() {
		w.mu.Lock()
		delete(w.running, s)
		w.ended = gcCycles()
		if len(w.running) == 0 {
			close(w.wake)
		}
		w.mu.Unlock()
	}
}

// collectStopped collects what an evaluation stopped for memory left
// behind, once nothing refers to it any more, and hands it back to the OS:
// so the next hostile manifest cannot add its peak to this one's.
func collectStopped() {
	debug.FreeOSMemory()
	watcher.mu.Lock()
	if len(watcher.running) == 0 {
		watcher.base, watcher.goal = liveBytes(), goalBytes()
	}
	watcher.mu.Unlock()
}

// watchEvery is the sampling period: short enough that a growth loop gets
// at most a few MiB past its budget, long enough to cost nothing.
const watchEvery = 2 * time.Millisecond

func (w *heapWatcher) watch(done chan struct{}) {
	t := time.NewTicker(watchEvery)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
		}
		heap := heapBytes()
		w.mu.Lock()
		// The heap is shared and cannot be attributed, so the evaluations
		// running together share one budget, the largest of theirs. Real
		// manifests use a few MiB; the one stopped is evaluated again alone.
		var budget uint64
		for s := range w.running {
			budget = max(budget, uint64(s.b.opts.MemoryLimit))
		}
		mark, goal, base := w.base+budget/2, w.goal, w.base
		w.mu.Unlock()
		switch {
		case liveBytes() > mark, heap > max(goal, base)+budget/2:
			w.stopAll()
		case heap > mark && w.collecting.CompareAndSwap(false, true):
			go func() {
				defer w.collecting.Store(false)
				runtime.GC() // refreshes the live figure
			}()
		}
	}
}

// stopAll interrupts every running evaluation for memory. The heap cannot
// be attributed to one evaluation, so every running one is stopped; those
// that ran alongside others (or beside a build) are evaluated again alone
// (see evaluate), where the blame is exact. Evaluations already stopped may
// take a moment to notice (a long builtin call finishes first).
func (w *heapWatcher) stopAll() {
	w.mu.Lock()
	defer w.mu.Unlock()
	// What work that ended since the last collection left may be what
	// crossed the line: then too the blame is unsure.
	unsure := len(w.running) > 1 || w.beside > 0 || gcCycles() <= w.ended
	for s, stopped := range w.running {
		if stopped {
			continue
		}
		w.running[s] = true
		s.concurrent = unsure
		s.vm.Interrupt(errMemory{})
	}
}

func memoryMessage(limit int64) string {
	return fmt.Sprintf("evaluation exceeded its memory budget of %d MiB", limit>>20)
}
