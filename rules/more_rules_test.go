package rules

import "testing"

func TestProxyScopeNeedsConnectSrc(t *testing.T) {
	r := ProxyScopeNeedsConnectSrc
	with := func(csp string) string {
		return `{
  scopes: [
    { scope: "asset.view", optional: false },
    { scope: "api.iris.app.proxy.fetch", optional: true },
  ],` + csp + `
}`
	}
	msg := func(state string) string {
		return `scope "api.iris.app.proxy.fetch" needs the hosts it calls in cspHeader["connect-src"], which ` +
			state + `: the proxy refuses every call (403)`
	}
	pos := at(4, 14, 40)
	runCases(t, r, []ruleCase{
		{name: "hosts listed", src: with(`
  cspHeader: { "connect-src": ["https://api.example.com"] },`)},
		{name: "hosts in a string", src: with(`
  cspHeader: { "connect-src": "'self' https://api.example.com" },`)},
		{name: "hosts from a lib", files: map[string]string{"libs/hosts.ts": "export const hosts = ['https://a.example'];\n"}, src: with(`
  cspHeader: { "connect-src": require("../../libs/hosts").hosts },`)},
		{name: "no proxy scope", src: `{
  scopes: [{ scope: "asset.view", optional: false }],
}`},
		{name: "no cspHeader", src: with(""), want: []Diagnostic{diag(r, pos, msg("is missing"))}},
		{name: "cspHeader undefined", src: with(`
  cspHeader: undefined,`), want: []Diagnostic{diag(r, pos, msg("is missing"))}},
		{name: "only default-src", src: with(`
  cspHeader: { "default-src": ["https://api.example.com"] },`), want: []Diagnostic{diag(r, pos, msg("is missing"))}},
		{name: "empty array", src: with(`
  cspHeader: { "connect-src": [] },`), want: []Diagnostic{diag(r, pos, msg("is empty"))}},
		{name: "empty strings", src: with(`
  cspHeader: { "connect-src": ["", " "] },`), want: []Diagnostic{diag(r, pos, msg("is empty"))}},
		{name: "keywords only", src: with(`
  cspHeader: { "connect-src": ["'self'", "'none'"] },`), want: []Diagnostic{diag(r, pos, msg("lists no host, only 'self' 'none'"))}},
		{name: "not a list", src: with(`
  cspHeader: { "connect-src": 42 },`), want: []Diagnostic{diag(r, pos, msg("is 42, not a list of hosts"))}},
		{name: "reported once for a duplicate", src: `{
  scopes: [
    { scope: "api.iris.app.proxy.fetch", optional: false },
    { scope: "api.iris.app.proxy.fetch", optional: true },
  ],
}`, want: []Diagnostic{diag(r, at(3, 14, 40), msg("is missing"))}},
	})
}

func TestStoreSecretWithoutProxy(t *testing.T) {
	r := StoreSecretWithoutProxy
	runCases(t, r, []ruleCase{
		{name: "with the proxy", src: `{
  scopes: [
    { scope: "account.iris.app.store-secret", optional: false },
    { scope: "api.iris.app.proxy.fetch", optional: false },
  ],
}`},
		{name: "proxy alone", src: `{
  scopes: [{ scope: "api.iris.app.proxy.fetch", optional: false }],
}`},
		{name: "old name is renamed-scope's", src: `{
  scopes: [{ scope: "account.irisx.proxy.store-secret", optional: false }],
}`},
		{name: "without the proxy", src: `{
  scopes: [
    { scope: "asset.view", optional: false },
    { scope: "account.iris.app.store-secret", optional: true },
  ],
}`, want: []Diagnostic{diag(r, at(4, 14, 45), `scope "account.iris.app.store-secret" is only useful with `+
			`"api.iris.app.proxy.fetch", which the manifest does not declare: stored secrets are only ever injected into proxy calls`)}},
	})
}

