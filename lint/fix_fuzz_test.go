package lint

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzFix checks the safe fixes over generated manifests: scope lists
// written every way (one entry a line or all on one, trailing commas or
// not, comments, directives, some entries in a lib spread into the list,
// any quote style, LF or CRLF, a BOM), with renamed and duplicated scopes,
// old pricing plans as keys and values, unused directives. Applying every
// safe fix must never be refused (a safe fix that broke a file or added an
// error would be), must leave every file loading with no more errors of
// any rule than before, must leave what a fresh lint of the files finds,
// and must be idempotent.
func FuzzFix(f *testing.F) {
	for seed := range 24 {
		r := rand.New(rand.NewPCG(uint64(seed), 7))
		b := make([]byte, 64)
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, choices []byte) {
		g := &manifestGen{choices: choices}
		files := g.workspace()
		root := writeWorkspace(t, files)
		before := lintIn(t, root, Options{})
		fr := fixIn(t, root, Options{}, FixOptions{})
		if len(fr.Rejected) > 0 {
			r := fr.Rejected[0]
			t.Fatalf("a safe fix was refused: %s [%s] %s: %s (%+v)\n%s", r.Fix.Message, r.Diagnostic.Rule, r.Diagnostic.Message, r.Reason, r.Cause, dump(files))
		}
		after := lintIn(t, root, Options{})
		if diff := cmp.Diff(briefs(root, after.Diagnostics), briefs(root, fr.Diagnostics)); diff != "" {
			t.Fatalf("Fix's result is not a fresh lint of the files (-fresh +fix):\n%s\n%s", diff, dump(files))
		}
		if cause := newError(before, after); cause != nil {
			t.Fatalf("the fixes added an error: %s [%s]\n%s", cause.Message, cause.Rule, dump(files))
		}
		if again := fixIn(t, root, Options{}, FixOptions{}); len(again.Changes) > 0 {
			t.Fatalf("a second --fix changed %s:\n%s\n%s", again.Changes[0].File, again.Changes[0].New, dump(files))
		}
	})
}

// TestFixGenerated runs FuzzFix's property over more generated manifests
// than its seeds, in every go test run.
func TestFixGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("lints a few hundred manifests")
	}
	applied := 0
	defer func() {
		t.Logf("%d safe fixes applied", applied)
		if applied == 0 && !t.Failed() {
			t.Error("the generated manifests had nothing to fix: the property was not tested")
		}
	}()
	for seed := range 60 {
		r := rand.New(rand.NewPCG(uint64(seed), 99))
		b := make([]byte, 96)
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		g := &manifestGen{choices: b}
		files := g.workspace()
		root := writeWorkspace(t, files)
		before := lintIn(t, root, Options{})
		fr := fixIn(t, root, Options{}, FixOptions{})
		applied += fr.Applied
		if len(fr.Rejected) > 0 {
			t.Fatalf("seed %d: a safe fix was refused: %+v\n%s", seed, fr.Rejected[0], dump(files))
		}
		if cause := newError(before, lintIn(t, root, Options{})); cause != nil {
			t.Fatalf("seed %d: the fixes added %s\n%s", seed, cause.Message, dump(files))
		}
		if again := fixIn(t, root, Options{}, FixOptions{}); len(again.Changes) > 0 {
			t.Fatalf("seed %d: not idempotent\n%s", seed, dump(files))
		}
	}
}

func dump(files map[string]string) string {
	var b strings.Builder
	for rel, c := range files {
		fmt.Fprintf(&b, "--- %s\n%s\n", rel, c)
	}
	return b.String()
}

// manifestGen writes a workspace from a stream of choices (the fuzzer's
// bytes; zeros once they run out).
type manifestGen struct {
	choices []byte
	i       int
	nl      string // line ending
}

func (g *manifestGen) n(k int) int {
	if g.i >= len(g.choices) {
		return 0
	}
	c := int(g.choices[g.i])
	g.i++
	return c % k
}

func (g *manifestGen) pick(list ...string) string { return list[g.n(len(list))] }

