// Package source owns irislint's one notion of a source file: its bytes as
// read once during a run, and its lines under one definition of "line".
//
// Every package that shows or changes a position in a file (the analyzer
// locating literals, the inline directives, the text report's snippet and
// caret, the fixes' edits) takes the file from here, so a caret can never
// sit under a different line than the one the analyzer counted. Lines end
// where JavaScript ends them, which is also where esbuild and goja count
// them: at LF, CRLF, a lone CR, U+2028 and U+2029. Columns are 1-based and
// count Unicode code points; a byte-order mark at the start of a file is
// not a column.
package source

import (
	"bytes"
	"errors"
	"os"
	"sync"
	"unicode/utf8"
)

// File is one source file's content and line table.
type File struct {
	// Path is the absolute path the file was read from (or stands for,
	// for an overlay).
	Path string
	// Data is the content as read, BOM included.
	Data []byte

	lineStarts []int // byte offset where each line begins; lineStarts[0] is 0 (or 3 after a BOM)

	mu   sync.Mutex
	memo map[any]any
}

// bom is the UTF-8 byte-order mark.
var bom = []byte{0xEF, 0xBB, 0xBF}

// New makes a File of data, which it keeps (the caller must not change it).
func New(path string, data []byte) *File {
	f := &File{Path: path, Data: data}
	start := 0
	if bytes.HasPrefix(data, bom) {
		start = len(bom)
	}
	f.lineStarts = append(make([]int, 0, 1+len(data)/32), start)
	for i := start; i < len(data); {
		c := data[i]
		switch {
		case c == '\n':
			i++
			f.lineStarts = append(f.lineStarts, i)
		case c == '\r':
			i++
			if i < len(data) && data[i] == '\n' {
				i++
			}
			f.lineStarts = append(f.lineStarts, i)
		case c == 0xE2 && i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xA8 || data[i+2] == 0xA9):
			i += 3 // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR
			f.lineStarts = append(f.lineStarts, i)
		default:
			i++
		}
	}
	return f
}

// HasBOM reports whether the file starts with a UTF-8 byte-order mark.
func (f *File) HasBOM() bool { return bytes.HasPrefix(f.Data, bom) }

// Lines is the number of lines (a file ending in a line break has an empty
// last line, as editors show it).
func (f *File) Lines() int { return len(f.lineStarts) }

// lineBounds is the byte range of line n (1-based) without its line
// terminator.
func (f *File) lineBounds(n int) (start, end int, ok bool) {
	if n < 1 || n > len(f.lineStarts) {
		return 0, 0, false
	}
	start = f.lineStarts[n-1]
	end = len(f.Data)
	if n < len(f.lineStarts) {
		end = f.lineStarts[n]
		// back over the terminator that ended the line
		switch {
		case end >= 3 && f.Data[end-3] == 0xE2 && f.Data[end-2] == 0x80 && (f.Data[end-1] == 0xA8 || f.Data[end-1] == 0xA9):
			end -= 3
		case end >= 2 && f.Data[end-2] == '\r' && f.Data[end-1] == '\n':
			end -= 2
		default:
			end--
		}
	}
	return start, max(start, end), true
}

// Line is line n (1-based) without its terminator, and whether the file
// has that line.
func (f *File) Line(n int) (string, bool) {
	start, end, ok := f.lineBounds(n)
	if !ok {
		return "", false
	}
	return string(f.Data[start:end]), true
}

// LineEnding is the terminator of line n ("\n", "\r\n", "\r", "\u2028",
// "\u2029"), or "" for the last line.
func (f *File) LineEnding(n int) string {
	_, end, ok := f.lineBounds(n)
	if !ok || n >= len(f.lineStarts) {
		return ""
	}
	return string(f.Data[end:f.lineStarts[n]])
}

// Offset is the byte offset of line and column (1-based; the column in
// code points). A column past the end of its line gives the line's end
// (before the terminator); ok is false when there is no such line.
func (f *File) Offset(line, col int) (int, bool) {
	start, end, ok := f.lineBounds(line)
	if !ok {
		return 0, false
	}
	off := start
	for c := 1; c < col && off < end; c++ {
		_, size := utf8.DecodeRune(f.Data[off:end])
		off += size
	}
	return off, true
}

// Position is the line and column (1-based, code points) of byte offset
// off; an offset inside the BOM is line 1, column 1.
func (f *File) Position(off int) (line, col int) {
	off = max(0, min(off, len(f.Data)))
	lo := f.lineIndex(off)
	start := f.lineStarts[lo]
	if off < start {
		return 1, 1
	}
	return lo + 1, 1 + utf8.RuneCount(f.Data[start:off])
}