func TestCSPDefaultSrc(t *testing.T) {
	r := CSPDefaultSrc
	const msg = `cspHeader["default-src"] was removed from the manifest API: list the hosts the app calls under "connect-src"`
	runCases(t, r, []ruleCase{
		{name: "connect-src", src: `{
  cspHeader: { "connect-src": ["https://api.example.com"] },
}`},
		{name: "no cspHeader", src: `{ specVersion: "1.1" }`},
		{name: "cspHeader not an object", src: `{ cspHeader: "default-src https://a.example" }`},
		{name: "default-src undefined", src: `{
  cspHeader: { "default-src": undefined },
}`},
		{name: "default-src", src: `{
  cspHeader: {
    "connect-src": ["https://api.example.com"],
    'default-src': ["https://api.example.com"],
  },
}`, want: []Diagnostic{diag(r, at(4, 5, 18), msg, "connect-src")}},
		{name: "even empty", src: `{
  cspHeader: {
    "default-src": [],
  },
}`, want: []Diagnostic{diag(r, at(3, 5, 18), msg, "connect-src")}},
	})
}

func TestLegacyPricingPlan(t *testing.T) {
	r := LegacyPricingPlan
	const policies = "PERMANENT, PREINSTALLED, ON_DEMAND, PREINSTALLED_REQUIRES_APPROVAL or ON_DEMAND_REQUIRES_APPROVAL"
	runCases(t, r, []ruleCase{
		{name: "current", src: `{
  installation: {
    pricingPlanPolicy: {
      ALL_PLANS: "ON_DEMAND", EXPLORE: "PERMANENT", EVOLVE: "PREINSTALLED", EXPAND: "ON_DEMAND",
      LINK: "PREINSTALLED_REQUIRES_APPROVAL", LIFT: "ON_DEMAND_REQUIRES_APPROVAL", LEAP: "ON_DEMAND",
    },
  },
}`},
		{name: "older form, current names", src: `{
  installation: { policy: "ON_DEMAND", pricingPlans: ["EXPLORE", "LINK"] },
}`},
		{name: "no installation", src: `{ specVersion: "1.1" }`},
		{name: "installation not an object", src: `{ installation: "ON_DEMAND" }`},
		{name: "renamed plans", src: `{
  installation: {
    pricingPlanPolicy: {
      EXPLORE_FLEET_OWNER: "ON_DEMAND",
      "EXPAND_OEM": "PERMANENT",
    },
  },
}`, want: []Diagnostic{
			diag(r, at(4, 7, 26), `pricing plan "EXPLORE_FLEET_OWNER" was renamed to "EXPLORE" (SDK manifest API v0.0.147)`, "EXPLORE"),
			diag(r, at(5, 7, 19), `pricing plan "EXPAND_OEM" was renamed to "LEAP" (SDK manifest API v0.0.147)`, "LEAP"),
		}},
		{name: "older form with old names", src: `{
  installation: {
    policy: "PREINSTALLED",
    pricingPlans: ["EVOLVE_OEM", "EVOLVE_FLEET_OWNER"],
  },
}`, want: []Diagnostic{
			diag(r, at(4, 20, 32), `pricing plan "EVOLVE_OEM" was renamed to "LIFT" (SDK manifest API v0.0.147)`, "LIFT"),
			diag(r, at(4, 34, 54), `pricing plan "EVOLVE_FLEET_OWNER" was renamed to "EVOLVE" (SDK manifest API v0.0.147)`, "EVOLVE"),
		}},
		{name: "older form as an object", src: `{
  installation: {
    pricingPlans: { EXPLORE_OEM: "ON_DEMAND" },
  },
}`, want: []Diagnostic{
			diag(r, at(3, 21, 32), `pricing plan "EXPLORE_OEM" was renamed to "LINK" (SDK manifest API v0.0.147)`, "LINK"),
		}},
		{name: "unknown plans", src: `{
  installation: {
    pricingPlanPolicy: { EXPLOR: "ON_DEMAND", explore_oem: "ON_DEMAND", GOLD: "ON_DEMAND" },
  },
}`, want: []Diagnostic{
			diag(r, at(3, 26, 32), `unknown pricing plan "EXPLOR" in installation.pricingPlanPolicy; did you mean "EXPLORE"?`, "EXPLORE"),
			diag(r, at(3, 47, 58), `unknown pricing plan "explore_oem" in installation.pricingPlanPolicy; did you mean "LINK"?`, "LINK"),
			diag(r, at(3, 73, 77), `unknown pricing plan "GOLD" in installation.pricingPlanPolicy `+
				`(want ALL_PLANS, EXPLORE, EVOLVE, EXPAND, LINK, LIFT or LEAP)`),
		}},
		{name: "unknown policies", src: `{
  installation: {
    pricingPlanPolicy: {
      ALL_PLANS: "on-demand",
      EXPLORE: "FREE",
      EVOLVE: 3,
    },
  },
}`, want: []Diagnostic{
			diag(r, at(4, 18, 29), `unknown installation policy "on-demand" in installation.pricingPlanPolicy.ALL_PLANS; did you mean "ON_DEMAND"?`, "ON_DEMAND"),
			diag(r, at(5, 16, 22), `unknown installation policy "FREE" in installation.pricingPlanPolicy.EXPLORE (want `+policies+`)`),
			diag(r, at(6, 7, 13), `unknown installation policy 3 in installation.pricingPlanPolicy.EVOLVE (want `+policies+`)`),
		}},
		{name: "older policy", src: `{
  installation: { policy: "PREINSTALED", pricingPlans: ["EXPAND"] },
}`, want: []Diagnostic{
			diag(r, at(2, 27, 40), `unknown installation policy "PREINSTALED" in installation.policy; did you mean "PREINSTALLED"?`, "PREINSTALLED"),
		}},
		{name: "policy map of the wrong shape", src: `{
  installation: { pricingPlanPolicy: ["ON_DEMAND"] },
}`, want: []Diagnostic{
			diag(r, at(2, 19, 36), `installation.pricingPlanPolicy must be an object that maps pricing plans to installation policies, not an array`),
		}},
	})
}

