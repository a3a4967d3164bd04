package lint

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fixIn runs Fix with opts in root over paths.
func fixIn(t *testing.T, root string, opts Options, fo FixOptions, paths ...string) *FixResult {
	t.Helper()
	opts.WorkDir = root
	l, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	res, err := l.Fix(context.Background(), fo, paths...)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func readRel(t *testing.T, root, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// fixesOf lists "rule: fix message" for every fix of ds.
func fixesOf(ds []Diagnostic) []string {
	var out []string
	for _, d := range ds {
		for _, f := range d.Fixes {
			out = append(out, d.Rule+": "+f.Message)
		}
	}
	return out
}

// A lib shared by two apps: app a declares asset.view itself and spreads
// the lib, which declares it again (a duplicate, for a); app b has it only
// from the lib. Removing the lib's entry would be right for a and wrong
// for b: no fix, whether the run checks both apps or only a.
func TestFixNotWhenShared(t *testing.T) {
	lib := "export const shared = [\n  { scope: 'account.view', optional: true },\n  { scope: 'asset.view', optional: false },\n];\n"
	files := map[string]string{
		"libs/s.ts": lib,
		"apps/a/iris-app-manifest.ts": "import { shared } from '../../libs/s';\n" +
			"export default { scopes: [{ scope: 'asset.view', optional: false }, ...shared] };\n",
		"apps/b/iris-app-manifest.ts": "import { shared } from '../../libs/s';\nexport default { scopes: [...shared] };\n",
	}
	root := writeWorkspace(t, files)
	res := lintIn(t, root, Options{})
	if got := briefs(root, res.Diagnostics); len(got) != 1 || got[0].Rule != "duplicate-scope" {
		t.Fatalf("want the one duplicate, got %+v", got)
	}
	if fx := fixesOf(res.Diagnostics); fx != nil {
		t.Errorf("the shared entry got fixes: %v", fx)
	}

	// Only app a asked for: its lint alone would remove the entry; Fix
	// lints app b too, which reads the lib, and leaves the lib alone.
	if fx := fixesOf(lintIn(t, root, Options{}, "apps/a").Diagnostics); len(fx) != 1 {
		t.Fatalf("app a alone: want the removal offered, got %v", fx)
	}
	fr := fixIn(t, root, Options{}, FixOptions{Unsafe: true}, "apps/a")
	if len(fr.Changes) != 0 || fr.Applied != 0 || readRel(t, root, "libs/s.ts") != lib {
		t.Errorf("the shared lib was changed: %+v", fr.Changes)
	}
	if len(fr.Rejected) != 1 || !strings.Contains(fr.Rejected[0].Reason, "another manifest reads the file") {
		t.Errorf("want the fix rejected for the other reader, got %+v", fr.Rejected)
	}

	// A rename every reader gets is made once, in the lib.
	files["libs/s.ts"] = strings.Replace(lib, "account.view", "account.irisx.proxy.store-secret", 1)
	root = writeWorkspace(t, files)
	fr = fixIn(t, root, Options{}, FixOptions{}, "apps/a")
	if got := readRel(t, root, "libs/s.ts"); !strings.Contains(got, "'account.iris.app.store-secret'") || fr.Applied != 1 {
		t.Errorf("the rename was not made (%d applied):\n%s", fr.Applied, got)
	}
}

// A manifest evaluated in two environments: a fix for a diagnostic found
// in one is kept only when the other does not reach the edited text.
func TestFixEnvironments(t *testing.T) {
	config := "environments:\n  production:\n    STAGE: production\n  development:\n    STAGE: development\n"
	root := writeWorkspace(t, map[string]string{
		".irislint.yaml": config,
		"apps/a/iris-app-manifest.ts": `const prod = process.env.STAGE === 'production';
export default {
  scopes: [
    ...(prod ? [{ scope: 'asset.view', optional: false }] : []),
    { scope: 'asset.view', optional: false },
    ...(prod ? [{ scope: 'account.irisx.proxy.store-secret', optional: false }] : []),
    // irislint-disable-next-line sensitive-scope
    ...(prod ? [{ scope: 'account.user.manage', optional: false }] : []),
  ],
};
`,
	})
	res := lintIn(t, root, Options{})
	byRule := map[string][]string{}
	for _, d := range res.Diagnostics {
		byRule[d.Rule] = append(byRule[d.Rule], strings.Join(fixesOf([]Diagnostic{d}), "|"))
	}
	want := map[string][]string{
		// line 5 is a duplicate in production only; development needs it
		"duplicate-scope": {""},
		// only production reaches the old name: development is no reader
		"renamed-scope": {`renamed-scope: rename to "account.iris.app.store-secret"`},
		// the directive disables something in production only
		"unused-disable": {""},
	}
	if diff := cmp.Diff(want, byRule); diff != "" {
		t.Errorf("fixes by rule (-want +got):\n%s", diff)
	}
}

// A fix that would add an error is not applied, and the run says which
// error; the others are.
func TestFixRejectsANewError(t *testing.T) {
	src := "export default {\n  scopes: [\n    { scope: 'asset.veiw', optional: false },\n    { scope: 'asset.view', optional: true },\n" +
		"    { scope: 'account.irisx.proxy.store-secret', optional: false },\n  ],\n};\n"
	root := writeWorkspace(t, map[string]string{"apps/a/iris-app-manifest.ts": src})
	fr := fixIn(t, root, Options{}, FixOptions{Unsafe: true})
	if len(fr.Rejected) != 1 {
		t.Fatalf("want one fix rejected, got %+v", fr.Rejected)
	}
	r := fr.Rejected[0]
	if r.Diagnostic.Rule != "unknown-scope" || r.Reason != "it would add an error" || r.Cause == nil || r.Cause.Rule != "duplicate-scope" {
		t.Errorf("rejected: %+v (cause %+v)", r, r.Cause)
	}
	want := strings.Replace(src, "account.irisx.proxy.store-secret", "account.iris.app.store-secret", 1)
	if got := readRel(t, root, "apps/a/iris-app-manifest.ts"); got != want {
		t.Errorf("after --fix (-want +got):\n%s", cmp.Diff(want, got))
	}
	if fr.Applied != 1 || len(fr.Changes) != 1 {
		t.Errorf("applied %d, changed %d files", fr.Applied, len(fr.Changes))
	}
	if got := briefs(root, fr.Diagnostics); len(got) != 2 || got[0].Rule != "unknown-scope" || got[1].Rule != "store-secret-without-proxy" {
		t.Errorf("what remains: %+v", got)
	}
}

// Overlapping fixes take rounds; the second run changes nothing.
func TestFixRoundsAndIdempotence(t *testing.T) {
	src := "export default {\n  scopes: [{ scope: 'asset.view', optional: false }, { scope: 'asset.view', optional: false }, { scope: 'asset.view', optional: false }],\n" +
		"  installation: { pricingPlanPolicy: { EXPLORE_FLEET_OWNER: 'ON_DEMAND', EXPAND_OEM: 'PERMANENT' } },\n};\n"
	root := writeWorkspace(t, map[string]string{"apps/a/iris-app-manifest.ts": src})
	fr := fixIn(t, root, Options{}, FixOptions{})
	want := "export default {\n  scopes: [{ scope: 'asset.view', optional: false }],\n" +
		"  installation: { pricingPlanPolicy: { EXPLORE: 'ON_DEMAND', LEAP: 'PERMANENT' } },\n};\n"
	if got := readRel(t, root, "apps/a/iris-app-manifest.ts"); got != want {
		t.Errorf("after --fix (-want +got):\n%s", cmp.Diff(want, got))
	}
	if len(fr.Diagnostics) != 0 || fr.Applied != 4 || fr.Unfinished || len(fr.Rejected) != 0 {
		t.Errorf("remains %+v, applied %d, unfinished %v, rejected %+v", briefs(root, fr.Diagnostics), fr.Applied, fr.Unfinished, fr.Rejected)
	}
	again := fixIn(t, root, Options{}, FixOptions{Unsafe: true})
	if len(again.Changes) != 0 || again.Applied != 0 {
		t.Errorf("the second run changed %+v", again.Changes)
	}
}

// A dry run changes nothing on disk and says what would change; an
// overlay's new content is returned, never written.
func TestFixDryRunAndOverlay(t *testing.T) {
	src := "export default { scopes: [{ scope: 'account.irisx.proxy.store-secret', optional: false }] };\n"
	fixed := strings.Replace(src, "irisx.proxy", "iris.app", 1)
	root := writeWorkspace(t, map[string]string{"apps/a/iris-app-manifest.ts": src})
	fr := fixIn(t, root, Options{}, FixOptions{DryRun: true})
	if got := readRel(t, root, "apps/a/iris-app-manifest.ts"); got != src {
		t.Errorf("a dry run wrote the file:\n%s", got)
	}
	if len(fr.Changes) != 1 || string(fr.Changes[0].Old) != src || string(fr.Changes[0].New) != fixed {
		t.Errorf("changes: %+v", fr.Changes)
	}
	if len(fr.Diagnostics) != 1 || fr.Diagnostics[0].Rule != "store-secret-without-proxy" {
		t.Errorf("what would remain: %+v", briefs(root, fr.Diagnostics))
	}

	buffer := strings.Replace(src, "false", "true", 1)
	file := filepath.Join(root, "apps", "a", "iris-app-manifest.ts")
	fr = fixIn(t, root, Options{Overlay: map[string][]byte{file: []byte(buffer)}}, FixOptions{}, file)
	if got := readRel(t, root, "apps/a/iris-app-manifest.ts"); got != src {
		t.Errorf("the overlaid file was written:\n%s", got)
	}
	if len(fr.Changes) != 1 || string(fr.Changes[0].New) != strings.Replace(buffer, "irisx.proxy", "iris.app", 1) {
		t.Errorf("changes of the buffer: %+v", fr.Changes)
	}
}

// Files are written through a rename that keeps their mode and follows a
// link to its target; one that changed since it was read is not written.
func TestReplaceFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.ts")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.ts")
	if err := os.Symlink("real.ts", link); err != nil {
		t.Fatal(err)
	}
	if err := replaceFile(link, []byte("old"), []byte("new")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi.Mode(), err)
	}
	fi, err := os.Stat(target)
	if data, _ := os.ReadFile(target); err != nil || string(data) != "new" || fi.Mode().Perm() != 0o600 {
		t.Errorf("target %q, mode %v", data, fi.Mode())
	}
	if err := replaceFile(target, []byte("old"), []byte("newer")); err == nil || !strings.Contains(err.Error(), "changed while irislint was fixing it") {
		t.Errorf("a file changed since it was read: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestClash(t *testing.T) {
	e := func(from, to int, text string) byteEdit { return byteEdit{file: "f", from: from, to: to, text: text} }
	for _, tt := range []struct {
		a, b byteEdit
		want bool
	}{
		{e(0, 5, ""), e(5, 8, ""), false}, // adjacent
		{e(0, 5, ""), e(4, 8, ""), true},
		{e(2, 4, "x"), e(2, 4, "x"), false}, // the same edit
		{e(2, 4, "x"), e(2, 4, "y"), true},
		{e(5, 5, "x"), e(5, 8, ""), true}, // an insertion where text goes
		{e(0, 5, ""), byteEdit{file: "g", from: 0, to: 5}, false},
	} {
		if got := clash(tt.a, tt.b); got != tt.want || clash(tt.b, tt.a) != tt.want {
			t.Errorf("clash(%+v, %+v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
