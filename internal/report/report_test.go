package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/rules"
)

// source is the manifest the golden tests point into. Line 4 is indented
// with tabs; line 6 has multi-byte characters before the span; line 7 has a
// control character.
const source = "import { IrisAppManifest } from '@trackunit/iris-app-api';\n" + // 1
	"const irisAppManifest: IrisAppManifest = {\n" + // 2
	"\tscopes: [\n" + // 3
	"\t\t{ scope: \"asset.veiw\", optional: false },\n" + // 4
	"\t],\n" + // 5
	"  marketplace: { name: \"Flåde ☃\", url: \"http://x.dk\" },\n" + // 6
	"  tokenCallback: { url: \"http://a\x1b[2Jb\" },\n" + // 7
	"};\r\n" + // 8
	"export default irisAppManifest;\n" // 9

// fixture writes source under a temp work dir and returns the work dir and
// the manifest's absolute path.
func fixture(t *testing.T) (workDir, file string) {
	t.Helper()
	workDir = t.TempDir()
	file = filepath.Join(workDir, "apps", "demo", "iris-app-manifest.ts")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(source), 0o644); err != nil {
		t.Fatal(err)
	}
	return workDir, file
}

func span(file string, line, col, endLine, endCol int) analyzer.Position {
	return analyzer.Position{File: file, Line: line, Column: col, EndLine: endLine, EndColumn: endCol}
}

// fixtureDiags covers every caret case; see the golden text below.
func fixtureDiags(file string) []rules.Diagnostic {
	return []rules.Diagnostic{
		{Rule: "unknown-scope", Severity: rules.Error, Pos: span(file, 4, 12, 4, 24),
			Message: `unknown scope "asset.veiw"; did you mean "asset.view"?`, Suggestions: []string{"asset.view"},
			Fixes: []rules.Fix{{Message: `replace with "asset.view"`, Edits: []rules.Edit{{Pos: span(file, 4, 13, 4, 23), NewText: "asset.view"}}}}},
		{Rule: "demo-multibyte", Severity: rules.Warning, Pos: span(file, 6, 40, 6, 53),
			Message: `a span after "å" and "☃"`,
			Fixes: []rules.Fix{
				{Message: "unsafe first", Edits: []rules.Edit{{Pos: span(file, 6, 41, 6, 45), NewText: "https"}}},
				{Message: "a safe one", Safe: true, Edits: []rules.Edit{{Pos: span(file, 6, 41, 6, 45), NewText: "https"}}},
			}},
		{Rule: "demo-multiline", Severity: rules.Error, Pos: span(file, 3, 2, 5, 3),
			Message: "a span over three lines"},
		{Rule: "demo-empty", Severity: rules.Error, Pos: span(file, 9, 31, 9, 31),
			Message: "an empty span"},
		{Rule: "demo-no-end", Severity: rules.Warning, Pos: analyzer.Position{File: file, Line: 2, Column: 7},
			Message: "a position without an end"},
		{Rule: "demo-control", Severity: rules.Error, Pos: span(file, 7, 25, 7, 40),
			Message: "a line with a control character"},
		{Rule: "demo-crlf", Severity: rules.Error, Pos: span(file, 8, 1, 8, 10),
			Message: "a CRLF line, span clamped to the line"},
		{Rule: "demo-past-eof", Severity: rules.Error, Pos: span(file, 40, 1, 40, 2),
			Message: "a line the file does not have"},
		{Rule: "demo-unreadable", Severity: rules.Error, Pos: span("/nonexistent/irislint/x.ts", 1, 1, 1, 2),
			Message: "a file that cannot be read"},
		{Rule: "read", Severity: rules.Error, Pos: analyzer.Position{}, Message: "a diagnostic with no position"},
	}
}

