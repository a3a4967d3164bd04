package rules

import (
	"fmt"

	"github.com/irislint/irislint/analyzer"
)

// DuplicateScope reports a scope name declared more than once.
var DuplicateScope = &Rule{
	ID:       "duplicate-scope",
	Severity: Error,
	Summary:  "the same scope declared more than once",
	Check:    checkDuplicateScope,
}

func checkDuplicateScope(p *Pass) {
	type seen struct {
		first analyzer.ScopeEntry
		count int
	}
	byName := map[string]*seen{}
	for _, e := range p.Manifest.ScopeEntries {
		if !e.HasName || e.Name == "" {
			continue
		}
		s := byName[e.Name]
		if s == nil {
			byName[e.Name] = &seen{first: e, count: 1}
			continue
		}
		s.count++
		times := "twice"
		if s.count > 2 {
			times = fmt.Sprintf("%d times", s.count)
		}
		var first string
		switch {
		case s.first.Pos.IsZero() || s.first.Pos == e.Pos:
			// A spread of one shared array twice can put both
			// occurrences on the same literal: name the entry instead.
			first = fmt.Sprintf("first as scopes[%d]", s.first.Index)
		default:
			first = "first at " + p.where(s.first.Pos, e.Pos)
		}
		p.Reportf(e.Pos, "scope %s is declared %s (%s)", quote(e.Name), times, first)
	}
}
