// Package postest checks that a source position is valid for the files it
// names: the fuzz targets of analyzer and rules share it, so both hold
// positions to one definition.
package postest

import (
	"fmt"
	"os"
	"path/filepath"
	"unicode/utf8"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/internal/fsx"
)

// Checker says whether a Position is valid: it names an existing file of
// the workspace (or the manifest, whose text is the fuzz input), a line of
// that file (lines end at LF, CR, CRLF, U+2028 and U+2029, as in
// JavaScript), and a column within that line or just past its end (columns
// count code points, 1-based; an invalid UTF-8 byte counts as one).
type Checker struct {
	root     string
	manifest string
	lines    map[string][]int // code points per line, by file
}

// New checks positions under root; source is the manifest's text (the
// fuzz input), which may not be on disk.
func New(root, manifest string, source []byte) *Checker {
	return &Checker{root: root, manifest: manifest, lines: map[string][]int{manifest: lineLengths(source)}}
}

func (c *Checker) Check(p analyzer.Position) string {
	if p.File == "" {
		return "no file"
	}
	if !filepath.IsAbs(p.File) {
		return "file not absolute"
	}
	if !fsx.Within(c.root, p.File) {
		return "file outside the workspace " + c.root
	}
	lines, ok := c.lines[p.File]
	if !ok {
		src, err := os.ReadFile(p.File)
		if err != nil {
			return "no such file: " + err.Error()
		}
		lines = lineLengths(src)
		c.lines[p.File] = lines
	}
	if p.Line < 1 || p.Line > len(lines) {
		return fmt.Sprintf("line %d: the file has %d", p.Line, len(lines))
	}
	if p.Column < 1 || p.Column > lines[p.Line-1]+1 {
		return fmt.Sprintf("column %d: line %d has %d code points", p.Column, p.Line, lines[p.Line-1])
	}
	if p.EndLine == 0 && p.EndColumn == 0 {
		return "" // a point
	}
	if p.EndLine < p.Line || p.EndLine == p.Line && p.EndColumn < p.Column {
		return "ends before it starts"
	}
	if p.EndLine > len(lines) {
		return fmt.Sprintf("end line %d: the file has %d", p.EndLine, len(lines))
	}
	if p.EndColumn < 1 || p.EndColumn > lines[p.EndLine-1]+1 {
		return fmt.Sprintf("end column %d: line %d has %d code points", p.EndColumn, p.EndLine, lines[p.EndLine-1])
	}
	return ""
}

// lineLengths counts the code points of each line of src, JavaScript's
// line terminators excluded.
func lineLengths(src []byte) []int {
	var out []int
	n := 0
	for i := 0; i < len(src); {
		switch c := src[i]; {
		case c == '\n':
			out, n = append(out, n), 0
			i++
		case c == '\r':
			out, n = append(out, n), 0
			i++
			if i < len(src) && src[i] == '\n' {
				i++
			}
		case c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9):
			out, n = append(out, n), 0
			i += 3
		default:
			_, size := utf8.DecodeRune(src[i:])
			n++
			i += size
		}
	}
	return append(out, n)
}
