package source

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLines(t *testing.T) {
	// every JavaScript line terminator, a BOM, and a last line without one
	f := New("/x.ts", []byte("\ufeffa\nb\r\nc\rd\u2028e\u2029f"))
	var got []string
	for n := 1; n <= f.Lines(); n++ {
		l, _ := f.Line(n)
		got = append(got, l+"|"+f.LineEnding(n))
	}
	want := []string{"a|\n", "b|\r\n", "c|\r", "d|\u2028", "e|\u2029", "f|"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	if _, ok := f.Line(7); ok {
		t.Error("line 7 exists")
	}
}

func TestOffsetAndPosition(t *testing.T) {
	f := New("/x.ts", []byte("\ufeffé = 'x';\r\n  'ü'\u2028z"))
	for _, c := range []struct{ line, col, off int }{
		{1, 1, 3},  // after the BOM: the BOM is no column
		{1, 2, 5},  // é is two bytes
		{2, 3, 16}, // past CRLF
		{3, 1, 23}, // after U+2028
	} {
		off, ok := f.Offset(c.line, c.col)
		if !ok || off != c.off {
			t.Errorf("Offset(%d, %d) = %d, %v; want %d", c.line, c.col, off, ok, c.off)
		}
		if l, col := f.Position(c.off); l != c.line || col != c.col {
			t.Errorf("Position(%d) = %d:%d; want %d:%d", c.off, l, col, c.line, c.col)
		}
	}
	if off, _ := f.Offset(1, 99); off != 12 {
		t.Errorf("a column past the end gives the line's end, got %d", off)
	}
	if l, c := f.Position(0); l != 1 || c != 1 {
		t.Errorf("an offset in the BOM: %d:%d", l, c)
	}
}

func TestSetReadsOnce(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.ts")
	if err := os.WriteFile(p, []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := NewSet(map[string][]byte{filepath.Join(dir, "buf.ts"): []byte("buffer")})
	var wg sync.WaitGroup
	files := make([]*File, 8)
	for i := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			files[i], _ = s.Read(p)
		}()
	}
	wg.Wait()
	if err := os.WriteFile(p, []byte("two"), 0o644); err != nil {
		t.Fatal(err)
	}
	again, _ := s.Read(p)
	for _, f := range files {
		if f != again || string(f.Data) != "one" {
			t.Fatalf("read twice: %q", f.Data)
		}
	}
	if f, ok := s.Has(filepath.Join(dir, "buf.ts")); !ok || string(f.Data) != "buffer" {
		t.Error("the overlay is not there")
	}
	if _, ok := s.Has(filepath.Join(dir, "other.ts")); ok {
		t.Error("Has read a file the run never read")
	}
	if _, err := s.Read(dir); err == nil {
		t.Error("a folder was read")
	}
}