// str is s as a literal in a random quote style.
func (g *manifestGen) str(s string) string {
	q := g.pick("'", `"`, "`")
	return q + s + q
}

var genScopes = []string{
	"asset.view", "account.view", "account.alert.view", "api.iris.app.proxy.fetch",
	"account.irisx.proxy.store-secret", "asset.veiw", "account.user.manage",
}

var genRules = []string{"unknown-scope", "duplicate-scope", "sensitive-scope", "renamed-scope", "unknwn-scope", "syntax"}

func (g *manifestGen) workspace() map[string]string {
	g.nl = g.pick("\n", "\n", "\r\n")
	var lib []string
	var entries []string
	for range 1 + g.n(6) {
		e := fmt.Sprintf("{ scope: %s, optional: %s }", g.str(g.pick(genScopes...)), g.pick("false", "true"))
		if g.n(4) == 0 {
			lib = append(lib, e)
			continue
		}
		entries = append(entries, e)
	}
	files := map[string]string{}
	var head string
	if len(lib) > 0 {
		files["libs/s.ts"] = "export const shared = " + g.list(lib, "") + ";" + g.nl
		head = "import { shared } from '../../libs/s';" + g.nl
		at := g.n(len(entries) + 1)
		entries = append(entries[:at], append([]string{"...shared"}, entries[at:]...)...)
	}
	var b strings.Builder
	b.WriteString(head)
	b.WriteString("export default {" + g.nl)
	b.WriteString("  cspHeader: { 'connect-src': ['https://api.example.com'] }," + g.nl)
	b.WriteString("  scopes: " + g.list(entries, "  ") + "," + g.nl)
	if g.n(2) == 0 {
		b.WriteString("  installation: { pricingPlanPolicy: " + g.plans() + " }," + g.nl)
	}
	if g.n(2) == 0 {
		b.WriteString("  tokenCallback: { url: " + g.str(g.pick("https", "http")+"://example.com/cb") + " }," + g.nl)
	}
	b.WriteString("};" + g.nl)
	manifest := b.String()
	if g.n(4) == 0 {
		manifest = "\uFEFF" + manifest
	}
	files["apps/a/iris-app-manifest.ts"] = manifest
	return files
}

// list writes entries as an array literal: all on one line, or one a
// line (with comments and directives), with a trailing comma or not.
func (g *manifestGen) list(entries []string, indent string) string {
	trailing := g.n(2) == 0
	if g.n(3) == 0 {
		s := "[" + strings.Join(entries, ", ")
		if trailing && len(entries) > 0 {
			s += ","
		}
		return s + "]"
	}
	var b strings.Builder
	b.WriteString("[" + g.nl)
	for i, e := range entries {
		if g.n(4) == 0 {
			ids := []string{g.pick(genRules...)}
			if g.n(2) == 0 {
				ids = append(ids, g.pick(genRules...))
			}
			b.WriteString(indent + "  // irislint-disable-next-line " + strings.Join(ids, ", ") + g.nl)
		}
		b.WriteString(indent + "  " + e)
		if i < len(entries)-1 || trailing {
			b.WriteString(",")
		}
		switch g.n(5) {
		case 0:
			b.WriteString(" // note")
		case 1:
			b.WriteString(" // irislint-disable-line " + g.pick(genRules...))
		}
		b.WriteString(g.nl)
	}
	return b.String() + indent + "]"
}

func (g *manifestGen) plans() string {
	var props []string
	used := map[string]bool{}
	for range 1 + g.n(3) {
		k := g.pick("EXPLORE_FLEET_OWNER", "EXPLORE_OEM", "EVOLVE_OEM", "ALL_PLANS", "EXPAND")
		if used[k] {
			continue
		}
		used[k] = true
		if g.n(2) == 0 {
			k = "'" + k + "'"
		}
		props = append(props, k+": "+g.str(g.pick("ON_DEMAND", "PERMANENT")))
	}
	return "{ " + strings.Join(props, ", ") + " }"
}
