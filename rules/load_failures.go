package rules

import "github.com/irislint/irislint/analyzer"

// LoadFailures lists the ids under which a manifest that cannot be loaded
// is reported (one per analyzer.Problem kind), so that `irislint rules` can
// print them beside the rules. They are Rules with a nil Check: Check never
// runs them, FromLoadError produces them, and they are always at Error
// level (a manifest that cannot be bundled or evaluated fails the run) —
// the Options.Severity map does not apply to them. They are not in All or
// ByID.
var LoadFailures = []*Rule{
	{ID: analyzer.ProblemRead, Severity: Error,
		Summary: "the manifest or a file it imports cannot be read"},
	{ID: analyzer.ProblemSyntax, Severity: Error,
		Summary: "a syntax error in the manifest or a file it imports"},
	{ID: analyzer.ProblemResolve, Severity: Error,
		Summary: "an import that resolves to no file (check tsconfig paths)"},
	{ID: analyzer.ProblemBundle, Severity: Error,
		Summary: "the manifest cannot be bundled for another reason"},
	{ID: analyzer.ProblemEval, Severity: Error,
		Summary: "the manifest threw an exception while evaluating"},
	{ID: analyzer.ProblemTimeout, Severity: Error,
		Summary: "evaluating the manifest ran past its time budget"},
	{ID: analyzer.ProblemStack, Severity: Error,
		Summary: "evaluating the manifest recursed too deeply"},
	{ID: analyzer.ProblemMemory, Severity: Error,
		Summary: "evaluating the manifest went over its memory budget"},
	{ID: analyzer.ProblemForbid, Severity: Error,
		Summary: "an import of a Node built-in or of a file outside the workspace, refused"},
	{ID: analyzer.ProblemExport, Severity: Error,
		Summary: "the manifest's default export is missing or not an object"},
	{ID: analyzer.ProblemTooComplex, Severity: Error,
		Summary: "a file nests too deeply or is too large for the parsers, refused before parsing"},
}

// LoadFailureByID returns the load failure with that id, or nil.
func LoadFailureByID(id string) *Rule {
	for _, r := range LoadFailures {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// FromLoadError turns a manifest that could not be loaded into error-level
// diagnostics, one per problem, with the problem's kind as the rule id,
// sorted like Check's. A problem without a position points at line 1 of the
// manifest; one without a kind is reported as "read", and a LoadError
// without problems still yields one diagnostic.
func FromLoadError(err *analyzer.LoadError) []Diagnostic {
	if err == nil {
		return nil
	}
	problems := err.Problems
	if len(problems) == 0 {
		// Still a failure: the caller must not mistake it for a clean run.
		problems = []analyzer.Problem{{Kind: analyzer.ProblemRead}}
	}
	diags := make([]Diagnostic, 0, len(problems))
	for _, pr := range problems {
		kind := pr.Kind
		if kind == "" {
			kind = analyzer.ProblemRead
		}
		msg := pr.Message
		if msg == "" {
			msg = "the manifest could not be loaded"
		}
		pos := pr.Pos
		if pos.IsZero() {
			pos = analyzer.Position{File: err.Path, Line: 1, Column: 1}
		}
		diags = append(diags, Diagnostic{Rule: kind, Severity: Error, Message: msg, Pos: pos})
	}
	Sort(diags)
	return diags
}
