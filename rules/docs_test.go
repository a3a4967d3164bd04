package rules_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/irislint/irislint/docs"
	"github.com/irislint/irislint/internal/report"
	"github.com/irislint/irislint/lint"
	"github.com/irislint/irislint/rules"
)

// docsPath is the rule documentation, relative to this package.
const docsPath = "../docs/rules.md"

const (
	exampleStart = "import { IrisAppManifest } from '@trackunit/iris-app-api';\n"
	exampleEnd   = "export default irisAppManifest;\n"
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

// TestDocs keeps docs/rules.md honest, as actionlint does its checks.md: a
// section per rule with its default severity and an index row; a bad
// example whose documented output is exactly what irislint prints for it
// (lint.Linter and the text report, run from the example's
// folder); a good example on which no rule reports anything.
func TestDocs(t *testing.T) {
	doc, sections := readDocs(t)
	updates := map[string]string{} // rule id: its output, under -update
	defer func() {
		if len(updates) > 0 {
			writeDocOutputs(t, doc, updates)
		}
	}()
	if docs.Rules != doc {
		t.Fatal("docs.Rules is not docs/rules.md")
	}
	if strings.Contains(doc, "TODO") {
		t.Error("docs/rules.md contains TODO")
	}
	for _, r := range rules.All() {
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
			if r.Doc == "" || !strings.Contains(s.body, r.Doc) {
				t.Errorf("rule's Doc is not its section:\n%s", r.Doc)
			}
			// yaml blocks (configuration, checked by TestConfigDocs) may
			// come anywhere; the others are the example. One that starts
			// "# .irislint.yaml" is the good example's configuration.
			var ex []docBlock
			var langs []string
			goodConfig := ""
			for _, b := range s.blocks {
				switch {
				case b.lang == "yaml" && strings.HasPrefix(b.text, "# .irislint.yaml\n"):
					goodConfig = b.text
				case b.lang != "yaml":
					ex = append(ex, b)
					langs = append(langs, b.lang)
				}
			}
			if diff := cmp.Diff([]string{"ts", "text", "ts"}, langs); diff != "" {
				t.Fatalf("want blocks bad (ts), output (text), good (ts) (-want +got):\n%s", diff)
			}
			bad, out, good := ex[0].text, ex[1].text, ex[2].text
			if got := docOutput(t, bad, ""); got != out {
				if *update {
					updates[r.ID] = got
					out = got
				} else {
					t.Errorf("bad example: documented output\n%s\nbut irislint prints\n%s(go test ./rules -update rewrites it)", out, got)
				}
			}
			if got := docOutput(t, good, goodConfig); got != "" {
				t.Errorf("good example: irislint prints\n%s", got)
			}
			if !strings.Contains(out, "["+r.ID+"]") {
				t.Errorf("the output does not show %s", r.ID)
			}
			checkDocFix(t, r.ID, s.body, bad, good, goodConfig)
		})
	}
	s, ok := sections["Load failures"]
	if !ok {
		t.Fatal("no section ## Load failures")
	}
	for _, r := range rules.LoadFailures {
		if row := fmt.Sprintf("| `%s` | %s |", r.ID, r.Summary); !strings.Contains(s.body, row) {
			t.Errorf("load failures: no row %q", row)
		}
		if r.Doc == "" || !strings.Contains(s.body, r.Doc) {
			t.Errorf("load failure %s: Doc is not the section", r.ID)
		}
	}
}

// fixLine is a section's line on its fixes: `**Fix** (safe): ...`,
// `(unsafe)`, `(safe or unsafe)`, or `**Fix**: none...`.
var fixLine = regexp.MustCompile(`(?m)^\*\*Fix\*\*(?: \((safe|unsafe|safe or unsafe)\):|: none)`)

