package analyzer

import (
	"encoding/json"
	"errors"
	"sort"
)

// srcMap is a decoded source map (version 3), just what the analyzer asks
// of it: where in which original file a place in the bundle came from, and
// which mappings fall inside a span of the bundle. esbuild writes one for
// every bundle; it maps each expression, string literal and name.
//
// Columns are in UTF-16 code units and 0-based, lines 0-based, as in the
// format; callers convert.
type srcMap struct {
	sources []string  // as written: relative to the bundle's folder
	segs    []segment // sorted by generated line, then column
	files   []string  // each source as an absolute path; "" for a stand-in (set by Bundle.prepareMapping)
}

// segment is one mapping: a place in the bundle and its original.
type segment struct {
	genLine, genCol int32
	src             int32 // index into sources, -1 when the segment maps nothing
	line, col       int32
}

// parseSrcMap decodes a source map's JSON.
func parseSrcMap(data []byte) (*srcMap, error) {
	var raw struct {
		Version  int      `json:"version"`
		Sources  []string `json:"sources"`
		Mappings string   `json:"mappings"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	if raw.Version != 3 {
		return nil, errors.New("not a version 3 source map")
	}
	m := &srcMap{sources: raw.Sources, segs: make([]segment, 0, len(raw.Mappings)/4)}
	var genLine, genCol, src, line, col int32
	fields := [5]int32{}
	s := raw.Mappings
	for i := 0; i < len(s); {
		switch s[i] {
		case ';':
			genLine++
			genCol = 0
			i++
			continue
		case ',':
			i++
			continue
		}
		n := 0
		for i < len(s) && s[i] != ',' && s[i] != ';' && n < 5 {
			v, next, ok := vlq(s, i)
			if !ok {
				return nil, errors.New("bad VLQ in the source map")
			}
			fields[n] = v
			n++
			i = next
		}
		for i < len(s) && s[i] != ',' && s[i] != ';' {
			i++ // a sixth field (a name) or garbage: ignored
		}
		genCol += fields[0]
		seg := segment{genLine: genLine, genCol: genCol, src: -1}
		if n >= 4 {
			src += fields[1]
			line += fields[2]
			col += fields[3]
			seg.src, seg.line, seg.col = src, line, col
		}
		m.segs = append(m.segs, seg)
	}
	less := func(x, y segment) bool {
		return x.genLine < y.genLine || x.genLine == y.genLine && x.genCol < y.genCol
	}
	// esbuild writes each line's segments in order; sort only if not
	if !sort.SliceIsSorted(m.segs, func(a, b int) bool { return less(m.segs[a], m.segs[b]) }) {
		sort.SliceStable(m.segs, func(a, b int) bool { return less(m.segs[a], m.segs[b]) })
	}
	return m, nil
}

// vlq decodes one base64 VLQ value starting at s[i].
func vlq(s string, i int) (v int32, next int, ok bool) {
	var result, shift int64
	for ; i < len(s); i++ {
		d := base64Digit(s[i])
		if d < 0 || shift > 31 {
			return 0, i, false
		}
		result += int64(d&31) << shift
		shift += 5
		if d&32 == 0 {
			neg := result&1 == 1
			result >>= 1
			if neg {
				result = -result
			}
			return int32(result), i + 1, true
		}
	}
	return 0, i, false
}

func base64Digit(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 26
	case c >= '0' && c <= '9':
		return int(c-'0') + 52
	case c == '+':
		return 62
	case c == '/':
		return 63
	}
	return -1
}

// find is the index of the last segment at or before (line, col) on the
// same generated line, or -1.
func (m *srcMap) find(line, col int) int {
	i := sort.Search(len(m.segs), func(i int) bool {
		s := m.segs[i]
		return int(s.genLine) > line || int(s.genLine) == line && int(s.genCol) > col
	}) - 1
	if i < 0 || int(m.segs[i].genLine) != line {
		return -1
	}
	return i
}

// original is where the bundle's (line, col) came from: the source's
// index, its line and column; ok is false when nothing maps there.
func (m *srcMap) original(line, col int) (src, origLine, origCol int, ok bool) {
	i := m.find(line, col)
	if i < 0 || m.segs[i].src < 0 || int(m.segs[i].src) >= len(m.sources) {
		return 0, 0, 0, false
	}
	s := m.segs[i]
	return int(s.src), int(s.line), int(s.col), true
}

// lastIn is the last segment that maps something and starts in the
// bundle's span [from, to) (each a line and column), or false.
func (m *srcMap) lastIn(fromLine, fromCol, toLine, toCol int) (segment, bool) {
	i := sort.Search(len(m.segs), func(i int) bool {
		s := m.segs[i]
		return int(s.genLine) > toLine || int(s.genLine) == toLine && int(s.genCol) >= toCol
	}) - 1
	for ; i >= 0; i-- {
		s := m.segs[i]
		if int(s.genLine) < fromLine || int(s.genLine) == fromLine && int(s.genCol) < fromCol {
			break
		}
		if s.src >= 0 && int(s.src) < len(m.sources) {
			return s, true
		}
	}
	return segment{}, false
}
