package analyzer

import (
	"errors"
	"testing"

	"github.com/dop251/goja"
	"github.com/google/go-cmp/cmp"
)

// Warm prepares a runtime before any limit is known; the guards must check
// against the limit the evaluation sets later, not the zero it was made
// with (everything refused) nor none at all.
func TestPreparedVMChecksLimitSetLater(t *testing.T) {
	p := prepareVM(true)
	if p.guardErr != nil {
		t.Fatal(p.guardErr)
	}
	p.limit = 1 << 20
	if _, err := p.vm.RunString(`"ab".repeat(1000)`); err != nil {
		t.Fatalf("a small repeat under a 1 MiB limit: %v", err)
	}
	_, err := p.vm.RunString(`"ab".repeat(1 << 20)`)
	var intr *goja.InterruptedError
	if !errors.As(err, &intr) {
		t.Fatalf("a 4 MiB repeat under a 1 MiB limit: got %v, want the memory interrupt", err)
	}
	if _, ok := intr.Value().(errMemory); !ok {
		t.Fatalf("a 4 MiB repeat under a 1 MiB limit: got %v, want the memory interrupt", err)
	}
}

// Warm's runtime goes to the first evaluation only; the manifest loads the
// same with it as without.
func TestWarm(t *testing.T) {
	l := NewLoader()
	l.Warm()
	l.Warm() // a second call does nothing
	first, err := l.Load(benchManifest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !l.warm.claimed.Load() {
		t.Fatal("the first Load after Warm did not take the prepared runtime")
	}
	second, err := l.Load(benchManifest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.ScopeEntries) == 0 {
		t.Fatal("no scopes loaded")
	}
	if diff := cmp.Diff(second, first, cmpManifest); diff != "" {
		t.Errorf("with the prepared runtime (+) vs a new one (-):\n%s", diff)
	}
}
