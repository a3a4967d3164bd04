package rules_test

import (
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the outputs in docs/rules.md and the want.txt files under testdata/rules")

// TestMain runs the tests with irislint's result cache off: they lint
// through package lint, which would otherwise fill the user's cache.
func TestMain(m *testing.M) {
	os.Setenv("IRISLINT_CACHE", "off")
	os.Exit(m.Run())
}
