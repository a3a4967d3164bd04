package rules

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// docsPath is the rule documentation, relative to this package.
const docsPath = "../docs/rules.md"

const (
	exampleStart = "import { IrisAppManifest } from '@trackunit/iris-app-api';\n"
	exampleEnd   = "export default irisAppManifest;\n"
	literalStart = "const irisAppManifest: IrisAppManifest = "
)

// docSection is one `## id` section of docs/rules.md.
type docSection struct {
	id     string
	body   string
	blocks []docBlock // fenced code blocks, in order
}

type docBlock struct {
	lang, text string
}

var fence = regexp.MustCompile("(?ms)^```([a-z]*)\n(.*?)^```$")

func readDocs(t *testing.T) (string, map[string]docSection) {
	t.Helper()
	data, err := os.ReadFile(docsPath)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	sections := map[string]docSection{}
	parts := strings.Split(doc, "\n## ")
	for _, part := range parts[1:] {
		id, body, _ := strings.Cut(part, "\n")
		s := docSection{id: id, body: body}
		for _, m := range fence.FindAllStringSubmatch(body, -1) {
			s.blocks = append(s.blocks, docBlock{lang: m[1], text: m[2]})
		}
		sections[id] = s
	}
	return doc, sections
}

// TestDocs checks docs/rules.md against the registry: a section per rule
// with its default severity, a bad example whose documented output is what
// the rules report for it, and a good example on which no rule reports
// anything. The examples are complete manifests; here the object literal
// is cut out and built by the test parser (manifest_test.go), with
// positions as the design specifies. Running them through analyzer.Load is
// later work.
func TestDocs(t *testing.T) {
	doc, sections := readDocs(t)
	if strings.Contains(doc, "TODO") {
		t.Error("docs/rules.md contains TODO")
	}
	for _, r := range All() {
		t.Run(r.ID, func(t *testing.T) {
			s, ok := sections[r.ID]
			if !ok {
				t.Fatalf("no section ## %s", r.ID)
			}
			if want := fmt.Sprintf("Default severity: **%s**", r.Severity); !strings.Contains(s.body, want) {
				t.Errorf("section does not say %q", want)
			}
			if row := fmt.Sprintf("| [`%s`](#%s) | %s | %s |", r.ID, r.ID, r.Severity, r.Summary); !strings.Contains(doc, row) {
				t.Errorf("index table lacks the row %q", row)
			}
			var langs []string
			for _, b := range s.blocks {
				langs = append(langs, b.lang)
			}
			if diff := cmp.Diff([]string{"ts", "text", "ts"}, langs); diff != "" {
				t.Fatalf("want blocks bad (ts), output (text), good (ts) (-want +got):\n%s", diff)
			}
			bad, out, good := s.blocks[0].text, s.blocks[1].text, s.blocks[2].text
			if got := docOutput(t, bad); got != out {
				t.Errorf("bad example: documented output\n%s\nbut the rules report\n%s", out, got)
			}
			if got := docOutput(t, good); got != "" {
				t.Errorf("good example: the rules report\n%s", got)
			}
			if !strings.Contains(out, "["+r.ID+"]") {
				t.Errorf("the output does not show %s", r.ID)
			}
		})
	}
	s, ok := sections["Load failures"]
	if !ok {
		t.Fatal("no section ## Load failures")
	}
	for _, r := range LoadFailures {
		if row := fmt.Sprintf("| `%s` | %s |", r.ID, r.Summary); !strings.Contains(s.body, row) {
			t.Errorf("load failures: no row %q", row)
		}
	}
}

// docOutput runs every rule over a documented example and formats what
// they report like the text output run from the manifest's folder.
func docOutput(t *testing.T, src string) string {
	t.Helper()
	if !strings.HasPrefix(src, exampleStart) || !strings.HasSuffix(src, exampleEnd) {
		t.Fatalf("example is not a complete manifest (want it to start %q and end %q):\n%s", exampleStart, exampleEnd, src)
	}
	i := strings.Index(src, literalStart)
	j := strings.LastIndex(src, "};\n")
	if i < 0 || j < i {
		t.Fatalf("example has no `%s{ ... };`", literalStart)
	}
	i += len(literalStart)
	line := strings.Count(src[:i], "\n") + 1
	col := len([]rune(src[strings.LastIndex(src[:i], "\n")+1:i])) + 1
	m := manifestAt(t, src[i:j+1], line, col)
	lines := strings.Split(src, "\n")
	var b strings.Builder
	for _, d := range Check(m, Options{}) {
		p := d.Pos
		fmt.Fprintf(&b, "iris-app-manifest.ts:%d:%d: %s: %s [%s]\n", p.Line, p.Column, d.Severity, d.Message, d.Rule)
		fmt.Fprintf(&b, "%s\n%s^%s\n", lines[p.Line-1], strings.Repeat(" ", p.Column-1),
			strings.Repeat("~", max(0, p.EndColumn-p.Column-1)))
	}
	return b.String()
}
