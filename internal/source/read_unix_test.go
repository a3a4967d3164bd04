//go:build unix

package source

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestReadRegular: a file is read whole; a larger one, a folder, a FIFO
// (without waiting for a writer) and a missing file are refused with the
// error that says why.
func TestReadRegular(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.ts")
	text := strings.Repeat("export const a = 1;\n", 1000)
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "pipe.ts")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.ts")
	if err := os.Symlink("a.ts", link); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{file, link} {
		data, err := ReadRegular(path, int64(len(text)))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if diff := cmp.Diff(text, string(data)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", path, diff)
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, c := range []struct {
			path string
			max  int64
			want error
		}{
			{file, int64(len(text)) - 1, ErrTooLarge},
			{dir, 1 << 20, ErrNotRegular},
			{fifo, 1 << 20, ErrNotRegular},
			{filepath.Join(dir, "missing.ts"), 1 << 20, os.ErrNotExist},
		} {
			_, err := ReadRegular(c.path, c.max)
			var pe *os.PathError
			if !errors.Is(err, c.want) || !errors.As(err, &pe) || pe.Path != c.path {
				t.Errorf("%s: error %v, want a *os.PathError naming it, for %v", c.path, err, c.want)
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("ReadRegular waited on the FIFO")
	}
}
