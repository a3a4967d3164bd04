package report

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/lint"
)

// TextOptions tune Text.
type TextOptions struct {
	// WorkDir is the folder paths are printed relative to (when a file lies
	// under it); empty prints paths as they are.
	WorkDir string
	// Color adds ANSI colours. The CLI sets it when writing to a terminal
	// and NO_COLOR is unset (or --color always).
	Color bool
	// Summary ends the output with a line counting the errors and
	// warnings, the files they are in, and the Files manifests checked.
	Summary bool
	Files   int // the number of manifests checked
	// Lines gives line n of a file as the run read it (lint.Result.Line),
	// for the snippet under each diagnostic; nil shows no snippets.
	Lines func(file string, n int) (string, bool)
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
// part around the span, each cut marked "…". A diagnostic irislint can
// fix says so after its rule id: "(fixable with --fix)", or "(fix
// available with --unsafe-fixes)" when its fixes are all unsafe. With opts.Summary a last line counts the
// errors and warnings, the files that hold them, the manifests checked and
// what --fix would do: "2 errors, 1 warning in 2 files (3 manifests
// checked); 1 fixable with --fix", or "no problems in 3 manifests".
func Text(w io.Writer, diags []lint.Diagnostic, opts TextOptions) error {
	var b strings.Builder
	for _, d := range diags {
		writeHeader(&b, d, opts)
		if line, ok := sourceLine(opts.Lines, d.File, d.Line); ok {
			line, sp := snippet(line, lineSpan{d.Line, d.Column, d.EndLine, d.EndColumn})
			b.WriteString(line)
			b.WriteByte('\n')
			b.WriteString(caret(line, sp, opts.Color))
			b.WriteByte('\n')
		}
		for _, r := range d.Related {
			writeRelated(&b, r, opts)
		}
	}
	if opts.Summary {
		b.WriteString(summary(diags, opts.Files))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeHeader(b *strings.Builder, d lint.Diagnostic, opts TextOptions) {
	writeWhere(b, d.File, d.Line, d.Column, opts)
	sev := d.Severity
	rule := "[" + d.Rule + "]"
	if opts.Color {
		switch d.Severity {
		case "error":
			sev = ansiRed + sev + ansiReset
		case "warning":
			sev = ansiYellow + sev + ansiReset
		}
		rule = ansiDim + rule + ansiReset
	}
	fmt.Fprintf(b, "%s: %s%s %s%s\n", sev, d.Message, inEnvironments(d), rule, fixLabel(d))
}

// fixLabel is what the text report adds after the rule id of a
// diagnostic that irislint can fix.
func fixLabel(d lint.Diagnostic) string {
	switch fixKind(d) {
	case safeFix:
		return " (fixable with --fix)"
	case unsafeFix:
		return " (fix available with --unsafe-fixes)"
	}
	return ""
}

// fixKinds are what a diagnostic's fixes allow.
const (
	noFix     = iota
	safeFix   // at least one fix is safe: --fix applies it
	unsafeFix // every fix is unsafe: --fix --unsafe-fixes applies one
)

func fixKind(d lint.Diagnostic) int {
	kind := noFix
	for _, f := range d.Fixes {
		if f.Safe {
			return safeFix
		}
		kind = unsafeFix
	}
	return kind
}

// writeWhere writes "path:line:col: ", or as much of it as is known.
func writeWhere(b *strings.Builder, file string, line, col int, opts TextOptions) {
	if file == "" {
		return
	}
	b.WriteString(fsx.Shown(opts.WorkDir, file))
	if line > 0 {
		fmt.Fprintf(b, ":%d", line)
		if col > 0 {
			fmt.Fprintf(b, ":%d", col)
		}
	}
	b.WriteString(": ")
}

// writeRelated writes a related location as an indented note.
func writeRelated(b *strings.Builder, r lint.Location, opts TextOptions) {
	b.WriteString("  ")
	writeWhere(b, r.File, r.Line, r.Column, opts)
	note := "note"
	if opts.Color {
		note = ansiDim + note + ansiReset
	}
	fmt.Fprintf(b, "%s: %s\n", note, r.Message)
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
func snippet(line string, pos lineSpan) (string, lineSpan) {
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

// lineSpan is where a diagnostic is on its line, as snippet shows it.
type lineSpan struct{ Line, Column, EndLine, EndColumn int }

// caret is the line under the source line that marks the span at p.
func caret(line string, p lineSpan, color bool) string {
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

// summary is the closing count line. It says how many files hold the
// diagnostics and, apart, how many manifests were checked, since the two
// differ: a shared lib's mistake reached from three manifests is one
// diagnostic in one file.
//
//	6 errors in 2 files (3 manifests checked)
//	1 error, 2 warnings in 1 file (1 manifest checked)
//	no problems in 3 manifests
func summary(diags []lint.Diagnostic, manifests int) string {
	what := Remaining(diags)
	if what == noProblem {
		return "no problems in " + plural(manifests, "manifest")
	}
	files := map[string]bool{}
	for _, d := range diags {
		if d.File != "" && (d.Severity == "error" || d.Severity == "warning") {
			files[d.File] = true
		}
	}
	if len(files) > 0 {
		what += " in " + plural(len(files), "file")
	}
	return what + " (" + plural(manifests, "manifest") + " checked)" + fixCounts(diags)
}

// fixCounts is the summary's note on what --fix would do:
// "; 2 fixable with --fix (1 more with --unsafe-fixes)".
func fixCounts(diags []lint.Diagnostic) string {
	var safe, unsafe int
	for _, d := range diags {
		switch fixKind(d) {
		case safeFix:
			safe++
		case unsafeFix:
			unsafe++
		}
	}
	switch {
	case safe > 0 && unsafe > 0:
		return fmt.Sprintf("; %d fixable with --fix (%d more with --unsafe-fixes)", safe, unsafe)
	case safe > 0:
		return fmt.Sprintf("; %d fixable with --fix", safe)
	case unsafe > 0:
		return fmt.Sprintf("; %d fixable with --fix --unsafe-fixes", unsafe)
	}
	return ""
}

func plural(n int, word string) string {
	if n != 1 {
		word += "s"
	}
	return fmt.Sprintf("%d %s", n, word)
}

// sourceLine is line n of file for a snippet, with control characters
// other than tab shown as '?', so a hostile file cannot drive the terminal.
func sourceLine(lines func(string, int) (string, bool), file string, n int) (string, bool) {
	if lines == nil || file == "" || n < 1 {
		return "", false
	}
	line, ok := lines(file, n)
	if !ok {
		return "", false
	}
	return strings.Map(printable, line), true
}

func printable(r rune) rune {
	if r != '\t' && (unicode.IsControl(r) || r == '\u2028' || r == '\u2029') {
		return '?'
	}
	return r
}
