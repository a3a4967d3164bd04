package rules_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/internal/postest"
	"github.com/irislint/irislint/rules"
)

// FuzzCheck runs the rules over arbitrary manifest values. The input is
// loaded as apps/x/iris-app-manifest.json of a fresh workspace (ts false),
// which makes any JSON value a manifest, or as apps/x/iris-app-manifest.ts
// (ts true), where comments, and so the irislint-disable directives, exist
// too. A manifest that does not load goes through FromLoadError instead.
//
// For any input: Check never panics; every diagnostic names a registered
// rule at error or warning level, with a message and a valid position (an
// existing file of the workspace, a line and column within it); the output
// is sorted; and a second Check of the same Manifest gives the same output.
func FuzzCheck(f *testing.F) {
	root := f.TempDir()
	app := filepath.Join(root, "apps", "x")
	if err := os.MkdirAll(app, 0o755); err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "nx.json"), []byte("{}\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	jsonPath := filepath.Join(app, "iris-app-manifest.json")
	tsPath := filepath.Join(app, "iris-app-manifest.ts")

	for _, s := range []string{
		`{}`,
		`{"scopes": []}`,
		`{"scopes": [{"scope": "asset.view", "optional": false}]}`,
		// unknown, misspelt, renamed, removed, duplicate, blank
		`{"scopes": [{"scope": "asset.veiw", "optional": false}, {"scope": "acme.private.read", "optional": true}, {"scope": "Asset.View", "optional": true}]}`,
		`{"scopes": [{"scope": "account.alerts.view", "optional": false}, {"scope": "account.view", "optional": false}, {"scope": "account.view", "optional": true}, {"scope": "account.view", "optional": true}]}`,
		`{"scopes": [{"scope": "", "optional": false}, {"scope": "  ", "optional": false}, {"scope": "\u2028", "optional": false}]}`,
		// wrong shapes
		`{"scopes": "asset.view"}`,
		`{"scopes": {"scope": "asset.view"}}`,
		`{"scopes": ["asset.view", 1, null, true, [], {}]}`,
		`{"scopes": [{"scope": 1, "optional": "no"}, {"optinal": false, "scopes": "asset.view"}, {"Scope": "x", "Optional": true, "extra": 1}]}`,
		`{"scopes": null, "tokenCallback": null, "cspHeader": null, "installation": null, "marketplace": null}`,
		// sensitive scopes, proxy and store-secret
		`{"scopes": [{"scope": "account.delete", "optional": false}, {"scope": "account.manage", "optional": true}, {"scope": "account.iris.app.store-secret", "optional": false}]}`,
		`{"scopes": [{"scope": "api.iris.app.proxy.fetch", "optional": false}], "cspHeader": {"connect-src": []}}`,
		`{"scopes": [{"scope": "api.iris.app.proxy.fetch", "optional": false}], "cspHeader": {"connect-src": "'self' 'none'"}}`,
		`{"scopes": [{"scope": "api.iris.app.proxy.fetch", "optional": false}], "cspHeader": {"connect-src": ["https://api.example.com", 3]}}`,
		`{"scopes": [{"scope": "api.iris.app.proxy.fetch", "optional": false}], "cspHeader": {"connect-src": {"x": 1}}}`,
		`{"cspHeader": {"default-src": ["'self'"], "connect-src": ["https://a.example"]}}`,
		`{"cspHeader": "default-src 'self'"}`,
		// token callbacks
		`{"scopes": [{"scope": "asset.view", "optional": false}], "tokenCallback": {"url": "https://app.example.com/installed"}}`,
		`{"tokenCallback": {"url": "http://app.example.com/installed"}}`,
		`{"scopes": [], "tokenCallback": {"url": "https://user:secret@app.example.com"}}`,
		`{"tokenCallback": {"url": "https://"}}`,
		`{"tokenCallback": {"url": "/relative"}}`,
		`{"tokenCallback": {"url": "%zz://x"}}`,
		`{"tokenCallback": {"url": ""}}`,
		`{"tokenCallback": {"url": 42}}`,
		`{"tokenCallback": {}}`,
		`{"tokenCallback": "https://app.example.com"}`,
		// installation and marketplace
		`{"installation": {"pricingPlanPolicy": {"ALL_PLANS": "ON_DEMAND", "EXPLORE_FLEET_OWNER": "PERMANENT", "explore_oem": "ondemand", "PLATINUM": 3}}}`,
		`{"installation": {"policy": "ONDEMAND", "pricingPlans": ["EXPLORE_FLEET_OWNER", "EXPAND_OEM", "PLATINUM", 7]}}`,
		`{"installation": {"pricingPlans": {"LINK": "PREINSTALLED_REQUIRES_APPROVAL"}, "pricingPlanPolicy": "ALL"}}`,
		`{"installation": [], "marketplace": {"showInMarketplace": true, "name": "x", "tags": [], "categories": []}}`,
		// not an object, and not JSON
		`[]`,
		`"manifest"`,
		`{"scopes": [`,
		"\ufeff{\"scopes\": []}",
		"{\r\n  \"scopes\": [\r\n    {\"scope\": \"asset.veiw\", \"optional\": false}\r\n  ]\r\n}\r\n",
	} {
		f.Add([]byte(s), false)
	}
	// The rule fixtures, directives and all, as TypeScript.
	fixtures, err := filepath.Glob("../testdata/rules/*/*/iris-app-manifest.ts")
	if err != nil || len(fixtures) == 0 {
		f.Fatalf("no rule fixtures: %v", err)
	}
	for _, p := range fixtures {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src, true)
	}
	for _, s := range []string{
		"export default {\n  scopes: [\n    /* irislint-disable-next-line\r unknown-scope, bogus-rule */\n    { scope: 'asset.veiw', optional: false },\n  ],\n};\n",
		"export default {\n  scopes: [\n    { scope: 'account.view', optional: false }, // irislint-disable-line syntax, unused-disable, uknown-scope -- why\n    { scope: 'account.view', optional: false }, // irislint-disabel-line\n  ],\n};\n",
		"// irislint-disable-next-line\nexport default { tokenCallback: { url: 'http://x\u2028y' } };\n",
	} {
		f.Add([]byte(s), true)
	}

	f.Fuzz(func(t *testing.T, data []byte, ts bool) {
		path := jsonPath
		if ts {
			path = tsPath
		}
		m, err := analyzer.Load(path, analyzer.Options{Source: data, Timeout: 250 * time.Millisecond, MemoryLimit: 64 << 20})
		pc := postest.New(root, path, data)
		var diags []rules.Diagnostic
		if err != nil {
			var le *analyzer.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load error %v is a %T, not a *LoadError", err, err)
			}
			diags = rules.FromLoadError(le)
			if len(diags) == 0 {
				t.Fatal("FromLoadError gave no diagnostic for a failed load")
			}
		} else {
			opts := rules.Options{}
			diags = rules.Check(m, opts)
			again := rules.Check(m, opts)
			if !reflect.DeepEqual(diags, again) {
				t.Fatalf("a second Check differs:\nfirst  %+v\nsecond %+v", diags, again)
			}
		}
		sorted := append([]rules.Diagnostic(nil), diags...)
		rules.Sort(sorted)
		if !reflect.DeepEqual(diags, sorted) {
			t.Errorf("diagnostics not sorted:\n%+v", diags)
		}
		for i, d := range diags {
			if err != nil {
				if rules.LoadFailureByID(d.Rule) == nil {
					t.Errorf("diagnostic %d: %q is not a load failure", i, d.Rule)
				}
			} else if rules.ByID(d.Rule) == nil {
				t.Errorf("diagnostic %d: %q is not a registered rule", i, d.Rule)
			}
			if d.Severity != rules.Error && d.Severity != rules.Warning {
				t.Errorf("diagnostic %d (%s): severity %v", i, d.Rule, d.Severity)
			}
			if strings.TrimSpace(d.Message) == "" || strings.ContainsAny(d.Message, "\n\r") {
				t.Errorf("diagnostic %d (%s): message %q is not one line", i, d.Rule, d.Message)
			}
			for _, s := range d.Suggestions {
				if s == "" {
					t.Errorf("diagnostic %d (%s): an empty suggestion", i, d.Rule)
				}
			}
			if why := pc.Check(d.Pos); why != "" {
				t.Errorf("diagnostic %d (%s: %s): position %+v: %s", i, d.Rule, d.Message, d.Pos, why)
			}
		}
	})
}
