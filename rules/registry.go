package rules

import (
	"strings"

	"github.com/irislint/irislint/docs"
)

// registry lists every rule, in the order `irislint rules` prints them.
// Adding a rule: one file rule_<id>.go defining a *Rule, one line here, a
// section in docs/rules.md (which becomes its Doc), and a folder under
// testdata/rules/<id>.
var registry = []*Rule{
	UnknownScope,
	RenamedScope,
	DuplicateScope,
	InvalidScopeEntry,
	TokenCallbackURL,
	TokenCallbackWithoutScopes,
	ProxyScopeNeedsConnectSrc,
	StoreSecretWithoutProxy,
	CSPDefaultSrc,
	LegacyPricingPlan,
	SensitiveScope,
	UnusedDisable,
}

// loadFailuresSection is the docs/rules.md section about load failures.
const loadFailuresSection = "Load failures"

func init() {
	doc := strings.ReplaceAll(docs.Rules, "\r\n", "\n") // once, not per rule: init runs on every start
	for _, r := range registry {
		r.Doc = docSection(doc, r.ID)
	}
	for _, r := range LoadFailures {
		r.Doc = docSection(doc, loadFailuresSection)
	}
}

// docSection returns the body of the `## title` section of a markdown
// document with LF line ends, without its "Default severity" line (the
// Rule says that), or "" when there is no such section.
func docSection(doc, title string) string {
	_, body, ok := strings.Cut(doc, "\n## "+title+"\n")
	if !ok {
		return ""
	}
	if i := strings.Index(body, "\n## "); i >= 0 {
		body = body[:i]
	}
	var keep []string
	for _, l := range strings.Split(body, "\n") {
		if !strings.HasPrefix(l, "Default severity: ") {
			keep = append(keep, l)
		}
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}
