package rules

import (
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/irislint/irislint/analyzer"
)

// applyRuleFixes applies every edit of every fix of rule's diagnostics to
// the sources (identical edits, made for several diagnostics, once) and
// returns the files they changed, relative to the workspace root, with
// their new text. Overlapping edits fail the test.
func applyRuleFixes(t *testing.T, m *analyzer.Manifest, diags []Diagnostic, rule string) map[string]string {
	t.Helper()
	type cut struct {
		from, to int
		text     string
	}
	byFile := map[string][]cut{}
	seen := map[Edit]bool{}
	for _, d := range diags {
		if d.Rule != rule {
			continue
		}
		for _, fx := range d.Fixes {
			for _, e := range fx.Edits {
				if seen[e] {
					continue
				}
				seen[e] = true
				f := m.Source(e.Pos.File)
				if f == nil {
					t.Fatalf("edit in a file the manifest did not bundle: %+v", e)
				}
				from, ok1 := f.Offset(e.Pos.Line, e.Pos.Column)
				to, ok2 := f.Offset(e.Pos.EndLine, e.Pos.EndColumn)
				if !ok1 || !ok2 || from > to {
					t.Fatalf("edit out of the file: %+v", e)
				}
				byFile[e.Pos.File] = append(byFile[e.Pos.File], cut{from, to, e.NewText})
			}
		}
	}
	out := map[string]string{}
	for file, cuts := range byFile {
		sort.Slice(cuts, func(i, j int) bool { return cuts[i].from > cuts[j].from })
		data := string(m.Source(file).Data)
		for i, c := range cuts {
			if i > 0 && c.to > cuts[i-1].from {
				t.Fatalf("overlapping edits in %s: %+v and %+v", file, c, cuts[i-1])
			}
			data = data[:c.from] + c.text + data[c.to:]
		}
		rel, _ := filepath.Rel(m.Root, file)
		out[filepath.ToSlash(rel)] = data
	}
	return out
}

// fixSummaries describe rule's fixes as "safe: message" or "unsafe: message".
func fixSummaries(diags []Diagnostic, rule string) []string {
	var out []string
	for _, d := range diags {
		if d.Rule != rule {
			continue
		}
		for _, fx := range d.Fixes {
			kind := "unsafe"
			if fx.Safe {
				kind = "safe"
			}
			out = append(out, kind+": "+fx.Message)
		}
	}
	return out
}

