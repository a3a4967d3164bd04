package rules

// registry lists every rule, in the order `irislint rules` prints them.
// Adding a rule: one file rule_<id>.go defining a *Rule, one line here, a
// section in docs/rules.md, and a folder under testdata/rules/<id>.
var registry = []*Rule{
	UnknownScope,
	RenamedScope,
	DuplicateScope,
	InvalidScopeEntry,
	TokenCallbackURL,
	TokenCallbackWithoutScopes,
}
