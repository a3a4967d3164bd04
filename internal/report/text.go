package report

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

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
	// Summary ends the output with a line counting the errors and
	// warnings, the files they are in, and the Files manifests checked.
	Summary bool
	Files   int // the number of manifests checked
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
// drive the terminal. With opts.Summary a last line counts the errors and
// warnings, the files that hold them and the manifests checked: "2 errors,
// 1 warning in 2 files (3 manifests checked)", or "no problems in 3
// manifests".
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
		b.WriteString(line)
		b.WriteByte('\n')
		b.WriteString(caret(line, d, opts.Color))
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

// caret is the line under the source line that marks the span.
func caret(line string, d rules.Diagnostic, color bool) string {
	runes := []rune(line)
	p := d.Pos
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
func summary(diags []rules.Diagnostic, manifests int) string {
	errs, warns := counts(diags)
	var parts []string
	if errs > 0 {
		parts = append(parts, plural(errs, "error"))
	}
	if warns > 0 {
		parts = append(parts, plural(warns, "warning"))
	}
	if len(parts) == 0 {
		return "no problems in " + plural(manifests, "manifest")
	}
	files := map[string]bool{}
	for _, d := range diags {
		if d.Pos.File != "" && d.Severity != rules.Off {
			files[d.Pos.File] = true
		}
	}
	what := strings.Join(parts, ", ")
	if len(files) > 0 {
		what += " in " + plural(len(files), "file")
	}
	return what + " (" + plural(manifests, "manifest") + " checked)"
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
