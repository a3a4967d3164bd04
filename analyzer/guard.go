package analyzer

import (
	"errors"
	"fmt"
	"runtime/debug"
	"runtime/metrics"
	"sync"
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
//   - Growth spread over many steps (a push loop, s += s) is caught by a
//     watcher that samples the Go heap every few milliseconds while
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

// memoryGuardsOff turns both memory guards off. Only BenchmarkLoad sets
// it, to measure what the guards cost a good manifest.
var memoryGuardsOff = false

// errMemory is the interrupt value when the budget is exceeded.
type errMemory struct{}

func (e errMemory) Error() string { return "memory budget exceeded" }

// guardPrelude replaces the one-step allocators with checked versions. It
// runs before the bundle, as its own program, and receives the check
// (over(bytes) reports whether that many bytes would break the budget, and
// stops evaluation if so) as an argument, so nothing global refers to it.
// Sizes are estimates on the high side: 2 bytes a character (goja keeps
// non-ASCII strings in UTF-16), 16 bytes an array slot.
const guardPrelude = `(function (over) {
  "use strict";
  var apply = Reflect.apply, construct = Reflect.construct, define = Object.defineProperty;
  var isArray = Array.isArray, floor = Math.floor, min = Math.min, max = Math.max;
  var strLen = function (s) { return typeof s === "string" ? s.length : 0; };
  var toLen = function (n) { n = +n; return n > 0 ? (n === Infinity ? Infinity : floor(n)) : 0; };
  var lengthOf = function (o) {
    if (o === null || o === undefined) return 0;
    if (typeof o === "string") return o.length;
    if (typeof o !== "object" && typeof o !== "function") return 0;
    return toLen(o.length);
  };
  var wrap = function (obj, name, size) {
    var orig = obj[name];
    if (typeof orig !== "function") return;
    var guarded = {
      [name]: function () {
        if (over(size(this, arguments))) return undefined;
        return apply(orig, this, arguments);
      }
    }[name];
    define(obj, name, { value: guarded, writable: true, configurable: true, enumerable: false });
  };
  var S = String.prototype, A = Array.prototype;

  wrap(S, "repeat", function (s, a) { return 2 * String(s).length * toLen(a[0]); });
  wrap(S, "padStart", function (s, a) { return 2 * toLen(a[0]); });
  wrap(S, "padEnd", function (s, a) { return 2 * toLen(a[0]); });
  wrap(S, "concat", function (s, a) {
    var n = String(s).length;
    for (var i = 0; i < a.length; i++) n += strLen(a[i]);
    return 2 * n;
  });
  // Splitting into characters makes one string per character.
  wrap(S, "split", function (s, a) { return a[0] === "" || a[0] instanceof RegExp ? 64 * String(s).length : 0; });

  var slots = function (n) { return 16 * n; };
  wrap(A, "fill", function (arr, a) {
    var len = lengthOf(arr), start = a.length > 1 ? toLen(a[1]) : 0, end = a.length > 2 && a[2] !== undefined ? toLen(a[2]) : len;
    return slots(max(0, min(end, len) - start));
  });
  ["map", "slice", "reverse", "sort", "toSorted", "toReversed", "flat", "flatMap", "copyWithin", "with"].forEach(function (name) {
    wrap(A, name, function (arr) { return slots(lengthOf(arr)); });
  });
  wrap(A, "concat", function (arr, a) {
    var n = lengthOf(arr);
    for (var i = 0; i < a.length; i++) n += isArray(a[i]) ? a[i].length : 1;
    return slots(n);
  });
  wrap(A, "join", function (arr, a) {
    var len = lengthOf(arr), sep = a.length > 0 && a[0] !== undefined ? String(a[0]).length : 1;
    var n = slots(len) + 2 * len * sep;
    if (over(n)) return n;
    // Sum the strings too: a thousand references to one large string join
    // into a thousand copies.
    for (var i = 0; i < len && n <= 0x7fffffff; i++) n += 2 * strLen(arr[i]);
    return n;
  });
  wrap(Array, "from", function (_, a) { return slots(lengthOf(a[0])); });
  wrap(Array, "of", function (_, a) { return slots(a.length); });
  wrap(String, "fromCharCode", function (_, a) { return 2 * a.length; });
  wrap(String, "fromCodePoint", function (_, a) { return 4 * a.length; });

  // Spreading an array-like into arguments allocates its length at once.
  wrap(Function.prototype, "apply", function (_, a) { return slots(lengthOf(a[1])); });
  wrap(Reflect, "apply", function (_, a) { return slots(lengthOf(a[2])); });
  wrap(Reflect, "construct", function (_, a) { return slots(lengthOf(a[1])); });

  // JSON.stringify of shared references can be far larger than the heap
  // it starts from: count the output as it is produced.
  var stringify = JSON.stringify;
  define(JSON, "stringify", { writable: true, configurable: true, enumerable: false, value: function stringify_(value, replacer, space) {
    var total = 0, user = typeof replacer === "function" ? replacer : null;
    var counting = function (k, v) {
      if (user) v = apply(user, this, [k, v]);
      total += 16 + 2 * strLen(k) + 2 * strLen(v);
      if (over(total)) throw new RangeError("stop");
      return v;
    };
    if (replacer !== undefined && replacer !== null && !user) return apply(stringify, JSON, [value, replacer, space]);
    try { return apply(stringify, JSON, [value, counting, space]); } catch (e) { if (over(total)) return undefined; throw e; }
  } });

  // Buffers and typed arrays allocate their whole length when made.
  var guardCtor = function (name, bytesPer) {
    var C = globalThis[name];
    if (typeof C !== "function") return;
    var size = function (a) {
      var x = a[0];
      if (typeof x === "number") return bytesPer * toLen(x);
      if (x !== null && typeof x === "object") return bytesPer * lengthOf(x);
      return 0;
    };
    var P = new Proxy(C, {
      construct: function (t, a, nt) { if (over(size(a))) return {}; return construct(t, a, nt === P ? t : nt); },
      apply: function (t, self, a) { return apply(t, self, a); },
    });
    define(C.prototype, "constructor", { value: P, writable: true, configurable: true, enumerable: false });
    define(globalThis, name, { value: P, writable: true, configurable: true, enumerable: false });
  };
  guardCtor("ArrayBuffer", 1);
  guardCtor("SharedArrayBuffer", 1);
  [["Int8Array", 1], ["Uint8Array", 1], ["Uint8ClampedArray", 1], ["Int16Array", 2], ["Uint16Array", 2],
   ["Int32Array", 4], ["Uint32Array", 4], ["Float32Array", 4], ["Float64Array", 8],
   ["BigInt64Array", 8], ["BigUint64Array", 8]].forEach(function (p) { guardCtor(p[0], p[1]); });
})`

// installGuards runs the prelude in vm with a check against *limit bytes,
// read at every check.
func installGuards(vm *goja.Runtime, limit *int64) error {
	over := func(call goja.FunctionCall) goja.Value {
		n := call.Argument(0).ToFloat()
		if n > float64(*limit) {
			vm.Interrupt(errMemory{})
			return vm.ToValue(true)
		}
		return vm.ToValue(false)
	}
	v, err := vm.RunProgram(guardProgram())
	if err != nil {
		return err
	}
	fn, ok := goja.AssertFunction(v)
	if !ok {
		return errors.New("guard prelude is not a function")
	}
	_, err = fn(goja.Undefined(), vm.ToValue(over))
	return err
}

// guardProgram compiles the prelude once per process; a Program is safe to
// run in many runtimes.
var guardProgram = sync.OnceValue(func() *goja.Program {
	return goja.MustCompile("irislint-guards.js", guardPrelude, true)
})

// heapWatcher samples the heap while evaluations run and interrupts them
// when the heap grows past the budget above what the process held when
// they started.
type heapWatcher struct {
	mu       sync.Mutex
	running  map[*sandbox]bool // the running evaluations; true once stopped
	base     uint64            // heap bytes when the running evaluations started
	bundling int               // bundles being built, whose allocations the heap counts too
	wake     chan struct{}
}

var watcher = &heapWatcher{running: map[*sandbox]bool{}}

// heapSample is the runtime/metrics name for live and not-yet-swept heap
// objects; reading it does not stop the world.
const heapSample = "/memory/classes/heap/objects:bytes"

func heapBytes() uint64 {
	s := []metrics.Sample{{Name: heapSample}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// bundleStarted counts a bundle being built until the returned function
// is called: esbuild allocates on the same heap, so an evaluation stopped
// while one was built is evaluated again alone, like one stopped beside
// another evaluation.
func (w *heapWatcher) bundleStarted() func() {
	w.mu.Lock()
	w.bundling++
	w.mu.Unlock()
	return func() {
		w.mu.Lock()
		w.bundling--
		w.mu.Unlock()
	}
}

// enter registers s as running; the returned function unregisters it.
func (w *heapWatcher) enter(s *sandbox) func() {
	w.mu.Lock()
	if len(w.running) == 0 {
		w.base = heapBytes()
		w.wake = make(chan struct{})
		go w.watch(w.wake)
	}
	w.running[s] = false
	w.mu.Unlock()
	return func() {
		w.mu.Lock()
		delete(w.running, s)
		if len(w.running) == 0 {
			close(w.wake)
		}
		w.mu.Unlock()
	}
}

// collectStopped collects what an evaluation stopped for memory left
// behind, once nothing refers to it any more, and hands it back to the OS:
// so the collector's next target is not set by that heap (garbage of the
// evaluations that run on could otherwise grow to twice it before a
// collection, and be blamed on them), and the next hostile manifest cannot
// add its peak to this one's.
func collectStopped() {
	debug.FreeOSMemory()
	watcher.mu.Lock()
	if len(watcher.running) == 0 {
		watcher.base = heapBytes()
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
			budget = max(budget, uint64(s.memLimit))
		}
		// No collection first: the heap counts garbage not yet swept too,
		// but the collector runs before the heap reaches 1+GOGC/100 times
		// what was live after its last run, so a heap grown by half the
		// budget holds a third of that live even at GOGC=200 (lint's
		// setting): tens of MiB, which no real manifest holds. Waiting for
		// a collection would let s += s double once more.
		//
		// The heap cannot be attributed to one evaluation, so every running
		// one is stopped; those that ran alongside others are evaluated
		// again alone (see evaluate), where the blame is exact.
		// Evaluations already stopped may take a moment to notice (a long
		// builtin call finishes first); any other still running is stopped
		// too, rather than let the heap grow while we wait.
		if heap > w.base+budget/2 {
			n := len(w.running)
			for s, stopped := range w.running {
				if stopped {
					continue
				}
				w.running[s] = true
				s.concurrent = n > 1 || w.bundling > 0
				s.vm.Interrupt(errMemory{})
			}
		}
		w.mu.Unlock()
	}
}

func memoryMessage(limit int64) string {
	return fmt.Sprintf("evaluation exceeded its memory budget of %d MiB", limit>>20)
}
