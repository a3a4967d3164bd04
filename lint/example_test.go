package lint_test

import (
	"context"
	"fmt"
	"log"
	"path/filepath"

	"github.com/irislint/irislint/lint"
)

// Lint the example workspace's broken app as `irislint lint` would, and
// print each diagnostic with the manifest that brought it in when it lies
// in a shared lib.
func Example() {
	ws, err := filepath.Abs("../testdata/workspace")
	if err != nil {
		log.Fatal(err)
	}
	l, err := lint.New(lint.Options{WorkDir: ws})
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	res, err := l.Lint(context.Background(), "apps/service-planner")
	if err != nil {
		log.Fatal(err)
	}
	rel := func(p string) string { r, _ := filepath.Rel(ws, p); return filepath.ToSlash(r) }
	for _, d := range res.Diagnostics {
		fmt.Printf("%s:%d:%d: %s [%s]\n", rel(d.File), d.Line, d.Column, d.Severity, d.Rule)
		for _, r := range d.Related {
			fmt.Printf("  %s:%d: %s\n", rel(r.File), r.Line, r.Message)
		}
	}
	fmt.Println(len(res.Manifests), "manifest checked")
	// Output:
	// apps/service-planner/iris-app-manifest.ts:41:14: error [unknown-scope]
	// apps/service-planner/iris-app-manifest.ts:44:14: error [renamed-scope]
	// apps/service-planner/iris-app-manifest.ts:45:67: error [invalid-scope-entry]
	// apps/service-planner/iris-app-manifest.ts:47:14: error [duplicate-scope]
	// apps/service-planner/iris-app-manifest.ts:52:10: error [token-callback-url]
	// libs/planner/scopes/src/index.ts:4:12: error [unknown-scope]
	//   apps/service-planner/iris-app-manifest.ts:6: the manifest imports libs/planner/scopes/src/index.ts here
	// 1 manifest checked
}

// Lint an editor's unsaved buffer: the overlay stands for the file on
// disk, and imports still resolve from its folder.
func ExampleOptions_overlay() {
	ws, err := filepath.Abs("../testdata/workspace")
	if err != nil {
		log.Fatal(err)
	}
	buffer := []byte(`export default { scopes: [{ scope: 'asset.veiw', optional: false }] };` + "\n")
	l, err := lint.New(lint.Options{WorkDir: ws, Overlay: map[string][]byte{"apps/draft/iris-app-manifest.ts": buffer}})
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	res, err := l.Lint(context.Background(), "apps/draft/iris-app-manifest.ts")
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		line, _ := res.Line(d.File, d.Line)
		fmt.Printf("%d:%d %s\n%s\n", d.Line, d.Column, d.Message, line)
	}
	// Output:
	// 1:36 unknown scope "asset.veiw"; did you mean "asset.view"?
	// export default { scopes: [{ scope: 'asset.veiw', optional: false }] };
}
