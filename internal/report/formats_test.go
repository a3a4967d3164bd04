package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/irislint/irislint/analyzer"
	srcfile "github.com/irislint/irislint/internal/source"
	"github.com/irislint/irislint/lint"
	"github.com/irislint/irislint/rules"
)

func TestGitHub(t *testing.T) {
	root := "/repo"
	diags := []rules.Diagnostic{
		{Rule: "unknown-scope", Severity: rules.Error, Pos: span("/repo/apps/demo/iris-app-manifest.ts", 18, 14, 18, 26),
			Message: `unknown scope "asset.veiw"; did you mean "asset.view"?`},
		{Rule: "token-callback-without-scopes", Severity: rules.Warning, Pos: analyzer.Position{File: "/repo/apps/a,b:c/m.ts", Line: 2, Column: 7},
			Message: "100% sure:\r\nline two, with a comma"},
		{Rule: "demo-multiline", Severity: rules.Error, Pos: span("/repo/libs/x.ts", 3, 2, 5, 3), Message: "over lines"},
		{Rule: "demo-empty", Severity: rules.Error, Pos: span("/repo/x.ts", 9, 31, 9, 31), Message: "empty span"},
		{Rule: "demo-outside", Severity: rules.Error, Pos: span("/elsewhere/y.ts", 1, 1, 1, 2), Message: "outside the root"},
		{Rule: "read", Severity: rules.Error, Message: "no position"},
		{Rule: "demo-off", Severity: rules.Off, Pos: analyzer.Position{File: "/repo/x.ts", Line: 1}, Message: "neither"},
	}
	want := `::error file=apps/demo/iris-app-manifest.ts,line=18,col=14,endLine=18,endColumn=26,title=unknown-scope::unknown scope "asset.veiw"; did you mean "asset.view"?
::warning file=apps/a%2Cb%3Ac/m.ts,line=2,col=7,title=token-callback-without-scopes::100%25 sure:%0D%0Aline two, with a comma
::error file=libs/x.ts,line=3,endLine=5,title=demo-multiline::over lines
::error file=x.ts,line=9,col=31,endLine=9,title=demo-empty::empty span
::error file=/elsewhere/y.ts,line=1,col=1,endLine=1,endColumn=2,title=demo-outside::outside the root
::error title=read::no position
::notice file=x.ts,line=1,title=demo-off::neither
`
	var buf bytes.Buffer
	if err := GitHub(&buf, toLint(diags), root); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("GitHub (-want +got):\n%s", diff)
	}
	if err := GitHub(failingWriter{}, toLint(diags), root); err == nil {
		t.Error("GitHub: want the writer's error")
	}
}

