package rules

import (
	"strings"
	"unicode"

	"github.com/irislint/irislint/scopes"
)

// DefaultSensitiveScopes are the scopes that can delete the account or take
// it over: sensitive-scope wants them optional. sensitiveScopes in
// .irislint.yaml replaces the list.
var DefaultSensitiveScopes = []string{
	string(scopes.AccountDelete),
	string(scopes.AccountManage),
	string(scopes.AccountBillingManage),
	string(scopes.AccountAPIKeyManage),
	string(scopes.AccountUserManage),
	string(scopes.AccountAccessManagementManage),
}

// SensitiveScope warns about a sensitive scope declared as required.
var SensitiveScope = &Rule{
	ID:       "sensitive-scope",
	Severity: Warning,
	Summary:  "a scope that can delete or take over the account, declared as required",
	Check:    checkSensitiveScope,
}

func checkSensitiveScope(p *Pass) {
	if len(p.SensitiveScopes) == 0 {
		return
	}
	sensitive := make(map[string]bool, len(p.SensitiveScopes))
	for _, s := range p.SensitiveScopes {
		sensitive[s] = true
	}
	for _, e := range p.Manifest.ScopeEntries {
		// Only an explicit optional: false: a missing or non-boolean
		// optional is invalid-scope-entry's to report.
		if !e.HasName || !sensitive[e.Name] || !e.HasOptional || e.Optional {
			continue
		}
		what := ""
		if s, ok := p.Catalogue.Lookup(e.Name); ok && s.Description != "" {
			what = " (" + lowerFirstRune(strings.TrimSuffix(s.Description, ".")) + ")"
		}
		p.Reportf(e.Pos, "scope %s%s is required: declare it optional: true so that the installing user can refuse it",
			quote(e.Name), what)
	}
}

// lowerFirstRune lower-cases the first letter unless the first word is an
// acronym ("API keys" stays).
func lowerFirstRune(s string) string {
	r := []rune(s)
	if len(r) == 0 || len(r) > 1 && unicode.IsUpper(r[1]) {
		return s
	}
	r[0] = unicode.ToLower(r[0])
	return string(r)
}