// checkDocFix keeps a section's **Fix** line true: the fixes of the rule
// in the bad example are of the kinds it names (none when it says none),
// and the bad example after `irislint lint --fix` (with --unsafe-fixes
// when it names unsafe fixes) is the good example.
func checkDocFix(t *testing.T, id, body, bad, good, config string) {
	t.Helper()
	lines := fixLine.FindAllStringSubmatch(body, -1)
	if len(lines) != 1 {
		t.Errorf("want one **Fix** line (safe, unsafe, safe or unsafe, or none), found %d", len(lines))
		return
	}
	declared := map[string]bool{}
	for _, k := range strings.Split(lines[0][1], " or ") {
		if k != "" {
			declared[k] = true
		}
	}
	dir := t.TempDir()
	for name, content := range map[string]string{"nx.json": "{}\n", "iris-app-manifest.ts": bad, ".irislint.yaml": config} {
		if content != "" {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	l, err := lint.New(lint.Options{WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	res, err := l.Lint(context.Background(), "iris-app-manifest.ts")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, d := range res.Diagnostics {
		for _, f := range d.Fixes {
			if d.Rule == id {
				found[map[bool]string{true: "safe", false: "unsafe"}[f.Safe]] = true
			}
		}
	}
	for k := range found {
		if !declared[k] {
			t.Errorf("the bad example has a %s fix; the section's **Fix** line says %q", k, lines[0][0])
		}
	}
	if len(declared) == 0 {
		return
	}
	if len(found) == 0 {
		t.Errorf("the section says %q, but the bad example has no fix", lines[0][0])
	}
	fr, err := l.Fix(context.Background(), lint.FixOptions{Unsafe: declared["unsafe"]}, "iris-app-manifest.ts")
	if err != nil {
		t.Fatal(err)
	}
	fixed, err := os.ReadFile(filepath.Join(dir, "iris-app-manifest.ts"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(good, string(fixed)); diff != "" {
		t.Errorf("the good example is not the bad one after --fix (rejected: %+v) (-good +fixed):\n%s", fr.Rejected, diff)
	}
}

// docOutput lints a documented example as iris-app-manifest.ts in a folder
// of its own (with config, when not empty, as its .irislint.yaml) and
// returns the text report run from that folder.
func docOutput(t *testing.T, src, config string) string {
	t.Helper()
	if !strings.HasPrefix(src, exampleStart) || !strings.HasSuffix(src, exampleEnd) {
		t.Fatalf("example is not a complete manifest (want it to start %q and end %q):\n%s", exampleStart, exampleEnd, src)
	}
	dir := t.TempDir()
	if config != "" {
		if err := os.WriteFile(filepath.Join(dir, ".irislint.yaml"), []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return lintText(t, dir, "iris-app-manifest.ts", src)
}

// lintText writes src as file in dir (with an nx.json, so that dir is the
// workspace root), lints it as irislint does, and returns the text report
// relative to dir, without the summary line.
func lintText(t *testing.T, dir, file, src string) string {
	t.Helper()
	for name, content := range map[string]string{"nx.json": "{}\n", file: src} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return lintFile(t, dir, filepath.Join(dir, file))
}

// lintFile lints one manifest as irislint does (its .irislint.yaml found
// from its folder up) and returns the text report relative to workDir,
// without the summary line.
func lintFile(t *testing.T, workDir, path string) string {
	t.Helper()
	l, err := lint.New(lint.Options{WorkDir: workDir})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	res, err := l.Lint(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := report.Text(&b, res.Diagnostics, report.TextOptions{WorkDir: workDir, Lines: res.Line}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// writeDocOutputs replaces the output block of the given rules' sections
// of docs/rules.md (go test ./rules -update).
func writeDocOutputs(t *testing.T, doc string, outputs map[string]string) {
	t.Helper()
	parts := strings.Split(doc, "\n## ")
	for i, part := range parts[1:] {
		id, _, _ := strings.Cut(part, "\n")
		out, ok := outputs[id]
		if !ok {
			continue
		}
		const open = "```text\n"
		j := strings.Index(part, open)
		k := strings.Index(part[j+len(open):], "```")
		if j < 0 || k < 0 {
			t.Fatalf("section %s has no text block", id)
		}
		parts[i+1] = part[:j+len(open)] + out + part[j+len(open)+k:]
	}
	if err := os.WriteFile(docsPath, []byte(strings.Join(parts, "\n## ")), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("rewrote the output of %d sections of %s", len(outputs), docsPath)
}
