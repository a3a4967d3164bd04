package rules

import (
	"fmt"
	"strings"
)

// UnknownScope reports scope names that the catalogue does not list.
var UnknownScope = &Rule{
	ID:       "unknown-scope",
	Severity: Error,
	Summary:  "a scope name that is not in the scope catalogue",
	Doc: "Every scope an app's server asks for in a token request must be declared in the manifest, " +
		"and the platform grants only the scopes in Trackunit's published table. A misspelt or invented " +
		"name is never granted, so the calls that need it fail at run time. Names that were renamed or " +
		"removed are reported by renamed-scope instead. Private or newer scopes can be added to the " +
		"catalogue with extraScopes in .irislint.yaml.",
	Check: checkUnknownScope,
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
		if len(sugg) > 0 {
			msg += "; did you mean " + quoteList(sugg) + "?"
		}
		p.Report(e.Pos, msg, sugg...)
	}
}