// TestFixes checks each rule's fixes by what they make of the source: the
// manifest `export default <src>;` (and the libs in files) after every
// edit of every fix of the rule is applied. want holds the changed files
// (testManifest for the manifest); no entry means no fix.
func TestFixes(t *testing.T) {
	const manifestHead = "export default "
	tests := []struct {
		name    string
		rule    *Rule
		src     string
		files   map[string]string
		testCat bool // check against testCatalogue
		fixes   []string
		want    map[string]string
	}{
		{name: "renamed scope", rule: RenamedScope,
			src:   `{ scopes: [{ scope: "account.irisx.proxy.store-secret", optional: false }] }`,
			fixes: []string{`safe: rename to "account.iris.app.store-secret"`},
			want:  map[string]string{testManifest: `{ scopes: [{ scope: "account.iris.app.store-secret", optional: false }] }`}},
		{name: "renamed scope, one constant for two entries", rule: RenamedScope,
			files: map[string]string{"libs/s.ts": "export const OLD = 'account.irisx.proxy.store-secret';\n"},
			src:   `{ scopes: [{ scope: require("../../libs/s").OLD, optional: false }, { scope: require("../../libs/s").OLD, optional: true }] }`,
			fixes: []string{`safe: rename to "account.iris.app.store-secret"`, `safe: rename to "account.iris.app.store-secret"`},
			want:  map[string]string{"libs/s.ts": "export const OLD = 'account.iris.app.store-secret';\n"}},
		{name: "renamed scope, the literal also names something else: no fix", rule: RenamedScope,
			files: map[string]string{"libs/s.ts": "export const OLD = 'account.irisx.proxy.store-secret';\n"},
			src:   `{ note: require("../../libs/s").OLD, scopes: [{ scope: require("../../libs/s").OLD, optional: false }] }`},
		{name: "renamed scope, folded from two literals: no fix", rule: RenamedScope,
			src: `{ scopes: [{ scope: "account.irisx." + "proxy.store-secret", optional: false }] }`},
		{name: "renamed scope, computed: no fix", rule: RenamedScope,
			src: "{ scopes: [{ scope: `account.${'irisx'}.proxy.store-secret`, optional: false }] }"},
		{name: "unknown scope, one clear guess", rule: UnknownScope,
			src:   `{ scopes: [{ scope: 'asset.veiw', optional: false }] }`,
			fixes: []string{`unsafe: replace with "asset.view"`},
			want:  map[string]string{testManifest: `{ scopes: [{ scope: 'asset.view', optional: false }] }`}},
		{name: "unknown scope, in a template literal", rule: UnknownScope,
			src:   "{ scopes: [{ scope: `Asset.View`, optional: false }] }",
			fixes: []string{`unsafe: replace with "asset.view"`},
			want:  map[string]string{testManifest: "{ scopes: [{ scope: `asset.view`, optional: false }] }"}},
		{name: "unknown scope, two guesses as close: no fix", rule: UnknownScope, testCat: true,
			src: `{ scopes: [{ scope: 'app.reax', optional: false }] }`},
		{name: "duplicate, exact: safe", rule: DuplicateScope,
			src:   "{\n  scopes: [\n    { scope: 'asset.view', optional: false },\n    { scope: 'account.view', optional: true },\n    { scope: 'asset.view', optional: false },\n  ],\n}",
			fixes: []string{"safe: remove this entry: the first one says the same"},
			want:  map[string]string{testManifest: "{\n  scopes: [\n    { scope: 'asset.view', optional: false },\n    { scope: 'account.view', optional: true },\n  ],\n}"}},
		{name: "duplicate, optional differs: unsafe", rule: DuplicateScope,
			src:   "{ scopes: [{ scope: 'asset.view', optional: false }, { scope: 'asset.view', optional: true }] }",
			fixes: []string{"unsafe: remove this entry, keeping the first one (optional: false)"},
			want:  map[string]string{testManifest: "{ scopes: [{ scope: 'asset.view', optional: false }] }"}},
		{name: "duplicate, later one in a lib", rule: DuplicateScope,
			files: map[string]string{"libs/s.ts": "export const shared = [\n  { scope: 'account.view', optional: true },\n  { scope: 'asset.view', optional: false }\n];\n"},
			src:   `{ scopes: [{ scope: 'asset.view', optional: false }, ...require("../../libs/s").shared] }`,
			fixes: []string{"safe: remove this entry: the first one says the same"},
			want:  map[string]string{"libs/s.ts": "export const shared = [\n  { scope: 'account.view', optional: true }\n];\n"}},
		{name: "duplicate, one literal makes both: no fix", rule: DuplicateScope,
			files: map[string]string{"libs/s.ts": "export const shared = [{ scope: 'asset.view', optional: false }];\n"},
			src:   `{ scopes: [...require("../../libs/s").shared, ...require("../../libs/s").shared] }`,
			fixes: nil},
		{name: "duplicate, made by .map: no fix", rule: DuplicateScope,
			src: `{ scopes: ['asset.view', 'asset.view'].map((scope) => ({ scope, optional: false })) }`},
		{name: "token callback over http", rule: TokenCallbackURL,
			src:   `{ scopes: [{ scope: 'asset.view', optional: false }], tokenCallback: { url: 'http://example.com/install' } }`,
			fixes: []string{"unsafe: use https"},
			want:  map[string]string{testManifest: `{ scopes: [{ scope: 'asset.view', optional: false }], tokenCallback: { url: 'https://example.com/install' } }`}},
		{name: "token callback with a password: no fix", rule: TokenCallbackURL,
			src: `{ scopes: [{ scope: 'asset.view', optional: false }], tokenCallback: { url: 'http://u:p@example.com/install' } }`},
		{name: "token callback computed: no fix", rule: TokenCallbackURL,
			src: "{ scopes: [{ scope: 'asset.view', optional: false }], tokenCallback: { url: `http://${'example.com'}/install` } }"},
		{name: "default-src, no proxy scope: removed", rule: CSPDefaultSrc,
			src:   "{\n  cspHeader: {\n    'default-src': ['https://a.example'],\n    'connect-src': ['https://b.example'],\n  },\n  scopes: [{ scope: 'asset.view', optional: false }],\n}",
			fixes: []string{"unsafe: remove default-src: the platform ignores it, and no proxy scope calls its hosts"},
			want:  map[string]string{testManifest: "{\n  cspHeader: {\n    'connect-src': ['https://b.example'],\n  },\n  scopes: [{ scope: 'asset.view', optional: false }],\n}"}},
		{name: "default-src, the proxy needs its hosts: renamed", rule: CSPDefaultSrc,
			src:   `{ cspHeader: { "default-src": ["https://a.example"] }, scopes: [{ scope: 'api.iris.app.proxy.fetch', optional: false }] }`,
			fixes: []string{"unsafe: rename default-src to connect-src: the proxy scope calls these hosts"},
			want:  map[string]string{testManifest: `{ cspHeader: { "connect-src": ["https://a.example"] }, scopes: [{ scope: 'api.iris.app.proxy.fetch', optional: false }] }`}},
		{name: "default-src, connect-src has its hosts: removed", rule: CSPDefaultSrc,
			src:   `{ cspHeader: { 'connect-src': 'https://a.example https://b.example', 'default-src': ['https://a.example'] }, scopes: [{ scope: 'api.iris.app.proxy.fetch', optional: false }] }`,
			fixes: []string{"unsafe: remove default-src: connect-src lists its hosts already"},
			want:  map[string]string{testManifest: `{ cspHeader: { 'connect-src': 'https://a.example https://b.example' }, scopes: [{ scope: 'api.iris.app.proxy.fetch', optional: false }] }`}},
		{name: "default-src, hosts to merge: no fix", rule: CSPDefaultSrc,
			src: `{ cspHeader: { 'connect-src': ['https://b.example'], 'default-src': ['https://a.example'] }, scopes: [{ scope: 'api.iris.app.proxy.fetch', optional: false }] }`},
		{name: "plans renamed, two keys on one line", rule: LegacyPricingPlan,
			src:   `{ installation: { pricingPlanPolicy: { EXPLORE_FLEET_OWNER: 'ON_DEMAND', 'EXPLORE_OEM': 'PERMANENT' } } }`,
			fixes: []string{`safe: rename to "EXPLORE"`, `safe: rename to "LINK"`},
			want:  map[string]string{testManifest: `{ installation: { pricingPlanPolicy: { EXPLORE: 'ON_DEMAND', 'LINK': 'PERMANENT' } } }`}},
		{name: "plans renamed in the older list", rule: LegacyPricingPlan,
			src:   `{ installation: { pricingPlans: ['EVOLVE_OEM', "EXPAND_OEM"] } }`,
			fixes: []string{`safe: rename to "LIFT"`, `safe: rename to "LEAP"`},
			want:  map[string]string{testManifest: `{ installation: { pricingPlans: ['LIFT', "LEAP"] } }`}},
		{name: "plan renamed onto a key that is there: no fix", rule: LegacyPricingPlan,
			src: `{ installation: { pricingPlanPolicy: { EXPLORE_FLEET_OWNER: 'ON_DEMAND', EXPLORE: 'PERMANENT' } } }`},
		{name: "plan key with a computed policy: no fix", rule: LegacyPricingPlan,
			src: "{ installation: { pricingPlanPolicy: { EXPLORE_FLEET_OWNER: `ON_${'DEMAND'}` } } }"},
		{name: "guesses are unsafe", rule: LegacyPricingPlan,
			src:   `{ installation: { pricingPlanPolicy: { explore_oem: 'on-demand' } } }`,
			fixes: []string{`unsafe: replace with "LINK"`, `unsafe: replace with "ON_DEMAND"`},
			want:  map[string]string{testManifest: `{ installation: { pricingPlanPolicy: { LINK: 'ON_DEMAND' } } }`}},
		{name: "unused directive on its own line", rule: UnusedDisable,
			src:   "{\n  scopes: [\n    // irislint-disable-next-line unknown-scope\n    { scope: 'asset.view', optional: false },\n  ],\n}",
			fixes: []string{"safe: remove the directive"},
			want:  map[string]string{testManifest: "{\n  scopes: [\n    { scope: 'asset.view', optional: false },\n  ],\n}"}},
		{name: "unused ids in a list", rule: UnusedDisable,
			src:   "{\n  scopes: [\n    { scope: 'asset.veiw', optional: false }, // irislint-disable-line duplicate-scope, unknown-scope, sensitive-scope -- legacy\n  ],\n}",
			fixes: []string{"safe: remove duplicate-scope from the directive", "safe: remove sensitive-scope from the directive"},
			want:  map[string]string{testManifest: "{\n  scopes: [\n    { scope: 'asset.veiw', optional: false }, // irislint-disable-line unknown-scope -- legacy\n  ],\n}"}},
		{name: "every id unused: the whole directive, after code", rule: UnusedDisable,
			src:   "{\n  scopes: [\n    { scope: 'asset.view', optional: false }, // irislint-disable-line unknown-scope, sensitive-scope\n  ],\n}",
			fixes: []string{"safe: remove the directive", "safe: remove the directive"},
			want:  map[string]string{testManifest: "{\n  scopes: [\n    { scope: 'asset.view', optional: false },\n  ],\n}"}},
		{name: "a block comment before code", rule: UnusedDisable,
			src:   "{\n  scopes: [\n    /* irislint-disable-line */ { scope: 'asset.view', optional: false },\n  ],\n}",
			fixes: []string{"safe: remove the directive"},
			want:  map[string]string{testManifest: "{\n  scopes: [\n    { scope: 'asset.view', optional: false },\n  ],\n}"}},
		{name: "misspelt ids and directives are corrected, unsafely", rule: UnusedDisable,
			src:   "{\n  scopes: [\n    // irislint-disable-nextline sensitive-scope\n    // irislint-disable-next-line sensitve-scope\n    { scope: 'account.user.manage', optional: false },\n  ],\n}",
			fixes: []string{`unsafe: use irislint-disable-next-line`, `unsafe: use sensitive-scope`},
			want:  map[string]string{testManifest: "{\n  scopes: [\n    // irislint-disable-next-line sensitive-scope\n    // irislint-disable-next-line sensitive-scope\n    { scope: 'account.user.manage', optional: false },\n  ],\n}"}},
		{name: "an unknown directive with no likely meaning is removed", rule: UnusedDisable,
			src:   "{\n  scopes: [\n    // irislint-disable-everything\n    { scope: 'asset.view', optional: false },\n  ],\n}",
			fixes: []string{"safe: remove the directive"},
			want:  map[string]string{testManifest: "{\n  scopes: [\n    { scope: 'asset.view', optional: false },\n  ],\n}"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := manifest(t, tt.src, tt.files)
			var opts Options
			if tt.testCat {
				opts.Catalogue = testCatalogue(t)
			}
			diags := Check(m, opts)
			if diff := cmp.Diff(tt.fixes, fixSummaries(diags, tt.rule.ID)); diff != "" {
				t.Errorf("fixes (-want +got):\n%s", diff)
			}
			got := applyRuleFixes(t, m, diags, tt.rule.ID)
			want := map[string]string{}
			for rel, text := range tt.want {
				if rel == testManifest {
					text = manifestHead + text + ";\n"
				}
				want[rel] = text
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("files after the fixes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEscapeString(t *testing.T) {
	for _, tt := range []struct {
		s    string
		q    byte
		want string
	}{
		{`a'b"c`, '\'', `a\'b"c`},
		{`a'b"c`, '"', `a'b\"c`},
		{"a`${b}\\", '`', "a\\`\\${b}\\\\"},
		{"line\nbreak\u2028", '"', `line\nbreak\u2028`},
	} {
		if got := escapeString(tt.s, tt.q); got != tt.want {
			t.Errorf("escapeString(%q, %c) = %s, want %s", tt.s, tt.q, got, tt.want)
		}
	}
	if !isIdentifier("LINK") || isIdentifier("connect-src") || isIdentifier("1a") || isIdentifier("") {
		t.Error("isIdentifier")
	}
}
