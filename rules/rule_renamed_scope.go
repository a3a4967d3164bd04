package rules

import (
	"fmt"
	"strings"

	"github.com/irislint/irislint/scopes"
)

// RenamedScope reports scope names that the platform renamed or removed.
var RenamedScope = &Rule{
	ID:       "renamed-scope",
	Severity: Error,
	Summary:  "a scope name the platform renamed or removed",
	Check:    checkRenamedScope,
}

func checkRenamedScope(p *Pass) {
	cat := p.Catalogue
	for _, e := range p.Manifest.ScopeEntries {
		if !e.HasName || e.Name == "" {
			continue
		}
		if _, ok := cat.Lookup(e.Name); ok {
			continue
		}
		if r, ok := cat.RenamedFrom(e.Name); ok {
			msg := fmt.Sprintf("scope %s was renamed to %s%s", quote(r.Old), quote(r.New), when(r.When))
			final := currentName(cat, r.New)
			if final != r.New {
				msg += fmt.Sprintf(", which is now %s", quote(final))
			}
			msg += "; the platform no longer grants the old name"
			// The rename is documented and one to one: safe, when the
			// name it leads to is one the catalogue lists.
			var fix Fix
			if _, current := cat.Lookup(final); current {
				ed, ok := p.replaceScope(e, final)
				fix = fixOf("rename to "+quote(final), true, ed, ok)
			}
			p.ReportFix(e.Pos, msg, fix, final)
			continue
		}
		if r, ok := cat.RemovedScope(e.Name); ok {
			msg := fmt.Sprintf("scope %s was removed%s; the platform no longer grants it", quote(r.Name), when(r.When))
			if note := strings.TrimSpace(r.Note); note != "" {
				msg += ": " + note
			}
			p.Report(e.Pos, msg)
		}
	}
}

// when is ` (2024-07-26)` for a known date, else nothing.
func when(date string) string {
	if date == "" {
		return ""
	}
	return " (" + date + ")"
}

// currentName follows a chain of renames from name to the name the
// catalogue lists now; it returns name itself when the chain leads nowhere
// current (or loops).
func currentName(cat *scopes.Catalogue, name string) string {
	seen := map[string]bool{}
	for n := name; !seen[n]; {
		if _, ok := cat.Lookup(n); ok {
			return n
		}
		seen[n] = true
		r, ok := cat.RenamedFrom(n)
		if !ok {
			break
		}
		n = r.New
	}
	return name
}
