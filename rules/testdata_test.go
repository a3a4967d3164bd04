package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/irislint/irislint/rules"
)

// rulesTestdata holds a folder per rule, testdata/rules/<id>/, with a
// case per sub-folder: an iris-app-manifest.ts (and the files it imports),
// an optional .irislint.yaml, and want.txt, irislint's text output run from
// the case's folder (absent when the manifest must lint clean). Every rule
// has at least a "bad" case that reports it and a "good" case that reports
// nothing. The folder's nx.json makes it the workspace root.
const rulesTestdata = "../testdata/rules"

func TestRuleTestdata(t *testing.T) {
	root, err := filepath.Abs(rulesTestdata)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		id := e.Name()
		seen[id] = true
		t.Run(id, func(t *testing.T) {
			if rules.ByID(id) == nil {
				t.Fatalf("testdata/rules/%s: no rule has this id", id)
			}
			cases, err := os.ReadDir(filepath.Join(root, id))
			if err != nil {
				t.Fatal(err)
			}
			names := map[string]bool{}
			for _, c := range cases {
				if c.IsDir() {
					names[c.Name()] = true
				}
			}
			if !names["bad"] || !names["good"] {
				t.Fatalf("testdata/rules/%s needs the cases bad and good", id)
			}
			for name := range names {
				t.Run(name, func(t *testing.T) {
					got := lintCase(t, root, filepath.Join(root, id, name))
					wantFile := filepath.Join(root, id, name, "want.txt")
					if *update {
						writeWant(t, wantFile, got)
						return
					}
					want, err := os.ReadFile(wantFile)
					if err != nil && !os.IsNotExist(err) {
						t.Fatal(err)
					}
					if diff := cmp.Diff(string(want), got); diff != "" {
						t.Errorf("output differs from %s (-want +got):\n%s(go test ./rules -update rewrites it)", wantFile, diff)
					}
					switch {
					case name == "good" && got != "":
						t.Errorf("the good case reports something")
					case name == "bad" && !strings.Contains(got, "["+id+"]"):
						t.Errorf("the bad case does not report %s", id)
					}
				})
			}
		})
	}
	for _, r := range rules.All() {
		if !seen[r.ID] {
			t.Errorf("no folder testdata/rules/%s", r.ID)
		}
	}
}

// lintCase lints dir's manifest as the CLI would: with the configuration
// found from dir up.
func lintCase(t *testing.T, root, dir string) string {
	t.Helper()
	return lintFile(t, dir, filepath.Join(dir, "iris-app-manifest.ts"))
}

// writeWant writes got to file, or removes file when got is empty.
func writeWant(t *testing.T, file, got string) {
	t.Helper()
	if got == "" {
		if err := os.Remove(file); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		return
	}
	if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
}
