package lint

import (
	"slices"
	"sort"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/rules"
)

// Diagnostic is one finding, as the irislint command prints it. Lines and
// columns are 1-based and count Unicode code points; EndColumn is
// exclusive. File is absolute.
type Diagnostic struct {
	File      string
	Line      int
	Column    int
	EndLine   int
	EndColumn int

	Rule     string // a rule id, or a load failure's (`syntax`, `eval`, ...)
	Severity string // "error" or "warning"
	Message  string

	// Suggestions are replacement values, best first.
	Suggestions []string
	// Related are other places that explain the diagnostic: for one in a
	// shared lib, the import in each manifest that brings the lib in.
	Related []Location
	// Fixes are edits that would resolve the diagnostic.
	Fixes []Fix
	// Environments names the configured environments the diagnostic
	// appeared in, when it did not appear in all of them; nil otherwise.
	Environments []string
}

// Location is a span in a file, with what it has to do with the
// diagnostic.
type Location struct {
	File      string
	Line      int
	Column    int
	EndLine   int
	EndColumn int
	Message   string
}

// Fix is one way to resolve a diagnostic. Safe fixes keep the manifest's
// meaning as the platform reads it; unsafe ones change what the app asks
// for. Applying every edit of a fix leaves files that parse.
type Fix struct {
	Message string
	Safe    bool
	Edits   []Edit
}

// Edit replaces the span in File (same units as Diagnostic) with NewText.
type Edit struct {
	File      string
	Line      int
	Column    int
	EndLine   int
	EndColumn int
	NewText   string
}

// finding is a diagnostic while a run gathers them: the rules' form, with
// the environments it appeared in.
type finding struct {
	rules.Diagnostic
	envs []string // environment names it appeared in; nil when evaluated once, unnamed
	of   int      // how many environments its manifest was evaluated in
}

// public turns a finding into the library's Diagnostic.
func (f finding) public() Diagnostic {
	d := f.Diagnostic
	p := d.Pos
	endLine, endCol := p.EndLine, p.EndColumn
	if endLine == 0 {
		endLine, endCol = p.Line, p.Column
	}
	out := Diagnostic{
		File: p.File, Line: p.Line, Column: p.Column, EndLine: endLine, EndColumn: endCol,
		Rule: d.Rule, Severity: d.Severity.String(), Message: d.Message,
		Suggestions: d.Suggestions,
	}
	for _, r := range d.Related {
		out.Related = append(out.Related, Location{
			File: r.Pos.File, Line: r.Pos.Line, Column: r.Pos.Column,
			EndLine: r.Pos.EndLine, EndColumn: r.Pos.EndColumn, Message: r.Message,
		})
	}
	for _, fx := range d.Fixes {
		pf := Fix{Message: fx.Message, Safe: fx.Safe}
		for _, e := range fx.Edits {
			pf.Edits = append(pf.Edits, Edit{
				File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Column,
				EndLine: e.Pos.EndLine, EndColumn: e.Pos.EndColumn, NewText: e.NewText,
			})
		}
		out.Fixes = append(out.Fixes, pf)
	}
	if len(f.envs) > 0 && len(f.envs) < f.of {
		out.Environments = f.envs
	}
	return out
}

// key identifies a diagnostic for merging: the same finding reached from
// several manifests, or in several environments, is one.
type key struct {
	rule     string
	severity rules.Severity
	message  string
	pos      analyzer.Position
}

func keyOf(d rules.Diagnostic) key { return key{d.Rule, d.Severity, d.Message, d.Pos} }

// merger gathers findings, merging those with one key: their related
// locations and environments are joined, in the order first seen.
type merger struct {
	index map[key]int
	list  []finding
}

func (m *merger) add(f finding) {
	if m.index == nil {
		m.index = map[key]int{}
	}
	k := keyOf(f.Diagnostic)
	i, ok := m.index[k]
	if !ok {
		m.index[k] = len(m.list)
		f.Related = slices.Clone(f.Related)
		f.envs = slices.Clone(f.envs)
		m.list = append(m.list, f)
		return
	}
	have := &m.list[i]
	for _, r := range f.Related {
		if !slices.Contains(have.Related, r) {
			have.Related = append(have.Related, r)
		}
	}
	for _, e := range f.envs {
		if !slices.Contains(have.envs, e) {
			have.envs = append(have.envs, e)
		}
	}
	have.of = max(have.of, f.of)
	if len(have.Fixes) == 0 {
		have.Fixes = f.Fixes
	}
}

// sortDiagnostics orders diagnostics by file, line, column, rule id, then
// message, and each one's related locations by file and line.
func sortDiagnostics(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		switch {
		case a.File != b.File:
			return a.File < b.File
		case a.Line != b.Line:
			return a.Line < b.Line
		case a.Column != b.Column:
			return a.Column < b.Column
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
	for _, d := range ds {
		sort.SliceStable(d.Related, func(i, j int) bool {
			a, b := d.Related[i], d.Related[j]
			if a.File != b.File {
				return a.File < b.File
			}
			return a.Line < b.Line
		})
	}
}