func TestSARIF(t *testing.T) {
	rs := []*rules.Rule{
		{ID: "unknown-scope", Severity: rules.Error, Summary: "a scope name that is not in the scope catalogue",
			Doc: "Why it matters,\nover two lines.\n\n```ts\nbad()\n```"},
		{ID: "token-callback-without-scopes", Severity: rules.Warning, Summary: "a tokenCallback with no scopes."},
		rules.LoadFailureByID("syntax"),
	}
	diags := []rules.Diagnostic{
		{Rule: "unknown-scope", Severity: rules.Error, Pos: span("/repo/apps/my app/iris-app-manifest.ts", 18, 14, 18, 26),
			Message: `unknown scope "asset.veiw"`, Suggestions: []string{"asset.view"},
			Fixes: []rules.Fix{
				{Message: "an unsafe one", Edits: []rules.Edit{
					{Pos: span("/repo/apps/my app/iris-app-manifest.ts", 20, 1, 21, 1)},
					{Pos: span("/elsewhere/lib.ts", 2, 3, 2, 5), NewText: "x"},
					{Pos: span("/repo/apps/my app/iris-app-manifest.ts", 18, 15, 18, 25), NewText: "asset.view"},
				}},
				{Message: "a safe one", Safe: true, Edits: []rules.Edit{{Pos: span("/repo/apps/my app/iris-app-manifest.ts", 18, 15, 18, 25), NewText: "asset.view"}}},
			}},
		{Rule: "token-callback-without-scopes", Severity: rules.Warning, Pos: analyzer.Position{File: "/repo/x.ts", Line: 2, Column: 7},
			Message: "no end"},
		{Rule: "syntax", Severity: rules.Error, Pos: span("/elsewhere/y.ts", 3, 1, 5, 2), Message: "outside"},
		{Rule: "not-registered", Severity: rules.Warning, Message: "no position"},
	}
	var buf bytes.Buffer
	if err := SARIF(&buf, toLint(diags), SARIFOptions{Root: "/repo", RootURI: true, Version: "v1.2.3", Rules: rs}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name, Version, SemanticVersion, InformationURI string
					Rules                                          []struct {
						ID, Name, HelpURI                 string
						ShortDescription, FullDescription struct{ Text string }
						Help                              struct{ Text, Markdown string }
						DefaultConfiguration              struct{ Level string }
					}
				}
			}
			OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
			ColumnKind         string
			Results            []json.RawMessage
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	run := got.Runs[0]
	d := run.Tool.Driver
	if got.Version != "2.1.0" || d.Name != "irislint" || d.Version != "1.2.3" || d.SemanticVersion != "1.2.3" ||
		d.InformationURI != InformationURI || run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("header: %+v, column kind %q", d, run.ColumnKind)
	}
	if u := run.OriginalURIBaseIDs["%SRCROOT%"].URI; u != "file:///repo/" {
		t.Errorf("originalUriBaseIds = %v", run.OriginalURIBaseIDs)
	}
	if len(d.Rules) != 4 {
		t.Fatalf("want 3 rules and one for the unregistered id, got %d", len(d.Rules))
	}
	r0 := d.Rules[0]
	if r0.ID != "unknown-scope" || r0.Name != "UnknownScope" || r0.ShortDescription.Text != "A scope name that is not in the scope catalogue." ||
		r0.FullDescription.Text != "Why it matters, over two lines." || !strings.Contains(r0.Help.Markdown, "```ts") ||
		r0.HelpURI != "https://github.com/irislint/irislint/blob/main/docs/rules.md#unknown-scope" || r0.DefaultConfiguration.Level != "error" {
		t.Errorf("rule 0 = %+v", r0)
	}
	if r := d.Rules[1]; r.DefaultConfiguration.Level != "warning" || r.ShortDescription.Text != "A tokenCallback with no scopes." || r.FullDescription.Text != r.ShortDescription.Text {
		t.Errorf("rule 1 = %+v", r)
	}
	if r := d.Rules[2]; r.Name != "SyntaxFailure" || !strings.HasSuffix(r.HelpURI, "#load-failures") {
		t.Errorf("rule 2 (a load failure, one-word id) = %+v", r)
	}
	wantResults := []string{
		`{"ruleId":"unknown-scope","ruleIndex":0,"level":"error","message":{"text":"unknown scope \"asset.veiw\""},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"apps/my%20app/iris-app-manifest.ts","uriBaseId":"%SRCROOT%"},"region":{"startLine":18,"startColumn":14,"endLine":18,"endColumn":26}}}],` +
			`"fixes":[{"description":{"text":"an unsafe one"},"artifactChanges":[` +
			`{"artifactLocation":{"uri":"apps/my%20app/iris-app-manifest.ts","uriBaseId":"%SRCROOT%"},"replacements":[` +
			`{"deletedRegion":{"startLine":18,"startColumn":15,"endLine":18,"endColumn":25},"insertedContent":{"text":"asset.view"}},` +
			`{"deletedRegion":{"startLine":20,"startColumn":1,"endLine":21,"endColumn":1}}]},` +
			`{"artifactLocation":{"uri":"file:///elsewhere/lib.ts"},"replacements":[{"deletedRegion":{"startLine":2,"startColumn":3,"endLine":2,"endColumn":5},"insertedContent":{"text":"x"}}]}],` +
			`"properties":{"safe":false}},` +
			`{"description":{"text":"a safe one"},"artifactChanges":[{"artifactLocation":{"uri":"apps/my%20app/iris-app-manifest.ts","uriBaseId":"%SRCROOT%"},"replacements":[` +
			`{"deletedRegion":{"startLine":18,"startColumn":15,"endLine":18,"endColumn":25},"insertedContent":{"text":"asset.view"}}]}],"properties":{"safe":true}}]}`,
		`{"ruleId":"token-callback-without-scopes","ruleIndex":1,"level":"warning","message":{"text":"no end"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"x.ts","uriBaseId":"%SRCROOT%"},"region":{"startLine":2,"startColumn":7,"endLine":2,"endColumn":7}}}]}`,
		`{"ruleId":"syntax","ruleIndex":2,"level":"error","message":{"text":"outside"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"file:///elsewhere/y.ts"},"region":{"startLine":3,"startColumn":1,"endLine":5,"endColumn":2}}}]}`,
		`{"ruleId":"not-registered","ruleIndex":3,"level":"warning","message":{"text":"no position"}}`,
	}
	var gotResults []string
	for _, r := range run.Results {
		var c bytes.Buffer
		if err := json.Compact(&c, r); err != nil {
			t.Fatal(err)
		}
		gotResults = append(gotResults, c.String())
	}
	if diff := cmp.Diff(wantResults, gotResults); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
}

func TestSARIFEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := SARIF(&buf, nil, SARIFOptions{Version: "devel"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"results": []`, `"rules": []`, `"version": "0.0.0-devel"`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("want %s in:\n%s", want, buf.String())
		}
	}
	if strings.Contains(buf.String(), "originalUriBaseIds") || strings.Contains(buf.String(), "semanticVersion") {
		t.Errorf("no root and no release: want neither originalUriBaseIds nor semanticVersion:\n%s", buf.String())
	}
	if err := SARIF(failingWriter{}, nil, SARIFOptions{}); err == nil {
		t.Error("SARIF: want the writer's error")
	}
}

func TestSARIFVersion(t *testing.T) {
	for _, tt := range []struct{ in, version, semantic string }{
		{"v1.2.3", "1.2.3", "1.2.3"},
		{"v0.4.0-rc.1", "0.4.0-rc.1", "0.4.0-rc.1"},
		{"v0.0.0-20260101000000-abcdef123456", "0.0.0-20260101000000-abcdef123456", "0.0.0-20260101000000-abcdef123456"},
		{"devel", "0.0.0-devel", ""},
		// as irislint version prints it: SARIF's version says the same
		{"v0.4.0 (a1b2c3d, scope catalogue 2024-09-06)", "0.4.0 (a1b2c3d, scope catalogue 2024-09-06)", "0.4.0"},
		{"v0.4.0 (a1b2c3d+dirty, scope catalogue 2024-09-06)", "0.4.0 (a1b2c3d+dirty, scope catalogue 2024-09-06)", "0.4.0"},
		{"devel (scope catalogue 2024-09-06)", "0.0.0-devel (scope catalogue 2024-09-06)", ""},
		{"2", "2", ""},
		{"", "", ""},
	} {
		v, s := sarifVersion(tt.in)
		if v != tt.version || s != tt.semantic {
			t.Errorf("sarifVersion(%q) = %q, %q; want %q, %q", tt.in, v, s, tt.version, tt.semantic)
		}
	}
}

// The snippet is the line the run's source model gives (an editor's
// buffer, lines ended by CR or U+2028 as the analyzer ends them), never
// the file re-read and re-split here.
func TestTextLinesFromTheRun(t *testing.T) {
	workDir, file := fixture(t)
	buffer := srcfile.New(file, []byte("\ufeffline one\r\n/* a\u2028b */ x\rlone CR\n  unsaved buffer\n"))
	d := []rules.Diagnostic{
		{Rule: "unknown-scope", Severity: rules.Error, Pos: span(file, 5, 3, 5, 6), Message: "m"},
		{Rule: "unknown-scope", Severity: rules.Error, Pos: span(file, 4, 1, 4, 5), Message: "n"},
	}
	var buf bytes.Buffer
	err := Text(&buf, toLint(d), TextOptions{Lines: func(f string, n int) (string, bool) { return buffer.Line(n) }, WorkDir: workDir})
	if err != nil {
		t.Fatal(err)
	}
	want := "apps/demo/iris-app-manifest.ts:5:3: error: m [unknown-scope]\n  unsaved buffer\n  ^~~\n" +
		"apps/demo/iris-app-manifest.ts:4:1: error: n [unknown-scope]\nlone CR\n^~~~\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("Text with the run's lines (-want +got):\n%s", diff)
	}
}

// A diagnostic in a shared lib names the manifest that brought it in; one
// found in some environments only says which.
func TestTextRelatedAndEnvironments(t *testing.T) {
	ds := []lint.Diagnostic{{
		File: "/ws/libs/s.ts", Line: 4, Column: 12, EndLine: 4, EndColumn: 20, Rule: "unknown-scope", Severity: "error",
		Message: "unknown scope \"x\"", Environments: []string{"production", "staging"},
		Related: []lint.Location{{File: "/ws/apps/a/iris-app-manifest.ts", Line: 6, Column: 31, Message: "the manifest imports libs/s.ts here"}},
	}}
	var buf bytes.Buffer
	if err := Text(&buf, ds, TextOptions{WorkDir: "/ws"}); err != nil {
		t.Fatal(err)
	}
	want := "libs/s.ts:4:12: error: unknown scope \"x\" (in production, staging) [unknown-scope]\n" +
		"  apps/a/iris-app-manifest.ts:6:31: note: the manifest imports libs/s.ts here\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("Text (-want +got):\n%s", diff)
	}
}