// LineStart is the line (1-based) holding byte offset off and the offset
// where that line begins: Position without counting the column.
func (f *File) LineStart(off int) (line, start int) {
	off = max(0, min(off, len(f.Data)))
	i := f.lineIndex(off)
	return i + 1, f.lineStarts[i]
}

// lineIndex is the index of the last line starting at or before off.
func (f *File) lineIndex(off int) int {
	lo, hi := 0, len(f.lineStarts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if f.lineStarts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// Memo returns the value compute made for key the first time Memo was
// called with it on this file: work that depends only on the file's
// content (a tokenizer's scan, say) is done once per run however many
// manifests bundle the file.
func (f *File) Memo(key any, compute func(*File) any) any {
	f.mu.Lock()
	defer f.mu.Unlock()
	if v, ok := f.memo[key]; ok {
		return v
	}
	v := compute(f)
	if f.memo == nil {
		f.memo = map[any]any{}
	}
	f.memo[key] = v
	return v
}

// MaxFileSize bounds what a Set reads of one file: far beyond any source
// file a manifest imports, small enough that a hostile workspace cannot
// make a run hold gigabytes.
const MaxFileSize = 64 << 20

// ErrTooLarge is returned for a file past the size a reader takes
// (MaxFileSize for a Set).
var ErrTooLarge = errors.New("the file is larger than irislint reads")

// ErrNotRegular is returned for a folder, a FIFO, a device or a socket:
// reading one could block or never end.
var ErrNotRegular = errors.New("not a regular file")

// Set is the files one run has read, each read once, by absolute path.
// Overlays stand in for files on disk (an editor's unsaved buffer); they
// need not exist. A Set is safe for concurrent use.
type Set struct {
	mu      sync.Mutex
	files   map[string]*setEntry
	overlay map[string][]byte
	dirs    sync.Map // path -> bool (IsDir)
}

type setEntry struct {
	once sync.Once
	file *File
	err  error
}

// NewSet makes an empty Set; overlay (absolute path → content) may be nil.
func NewSet(overlay map[string][]byte) *Set {
	return &Set{files: map[string]*setEntry{}, overlay: overlay}
}

// Read returns the file at path (absolute), reading it on the first call
// and returning the same File (or error) on every later one.
func (s *Set) Read(path string) (*File, error) {
	s.mu.Lock()
	e, ok := s.files[path]
	if !ok {
		e = &setEntry{}
		s.files[path] = e
	}
	s.mu.Unlock()
	s.load(e, path)
	return e.file, e.err
}

// load reads the entry's file once; callers that come while it is being
// read wait for it.
func (s *Set) load(e *setEntry, path string) {
	e.once.Do(func() {
		if data, ok := s.overlay[path]; ok {
			e.file = New(path, data)
			return
		}
		var data []byte
		if data, e.err = ReadRegular(path, MaxFileSize); e.err == nil {
			e.file = New(path, data)
		}
	})
}

// IsDir reports whether path is a folder (symlinks followed), asking the
// file system once for the Set's run.
func (s *Set) IsDir(path string) bool {
	if is, ok := s.dirs.Load(path); ok {
		return is.(bool)
	}
	fi, err := os.Stat(path)
	is := err == nil && fi.IsDir()
	s.dirs.Store(path, is)
	return is
}

// Overlaid reports whether path stands for an overlay rather than a file
// on disk.
func (s *Set) Overlaid(path string) bool {
	_, ok := s.overlay[path]
	return ok
}

// Has returns the file at path when the Set has read it, or holds it as
// an overlay; it never reads a file on disk the run has not read.
func (s *Set) Has(path string) (*File, bool) {
	s.mu.Lock()
	e, ok := s.files[path]
	s.mu.Unlock()
	if !ok {
		if _, ov := s.overlay[path]; !ov {
			return nil, false
		}
		f, err := s.Read(path)
		return f, err == nil
	}
	s.load(e, path)
	return e.file, e.file != nil
}

// ReadRegular reads the regular file at path, of at most max bytes; a
// larger one is refused unread (ErrTooLarge), and so is anything but a
// regular file (ErrNotRegular). Opening a FIFO for reading must not wait
// for a writer (read_unix.go, read_other.go).
func ReadRegular(path string, max int64) ([]byte, error) {
	return readRegular(path, max)
}
