package scopes_test

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/irislint/irislint/generator"
	"github.com/irislint/irislint/scopes"
)

// TestCatalogueGenUpToDate fails when catalogue_gen.go no longer matches
// scopes.json: run `go generate ./scopes`.
func TestCatalogueGenUpToDate(t *testing.T) {
	want, err := generator.Catalogue(scopes.Default(), "scopes", "Name", "scopes.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("catalogue_gen.go")
	if err != nil {
		t.Fatalf("%v: run `go generate ./scopes`", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("catalogue_gen.go is stale: run `go generate ./scopes` (-generated +on disk):\n%s", diff)
	}
}

func TestCatalogueConstants(t *testing.T) {
	cat := scopes.Default()
	if len(scopes.All) != len(cat.Scopes) {
		t.Fatalf("All has %d names, the catalogue %d scopes", len(scopes.All), len(cat.Scopes))
	}
	for i, n := range scopes.All {
		s := cat.Scopes[i]
		if n.String() != s.Name {
			t.Errorf("All[%d] = %q, catalogue has %q", i, n, s.Name)
		}
		if n.Description() != s.Description {
			t.Errorf("%s.Description() = %q, want %q", s.Name, n.Description(), s.Description)
		}
	}
	if got, ok := cat.Lookup(string(scopes.AssetView)); !ok || got.Name != "asset.view" {
		t.Errorf("Lookup(AssetView) = %v, %v", got, ok)
	}
	if scopes.Name("no.such.scope").Description() != "" {
		t.Error("an unknown name has a description")
	}
}