const wantText = `apps/demo/iris-app-manifest.ts:4:12: error: unknown scope "asset.veiw"; did you mean "asset.view"? [unknown-scope] (fix available with --unsafe-fixes)
		{ scope: "asset.veiw", optional: false },
		         ^~~~~~~~~~~~
apps/demo/iris-app-manifest.ts:6:40: warning: a span after "å" and "☃" [demo-multibyte] (fixable with --fix)
  marketplace: { name: "Flåde ☃", url: "http://x.dk" },
                                       ^~~~~~~~~~~~~
apps/demo/iris-app-manifest.ts:3:2: error: a span over three lines [demo-multiline]
	scopes: [
	^
apps/demo/iris-app-manifest.ts:9:31: error: an empty span [demo-empty]
export default irisAppManifest;
                              ^
apps/demo/iris-app-manifest.ts:2:7: warning: a position without an end [demo-no-end]
const irisAppManifest: IrisAppManifest = {
      ^
apps/demo/iris-app-manifest.ts:7:25: error: a line with a control character [demo-control]
  tokenCallback: { url: "http://a?[2Jb" },
                        ^~~~~~~~~~~~~~~
apps/demo/iris-app-manifest.ts:8:1: error: a CRLF line, span clamped to the line [demo-crlf]
};
^~
apps/demo/iris-app-manifest.ts:40:1: error: a line the file does not have [demo-past-eof]
/nonexistent/irislint/x.ts:1:1: error: a file that cannot be read [demo-unreadable]
error: a diagnostic with no position [read]
8 errors, 2 warnings in 2 files (2 manifests checked); 1 fixable with --fix (1 more with --unsafe-fixes)
`

func TestText(t *testing.T) {
	workDir, file := fixture(t)
	var buf bytes.Buffer
	err := Text(&buf, toLint(fixtureDiags(file)), TextOptions{Lines: diskLines, WorkDir: workDir, Summary: true, Files: 2})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantText, buf.String()); diff != "" {
		t.Errorf("Text (-want +got):\n%s", diff)
	}
}

func TestTextOutsideWorkDir(t *testing.T) {
	_, file := fixture(t)
	d := []rules.Diagnostic{{Rule: "unknown-scope", Severity: rules.Error, Pos: span(file, 4, 12, 4, 24), Message: "m"}}
	for _, wd := range []string{"", t.TempDir()} {
		var buf bytes.Buffer
		if err := Text(&buf, toLint(d), TextOptions{Lines: diskLines, WorkDir: wd}); err != nil {
			t.Fatal(err)
		}
		want := file + ":4:12: error: m [unknown-scope]\n" +
			"\t\t{ scope: \"asset.veiw\", optional: false },\n" +
			"\t\t         ^~~~~~~~~~~~\n"
		if diff := cmp.Diff(want, buf.String()); diff != "" {
			t.Errorf("work dir %q (-want +got):\n%s", wd, diff)
		}
	}
}

func TestTextColor(t *testing.T) {
	workDir, file := fixture(t)
	diags := fixtureDiags(file)[:2]
	var buf bytes.Buffer
	if err := Text(&buf, toLint(diags), TextOptions{Lines: diskLines, WorkDir: workDir, Color: true}); err != nil {
		t.Fatal(err)
	}
	want := "apps/demo/iris-app-manifest.ts:4:12: \x1b[1;31merror\x1b[0m: unknown scope \"asset.veiw\"; did you mean \"asset.view\"? \x1b[2m[unknown-scope]\x1b[0m (fix available with --unsafe-fixes)\n" +
		"\t\t{ scope: \"asset.veiw\", optional: false },\n" +
		"\t\t         \x1b[32m^~~~~~~~~~~~\x1b[0m\n" +
		"apps/demo/iris-app-manifest.ts:6:40: \x1b[1;33mwarning\x1b[0m: a span after \"å\" and \"☃\" \x1b[2m[demo-multibyte]\x1b[0m (fixable with --fix)\n" +
		"  marketplace: { name: \"Flåde ☃\", url: \"http://x.dk\" },\n" +
		"                                       \x1b[32m^~~~~~~~~~~~~\x1b[0m\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("Text with colour (-want +got):\n%s", diff)
	}
}

