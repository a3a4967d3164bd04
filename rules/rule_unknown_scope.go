package rules

import (
	"fmt"
	"strings"

	"github.com/irislint/irislint/scopes"
)

// UnknownScope reports scope names that the catalogue does not list.
var UnknownScope = &Rule{
	ID:       "unknown-scope",
	Severity: Error,
	Summary:  "a scope name that is not in the scope catalogue",
	Check:    checkUnknownScope,
}

func checkUnknownScope(p *Pass) {
	cat := p.Catalogue
	for _, e := range p.Manifest.ScopeEntries {
		// An empty or blank name is invalid-scope-entry's to report.
		if !e.HasName || strings.TrimSpace(e.Name) == "" {
			continue
		}
		if _, ok := cat.Lookup(e.Name); ok {
			continue
		}
		if _, ok := cat.RenamedFrom(e.Name); ok {
			continue
		}
		if _, ok := cat.RemovedScope(e.Name); ok {
			continue
		}
		msg := fmt.Sprintf("unknown scope %s", quote(e.Name))
		sugg := cat.Suggest(e.Name)
		switch ns, _, dotted := strings.Cut(e.Name, "."); {
		case len(sugg) > 0:
			msg += "; did you mean " + quoteList(sugg) + "?"
		case dotted && !knownNamespace(cat, ns):
			// Not a typo of anything: most likely a private scope.
			msg += fmt.Sprintf(": %s is not a namespace of the catalogue; declare a private scope under extraScopes in .irislint.yaml", quote(ns))
		}
		// A guess changes what the app asks for: unsafe, and only when
		// one suggestion is clearly the closest.
		var fix Fix
		if best, ok := clearlyBest(e.Name, sugg); ok {
			ed, ok := p.replaceScope(e, best)
			fix = fixOf("replace with "+quote(best), false, ed, ok)
		}
		p.ReportFix(e.Pos, msg, fix, sugg...)
	}
}

// clearlyBest is the suggestion nearest to name by edit distance (case
// ignored), when no other suggestion is as near.
func clearlyBest(name string, sugg []string) (string, bool) {
	query := strings.ToLower(name)
	best, bestD, tie := "", 0, false
	for _, s := range sugg {
		d := scopes.Distance(query, strings.ToLower(s), len(query)+len(s))
		switch {
		case best == "" || d < bestD:
			best, bestD, tie = s, d, false
		case d == bestD:
			tie = true
		}
	}
	return best, best != "" && !tie
}

// knownNamespace reports whether some scope of the catalogue starts with
// the segment ns ("account", "asset", "api").
func knownNamespace(cat *scopes.Catalogue, ns string) bool {
	for _, s := range cat.Scopes {
		if first, _, _ := strings.Cut(s.Name, "."); first == ns {
			return true
		}
	}
	return false
}
