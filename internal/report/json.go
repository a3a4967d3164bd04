package report

import (
	"encoding/json"
	"io"
	"path/filepath"

	"github.com/irislint/irislint/rules"
)

// jsonReport is the design's --format json document.
type jsonReport struct {
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Summary     jsonSummary      `json:"summary"`
}

type jsonDiagnostic struct {
	File        string   `json:"file"`
	Line        int      `json:"line"`
	Column      int      `json:"column"`
	EndLine     int      `json:"endLine"`
	EndColumn   int      `json:"endColumn"`
	Rule        string   `json:"rule"`
	Severity    string   `json:"severity"`
	Message     string   `json:"message"`
	Suggestions []string `json:"suggestions,omitempty"`
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
// line, endColumn = column). files is the number of manifests checked.
func JSON(w io.Writer, diags []rules.Diagnostic, files int, workDir string) error {
	out := jsonReport{Diagnostics: make([]jsonDiagnostic, 0, len(diags))}
	for _, d := range diags {
		p := d.Pos
		endLine, endCol := p.EndLine, p.EndColumn
		if endLine == 0 {
			endLine, endCol = p.Line, p.Column
		}
		out.Diagnostics = append(out.Diagnostics, jsonDiagnostic{
			File:        filepath.ToSlash(displayPath(p.File, workDir)),
			Line:        p.Line,
			Column:      p.Column,
			EndLine:     endLine,
			EndColumn:   endCol,
			Rule:        d.Rule,
			Severity:    d.Severity.String(),
			Message:     d.Message,
			Suggestions: d.Suggestions,
		})
	}
	out.Summary.Files = files
	out.Summary.Errors, out.Summary.Warnings = counts(diags)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
