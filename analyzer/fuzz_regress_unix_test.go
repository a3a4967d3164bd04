//go:build unix

package analyzer

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestLoadSourceMapCommentToFIFO: a source map comment naming a named pipe,
// in the manifest or in a file it imports, made esbuild wait for a writer
// forever (one naming /dev/zero read until memory ran out).
func TestLoadSourceMapCommentToFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "map.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	root := t.TempDir()
	writeFiles(t, map[string]string{
		filepath.Join(root, "nx.json"):                   "{}\n",
		filepath.Join(root, "apps", "x", "package.json"): "{}\n",
		filepath.Join(root, "libs", "lib.js"):            "exports.scopes = [];\n//# sourceMappingURL=" + fifo + "\n",
	})
	path := filepath.Join(root, "apps", "x", "iris-app-manifest.ts")
	for _, src := range []string{
		"export default { scopes: [] };\n//# sourceMappingURL=" + fifo + "\n",
		"import { scopes } from '../../libs/lib';\nexport default { scopes };\n",
	} {
		done := make(chan error, 1)
		go func() {
			_, err := Load(path, Options{Source: []byte(src)})
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%q: Load: %v", src, err)
			}
		case <-time.After(10 * time.Second):
			// Unblock esbuild so that the test process can end.
			if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
				f.Close()
			}
			t.Fatalf("%q: Load blocked reading the named pipe a source map comment names", src)
		}
	}
}
