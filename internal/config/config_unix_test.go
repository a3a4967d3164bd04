//go:build unix

package config

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestConfigNotAFile: a named pipe where the configuration should be is
// refused at once, not read (which would wait for a writer forever), and
// a huge file is not read past 1 MiB.
func TestConfigNotAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, FileName)
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := Find(dir, dir); err == nil || !strings.HasSuffix(err.Error(), FileName+": is not a regular file") {
			t.Errorf("FindConfig: %v", err)
		}
		if _, err := Load(fifo); err == nil || !strings.HasSuffix(err.Error(), FileName+": is not a regular file") {
			t.Errorf("LoadConfig: %v", err)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("reading a named pipe hangs")
	}

	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", maxConfig)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(big); err == nil || !strings.HasSuffix(err.Error(), "big.yaml: is larger than 1 MiB: not a configuration file") {
		t.Errorf("LoadConfig of a huge file: %v", err)
	}
}