func TestSummary(t *testing.T) {
	e := rules.Diagnostic{Severity: rules.Error}
	w := rules.Diagnostic{Severity: rules.Warning}
	at := func(d rules.Diagnostic, file string) rules.Diagnostic {
		d.Pos.File = file
		return d
	}
	edit := []rules.Edit{{Pos: span("/x.ts", 1, 1, 1, 2), NewText: "y"}}
	safe := rules.Diagnostic{Severity: rules.Error, Fixes: []rules.Fix{{Message: "m", Safe: true, Edits: edit}}}
	unsafe := rules.Diagnostic{Severity: rules.Error, Fixes: []rules.Fix{{Message: "m", Edits: edit}}}
	tests := []struct {
		diags     []rules.Diagnostic
		manifests int
		want      string
	}{
		{nil, 3, "no problems in 3 manifests\n"},
		{nil, 1, "no problems in 1 manifest\n"},
		{nil, 0, "no problems in 0 manifests\n"},
		// no positions: no file to count
		{[]rules.Diagnostic{e}, 1, "1 error (1 manifest checked)\n"},
		{[]rules.Diagnostic{w}, 2, "1 warning (2 manifests checked)\n"},
		{[]rules.Diagnostic{e, e, w}, 3, "2 errors, 1 warning (3 manifests checked)\n"},
		{[]rules.Diagnostic{e, w, w}, 1, "1 error, 2 warnings (1 manifest checked)\n"},
		// files that hold diagnostics, each counted once, apart from the manifests checked
		{[]rules.Diagnostic{at(e, "/ws/a.ts"), at(e, "/ws/a.ts"), at(w, "/ws/lib.ts")}, 3, "2 errors, 1 warning in 2 files (3 manifests checked)\n"},
		{[]rules.Diagnostic{at(e, "/ws/lib.ts")}, 3, "1 error in 1 file (3 manifests checked)\n"},
		// the stdin case: one manifest checked, diagnostics in it and in a lib
		{[]rules.Diagnostic{at(e, "/ws/m.ts"), at(e, "/ws/lib.ts")}, 1, "2 errors in 2 files (1 manifest checked)\n"},
		{[]rules.Diagnostic{safe, safe, e}, 1, "3 errors (1 manifest checked); 2 fixable with --fix\n"},
		{[]rules.Diagnostic{unsafe, w}, 1, "1 error, 1 warning (1 manifest checked); 1 fixable with --fix --unsafe-fixes\n"},
		{[]rules.Diagnostic{at(unsafe, "/ws/a.ts"), at(safe, "/ws/b.ts"), at(unsafe, "/ws/a.ts")}, 2, "3 errors in 2 files (2 manifests checked); 1 fixable with --fix (2 more with --unsafe-fixes)\n"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		// No lines: only the header line per diagnostic, then the count.
		if err := Text(&buf, toLint(tt.diags), TextOptions{Summary: true, Files: tt.manifests}); err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(buf.String(), "\n")
		got := lines[len(lines)-2]
		if got != tt.want {
			t.Errorf("summary of %d diagnostics, %d manifests checked = %q, want %q", len(tt.diags), tt.manifests, got, tt.want)
		}
	}
}

func TestTextNoSummary(t *testing.T) {
	var buf bytes.Buffer
	if err := Text(&buf, nil, TextOptions{Lines: diskLines, Files: 3}); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 0 {
		t.Errorf("Text without diagnostics or summary wrote %q", buf.String())
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrors(t *testing.T) {
	d := []rules.Diagnostic{{Rule: "x", Severity: rules.Error, Message: "m"}}
	if err := Text(failingWriter{}, toLint(d), TextOptions{Lines: diskLines}); err == nil {
		t.Error("Text: want the writer's error")
	}
	if err := JSON(failingWriter{}, toLint(d), 1, ""); err == nil {
		t.Error("JSON: want the writer's error")
	}
}

const wantJSON = `{
  "diagnostics": [
    {
      "file": "apps/demo/iris-app-manifest.ts",
      "line": 4,
      "column": 12,
      "endLine": 4,
      "endColumn": 24,
      "rule": "unknown-scope",
      "severity": "error",
      "message": "unknown scope \"asset.veiw\"; did you mean \"asset.view\"?",
      "suggestions": [
        "asset.view"
      ],
      "fixes": [
        {
          "message": "replace with \"asset.view\"",
          "safe": false,
          "edits": [
            {
              "file": "apps/demo/iris-app-manifest.ts",
              "line": 4,
              "column": 13,
              "endLine": 4,
              "endColumn": 23,
              "newText": "asset.view"
            }
          ]
        }
      ]
    },
    {
      "file": "apps/demo/iris-app-manifest.ts",
      "line": 2,
      "column": 7,
      "endLine": 2,
      "endColumn": 7,
      "rule": "token-callback-without-scopes",
      "severity": "warning",
      "message": "tokenCallback is set but the manifest declares no scopes: the token it leads to can call no API"
    },
    {
      "file": "/elsewhere/libs/<x>.ts",
      "line": 3,
      "column": 1,
      "endLine": 5,
      "endColumn": 2,
      "rule": "duplicate-scope",
      "severity": "error",
      "message": "scope \"a&b\" is declared twice (first at line 1)"
    }
  ],
  "summary": {
    "files": 2,
    "errors": 2,
    "warnings": 1
  }
}
`

func TestJSON(t *testing.T) {
	workDir, file := fixture(t)
	diags := []rules.Diagnostic{
		{Rule: "unknown-scope", Severity: rules.Error, Pos: span(file, 4, 12, 4, 24),
			Message: `unknown scope "asset.veiw"; did you mean "asset.view"?`, Suggestions: []string{"asset.view"},
			Fixes: []rules.Fix{{Message: `replace with "asset.view"`, Edits: []rules.Edit{{Pos: span(file, 4, 13, 4, 23), NewText: "asset.view"}}}}},
		{Rule: "token-callback-without-scopes", Severity: rules.Warning, Pos: analyzer.Position{File: file, Line: 2, Column: 7},
			Message:     "tokenCallback is set but the manifest declares no scopes: the token it leads to can call no API",
			Suggestions: []string{}},
		{Rule: "duplicate-scope", Severity: rules.Error, Pos: span("/elsewhere/libs/<x>.ts", 3, 1, 5, 2),
			Message: `scope "a&b" is declared twice (first at line 1)`},
	}
	var buf bytes.Buffer
	if err := JSON(&buf, toLint(diags), 2, workDir); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantJSON, buf.String()); diff != "" {
		t.Errorf("JSON (-want +got):\n%s", diff)
	}
}

func TestJSONEmpty(t *testing.T) {
	for _, diags := range [][]rules.Diagnostic{nil, {}} {
		var buf bytes.Buffer
		if err := JSON(&buf, toLint(diags), 3, "/work"); err != nil {
			t.Fatal(err)
		}
		want := "{\n  \"diagnostics\": [],\n  \"summary\": {\n    \"files\": 3,\n    \"errors\": 0,\n    \"warnings\": 0\n  }\n}\n"
		if diff := cmp.Diff(want, buf.String()); diff != "" {
			t.Errorf("JSON (-want +got):\n%s", diff)
		}
		var back map[string]any
		if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTextLongLine: a line longer than snippetWidth code points is shown
// around the span, cut with "…", and the caret stays under the span: never
// the whole line, never a caret line of hundreds of spaces.
func TestTextLongLine(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "long.ts")
	// "0123456789" repeated: column c holds the digit (c-1)%10.
	line := strings.Repeat("0123456789", 100) // 1,000 code points
	brackets := strings.Repeat("[", 400_000)  // a hostile file's one line
	if err := os.WriteFile(file, []byte(line+"\n\tconst é = "+line+";\n"+brackets+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	window := func(from, to int) string { return line[from-1 : to-1] } // columns [from, to)
	for _, tc := range []struct {
		name string
		pos  analyzer.Position
		want string
	}{
		{"span in the middle", span(file, 1, 501, 1, 506),
			"…" + window(461, 581) + "…\n" + strings.Repeat(" ", 41) + "^~~~~\n"},
		{"span near the start", span(file, 1, 3, 1, 5),
			window(1, 121) + "…\n" + "  ^~\n"},
		{"span near the end", span(file, 1, 990, 1, 1001),
			"…" + window(950, 1001) + "\n" + strings.Repeat(" ", 41) + "^" + strings.Repeat("~", 10) + "\n"},
		{"span wider than the window", span(file, 1, 401, 1, 900),
			"…" + window(361, 481) + "…\n" + strings.Repeat(" ", 41) + "^" + strings.Repeat("~", 79) + "\n"},
		{"tab and multi-byte before a long line's span", span(file, 2, 12, 2, 13),
			"\tconst é = " + window(1, 110) + "…\n\t" + strings.Repeat(" ", 10) + "^\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			d := []rules.Diagnostic{{Rule: "r", Severity: rules.Error, Pos: tc.pos, Message: "m"}}
			if err := Text(&buf, toLint(d), TextOptions{Lines: diskLines, WorkDir: dir}); err != nil {
				t.Fatal(err)
			}
			_, got, _ := strings.Cut(buf.String(), "\n")
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	var buf bytes.Buffer
	d := []rules.Diagnostic{{Rule: "too-complex", Severity: rules.Error, Pos: span(file, 3, 1024, 3, 1024), Message: "m"}}
	if err := Text(&buf, toLint(d), TextOptions{Lines: diskLines, WorkDir: dir}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	want := []string{"long.ts:3:1024: error: m [too-complex]", "…" + strings.Repeat("[", 120) + "…", strings.Repeat(" ", 41) + "^"}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("400,000 brackets on one line (-want +got):\n%s", diff)
	}
}
