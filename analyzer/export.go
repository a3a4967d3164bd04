package analyzer

import (
	"math/big"
	"reflect"
	"strconv"

	"github.com/dop251/goja"
)

// Limits on the exported tree: a manifest is a few hundred values; these
// stop a Proxy or getter that invents values forever.
const (
	maxDepth  = 64
	maxValues = 100_000
)

// exporter walks a goja value into a Value tree. Object keys are read with
// Keys (own, enumerable, string keys, in order) and values with Get, so
// getters run (under the time budget) and Proxies are asked what they say.
type exporter struct {
	s      *sandbox
	onPath map[*goja.Object]bool // objects on the current path: a cycle
	count  int
}

func exportValue(s *sandbox, v goja.Value) *Value {
	e := &exporter{s: s, onPath: map[*goja.Object]bool{}}
	return e.walk(v, "", 0)
}

func (e *exporter) walk(v goja.Value, path string, depth int) *Value {
	e.count++
	if e.count > maxValues {
		return &Value{Kind: KindOther, Detail: "value past the export limit", Path: path}
	}
	if v == nil || goja.IsUndefined(v) {
		return &Value{Kind: KindUndefined, Path: path}
	}
	if goja.IsNull(v) {
		return &Value{Kind: KindNull, Path: path}
	}
	if _, isSym := v.(*goja.Symbol); isSym {
		return &Value{Kind: KindOther, Detail: "symbol", Path: path}
	}
	o, ok := v.(*goja.Object)
	if !ok {
		return e.primitive(v, path)
	}
	if _, isFunc := goja.AssertFunction(o); isFunc {
		return &Value{Kind: KindFunction, Path: path}
	}
	if isPromise(o) {
		return &Value{Kind: KindOther, Detail: "promise", Path: path}
	}
	return e.object(o, path, depth)
}

// promiseType is what ExportType gives for a Promise (goja names its class
// "Object", so ClassName cannot tell).
var promiseType = reflect.TypeOf((*goja.Promise)(nil))

// isPromise reports whether o is a Promise, without running any of its
// getters (ExportType, unlike Export, walks nothing).
func isPromise(o *goja.Object) bool { return o.ExportType() == promiseType }

// primitive exports a value that is not an object. (Export on an object
// would export its whole graph, running every getter.)
func (e *exporter) primitive(v goja.Value, path string) *Value {
	switch x := v.Export().(type) {
	case string:
		out := &Value{Kind: KindString, String: x, Path: path}
		// where the string came from, if the instrumented bundle traced it
		if st, computed, ok := e.s.tracer.originOf(v); ok {
			if pos, ok := e.s.b.siteSpan(st, computed, x); ok {
				out.Pos, out.Origin = pos, OriginLiteral
				if computed {
					out.Origin = OriginComputed
				}
			}
		}
		return out
	case bool:
		return &Value{Kind: KindBool, Bool: x, Path: path}
	case int64:
		return &Value{Kind: KindNumber, Number: float64(x), Path: path}
	case float64:
		return &Value{Kind: KindNumber, Number: x, Path: path}
	case *big.Int:
		return &Value{Kind: KindOther, Detail: "bigint", Path: path}
	}
	return &Value{Kind: KindOther, Detail: "unsupported value", Path: path}
}

func (e *exporter) object(o *goja.Object, path string, depth int) *Value {
	if e.onPath[o] {
		return &Value{Kind: KindOther, Detail: "circular reference", Path: path}
	}
	if depth >= maxDepth {
		return &Value{Kind: KindOther, Detail: "value nested too deep", Path: path}
	}
	e.onPath[o] = true
	defer delete(e.onPath, o)

	if o.ClassName() == "Array" {
		n := int(o.Get("length").ToInteger())
		out := &Value{Kind: KindArray, Path: path}
		for i := 0; i < n; i++ {
			if e.count > maxValues {
				out.Elems = append(out.Elems, &Value{Kind: KindOther, Detail: "value past the export limit", Path: path})
				break
			}
			out.Elems = append(out.Elems, e.walk(o.Get(strconv.Itoa(i)), path+"["+strconv.Itoa(i)+"]", depth+1))
		}
		return out
	}
	out := &Value{Kind: KindObject, Path: path}
	for _, k := range o.Keys() {
		if e.count > maxValues {
			break
		}
		child := k
		if path != "" {
			child = path + "." + k
		}
		out.Fields = append(out.Fields, &Field{Key: k, Value: e.walk(o.Get(k), child, depth+1)})
	}
	return out
}
