package rules

import (
	"fmt"
	"strings"

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
		p.ReportFix(e.Pos, fmt.Sprintf("scope %s is declared %s (%s)", quote(e.Name), times, first), p.removeDuplicate(s.first, e))
	}
}

// removeDuplicate is the fix that removes the later entry e, whose scope
// the entry first declared already. Safe when the two entries are the
// same (an exact duplicate says nothing the first does not); unsafe when
// they differ, in optional say: which one the author meant is a guess.
func (p *Pass) removeDuplicate(first, e analyzer.ScopeEntry) Fix {
	if first.Pos == e.Pos {
		return Fix{} // one literal makes both: removing it removes both
	}
	edits, ok := p.removeEntry(e)
	if !ok {
		return Fix{}
	}
	if sameValue(first.Entry, e.Entry) {
		return Fix{Message: "remove this entry: the first one says the same", Safe: true, Edits: edits}
	}
	return Fix{Message: "remove this entry, keeping the first one (" + entryText(first.Entry) + ")", Edits: edits}
}

// sameValue reports whether a and b hold the same data, wherever they
// came from.
func sameValue(a, b *analyzer.Value) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind != b.Kind || a.Bool != b.Bool || a.Number != b.Number || a.String != b.String || a.Detail != b.Detail ||
		len(a.Elems) != len(b.Elems) || len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Elems {
		if !sameValue(a.Elems[i], b.Elems[i]) {
			return false
		}
	}
	for i := range a.Fields {
		if a.Fields[i].Key != b.Fields[i].Key || !sameValue(a.Fields[i].Value, b.Fields[i].Value) {
			return false
		}
	}
	return true
}

// entryText shows an entry's properties other than its scope, for the
// fix's message: `optional: false`.
func entryText(v *analyzer.Value) string {
	var parts []string
	for _, f := range v.Fields {
		if f.Key != "scope" {
			parts = append(parts, f.Key+": "+describe(f.Value))
		}
	}
	if len(parts) == 0 {
		return "scope only"
	}
	return strings.Join(parts, ", ")
}
