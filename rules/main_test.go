package rules_test

import "flag"

var update = flag.Bool("update", false, "rewrite the outputs in docs/rules.md and the want.txt files under testdata/rules")
