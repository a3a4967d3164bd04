package rules

import (
	"github.com/irislint/irislint/analyzer"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDirectives(t *testing.T) {
	const veiw = `unknown scope "asset.veiw"; did you mean "asset.view"?`
	uScope := func(line, col, end int) Diagnostic {
		return diag(UnknownScope, at(line, col, end), veiw, "asset.view")
	}
	unused := func(line, col, end int, msg string, sugg ...string) Diagnostic {
		return diag(UnusedDisable, at(line, col, end), msg, sugg...)
	}
	lib := map[string]string{"libs/scopes.ts": `export const shared = [
  // irislint-disable-next-line unknown-scope -- kept for the old backend
  { scope: 'asset.veiw', optional: true },
  // irislint-disable-next-line sensitive-scope
  { scope: 'account.view', optional: true },
  // irislint-disable-next-line unknwn-scope
  { scope: 'account.alert.view', optional: true },
];
`}
	tests := []struct {
		name  string
		src   string
		files map[string]string
		opts  Options
		want  []Diagnostic
	}{
		{name: "next line, same line, block comment, reason", src: `{
  scopes: [
    // irislint-disable-next-line unknown-scope
    { scope: "asset.veiw", optional: false },
    { scope: "asset.veiw", optional: false }, // irislint-disable-line unknown-scope, duplicate-scope -- legacy
    /* irislint-disable-next-line duplicate-scope unknown-scope */
    { scope: "asset.veiw", optional: false },
    { scope: "asset.veiw", optional: false },
  ],
}`, want: []Diagnostic{
			diag(DuplicateScope, at(8, 14, 26), `scope "asset.veiw" is declared 4 times (first at line 4)`),
			uScope(8, 14, 26),
		}},
		{name: "only the named rules", src: `{
  scopes: [
    { scope: "asset.veiw", optional: false },
    // irislint-disable-next-line unknown-scope
    { scope: "asset.veiw", optional: false },
  ],
}`, want: []Diagnostic{
			uScope(3, 14, 26),
			diag(DuplicateScope, at(5, 14, 26), `scope "asset.veiw" is declared twice (first at line 3)`),
		}},
		{name: "every rule", src: `{
  scopes: [
    { scope: "asset.veiw", optional: false },
    { scope: "asset.veiw", optional: false }, // irislint-disable-line
  ],
}`, want: []Diagnostic{uScope(3, 14, 26)}},
		{name: "unused", src: `{
  scopes: [
    // irislint-disable-next-line unknown-scope, sensitive-scope
    { scope: "asset.veiw", optional: false },
    // irislint-disable-next-line
    { scope: "asset.view", optional: false },
    { scope: "account.view", optional: false }, /* irislint-disable-line duplicate-scope */
  ],
}`, want: []Diagnostic{
			unused(3, 50, 65, "unused directive: no sensitive-scope problem on line 4"),
			unused(5, 8, 34, "unused directive: no problem on line 6"),
			unused(7, 74, 89, "unused directive: no duplicate-scope problem on this line"),
		}},
		{name: "unknown ids and directives", src: `{
  scopes: [
    // irislint-disable-next-line unknwn-scope,eval , unused-disable no-such-thing
    { scope: "asset.view", optional: false },
    // irislint-disable-nextline unknown-scope
    // irislint-disable -- the whole file
  ],
}`, want: []Diagnostic{
			unused(3, 35, 47, `unknown rule "unknwn-scope" in irislint-disable-next-line; did you mean "unknown-scope"?`, "unknown-scope"),
			unused(3, 48, 52, `load failure "eval" cannot be disabled: a manifest that does not load is not checked`),
			unused(3, 55, 69, `unused-disable cannot be disabled inline: set it to "off" in .irislint.yaml`),
			unused(3, 70, 83, `unknown rule "no-such-thing" in irislint-disable-next-line (irislint rules lists them)`),
			unused(5, 8, 33, `unknown directive "irislint-disable-nextline"; did you mean "irislint-disable-next-line"?`, "irislint-disable-next-line"),
			unused(6, 8, 24, `unknown directive "irislint-disable": irislint knows irislint-disable-next-line and irislint-disable-line`),
		}},
		{name: "a rule that is off", opts: Options{Severity: map[string]Severity{"unknown-scope": Off}}, src: `{
  scopes: [
    // irislint-disable-next-line unknown-scope
    { scope: "asset.veiw", optional: false },
  ],
}`, want: []Diagnostic{unused(3, 35, 48, "unused directive: unknown-scope is off")}},
		{name: "unused-disable off still disables", opts: Options{Severity: map[string]Severity{"unused-disable": Off}}, src: `{
  scopes: [
    // irislint-disable-next-line unknown-scope, sensitive-scope, bogus
    { scope: "asset.veiw", optional: false },
  ],
}`},
		{name: "unused-disable as an error", opts: Options{Severity: map[string]Severity{"unused-disable": Error}}, src: `{
  scopes: [
    { scope: "asset.view", optional: false }, // irislint-disable-line unknown-scope
  ],
}`, want: []Diagnostic{{Rule: "unused-disable", Severity: Error, Pos: at(3, 72, 85),
			Message: "unused directive: no unknown-scope problem on this line"}}},
		{name: "in a lib: disables there; unused is not reported, unknown ids are", files: lib, src: `{
  scopes: require("../../libs/scopes").shared,
}`, want: []Diagnostic{
			diag(UnusedDisable, atFile("libs/scopes.ts", 6, 33, 45),
				`unknown rule "unknwn-scope" in irislint-disable-next-line; did you mean "unknown-scope"?`, "unknown-scope"),
		}},
		{name: "not in strings", src: `{
  scopes: [
    { scope: "asset.veiw", optional: false, note: "// irislint-disable-line" },
    { scope: ` + "`/* irislint-disable-line */`" + `, optional: false },
  ],
}`, want: []Diagnostic{
			uScope(3, 14, 26),
			diag(InvalidScopeEntry, at(3, 45, 49), `scopes[0] has unknown property "note": only "scope" and "optional" are allowed`),
			diag(UnknownScope, at(4, 14, 43), `unknown scope "/* irislint-disable-line */"`),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := manifest(t, tt.src, tt.files)
			got := normalize(m, Check(m, tt.opts))
			if diff := cmp.Diff(tt.want, got, ignoreFixes); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestDirectivesFromTheRun reads the directives from the files as the
// run read them (once, for bundling too), never again from disk: an edit
// after the run read the file changes nothing, and a buffer (an editor's)
// stands for the file.
func TestDirectivesFromTheRun(t *testing.T) {
	src := `{
  scopes: [
    // irislint-disable-next-line unknown-scope
    { scope: "asset.veiw", optional: false },
  ],
}`
	m := manifest(t, src, nil)
	if got := Check(m, Options{}); len(got) != 0 {
		t.Fatalf("from the run's copy: %v", got)
	}
	if err := os.WriteFile(m.Path, []byte("export default {};\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Check(m, Options{}); len(got) != 0 {
		t.Errorf("the file was read again after the run read it: %v", got)
	}
	buffered, err := analyzer.Load(m.Path, analyzer.Options{Source: []byte("export default " + src + ";\n")})
	if err != nil {
		t.Fatal(err)
	}
	if got := Check(buffered, Options{}); len(got) != 0 {
		t.Errorf("from the buffer: %v", got)
	}
}
