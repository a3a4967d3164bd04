//go:build irislint_tools

// Command gencatalogue writes scopes/catalogue_gen.go: a typed constant for
// every scope in the embedded catalogue, made by irislint's own generator.
// It runs from package scopes through go generate:
//
//	//go:generate go run -tags irislint_tools ../internal/cmd/gencatalogue
//
// It builds only with -tags irislint_tools, so that `go install ./...` (what
// pre-commit's golang hooks run) installs irislint alone.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/irislint/irislint/generator"
	"github.com/irislint/irislint/scopes"
)

// The arguments of generator.Catalogue for package scopes. The staleness
// test in scopes/catalogue_gen_test.go uses the same ones.
const (
	pkg      = "scopes"
	typeName = "Name"
	source   = "scopes.json"
)

func main() {
	out := flag.String("o", "catalogue_gen.go", "output file")
	flag.Parse()
	src, err := generator.Catalogue(scopes.Default(), pkg, typeName, source)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencatalogue:", err)
		os.Exit(1)
	}
	if old, err := os.ReadFile(*out); err == nil && bytes.Equal(old, src) {
		return // unchanged: keep the file's time
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gencatalogue:", err)
		os.Exit(1)
	}
}
