package fsx

import (
	"errors"
	"io/fs"
	"os"
	"testing"
)

func TestUnder(t *testing.T) {
	for _, tt := range []struct {
		root, path, rel string
		ok              bool
	}{
		{"/ws", "/ws", ".", true},
		{"/ws", "/ws/apps/a.ts", "apps/a.ts", true},
		{"/ws", "/ws/../ws/b", "b", true},
		{"/ws", "/wsx/a", "", false},
		{"/ws", "/", "", false},
		{"/ws/apps", "/ws/libs/x", "", false},
		{"/ws", "/ws/..data/x", "..data/x", true}, // a folder named ..data is inside
		{"ws", "ws/a", "a", true},
		{"/ws", "ws/a", "", false}, // absolute against relative: filepath.Rel fails
	} {
		rel, ok := Under(tt.root, tt.path)
		if rel != tt.rel || ok != tt.ok {
			t.Errorf("Under(%q, %q) = %q, %v; want %q, %v", tt.root, tt.path, rel, ok, tt.rel, tt.ok)
		}
		if Within(tt.root, tt.path) != tt.ok {
			t.Errorf("Within(%q, %q) = %v", tt.root, tt.path, !tt.ok)
		}
	}
}

func TestCause(t *testing.T) {
	_, err := os.Stat("/no/such/irislint/file")
	if got := Cause(err); !errors.Is(got, fs.ErrNotExist) || got.Error() != "no such file or directory" {
		t.Errorf("Cause(%v) = %v", err, got)
	}
	other := errors.New("other")
	if Cause(other) != other {
		t.Error("an error that is no PathError changed")
	}
}
