package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/irislint/irislint/rules"
)

// maxStdin bounds what --stdin-filename reads: far more than any manifest.
const maxStdin = 16 << 20

// lintStdin lints standard input as if it were the file f.stdinFilename,
// for editors that lint an unsaved buffer: imports resolve from that
// file's folder, and the file need not exist. No PATH may be given with
// it. The buffer is kept in f.check.rules.ManifestSource, where the
// analyzer, the inline directives and the text report (stdinOverlay) find
// it.
func lintStdin(e *env, f *lintFlags, args []string) ([]string, []rules.Diagnostic, error) {
	if len(args) > 0 {
		return nil, nil, &usageError{fmt.Sprintf("--stdin-filename lints standard input: give no PATH with it (got %d)", len(args))}
	}
	path := f.stdinFilename
	if !filepath.IsAbs(path) {
		path = filepath.Join(e.workDir, path)
	}
	path = filepath.Clean(path)
	src, err := io.ReadAll(io.LimitReader(e.stdin, maxStdin+1))
	if err != nil {
		return nil, nil, &usageError{fmt.Sprintf("cannot read standard input: %v", err)}
	}
	if len(src) > maxStdin {
		return nil, nil, &usageError{fmt.Sprintf("standard input is larger than %d MiB: not a manifest", maxStdin>>20)}
	}
	if src == nil {
		src = []byte{} // empty input is an empty manifest, not "read the file"
	}
	f.check.rules.ManifestSource = src
	// the file's configuration, as if it were on disk; an ignored file
	// lints as nothing (config.go)
	kept, err := f.check.configure(e.workDir, []string{path}, true)
	if err != nil || len(kept) == 0 {
		return nil, nil, err
	}
	_, diags := checkManifest(path, f.check)
	rules.Sort(diags)
	return []string{path}, dedupe(diags), nil
}

// stdinOverlay gives the text report the buffer in place of the file on
// disk, so the source line under each diagnostic is the one linted.
func stdinOverlay(e *env, f lintFlags) map[string][]byte {
	if f.stdinFilename == "" || f.check.rules.ManifestSource == nil {
		return nil
	}
	path := f.stdinFilename
	if !filepath.IsAbs(path) {
		path = filepath.Join(e.workDir, path)
	}
	return map[string][]byte{filepath.Clean(path): f.check.rules.ManifestSource}
}
