package main

import (
	"fmt"
	"io"

	"github.com/irislint/irislint/lint"
)

// maxStdin bounds what --stdin-filename reads: far more than any manifest.
const maxStdin = 16 << 20

// stdinOverlay reads standard input as the content of the file at path,
// for editors that lint an unsaved buffer: the run sees the buffer in
// place of the file (which need not exist), so imports resolve from its
// folder and snippets show the buffer. A manifest's buffer is linted; a
// lib's lints the manifests that import it. No PATH may be given with it;
// the paths to lint are returned.
func stdinOverlay(e *env, path string, args []string, opts *lint.Options) ([]string, error) {
	if len(args) > 0 {
		return nil, &lint.UsageError{Msg: fmt.Sprintf("--stdin-filename lints standard input: give no PATH with it (got %d)", len(args))}
	}
	src, err := io.ReadAll(io.LimitReader(e.stdin, maxStdin+1))
	if err != nil {
		return nil, &lint.UsageError{Msg: fmt.Sprintf("cannot read standard input: %v", err)}
	}
	if len(src) > maxStdin {
		return nil, &lint.UsageError{Msg: fmt.Sprintf("standard input is larger than %d MiB: not a manifest", maxStdin>>20)}
	}
	if src == nil {
		src = []byte{} // empty input is an empty manifest, not "read the file"
	}
	opts.Overlay = map[string][]byte{path: src}
	return []string{path}, nil
}
