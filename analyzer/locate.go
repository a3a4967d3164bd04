package analyzer

import "github.com/irislint/irislint/internal/source"

// locator gives positions to what evaluation did not trace: the property
// keys of the exported objects (`scope:`, `"connect-src":`), the values
// that are not strings (they are shown at the property that holds them),
// and strings made where no trace reaches (a method call, JSON.parse),
// which get the one literal in the bundled sources with their text, when
// there is exactly one.
//
// Keys are found by the scanner's tokens: a traced string that is the
// value of a `key:` in the source settles that key for its field; a field
// with no such string takes a key of the same object literal as its
// settled siblings, else the first unused key of its name.
type locator struct {
	keys     []locKey
	usedKey  []bool
	byName   map[string][]int      // key indexes by name
	keyOf    map[Position]int      // the key a literal is the value of, by the literal's position
	byValue  map[string][]Position // literal positions by value, for the untraced strings
	lastKey  map[string]int        // the key last given to a computed value, by name
	fieldKey map[*Field]int        // keys settled in the anchoring pass
}

type locKey struct {
	name string
	obj  [2]int // file index, object literal id within the file
	pos  Position
}

// newLocator indexes the scans of the bundle's files (each scanned once
// per run). A file the run could not read just has no keys or literals.
func newLocator(files *source.Set, sources []string) *locator {
	l := &locator{
		byName: map[string][]int{}, keyOf: map[Position]int{}, byValue: map[string][]Position{},
		lastKey: map[string]int{}, fieldKey: map[*Field]int{},
	}
	for fi, path := range sources {
		f, ok := files.Has(path)
		if !ok {
			continue
		}
		r := scanOf(f)
		base := len(l.keys)
		for _, k := range r.keys {
			l.byName[k.name] = append(l.byName[k.name], len(l.keys))
			l.keys = append(l.keys, locKey{name: k.name, obj: [2]int{fi, k.obj}, pos: k.pos})
		}
		for _, lit := range r.literals {
			if lit.keyIdx >= 0 {
				l.keyOf[lit.pos] = base + lit.keyIdx
			}
			l.byValue[lit.value] = append(l.byValue[lit.value], lit.pos)
		}
	}
	l.usedKey = make([]bool, len(l.keys))
	return l
}

// locate fills in the positions of v and everything below it. First it
// settles the keys that traced strings are the values of (and places the
// untraced strings), then it gives the remaining properties keys,
// preferring keys of the same object literal as their settled siblings.
func (l *locator) locate(v *Value, line1 Position) {
	l.anchor(v, nil)
	l.fill(v, line1)
}

func (l *locator) anchor(v *Value, f *Field) {
	switch v.Kind {
	case KindString:
		if v.Origin == OriginNone {
			if ps := l.byValue[v.String]; len(ps) == 1 {
				v.Pos, v.Origin = ps[0], OriginText
			}
		}
		if v.Origin == OriginLiteral || v.Origin == OriginText {
			if k, ok := l.keyOf[v.Pos]; ok && f != nil && l.keys[k].name == f.Key {
				l.fieldKey[f] = k
				l.usedKey[k] = true
			}
		}
	case KindArray:
		for _, e := range v.Elems {
			l.anchor(e, nil)
		}
	case KindObject:
		for _, f := range v.Fields {
			l.anchor(f.Value, f)
		}
	}
}

func (l *locator) fill(v *Value, holder Position) {
	switch v.Kind {
	case KindArray:
		for _, e := range v.Elems {
			l.fill(e, holder)
		}
	case KindObject:
		obj, known := [2]int{}, false
		for _, f := range v.Fields {
			if k, ok := l.fieldKey[f]; ok {
				obj, known = l.keys[k].obj, true
				break
			}
		}
		for _, f := range v.Fields {
			k, ok := l.fieldKey[f]
			if !ok {
				k, ok = l.key(f.Key, obj, known)
			}
			if ok {
				f.KeyPos = l.keys[k].pos
				if !known {
					obj, known = l.keys[k].obj, true
				}
			} else {
				f.KeyPos = holder
			}
			l.fill(f.Value, f.KeyPos)
		}
	}
	if v.Pos.IsZero() {
		v.Pos = holder
		if v.Kind == KindObject && len(v.Fields) > 0 {
			v.Pos = v.Fields[0].KeyPos // an object is best shown by its first property
		}
	}
}

// key picks a property key for a field no traced string settled: one in
// the object literal its siblings came from when known; else the first
// unused key of that name; else the one last given out (a .map() callback
// makes many objects from one literal); else none.
func (l *locator) key(name string, obj [2]int, known bool) (int, bool) {
	idx := l.byName[name]
	if known {
		for _, i := range idx {
			if l.keys[i].obj == obj {
				return i, true
			}
		}
	}
	for _, i := range idx {
		if !l.usedKey[i] {
			l.usedKey[i] = true
			l.lastKey[name] = i
			return i, true
		}
	}
	if i, ok := l.lastKey[name]; ok {
		return i, true
	}
	if len(idx) > 0 {
		return idx[0], true
	}
	return 0, false
}
