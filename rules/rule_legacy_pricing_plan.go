package rules

import (
	"fmt"
	"strings"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/scopes"
)

// LegacyPricingPlan reports pricing plan names from before the SDK's
// rename, and plan names and installation policies the SDK does not have.
var LegacyPricingPlan = &Rule{
	ID:       "legacy-pricing-plan",
	Severity: Error,
	Summary:  "an old or unknown pricing plan, or an unknown installation policy, in installation",
	Check:    checkLegacyPricingPlan,
}

// renamedPlans maps the plan names the SDK's manifest API v0.0.147 renamed
// to their new names (manifest.md).
var renamedPlans = map[string]string{
	"EXPLORE_FLEET_OWNER": "EXPLORE",
	"EVOLVE_FLEET_OWNER":  "EVOLVE",
	"EXPAND_FLEET_OWNER":  "EXPAND",
	"EXPLORE_OEM":         "LINK",
	"EVOLVE_OEM":          "LIFT",
	"EXPAND_OEM":          "LEAP",
}

// pricingPlans are the plan names of today, and ALL_PLANS.
var pricingPlans = []string{"ALL_PLANS", "EXPLORE", "EVOLVE", "EXPAND", "LINK", "LIFT", "LEAP"}

// installationPolicies are the values a plan maps to.
var installationPolicies = []string{"PERMANENT", "PREINSTALLED", "ON_DEMAND",
	"PREINSTALLED_REQUIRES_APPROVAL", "ON_DEMAND_REQUIRES_APPROVAL"}

func checkLegacyPricingPlan(p *Pass) {
	inst := p.Manifest.Installation
	if !present(inst) || inst.Kind != analyzer.KindObject {
		return
	}
	if f := inst.Field("pricingPlanPolicy"); f != nil && present(f.Value) {
		checkPlanPolicy(p, "installation.pricingPlanPolicy", f)
	}
	if f := inst.Field("pricingPlans"); f != nil && present(f.Value) {
		switch v := f.Value; v.Kind {
		case analyzer.KindArray:
			for i, e := range v.Elems {
				if e != nil && e.Kind == analyzer.KindString {
					checkPlanName(p, fmt.Sprintf("installation.pricingPlans[%d]", i), e.String, e.Pos,
						func(n string) (Edit, bool) { return p.replaceString(e, n, 1) })
				}
			}
		case analyzer.KindObject:
			checkPlanPolicy(p, "installation.pricingPlans", f)
		}
	}
	if f := inst.Field("policy"); f != nil && present(f.Value) {
		checkPolicy(p, "installation.policy", f.Value, valuePos(f))
	}
}

// checkPlanPolicy checks an object that maps plans to policies.
func checkPlanPolicy(p *Pass, at string, f *analyzer.Field) {
	v := f.Value
	if v.Kind != analyzer.KindObject {
		p.Reportf(valuePos(f), "%s must be an object that maps pricing plans to installation policies, not %s", at, describe(v))
		return
	}
	for _, pf := range v.Fields {
		checkPlanName(p, at, pf.Key, pf.KeyPos, func(n string) (Edit, bool) { return p.renamePlanKey(v, pf, n) })
		if present(pf.Value) {
			checkPolicy(p, fmt.Sprintf("%s.%s", at, pf.Key), pf.Value, valuePos(pf))
		}
	}
}

// checkPlanName checks a plan name, a key or a value at pos; rename is the
// edit that writes another name there. The documented renames are safe
// fixes; a guess ("did you mean") is an unsafe one.
func checkPlanName(p *Pass, at, name string, pos analyzer.Position, rename func(string) (Edit, bool)) {
	if contains(pricingPlans, name) {
		return
	}
	if n, ok := renamedPlans[name]; ok {
		ed, ok := rename(n)
		p.ReportFix(pos, fmt.Sprintf("pricing plan %s was renamed to %s (SDK manifest API v0.0.147)", quote(name), quote(n)),
			fixOf("rename to "+quote(n), true, ed, ok), n)
		return
	}
	guess, ok := renamedPlans[strings.ToUpper(name)]
	if !ok {
		guess = closestUpper(name, pricingPlans)
	}
	if guess != "" {
		ed, ok := rename(guess)
		p.ReportFix(pos, fmt.Sprintf("unknown pricing plan %s in %s; did you mean %s?", quote(name), at, quote(guess)),
			fixOf("replace with "+quote(guess), false, ed, ok), guess)
		return
	}
	p.Reportf(pos, "unknown pricing plan %s in %s (want %s)", quote(name), at, orList(pricingPlans))
}

func checkPolicy(p *Pass, at string, v *analyzer.Value, pos analyzer.Position) {
	if v.Kind == analyzer.KindString && contains(installationPolicies, v.String) {
		return
	}
	if v.Kind == analyzer.KindString {
		if g := closestUpper(v.String, installationPolicies); g != "" {
			ed, ok := p.replaceString(v, g, 1)
			p.ReportFix(pos, fmt.Sprintf("unknown installation policy %s in %s; did you mean %s?", quote(v.String), at, quote(g)),
				fixOf("replace with "+quote(g), false, ed, ok), g)
			return
		}
	}
	p.Reportf(pos, "unknown installation policy %s in %s (want %s)", describe(v), at, orList(installationPolicies))
}

// renamePlanKey is the edit that renames the plan key of field f, a
// property of obj, to name; none when obj has a key name already (the
// two would collapse into one).
func (p *Pass) renamePlanKey(obj *analyzer.Value, f *analyzer.Field, name string) (Edit, bool) {
	if obj.Field(name) != nil {
		return Edit{}, false
	}
	m, ok := p.property(f)
	if !ok {
		return Edit{}, false
	}
	return renameKey(m, name), true
}

// closestUpper is closest for the upper-case, underscore-separated names
// of plans and policies: "on-demand" and "OnDemand" find ON_DEMAND.
func closestUpper(name string, candidates []string) string {
	return scopes.Closest(name, candidates, func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '_' || r == '-' || r == ' ' {
				return -1
			}
			return r
		}, strings.ToUpper(s))
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// orList is "A, B or C".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
