package analyzer

import "os"

// locator maps exported values back to source. For a string value it finds
// the literal that produced it in any bundled source file; for any other
// value, the property key that holds it. Literals are used once each, in
// document order, so a value written twice maps to each copy in turn.
type locator struct {
	literals []locLiteral // every file's literals, the manifest's first
	keys     []locKey
	usedLit  []bool
	usedKey  []bool
	byValue  map[string][]int // literal indexes by value
	byName   map[string][]int // key indexes by name
	lastKey  map[string]int   // the key last given to a computed value, by name
	fieldKey map[*Field]int   // keys settled in the anchoring pass
}

type locLiteral struct {
	value  string
	key    string
	keyIdx int // into locator.keys, or -1
	pos    Position
}

type locKey struct {
	name string
	obj  [2]int // file index, object literal id within the file
	pos  Position
}

// newLocator scans the bundle's source files; manifestSource, when not
// nil, stands for the manifest file's content. A file that cannot be read
// again (it changed or vanished since esbuild read it) just has no
// literals.
func newLocator(sources []string, manifest string, manifestSource []byte) *locator {
	l := &locator{
		byValue: map[string][]int{}, byName: map[string][]int{},
		lastKey: map[string]int{}, fieldKey: map[*Field]int{},
	}
	for fi, f := range sources {
		src, err := manifestSource, error(nil)
		if f != manifest || src == nil {
			src, err = os.ReadFile(f)
		}
		if err != nil {
			continue
		}
		r := scanSource(f, src)
		base := len(l.keys)
		for _, k := range r.keys {
			l.byName[k.name] = append(l.byName[k.name], len(l.keys))
			l.keys = append(l.keys, locKey{name: k.name, obj: [2]int{fi, k.obj}, pos: k.pos})
		}
		for _, lit := range r.literals {
			ki := -1
			if lit.keyIdx >= 0 {
				ki = base + lit.keyIdx
			}
			l.byValue[lit.value] = append(l.byValue[lit.value], len(l.literals))
			l.literals = append(l.literals, locLiteral{value: lit.value, key: lit.key, keyIdx: ki, pos: lit.pos})
		}
	}
	l.usedLit = make([]bool, len(l.literals))
	l.usedKey = make([]bool, len(l.keys))
	return l
}

// locate fills in Pos and KeyPos for v and everything below it. First it
// anchors every string to its literal (which also settles the key written
// before it), then it gives the remaining properties keys, preferring keys
// of the same object literal as their anchored siblings.
func (l *locator) locate(v *Value, line1 Position) {
	l.anchor(v, nil)
	l.fill(v, line1)
}

func (l *locator) anchor(v *Value, f *Field) {
	switch v.Kind {
	case KindString:
		key := ""
		if f != nil {
			key = f.Key
		}
		if i, ok := l.literal(v.String, key); ok {
			lit := l.literals[i]
			v.Pos = lit.pos
			if f != nil && lit.keyIdx >= 0 && l.keys[lit.keyIdx].name == f.Key {
				l.fieldKey[f] = lit.keyIdx
				l.usedKey[lit.keyIdx] = true
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

// literal picks the first unused literal with this value, preferring one
// written as the value of the same key; when all are used, the first one.
func (l *locator) literal(value, key string) (int, bool) {
	idx := l.byValue[value]
	if len(idx) == 0 {
		return 0, false
	}
	pick := -1
	for pass := 0; pass < 2 && pick < 0; pass++ {
		for _, i := range idx {
			if !l.usedLit[i] && (pass == 1 || key != "" && l.literals[i].key == key) {
				pick = i
				break
			}
		}
	}
	if pick < 0 {
		pick = idx[0]
	}
	l.usedLit[pick] = true
	return pick, true
}

// key picks a property key for a value no literal anchored: one in the
// object literal its siblings came from when known; else the first unused
// key of that name; else the one last given out (a .map() callback makes
// many objects from one literal); else none.
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
