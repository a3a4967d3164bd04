// Package rules owns what irislint checks: one file per rule, the registry
// that lists them, severities, the inline irislint-disable directives
// (directives.go), and the Diagnostic type, with its related locations and
// fixes, that every output format prints. It knows nothing of how
// diagnostics are printed, nor of where configuration comes from
// (internal/config turns .irislint.yaml into Options).
package rules

import (
	"fmt"
	"sort"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/scopes"
)

// Severity is how much a diagnostic matters. Off disables a rule.
type Severity int

const (
	Off Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Off:
		return "off"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads "off", "warning" or "error".
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "off":
		return Off, nil
	case "warning":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return Off, fmt.Errorf("unknown severity %q (want off, warning or error)", s)
}

// Diagnostic is one finding about one manifest.
type Diagnostic struct {
	Rule        string
	Severity    Severity
	Message     string
	Pos         analyzer.Position
	Suggestions []string // replacement values, best first
	// Related are other places that explain the diagnostic: for one found
	// in a file other than the manifest, the manifest's import that
	// brings that file in.
	Related []Related
	// Fixes are edits that would resolve the diagnostic.
	Fixes []Fix
}

// Related is a place that explains a diagnostic.
type Related struct {
	Pos     analyzer.Position
	Message string
}

// Fix is one way to resolve a diagnostic: text edits, each in the file
// that holds the text (a lib included). Applying every edit of a fix
// leaves files that parse. A safe fix keeps the manifest's meaning as the
// platform reads it (a documented rename, removing an exact duplicate or
// an unused directive); an unsafe one changes what the app asks for.
type Fix struct {
	Message string
	Safe    bool
	Edits   []Edit
}

// Edit replaces the text Pos spans (line and column, end exclusive, in
// the file's code points) with NewText.
type Edit struct {
	Pos     analyzer.Position
	NewText string
}

// Rule is one check. Like an analysis.Analyzer it is a small value: an id,
// a default severity, a one-line summary, a longer description, and a Check
// function that reports through the Pass.
//
// The load failures (LoadFailures) are Rules too, with a nil Check: they are
// reported by FromLoadError, never by Check. So is unused-disable, which
// Check itself reports while it applies the inline directives.
type Rule struct {
	ID       string
	Severity Severity // default
	Summary  string   // one line, shown by `irislint rules`
	// Doc is the long form, shown by `irislint rules ID`: the rule's section
	// of docs/rules.md (why it exists, a bad example, the output, the fix),
	// filled in from the embedded docs when the package starts, so that
	// there is one copy of it.
	Doc   string
	Check func(*Pass)
}

// Pass is what a rule sees while it checks one manifest.
type Pass struct {
	Manifest  *analyzer.Manifest
	Catalogue *scopes.Catalogue
	// SensitiveScopes are the scopes sensitive-scope wants optional.
	SensitiveScopes []string
	// Environments is set when the manifest is evaluated in chosen
	// environments (Options.Environments).
	Environments bool

	rule  *Rule
	diags *[]Diagnostic

	sourceUses **sourceUses // shared by the passes of one Check, made on first use (fix.go)
}

// Report records a diagnostic for the running rule at pos. A position in
// a file other than the manifest gets, as a related location, the
// manifest's import that brings that file in.
func (p *Pass) Report(pos analyzer.Position, message string, suggestions ...string) {
	*p.diags = append(*p.diags, Diagnostic{
		Rule:        p.rule.ID,
		Severity:    p.rule.Severity,
		Message:     message,
		Pos:         pos,
		Suggestions: suggestions,
		Related:     viaManifest(p.Manifest, pos),
	})
}

// viaManifest is the related location of a diagnostic at pos found
// outside the manifest: the import that brings pos's file in.
func viaManifest(m *analyzer.Manifest, pos analyzer.Position) []Related {
	if m == nil || pos.File == "" || pos.File == m.Path {
		return nil
	}
	via, ok := m.Via(pos.File)
	if !ok {
		return nil
	}
	return []Related{{Pos: via, Message: "the manifest imports " + relPath(m.Root, pos.File) + " here"}}
}

// Reportf is Report with a format string and no suggestions.
func (p *Pass) Reportf(pos analyzer.Position, format string, args ...any) {
	p.Report(pos, fmt.Sprintf(format, args...))
}

// Options tune a Check run. The zero value uses every rule at its default
// severity against the embedded catalogue. internal/config builds them
// from an .irislint.yaml.
type Options struct {
	Catalogue *scopes.Catalogue   // nil: scopes.Default()
	Severity  map[string]Severity // per rule id, overrides the default
	// SensitiveScopes replaces DefaultSensitiveScopes when not nil (an
	// empty, non-nil list makes no scope sensitive).
	SensitiveScopes []string
	// Environments is set when the manifest is evaluated in chosen
	// environments (configured, or given with --env): env-dependent then
	// has nothing to warn about.
	Environments bool
}

// severity is rule r's severity under opts.
func (opts Options) severity(r *Rule) Severity {
	if s, ok := opts.Severity[r.ID]; ok {
		return s
	}
	return r.Severity
}

// Check runs every enabled rule over m, drops the diagnostics that inline
// directives in m's source files disable (reporting directives that disable
// nothing under unused-disable), and returns the rest sorted by file, line,
// column, then rule id.
func Check(m *analyzer.Manifest, opts Options) []Diagnostic {
	cat := opts.Catalogue
	if cat == nil {
		cat = scopes.Default()
	}
	sensitive := opts.SensitiveScopes
	if sensitive == nil {
		sensitive = DefaultSensitiveScopes
	}
	var diags []Diagnostic
	var uses *sourceUses // one count for every rule
	for _, r := range registry {
		sev := opts.severity(r)
		if sev == Off || r.Check == nil {
			continue
		}
		rr := *r
		rr.Severity = sev
		r.Check(&Pass{Manifest: m, Catalogue: cat, SensitiveScopes: sensitive, Environments: opts.Environments, rule: &rr, diags: &diags, sourceUses: &uses})
	}
	diags = applyDirectives(m, opts, diags)
	Sort(diags)
	return diags
}

// Sort orders diagnostics by file, line, column, rule id, then message.
func Sort(diags []Diagnostic) {
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i], diags[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Column != b.Pos.Column {
			return a.Pos.Column < b.Pos.Column
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

// All returns every rule in the registry, in registry order.
func All() []*Rule { return append([]*Rule(nil), registry...) }

// ByID returns the rule with that id, or nil.
func ByID(id string) *Rule {
	for _, r := range registry {
		if r.ID == id {
			return r
		}
	}
	return nil
}
