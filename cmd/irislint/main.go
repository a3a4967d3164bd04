// Command irislint lints Trackunit Iris App manifests and generates typed Go
// for the scopes they declare. This package owns flags, subcommands, the
// discovery of manifests in folders, parallelism and exit codes; the checks
// themselves live in package rules.
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit codes (design.md): 0 nothing at error level; 1 an error-level
// diagnostic, or `gen --check` found the file stale; 2 irislint could not
// run as asked.
const (
	exitOK       = 0
	exitProblems = 1
	exitUsage    = 2
)

// env is everything a command touches outside itself, so tests can run the
// whole CLI in-process.
type env struct {
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	getenv  func(string) string
	workDir string // absolute; paths in output are relative to it
	isTTY   bool   // stdout is a terminal
}

func main() {
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, "irislint:", err)
		os.Exit(exitUsage)
	}
	e := &env{
		stdin:   os.Stdin,
		stdout:  os.Stdout,
		stderr:  os.Stderr,
		getenv:  os.Getenv,
		workDir: wd,
		isTTY:   isTerminal(os.Stdout),
	}
	os.Exit(run(e, os.Args[1:]))
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
