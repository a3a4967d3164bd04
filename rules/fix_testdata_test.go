package rules_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/irislint/irislint/internal/report"
	"github.com/irislint/irislint/lint"
)

// Golden files of the fixes, beside each case of testdata/rules/<id>/:
// for every file of the case that irislint lint --fix --unsafe-fixes
// changes, <file>.fixed holds its content afterwards (byte for byte: BOM,
// line ends), and want-fixed.txt holds what remains (the text report run
// from the case's folder, then a line per fix not applied) when that is
// not want.txt, what was there before.
const (
	fixedSuffix   = ".fixed"
	wantFixedFile = "want-fixed.txt"
)

// TestRuleTestdataFixes applies every fix, safe and unsafe, to each case
// in a copy of it and compares the files and the report with the golden
// ones; a second run must change nothing.
func TestRuleTestdataFixes(t *testing.T) {
	root, err := filepath.Abs(rulesTestdata)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := filepath.Glob(filepath.Join(root, "*", "*", "iris-app-manifest.ts"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, manifest := range cases {
		dir := filepath.Dir(manifest)
		name, _ := filepath.Rel(root, dir)
		t.Run(filepath.ToSlash(name), func(t *testing.T) {
			copyDir := copyCase(t, dir, name)
			got, remains := fixCase(t, copyDir)
			for rel, data := range got {
				golden := filepath.Join(dir, filepath.FromSlash(rel)+fixedSuffix)
				checkGolden(t, golden, data)
			}
			// no stale golden for a file the fixes leave alone
			filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err == nil && strings.HasSuffix(p, fixedSuffix) {
					rel, _ := filepath.Rel(dir, strings.TrimSuffix(p, fixedSuffix))
					if _, ok := got[filepath.ToSlash(rel)]; !ok {
						if *update {
							os.Remove(p)
						} else {
							t.Errorf("%s: the fixes do not change %s", p, rel)
						}
					}
				}
				return nil
			})
			// what remains, when it is not simply what was there
			before, err := os.ReadFile(filepath.Join(dir, "want.txt"))
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			if remains == string(before) {
				remains = ""
			}
			checkGolden(t, filepath.Join(dir, wantFixedFile), remains)

			again, _ := fixCase(t, copyDir)
			if len(again) > 0 {
				t.Errorf("a second --fix changed %v", again)
			}
		})
	}
}

// copyCase copies a case folder to name (its path from testdata/rules, so
// that messages naming files from the workspace root read the same) in a
// fresh workspace (an nx.json at its root), without the golden files, and
// returns the copy.
func copyCase(t *testing.T, dir, name string) string {
	t.Helper()
	ws := t.TempDir()
	if err := os.WriteFile(filepath.Join(ws, "nx.json"), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(ws, name)
	if err := os.CopyFS(dst, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
		if err == nil && (strings.HasSuffix(p, fixedSuffix) || d.Name() == wantFixedFile || d.Name() == "want.txt") {
			os.Remove(p)
		}
		return nil
	})
	return dst
}

// fixCase runs Fix with unsafe fixes on the case's manifest, from the
// case's folder, and returns the files it changed (relative, slashes)
// with their new content, and the report of what remains.
func fixCase(t *testing.T, dir string) (map[string][]byte, string) {
	t.Helper()
	l, err := lint.New(lint.Options{WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	fr, err := l.Fix(context.Background(), lint.FixOptions{Unsafe: true}, "iris-app-manifest.ts")
	if err != nil {
		t.Fatal(err)
	}
	changed := map[string][]byte{}
	for _, c := range fr.Changes {
		rel, err := filepath.Rel(dir, c.File)
		if err != nil {
			t.Fatal(err)
		}
		disk, err := os.ReadFile(c.File)
		if err != nil || !bytes.Equal(disk, c.New) {
			t.Errorf("%s on disk differs from the change Fix reports (%v)", rel, err)
		}
		changed[filepath.ToSlash(rel)] = c.New
	}
	var b bytes.Buffer
	if err := report.Text(&b, fr.Diagnostics, report.TextOptions{WorkDir: dir, Lines: fr.Line}); err != nil {
		t.Fatal(err)
	}
	for _, r := range fr.Rejected {
		rel, _ := filepath.Rel(dir, r.Diagnostic.File)
		fmt.Fprintf(&b, "not applied: %s:%d:%d: %s [%s]: %s\n", filepath.ToSlash(rel), r.Diagnostic.Line, r.Diagnostic.Column, r.Fix.Message, r.Diagnostic.Rule, r.Reason)
	}
	return changed, b.String()
}

// checkGolden compares got with the file golden (absent: empty), or
// rewrites it under -update.
func checkGolden[T string | []byte](t *testing.T, golden string, got T) {
	t.Helper()
	if *update {
		writeWant(t, golden, string(got))
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("differs from %s (-want +got):\n%s(go test ./rules -update rewrites it)", golden, diff)
	}
}
