package rules

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/scopes"
)

// ruleCase is one table row: a manifest snippet (see workspace_test.go)
// with other files of its workspace, an optional edit of the loaded
// Manifest, the options, and the exact diagnostics the rule under test
// must report.
type ruleCase struct {
	name  string
	src   string
	files map[string]string
	edit  func(*analyzer.Manifest)
	cat   *scopes.Catalogue
	opts  Options // Catalogue is cat when set
	want  []Diagnostic
}

// ignoreFixes leaves fixes out of a comparison of diagnostics: the
// tables here are about what is reported and where; fix_test.go checks
// each rule's fixes by what they make of the source.
var ignoreFixes = cmpopts.IgnoreFields(Diagnostic{}, "Fixes")

// only runs Check with every rule but r turned off.
func only(r *Rule, m *analyzer.Manifest, opts Options) []Diagnostic {
	sev := map[string]Severity{}
	for _, other := range All() {
		if other != r {
			sev[other.ID] = Off
		}
	}
	for id, s := range opts.Severity {
		sev[id] = s
	}
	opts.Severity = sev
	return normalize(m, Check(m, opts))
}

func runCases(t *testing.T, r *Rule, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := manifest(t, tc.src, tc.files)
			if tc.edit != nil {
				tc.edit(m)
			}
			opts := tc.opts
			if tc.cat != nil {
				opts.Catalogue = tc.cat
			}
			got := only(r, m, opts)
			if diff := cmp.Diff(tc.want, got, ignoreFixes); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// diag is a diagnostic of rule r at its default severity.
func diag(r *Rule, pos analyzer.Position, msg string, sugg ...string) Diagnostic {
	return Diagnostic{Rule: r.ID, Severity: r.Severity, Message: msg, Pos: pos, Suggestions: sugg}
}

// via adds to d, found in the lib at rel, the related location of the
// manifest's import of it: the specifier at line, col to endCol.
func via(d Diagnostic, rel string, line, col, endCol int) Diagnostic {
	d.Related = append(d.Related, Related{Pos: at(line, col, endCol), Message: "the manifest imports " + rel + " here"})
	return d
}

// testCatalogue is the default catalogue plus a few names close to each
// other (for multi-name suggestions) and some history.
func testCatalogue(t *testing.T) *scopes.Catalogue {
	t.Helper()
	c, err := scopes.Default().WithExtra([]scopes.Scope{
		{Name: "app.rea"}, {Name: "app.read"}, {Name: "app.rear"}, {Name: "app.real"},
		{Name: "demo.new.view"},
	})
	if err != nil {
		t.Fatal(err)
	}
	c.Removed = append(c.Removed,
		scopes.Removal{Name: "legacy.report.view", When: "2024-03-01", Note: "use account.view"},
		scopes.Removal{Name: "legacy.nodate"},
	)
	c.Renamed = append(c.Renamed,
		scopes.Rename{Old: "demo.old.view", New: "demo.mid.view", When: "2024-01-02"},
		scopes.Rename{Old: "demo.mid.view", New: "demo.new.view", When: "2024-02-03"},
	)
	return c
}

func TestUnknownScope(t *testing.T) {
	r := UnknownScope
	const private = `: "foo" is not a namespace of the catalogue; declare a private scope under extraScopes in .irislint.yaml`
	long := strings.Repeat("x", 200)
	runCases(t, r, []ruleCase{
		{name: "known scopes", src: `{
  scopes: [
    { scope: "asset.view", optional: false },
    { scope: "api.iris.app.proxy.fetch", optional: true },
  ],
}`},
		{name: "no scopes", src: `{ specVersion: "1.1" }`},
		{name: "typo", src: `{
  scopes: [
    { scope: "asset.view", optional: false },
    { scope: "asset.veiw", optional: false },
  ],
}`, want: []Diagnostic{
			diag(r, at(4, 14, 26), `unknown scope "asset.veiw"; did you mean "asset.view"?`, "asset.view"),
		}},
		{name: "wrong case", src: `{
  scopes: [
    { scope: "Asset.View", optional: false },
  ],
}`, want: []Diagnostic{
			diag(r, at(3, 14, 26), `unknown scope "Asset.View"; did you mean "asset.view"?`, "asset.view"),
		}},
		{name: "nothing close", src: `{
  scopes: [
    { scope: "foo.bar", optional: false },
  ],
}`, want: []Diagnostic{
			diag(r, at(3, 14, 23), `unknown scope "foo.bar"`+private),
		}},
		{name: "nothing close in a known namespace", src: `{
  scopes: [
    { scope: "account.fleet.history", optional: false },
    { scope: "nodots", optional: false },
  ],
}`, want: []Diagnostic{
			diag(r, at(3, 14, 37), `unknown scope "account.fleet.history"`),
			diag(r, at(4, 14, 22), `unknown scope "nodots"`),
		}},
		{name: "a private namespace known from extraScopes", cat: testCatalogue(t), src: `{
  scopes: [
    { scope: "app.write", optional: false },
  ],
}`, want: []Diagnostic{
			diag(r, at(3, 14, 25), `unknown scope "app.write"`),
		}},
		{name: "several suggestions, at most three", cat: testCatalogue(t), src: `{
  scopes: [
    { scope: "app.reax", optional: false },
  ],
}`, want: []Diagnostic{
			diag(r, at(3, 14, 24), `unknown scope "app.reax"; did you mean "app.rea", "app.read" or "app.real"?`,
				"app.rea", "app.read", "app.real"),
		}},
		{name: "renamed and removed names are renamed-scope's", cat: testCatalogue(t), src: `{
  scopes: [
    { scope: "account.irisx.proxy.store-secret", optional: false },
    { scope: "legacy.report.view", optional: false },
  ],
}`},
		{name: "extra scope from config is known", cat: testCatalogue(t), src: `{
  scopes: [
    { scope: "demo.new.view", optional: false },
  ],
}`},
		{name: "empty, blank and non-string names are invalid-scope-entry's", src: `{
  scopes: [
    { scope: "", optional: false },
    { scope: "  ", optional: false },
    { scope: 42, optional: false },
    "asset.veiw",
  ],
}`},
		{name: "every occurrence", src: `{
  scopes: [
    { scope: "foo.bar", optional: false },
    { scope: "foo.bar", optional: true },
  ],
}`, want: []Diagnostic{
			diag(r, at(3, 14, 23), `unknown scope "foo.bar"`+private),
			diag(r, at(4, 14, 23), `unknown scope "foo.bar"`+private),
		}},
		{name: "long names are cut in the message", src: `{
  scopes: [
    { scope: "` + long + `", optional: false },
  ],
}`, want: []Diagnostic{
			diag(r, at(3, 14, 216), `unknown scope "`+long[:maxQuoted]+`"...`),
		}},
	})
}

func TestRenamedScope(t *testing.T) {
	r := RenamedScope
	runCases(t, r, []ruleCase{
		{name: "current names", src: `{
  scopes: [
    { scope: "account.iris.app.store-secret", optional: false },
    { scope: "asset.veiw", optional: false },
  ],
}`},
		{name: "no scopes", src: `{}`},
		{name: "renamed", src: `{
  scopes: [
    { scope: "account.irisx.proxy.store-secret", optional: false },
  ],
}`, want: []Diagnostic{
			diag(r, at(3, 14, 48), `scope "account.irisx.proxy.store-secret" was renamed to "account.iris.app.store-secret" `+
				`(2024-07-26); the platform no longer grants the old name`, "account.iris.app.store-secret"),
		}},
		{name: "renamed twice", cat: testCatalogue(t), src: `{
  scopes: [
    { scope: "demo.old.view", optional: true },
  ],
}`, want: []Diagnostic{
			diag(r, at(3, 14, 29), `scope "demo.old.view" was renamed to "demo.mid.view" (2024-01-02), `+
				`which is now "demo.new.view"; the platform no longer grants the old name`, "demo.new.view"),
		}},
		{name: "removed", cat: testCatalogue(t), src: `{
  scopes: [
    { scope: "legacy.report.view", optional: false },
    { scope: "legacy.nodate", optional: false },
  ],
}`, want: []Diagnostic{
			diag(r, at(3, 14, 34), `scope "legacy.report.view" was removed (2024-03-01); the platform no longer grants it: use account.view`),
			diag(r, at(4, 14, 29), `scope "legacy.nodate" was removed; the platform no longer grants it`),
		}},
	})
}

func TestDuplicateScope(t *testing.T) {
	r := DuplicateScope
	lib := map[string]string{"libs/common/scopes.ts": `// Shared by every app.
export const base = [
  { scope: 'asset.view', optional: false },
];
`}
	const three = `{
  scopes: [
    { scope: "asset.view", optional: false },
    { scope: "account.view", optional: false },
    { scope: "asset.view", optional: true },
    { scope: "asset.view", optional: false },
  ],
}`
	runCases(t, r, []ruleCase{
		{name: "distinct", src: `{
  scopes: [
    { scope: "asset.view", optional: false },
    { scope: "account.view", optional: false },
    { scope: "", optional: false },
    { scope: "", optional: false },
  ],
}`},
		{name: "no scopes", src: `{ scopes: "asset.view" }`},
		{name: "twice and three times", src: three, want: []Diagnostic{
			diag(r, at(5, 14, 26), `scope "asset.view" is declared twice (first at line 3)`),
			diag(r, at(6, 14, 26), `scope "asset.view" is declared 3 times (first at line 3)`),
		}},
		{name: "unknown names too", src: `{
  scopes: [
    { scope: "foo.bar", optional: false },
    { scope: "foo.bar", optional: false },
  ],
}`, want: []Diagnostic{
			diag(r, at(4, 14, 23), `scope "foo.bar" is declared twice (first at line 3)`),
		}},
		// The later names are not written as `scope:` values, so that the
		// locator gives the first value the lib's literal.
		{name: "first in a lib", files: lib, src: `{
  scopes: [
    ...require("../../libs/common/scopes").base,
    { scope: "account.view", optional: false },
    { scope: String("asset.view"), optional: true },
    { scope: String("asset.view"), optional: false },
  ],
}`, want: []Diagnostic{
			diag(r, at(5, 21, 33), `scope "asset.view" is declared twice (first at libs/common/scopes.ts:3)`),
			diag(r, at(6, 21, 33), `scope "asset.view" is declared 3 times (first at libs/common/scopes.ts:3)`),
		}},
		{name: "first outside the workspace", src: three, edit: func(m *analyzer.Manifest) {
			m.ScopeEntries[0].Pos = analyzer.Position{File: "/other/scopes.ts", Line: 2, Column: 3, EndLine: 2, EndColumn: 15}
		}, want: []Diagnostic{
			diag(r, at(5, 14, 26), `scope "asset.view" is declared twice (first at /other/scopes.ts:2)`),
			diag(r, at(6, 14, 26), `scope "asset.view" is declared 3 times (first at /other/scopes.ts:2)`),
		}},
		{name: "later occurrence in a lib", files: lib, src: `{
  scopes: [
    { scope: "asset.view", optional: false },
    ...require("../../libs/common/scopes").base,
  ],
}`, want: []Diagnostic{
			via(diag(r, atFile("libs/common/scopes.ts", 3, 12, 24),
				`scope "asset.view" is declared twice (first at apps/demo/iris-app-manifest.ts:3)`),
				"libs/common/scopes.ts", 4, 16, 42),
		}},
		{name: "same literal twice", files: lib, src: `{
  scopes: [
    ...require("../../libs/common/scopes").base,
    ...require("../../libs/common/scopes").base,
    ...require("../../libs/common/scopes").base,
  ],
}`, want: []Diagnostic{
			via(diag(r, atFile("libs/common/scopes.ts", 3, 12, 24), `scope "asset.view" is declared 3 times (first as scopes[0])`), "libs/common/scopes.ts", 3, 16, 42),
			via(diag(r, atFile("libs/common/scopes.ts", 3, 12, 24), `scope "asset.view" is declared twice (first as scopes[0])`), "libs/common/scopes.ts", 3, 16, 42),
		}},
	})
}

func TestInvalidScopeEntry(t *testing.T) {
	r := InvalidScopeEntry
	runCases(t, r, []ruleCase{
		{name: "good", src: `{
  scopes: [
    { scope: "asset.view", optional: false },
    { optional: true, scope: "asset.veiw" },
  ],
}`},
		{name: "empty array", src: `{ scopes: [] }`},
		{name: "absent", src: `{ specVersion: "1.1" }`},
		{name: "undefined", src: `{ scopes: undefined }`},
		{name: "not an array", src: `{
  scopes: { scope: "asset.view", optional: false },
}`, want: []Diagnostic{
			// an object is shown by its first property
			diag(r, at(2, 13, 18), `scopes must be an array of { scope, optional } objects, not an object`),
		}},
		{name: "a string", src: `{
  scopes: "asset.view account.view",
}`, want: []Diagnostic{
			diag(r, at(2, 11, 36), `scopes must be an array of { scope, optional } objects, not "asset.view account.view"`),
		}},
		{name: "elements that are not objects", src: `{
  scopes: [
    "asset.view",
    null,
    [],
  ],
}`, want: []Diagnostic{
			// a value that is neither a string nor an object is shown by
			// the property that holds it
			diag(r, at(2, 3, 9), `scopes[1] must be an object like { scope: "asset.view", optional: false }, not null`),
			diag(r, at(2, 3, 9), `scopes[2] must be an object like { scope: "asset.view", optional: false }, not an array`),
			diag(r, at(3, 5, 17), `scopes[0] must be an object like { scope: "asset.view", optional: false }, not "asset.view"`),
		}},
		{name: "scope missing, wrong type, empty, blank", src: `{
  scopes: [
    { optional: false },
    { scope: 42, optional: false },
    { scope: "", optional: false },
    { scope: " ", optional: false },
    { scope: undefined, optional: false },
  ],
}`, want: []Diagnostic{
			diag(r, at(3, 7, 15), `scopes[0] has no "scope" property: it names the scope the app asks for`),
			diag(r, at(4, 7, 12), `scopes[1].scope must be a string, not 42`),
			diag(r, at(5, 14, 16), `scopes[2].scope is an empty string`),
			diag(r, at(6, 14, 17), `scopes[3].scope " " is blank`),
			diag(r, at(7, 7, 12), `scopes[4].scope must be a string, not undefined`),
		}},
		{name: "optional missing or not a boolean", src: `{
  scopes: [
    { scope: "asset.view" },
    { scope: "account.view", optional: "false" },
    { scope: "account.alert.view", optional: 0 },
  ],
}`, want: []Diagnostic{
			diag(r, at(3, 14, 26), `scopes[0] has no "optional" property: the SDK's manifest type requires it `+
				`(true lets the installing user deny the scope)`),
			diag(r, at(4, 40, 47), `scopes[1].optional must be a boolean, not "false"`),
			diag(r, at(5, 36, 44), `scopes[2].optional must be a boolean, not 0`),
		}},
		{name: "unknown keys", src: `{
  scopes: [
    { scope: "asset.view", optional: false, description: "x" },
    { scope: "account.view", optinal: true },
    { Scope: "account.alert.view", optional: true },
    { name: "account.alert.manage", optional: true },
  ],
}`, want: []Diagnostic{
			diag(r, at(3, 45, 56), `scopes[0] has unknown property "description": only "scope" and "optional" are allowed`),
			diag(r, at(4, 14, 28), `scopes[1] has no "optional" property: the SDK's manifest type requires it `+
				`(true lets the installing user deny the scope)`),
			diag(r, at(4, 30, 37), `scopes[1] has unknown property "optinal"; did you mean "optional"?`, "optional"),
			diag(r, at(5, 7, 12), `scopes[2] has no "scope" property: it names the scope the app asks for`),
			diag(r, at(5, 7, 12), `scopes[2] has unknown property "Scope"; did you mean "scope"?`, "scope"),
			diag(r, at(6, 7, 11), `scopes[3] has no "scope" property: it names the scope the app asks for`),
			diag(r, at(6, 7, 11), `scopes[3] has unknown property "name": only "scope" and "optional" are allowed`),
		}},
		{name: "a near key is unknown when the real one is there", src: `{
  scopes: [
    { scope: "asset.view", scopes: "x", optional: false },
  ],
}`, want: []Diagnostic{
			diag(r, at(3, 28, 34), `scopes[0] has unknown property "scopes": only "scope" and "optional" are allowed`),
		}},
	})
}

func TestTokenCallbackURL(t *testing.T) {
	r := TokenCallbackURL
	cb := func(url string) string {
		return `{
  scopes: [{ scope: "asset.view", optional: false }],
  tokenCallback: { url: ` + url + ` },
}`
	}
	runCases(t, r, []ruleCase{
		{name: "https", src: cb(`"https://example.com/install"`)},
		{name: "https with port and query", src: cb(`"HTTPS://example.com:8443/install?x=1"`)},
		{name: "absent", src: `{ scopes: [] }`},
		{name: "undefined", src: `{ tokenCallback: undefined }`},
		{name: "http", src: cb(`"http://example.com/install"`), want: []Diagnostic{
			diag(r, at(3, 25, 53), `tokenCallback.url "http://example.com/install" must use https: it receives the app's client secret`),
		}},
		{name: "relative", src: cb(`"/install"`), want: []Diagnostic{
			diag(r, at(3, 25, 35), `tokenCallback.url "/install" is not an absolute URL: it receives the app's client secret`),
		}},
		{name: "no scheme", src: cb(`"example.com/install"`), want: []Diagnostic{
			diag(r, at(3, 25, 46), `tokenCallback.url "example.com/install" is not an absolute URL: it receives the app's client secret`),
		}},
		{name: "unparsable", src: cb(`"https://exa mple.com/"`), want: []Diagnostic{
			diag(r, at(3, 25, 48), `tokenCallback.url "https://exa mple.com/" is not an absolute URL: it receives the app's client secret`),
		}},
		{name: "user info, password redacted", src: cb(`"https://user:hunter2@example.com/install"`), want: []Diagnostic{
			diag(r, at(3, 25, 67), `tokenCallback.url "https://user:xxxxx@example.com/install" must not contain user info: `+
				`credentials in the manifest end up in source control and in the published app`),
		}},
		{name: "user info over http: two problems", src: cb(`"http://user:pw@example.com"`), want: []Diagnostic{
			diag(r, at(3, 25, 53), `tokenCallback.url "http://user:xxxxx@example.com" must not contain user info: `+
				`credentials in the manifest end up in source control and in the published app`),
			diag(r, at(3, 25, 53), `tokenCallback.url "http://user:xxxxx@example.com" must use https: it receives the app's client secret`),
		}},
		{name: "empty host", src: cb(`"https:///install"`), want: []Diagnostic{
			diag(r, at(3, 25, 43), `tokenCallback.url "https:///install" has no host: it receives the app's client secret`),
		}},
		{name: "port only", src: cb(`"https://:443/install"`), want: []Diagnostic{
			diag(r, at(3, 25, 47), `tokenCallback.url "https://:443/install" has no host: it receives the app's client secret`),
		}},
		{name: "empty", src: cb(`""`), want: []Diagnostic{
			diag(r, at(3, 25, 27), `tokenCallback.url is an empty string: it must be the https URL that receives the app's client secret`),
		}},
		{name: "not a string", src: cb(`undefined`), want: []Diagnostic{
			diag(r, at(3, 20, 23), `tokenCallback.url must be a string, not undefined: it receives the app's client secret`),
		}},
		{name: "url missing", src: `{
  tokenCallback: { uri: "https://example.com" },
}`, want: []Diagnostic{
			diag(r, at(2, 20, 23), `tokenCallback has no "url" property: it says where Trackunit sends the app's client secret`),
		}},
		{name: "not an object", src: `{
  tokenCallback: "https://example.com/install",
}`, want: []Diagnostic{
			diag(r, at(2, 18, 47), `tokenCallback must be an object like { url: "https://..." }, not "https://example.com/install"`),
		}},
	})
}

func TestTokenCallbackWithoutScopes(t *testing.T) {
	r := TokenCallbackWithoutScopes
	want := func(line int) []Diagnostic {
		return []Diagnostic{diag(r, at(line, 3, 16),
			`tokenCallback is set but the manifest declares no scopes: the token it leads to can call no API`)}
	}
	runCases(t, r, []ruleCase{
		{name: "with scopes", src: `{
  scopes: [{ scope: "asset.view", optional: false }],
  tokenCallback: { url: "https://example.com" },
}`},
		{name: "neither", src: `{ specVersion: "1.1" }`},
		{name: "scopes without callback", src: `{ scopes: [] }`},
		{name: "callback undefined", src: `{ scopes: [], tokenCallback: undefined }`},
		{name: "scopes absent", src: `{
  specVersion: "1.1",
  tokenCallback: { url: "https://example.com" },
}`, want: want(3)},
		{name: "scopes empty", src: `{
  scopes: [],
  tokenCallback: { url: "https://example.com" },
}`, want: want(3)},
		{name: "scopes undefined", src: `{
  scopes: undefined,
  tokenCallback: { url: "https://example.com" },
}`, want: want(3)},
		{name: "scopes not an array", src: `{
  scopes: "asset.view",
  tokenCallback: { url: "https://example.com" },
}`, want: want(3)},
		{name: "callback of the wrong shape still counts", src: `{
  tokenCallback: "https://example.com",
}`, want: want(2)},
	})
}

// TestCheck runs every rule together: the order is by position, then rule.
func TestCheck(t *testing.T) {
	m := manifest(t, `{
  scopes: [
    { scope: "asset.veiw", optional: false },
    { scope: "asset.veiw" },
  ],
  tokenCallback: { url: "http://example.com" },
}`, nil)
	got := normalize(m, Check(m, Options{}))
	want := []Diagnostic{
		diag(UnknownScope, at(3, 14, 26), `unknown scope "asset.veiw"; did you mean "asset.view"?`, "asset.view"),
		diag(DuplicateScope, at(4, 14, 26), `scope "asset.veiw" is declared twice (first at line 3)`),
		diag(InvalidScopeEntry, at(4, 14, 26), `scopes[1] has no "optional" property: the SDK's manifest type requires it `+
			`(true lets the installing user deny the scope)`),
		diag(UnknownScope, at(4, 14, 26), `unknown scope "asset.veiw"; did you mean "asset.view"?`, "asset.view"),
		diag(TokenCallbackURL, at(6, 25, 45), `tokenCallback.url "http://example.com" must use https: it receives the app's client secret`),
	}
	if diff := cmp.Diff(want, got, ignoreFixes); diff != "" {
		t.Errorf("Check (-want +got):\n%s", diff)
	}
}

func TestSeverityOverrides(t *testing.T) {
	m := manifest(t, `{
  scopes: [],
  tokenCallback: { url: "http://example.com" },
}`, nil)
	const (
		noScopes = `tokenCallback is set but the manifest declares no scopes: the token it leads to can call no API`
		http     = `tokenCallback.url "http://example.com" must use https: it receives the app's client secret`
	)
	tests := []struct {
		name string
		sev  map[string]Severity
		want []Diagnostic
	}{
		{"defaults", nil, []Diagnostic{
			{Rule: "token-callback-without-scopes", Severity: Warning, Message: noScopes, Pos: at(3, 3, 16)},
			{Rule: "token-callback-url", Severity: Error, Message: http, Pos: at(3, 25, 45)},
		}},
		{"raised and lowered", map[string]Severity{"token-callback-without-scopes": Error, "token-callback-url": Warning}, []Diagnostic{
			{Rule: "token-callback-without-scopes", Severity: Error, Message: noScopes, Pos: at(3, 3, 16)},
			{Rule: "token-callback-url", Severity: Warning, Message: http, Pos: at(3, 25, 45)},
		}},
		{"one off", map[string]Severity{"token-callback-url": Off}, []Diagnostic{
			{Rule: "token-callback-without-scopes", Severity: Warning, Message: noScopes, Pos: at(3, 3, 16)},
		}},
		{"both off", map[string]Severity{"token-callback-url": Off, "token-callback-without-scopes": Off}, nil},
		{"unknown ids are ignored", map[string]Severity{"no-such-rule": Off}, []Diagnostic{
			{Rule: "token-callback-without-scopes", Severity: Warning, Message: noScopes, Pos: at(3, 3, 16)},
			{Rule: "token-callback-url", Severity: Error, Message: http, Pos: at(3, 25, 45)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := normalize(m, Check(m, Options{Severity: tt.sev}))
			if diff := cmp.Diff(tt.want, got, ignoreFixes); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// The defaults themselves must not change.
	if TokenCallbackURL.Severity != Error || TokenCallbackWithoutScopes.Severity != Warning {
		t.Errorf("Check changed a rule's default severity")
	}
}

func TestFromLoadError(t *testing.T) {
	lib := analyzer.Position{File: "/ws/libs/a.ts", Line: 4, Column: 9, EndLine: 4, EndColumn: 10}
	got := FromLoadError(&analyzer.LoadError{Path: testFile, Problems: []analyzer.Problem{
		{Kind: analyzer.ProblemSyntax, Message: `expected ";" but found "}"`, Pos: lib},
		{Kind: analyzer.ProblemResolve, Message: `could not resolve "@acme/ext"`, Pos: at(2, 20, 31)},
		{Kind: analyzer.ProblemEval, Message: "ReferenceError: window is not defined"},
	}})
	line1 := analyzer.Position{File: testFile, Line: 1, Column: 1}
	want := []Diagnostic{
		{Rule: "unresolved-import", Severity: Error, Message: `could not resolve "@acme/ext"`, Pos: at(2, 20, 31)},
		{Rule: "eval", Severity: Error, Message: "ReferenceError: window is not defined", Pos: line1},
		{Rule: "syntax", Severity: Error, Message: `expected ";" but found "}"`, Pos: lib},
	}
	// Sort orders by file first: "/ws/apps/..." before "/ws/libs/...",
	// and line 1 before line 2 within the manifest.
	want[0], want[1] = want[1], want[0]
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	got = FromLoadError(&analyzer.LoadError{Path: testFile})
	want = []Diagnostic{{Rule: "read", Severity: Error, Message: "the manifest could not be loaded", Pos: line1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("no problems (-want +got):\n%s", diff)
	}
	if got := FromLoadError(nil); got != nil {
		t.Errorf("FromLoadError(nil) = %v", got)
	}
}

func TestRegistry(t *testing.T) {
	want := []string{"unknown-scope", "renamed-scope", "duplicate-scope", "invalid-scope-entry",
		"token-callback-url", "token-callback-without-scopes", "proxy-scope-needs-connect-src",
		"store-secret-without-proxy", "csp-default-src", "legacy-pricing-plan", "sensitive-scope",
		"env-dependent", "unused-disable"}
	var got []string
	seen := map[string]bool{}
	for _, r := range All() {
		got = append(got, r.ID)
		// unused-disable alone is reported by Check itself.
		if (r.Check == nil) != (r == UnusedDisable) || r.Summary == "" || r.Doc == "" || r.Severity == Off {
			t.Errorf("rule %s is incomplete", r.ID)
		}
		if ByID(r.ID) != r {
			t.Errorf("ByID(%q) does not find it", r.ID)
		}
		seen[r.ID] = true
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("registry (-want +got):\n%s", diff)
	}
	for _, r := range LoadFailures {
		if r.Check != nil || r.Severity != Error || r.Summary == "" {
			t.Errorf("load failure %s: want nil Check, Error, a summary", r.ID)
		}
		if seen[r.ID] {
			t.Errorf("load failure %s clashes with a rule id", r.ID)
		}
		if LoadFailureByID(r.ID) != r || ByID(r.ID) != nil {
			t.Errorf("load failure %s: lookups wrong", r.ID)
		}
		seen[r.ID] = true
	}
	for id := range seen {
		if id != strings.ToLower(id) || strings.ContainsAny(id, " _.") {
			t.Errorf("id %q is not kebab-case", id)
		}
	}
}

// TestCheckOddManifests makes sure no rule panics on a Manifest with parts
// missing (the analyzer keeps wrong shapes for the rules to report).
func TestCheckOddManifests(t *testing.T) {
	ms := []*analyzer.Manifest{
		{},
		{Value: &analyzer.Value{Kind: analyzer.KindObject}},
		{Scopes: &analyzer.Value{Kind: analyzer.KindArray, Elems: []*analyzer.Value{nil}},
			ScopeEntries: []analyzer.ScopeEntry{{Index: 0}}},
		{TokenCallback: &analyzer.TokenCallback{}},
		{TokenCallback: &analyzer.TokenCallback{Value: &analyzer.Value{Kind: analyzer.KindObject,
			Fields: []*analyzer.Field{{Key: "url"}}}}},
	}
	for i, m := range ms {
		for _, d := range Check(m, Options{}) {
			t.Logf("manifest %d: %s: %s", i, d.Rule, d.Message)
		}
	}
}
