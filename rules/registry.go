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
	EnvDependent,
	UnusedDisable,
}

// loadFailuresSection is the docs/rules.md section about load failures.
const loadFailuresSection = "Load failures"

func init() {
	sections := docSections(docs.Rules)
	for _, r := range registry {
		r.Doc = sections[r.ID]
	}
	for _, r := range LoadFailures {
		r.Doc = sections[loadFailuresSection]
	}
}

// docSections splits a markdown document into the bodies of its `## title`
// sections, keyed by title, without their "Default severity" lines (the
// Rule says that). It reads the document once, line by line, and copies
// each body once: init runs on every start, `irislint version` included.
func docSections(doc string) map[string]string {
	sections := map[string]string{}
	var title string
	var body strings.Builder
	flush := func() {
		if title != "" {
			sections[title] = strings.TrimSpace(body.String())
		}
		body.Reset()
	}
	for len(doc) > 0 {
		line, rest, _ := strings.Cut(doc, "\n")
		doc = rest
		line = strings.TrimSuffix(line, "\r")
		if t, ok := strings.CutPrefix(line, "## "); ok {
			flush()
			title = t
			continue
		}
		if title == "" || strings.HasPrefix(line, "Default severity: ") {
			continue
		}
		body.WriteString(line)
		body.WriteByte('\n')
	}
	flush()
	return sections
}