func TestSensitiveScope(t *testing.T) {
	r := SensitiveScope
	const src = `{
  scopes: [
    { scope: "asset.view", optional: false },
    { scope: "account.delete", optional: false },
    { scope: "account.api-key.manage", optional: false },
    { scope: "account.user.manage", optional: true },
    { scope: "account.manage" },
    { scope: "account.billing.manage", optional: "no" },
  ],
}`
	runCases(t, r, []ruleCase{
		{name: "defaults", src: src, want: []Diagnostic{
			diag(r, at(4, 14, 30), `scope "account.delete" (can delete account) is required: `+
				`declare it optional: true so that the installing user can refuse it`),
			diag(r, at(5, 14, 38), `scope "account.api-key.manage" (can manage API keys) is required: `+
				`declare it optional: true so that the installing user can refuse it`),
		}},
		{name: "configured list", src: src, opts: Options{SensitiveScopes: []string{"asset.view", "app.read"}},
			cat: testCatalogue(t), want: []Diagnostic{
				diag(r, at(3, 14, 26), `scope "asset.view" (can view assets) is required: `+
					`declare it optional: true so that the installing user can refuse it`),
			}},
		{name: "a sensitive scope without description", opts: Options{SensitiveScopes: []string{"app.read"}},
			cat: testCatalogue(t), src: `{
  scopes: [{ scope: "app.read", optional: false }],
}`, want: []Diagnostic{
				diag(r, at(2, 21, 31), `scope "app.read" is required: `+
					`declare it optional: true so that the installing user can refuse it`),
			}},
		{name: "empty list", src: src, opts: Options{SensitiveScopes: []string{}}},
		{name: "all optional", src: `{
  scopes: [
    { scope: "account.delete", optional: true },
    { scope: "account.manage", optional: true },
  ],
}`},
	})
}
