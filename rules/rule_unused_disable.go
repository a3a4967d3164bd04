package rules

// UnusedDisable reports inline directives (directives.go) that disable
// nothing, name an unknown rule, or are misspelt.
var UnusedDisable = &Rule{
	ID:       "unused-disable",
	Severity: Warning,
	Summary:  "an irislint-disable comment that disables nothing, or names an unknown rule",
	// Check is nil: Check reports this rule while it applies the directives.
}
