package report

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/rules"
)

// TextOptions tune Text.
type TextOptions struct {
	// WorkDir is the folder paths are printed relative to (when a file lies
	// under it); empty prints paths as they are.
	WorkDir string
	// Color adds ANSI colours. The CLI sets it when writing to a terminal
	// and NO_COLOR is unset (or --color always).
	Color bool
	// Summary ends the output with a line counting errors and warnings in
	// Files files.
	Summary bool
	Files   int
	// Overlay holds file contents that stand in for what is on disk, by
	// absolute path: an editor's unsaved buffer linted with
	// --stdin-filename.
	Overlay map[string][]byte
}

// ANSI styles.
const (
	ansiReset  = "\x1b[0m"
	ansiRed    = "\x1b[1;31m" // bold red: error
	ansiYellow = "\x1b[1;33m" // bold yellow: warning
	ansiDim    = "\x1b[2m"    // rule id
	ansiGreen  = "\x1b[32m"   // caret
)

// Text writes diags for people, one block per diagnostic:
//
//	apps/demo/iris-app-manifest.ts:18:14: error: unknown scope "asset.veiw"; did you mean "asset.view"? [unknown-scope]
//	    { scope: "asset.veiw", optional: false },
//	             ^~~~~~~~~~~~
//
// The path is relative to opts.WorkDir when under it, else absolute. The
// source line and caret follow when the file can be read and has the line;
// the caret sits under the span (a single ^ for a multi-line or empty
// span), counted in Unicode code points, with the source's tabs repeated in
// its indentation so that it lines up whatever the tab width. Control
// characters in the source line are shown as '?', so a hostile file cannot
// drive the terminal. A line longer than snippetWidth code points (minified
// or generated code, or a hostile file's one line of 400 KB) is cut to the
// part around the span, each cut marked "…". With opts.Summary a last line counts the errors and
// warnings: "2 errors, 1 warning in 3 files", or "no problems in 3 files".
func Text(w io.Writer, diags []rules.Diagnostic, opts TextOptions) error {
	var b strings.Builder
	src := sources{}
	for file, data := range opts.Overlay {
		src[file] = splitLines(data)
	}
	for _, d := range diags {
		writeHeader(&b, d, opts)
		line, ok := src.line(d.Pos.File, d.Pos.Line)
		if !ok {
			continue
		}
		line, pos := snippet(line, d.Pos)
		b.WriteString(line)
		b.WriteByte('\n')
		b.WriteString(caret(line, pos, opts.Color))
		b.WriteByte('\n')
	}
	if opts.Summary {
		b.WriteString(summary(diags, opts.Files))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeHeader(b *strings.Builder, d rules.Diagnostic, opts TextOptions) {
	if p := d.Pos; p.File != "" {
		b.WriteString(displayPath(p.File, opts.WorkDir))
		if p.Line > 0 {
			fmt.Fprintf(b, ":%d", p.Line)
			if p.Column > 0 {
				fmt.Fprintf(b, ":%d", p.Column)
			}
		}
		b.WriteString(": ")
	}
	sev := d.Severity.String()
	rule := "[" + d.Rule + "]"
	if opts.Color {
		switch d.Severity {
		case rules.Error:
			sev = ansiRed + sev + ansiReset
		case rules.Warning:
			sev = ansiYellow + sev + ansiReset
		}
		rule = ansiDim + rule + ansiReset
	}
	fmt.Fprintf(b, "%s: %s %s\n", sev, d.Message, rule)
}

// snippetWidth is the most code points of a source line the report
// shows; snippetBefore, how many of them come before the span when the
// line is cut.
const (
	snippetWidth  = 120
	snippetBefore = 40
)

// snippet is the part of line the report shows for a span at pos, and
// pos moved onto it: all of a line up to snippetWidth code points, else
// snippetWidth of them around the span's start, with "…" where the line
// is cut.
func snippet(line string, pos analyzer.Position) (string, analyzer.Position) {
	runes := []rune(line)
	if len(runes) <= snippetWidth {
		return line, pos
	}
	start := 0
	if at := min(max(pos.Column, 1)-1, len(runes)); at > snippetWidth-snippetBefore {
		start = at - snippetBefore
	}
	end := min(len(runes), start+snippetWidth)
	var b strings.Builder
	shift := start
	if start > 0 {
		b.WriteString("…")
		shift-- // the mark takes a column
	}
	b.WriteString(string(runes[start:end]))
	if end < len(runes) {
		b.WriteString("…")
	}
	pos.Column -= shift
	if pos.EndLine == pos.Line {
		pos.EndColumn = min(pos.EndColumn-shift, end-shift+1)
	}
	return b.String(), pos
}

// caret is the line under the source line that marks the span at p.
func caret(line string, p analyzer.Position, color bool) string {
	runes := []rune(line)
	col := max(p.Column, 1)
	var b strings.Builder
	for i := 0; i < col-1; i++ {
		if i < len(runes) && runes[i] == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	width := 1
	if p.EndLine == p.Line && p.EndColumn > col {
		// Never past the end of the line (plus one, for a span that
		// ends there).
		width = max(1, min(p.EndColumn-col, len(runes)+1-col))
	}
	marks := "^" + strings.Repeat("~", width-1)
	if color {
		marks = ansiGreen + marks + ansiReset
	}
	b.WriteString(marks)
	return b.String()
}

// summary is the closing count line.
func summary(diags []rules.Diagnostic, files int) string {
	errs, warns := counts(diags)
	var parts []string
	if errs > 0 {
		parts = append(parts, plural(errs, "error"))
	}
	if warns > 0 {
		parts = append(parts, plural(warns, "warning"))
	}
	what := "no problems"
	if len(parts) > 0 {
		what = strings.Join(parts, ", ")
	}
	return what + " in " + plural(files, "file")
}

func plural(n int, word string) string {
	if n != 1 {
		word += "s"
	}
	return fmt.Sprintf("%d %s", n, word)
}

// sources caches the lines of each file that one Text call reads; a file
// that cannot be read is remembered as such.
type sources map[string][]string

// line returns line n (1-based) of file, without its line ending, with
// control characters other than tab shown as '?'.
func (s sources) line(file string, n int) (string, bool) {
	if file == "" || n < 1 {
		return "", false
	}
	lines, ok := s[file]
	if !ok {
		data, err := os.ReadFile(file)
		if err == nil {
			lines = splitLines(data)
		}
		s[file] = lines // nil when unreadable
	}
	if n > len(lines) {
		return "", false
	}
	return strings.Map(printable, strings.TrimSuffix(lines[n-1], "\r")), true
}

// splitLines splits a file's content into lines, without a leading BOM.
func splitLines(data []byte) []string {
	return strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n")
}

func printable(r rune) rune {
	if r != '\t' && (unicode.IsControl(r) || r == '\u2028' || r == '\u2029') {
		return '?'
	}
	return r
}
