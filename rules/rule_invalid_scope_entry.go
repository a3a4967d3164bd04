package rules

import (
	"fmt"
	"strings"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/scopes"
)

// InvalidScopeEntry reports a scopes list whose shape is not the SDK's
// `{ scope: string; optional: boolean }[]`.
var InvalidScopeEntry = &Rule{
	ID:       "invalid-scope-entry",
	Severity: Error,
	Summary:  "scopes that are not an array of { scope: string, optional: boolean }",
	Check:    checkInvalidScopeEntry,
}

// scopeEntryKeys are the only properties a scope entry may have.
var scopeEntryKeys = []string{"scope", "optional"}

func checkInvalidScopeEntry(p *Pass) {
	m := p.Manifest
	if !present(m.Scopes) {
		return
	}
	if m.Scopes.Kind != analyzer.KindArray {
		p.Reportf(m.Scopes.Pos, "scopes must be an array of { scope, optional } objects, not %s", describe(m.Scopes))
		return
	}
	for _, e := range m.ScopeEntries {
		checkScopeEntry(p, e)
	}
}

func checkScopeEntry(p *Pass, e analyzer.ScopeEntry) {
	at := fmt.Sprintf("scopes[%d]", e.Index)
	v := e.Entry
	if v == nil || v.Kind != analyzer.KindObject {
		pos := e.Pos
		if v != nil {
			pos = v.Pos
		}
		p.Reportf(pos, "%s must be an object like { scope: \"asset.view\", optional: false }, not %s", at, describe(v))
		return
	}

	for _, f := range v.Fields {
		if f.Key == "scope" || f.Key == "optional" {
			continue
		}
		if guess := closeKey(f.Key, v); guess != "" {
			p.Report(f.KeyPos, fmt.Sprintf("%s has unknown property %s; did you mean %q?", at, quote(f.Key), guess), guess)
			continue
		}
		p.Reportf(f.KeyPos, "%s has unknown property %s: only \"scope\" and \"optional\" are allowed", at, quote(f.Key))
	}

	switch f := v.Field("scope"); {
	case f == nil:
		p.Reportf(e.Pos, "%s has no \"scope\" property: it names the scope the app asks for", at)
	case f.Value == nil || f.Value.Kind != analyzer.KindString:
		p.Reportf(valuePos(f), "%s.scope must be a string, not %s", at, describe(f.Value))
	case f.Value.String == "":
		p.Reportf(valuePos(f), "%s.scope is an empty string", at)
	case strings.TrimSpace(f.Value.String) == "":
		p.Reportf(valuePos(f), "%s.scope %s is blank", at, quote(f.Value.String))
	}

	switch f := v.Field("optional"); {
	case f == nil:
		p.Reportf(e.Pos, "%s has no \"optional\" property: the SDK's manifest type requires it "+
			"(true lets the installing user deny the scope)", at)
	case f.Value == nil || f.Value.Kind != analyzer.KindBool:
		p.Reportf(valuePos(f), "%s.optional must be a boolean, not %s", at, describe(f.Value))
	}
}

// valuePos is where a property's value is, falling back to its key.
func valuePos(f *analyzer.Field) analyzer.Position {
	if f.Value != nil && !f.Value.Pos.IsZero() {
		return f.Value.Pos
	}
	return f.KeyPos
}

// closeKey returns the allowed key that key most likely misspells, when the
// entry lacks that key: "optinal", "Optional", "scopes". Otherwise "".
func closeKey(key string, entry *analyzer.Value) string {
	lower := strings.ToLower(key)
	for _, want := range scopeEntryKeys {
		if entry.Field(want) != nil {
			continue
		}
		if lower == want || len([]rune(lower)) <= 2*len(want) && scopes.Distance(lower, want, 2) <= 2 {
			return want
		}
	}
	return ""
}
