package report

import (
	"encoding/json"
	"io"
	"path/filepath"

	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/lint"
)

// jsonReport is the design's --format json document.
type jsonReport struct {
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Summary     jsonSummary      `json:"summary"`
}

type jsonDiagnostic struct {
	File         string        `json:"file"`
	Line         int           `json:"line"`
	Column       int           `json:"column"`
	EndLine      int           `json:"endLine"`
	EndColumn    int           `json:"endColumn"`
	Rule         string        `json:"rule"`
	Severity     string        `json:"severity"`
	Message      string        `json:"message"`
	Suggestions  []string      `json:"suggestions,omitempty"`
	Related      []jsonRelated `json:"related,omitempty"`
	Fixes        []jsonFix     `json:"fixes,omitempty"`
	Environments []string      `json:"environments,omitempty"`
}

type jsonRelated struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Safe    bool       `json:"safe"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	NewText   string `json:"newText"`
}

type jsonSummary struct {
	Files    int `json:"files"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
}

// JSON writes diags as the design's JSON document:
//
//	{
//	  "diagnostics": [
//	    {"file": ..., "line": ..., "column": ..., "endLine": ..., "endColumn": ...,
//	     "rule": ..., "severity": ..., "message": ..., "suggestions": [...]}
//	  ],
//	  "summary": {"files": ..., "errors": ..., "warnings": ...}
//	}
//
// indented with two spaces and ending in a newline. diagnostics is always an
// array, never null; suggestions is left out when empty. file is relative
// to workDir when under it (absolute otherwise), with forward slashes on
// every system. Lines and columns are 1-based, endColumn exclusive; a
// diagnostic without an end gets an empty span at its start (endLine =
// line, endColumn = column). related, fixes and environments (the
// design's optional fields) are left out when empty. files is the number
// of manifests checked.
func JSON(w io.Writer, diags []lint.Diagnostic, files int, workDir string) error {
	out := jsonReport{Diagnostics: make([]jsonDiagnostic, 0, len(diags))}
	path := func(p string) string { return filepath.ToSlash(fsx.Shown(workDir, p)) }
	for _, d := range diags {
		endLine, endCol := d.EndLine, d.EndColumn
		if endLine == 0 {
			endLine, endCol = d.Line, d.Column
		}
		jd := jsonDiagnostic{
			File:         path(d.File),
			Line:         d.Line,
			Column:       d.Column,
			EndLine:      endLine,
			EndColumn:    endCol,
			Rule:         d.Rule,
			Severity:     d.Severity,
			Message:      d.Message,
			Suggestions:  d.Suggestions,
			Environments: d.Environments,
		}
		for _, r := range d.Related {
			jd.Related = append(jd.Related, jsonRelated{File: path(r.File), Line: r.Line, Column: r.Column, Message: r.Message})
		}
		for _, f := range d.Fixes {
			jf := jsonFix{Message: f.Message, Safe: f.Safe, Edits: []jsonEdit{}}
			for _, e := range f.Edits {
				jf.Edits = append(jf.Edits, jsonEdit{File: path(e.File), Line: e.Line, Column: e.Column, EndLine: e.EndLine, EndColumn: e.EndColumn, NewText: e.NewText})
			}
			jd.Fixes = append(jd.Fixes, jf)
		}
		out.Diagnostics = append(out.Diagnostics, jd)
	}
	out.Summary.Files = files
	out.Summary.Errors, out.Summary.Warnings = counts(diags)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
