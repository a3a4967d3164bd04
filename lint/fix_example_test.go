package lint_test

import (
	"context"
	"fmt"
	"log"
	"path/filepath"
	"strings"

	"github.com/irislint/irislint/lint"
)

// See what `irislint lint --fix --unsafe-fixes --diff` would change in the
// example workspace's broken app, without writing: the files' new
// content, the fixes refused and why, and what would remain.
func ExampleLinter_Fix() {
	ws, err := filepath.Abs("../testdata/workspace")
	if err != nil {
		log.Fatal(err)
	}
	l, err := lint.New(lint.Options{WorkDir: ws})
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	res, err := l.Fix(context.Background(), lint.FixOptions{Unsafe: true, DryRun: true}, "apps/service-planner")
	if err != nil {
		log.Fatal(err)
	}
	rel := func(p string) string { r, _ := filepath.Rel(ws, p); return filepath.ToSlash(r) }
	for _, c := range res.Changes {
		fmt.Printf("%s: %d bytes, then %d\n", rel(c.File), len(c.Old), len(c.New))
		fmt.Println(strings.Contains(string(c.New), "'https://planner.acme.example/install'"))
	}
	for _, r := range res.Rejected {
		fmt.Printf("not applied: %s [%s]: %s\n", r.Fix.Message, r.Diagnostic.Rule, r.Reason)
	}
	for _, d := range res.Diagnostics {
		fmt.Printf("remains: %s:%d [%s]\n", rel(d.File), d.Line, d.Rule)
	}
	// Output:
	// apps/service-planner/iris-app-manifest.ts: 1956 bytes, then 1907
	// true
	// not applied: replace with "account.alert.view" [unknown-scope]: it would add an error
	// remains: apps/service-planner/iris-app-manifest.ts:45 [invalid-scope-entry]
	// remains: libs/planner/scopes/src/index.ts:4 [unknown-scope]
}
