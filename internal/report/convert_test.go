package report

import (
	"os"

	srcfile "github.com/irislint/irislint/internal/source"
	"github.com/irislint/irislint/lint"
	"github.com/irislint/irislint/rules"
)

// toLint turns the rules' diagnostics the tests write into the run's
// diagnostics the formats print, as lint does.
func toLint(ds []rules.Diagnostic) []lint.Diagnostic {
	out := []lint.Diagnostic{}
	if ds == nil {
		out = nil
	}
	for _, d := range ds {
		p := d.Pos
		ld := lint.Diagnostic{
			File: p.File, Line: p.Line, Column: p.Column, EndLine: p.EndLine, EndColumn: p.EndColumn,
			Rule: d.Rule, Severity: d.Severity.String(), Message: d.Message, Suggestions: d.Suggestions,
		}
		for _, r := range d.Related {
			ld.Related = append(ld.Related, lint.Location{File: r.Pos.File, Line: r.Pos.Line, Column: r.Pos.Column, EndLine: r.Pos.EndLine, EndColumn: r.Pos.EndColumn, Message: r.Message})
		}
		for _, f := range d.Fixes {
			lf := lint.Fix{Message: f.Message, Safe: f.Safe}
			for _, e := range f.Edits {
				lf.Edits = append(lf.Edits, lint.Edit{File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Column, EndLine: e.Pos.EndLine, EndColumn: e.Pos.EndColumn, NewText: e.NewText})
			}
			ld.Fixes = append(ld.Fixes, lf)
		}
		out = append(out, ld)
	}
	return out
}

// diskLines gives the snippets' lines from the files on disk, through the
// one source model (as lint.Result.Line does for the files a run read).
func diskLines(file string, n int) (string, bool) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", false
	}
	return srcfile.New(file, data).Line(n)
}
