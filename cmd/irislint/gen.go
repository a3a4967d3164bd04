package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/spf13/pflag"

	"github.com/irislint/irislint/generator"
	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/internal/report"
	"github.com/irislint/irislint/rules"
)

const genUsage = `Usage: irislint gen [flags] MANIFEST

Generates Go for the scopes an Iris App manifest declares, so that a backend
receiving the app's token callback asks only for declared scopes: a Scope type
with one constant per scope; Required, Optional and All in manifest order; the
TokenRequest and RequiredTokenRequest strings; TokenEndpoint, TokenCallbackURL
and IrisAppID; Request (builds a scope parameter) and Missing (required scopes
absent from a token answer). The file needs only the standard library.

The manifest is linted first and its diagnostics are printed on standard
error as 'irislint lint' prints them: after an error nothing is generated;
warnings do not stop generation (--check does not repeat them).

Examples:
  # in a Go file of the backend's package; go generate sets $GOPACKAGE
  //go:generate irislint gen -o scopes_gen.go ../../apps/fleet/iris-app-manifest.ts

  irislint gen -o scopes_gen.go ../../apps/fleet/iris-app-manifest.ts
  irislint gen -p fleetscopes apps/fleet/iris-app-manifest.ts > scopes_gen.go
  irislint gen --check -o internal/fleet/scopes_gen.go apps/fleet/iris-app-manifest.ts  # CI
  irislint gen --check   # every file irislint generated under this folder (pre-commit)

Exit codes: 0 written (or up to date); 1 the manifest has errors, or --check
found the file stale or missing; 2 bad flags or the output cannot be written.

Flags:
`

// genFlags are gen's settings after parsing.
type genFlags struct {
	output string
	pkg    string
	check  bool
	opts   checkOptions
}

func cmdGen(e *env, args []string) int {
	warmUp()
	var f genFlags
	flags := pflag.NewFlagSet("gen", pflag.ContinueOnError)
	flags.StringVarP(&f.output, "output", "o", "", "write the Go file to `FILE` (default: standard output)")
	flags.StringVarP(&f.pkg, "package", "p", "", "Go package `NAME` (default: $GOPACKAGE, else the output folder's name)")
	flags.BoolVar(&f.check, "check", false, "write nothing; exit 1 with a diff when the --output file is stale or missing (with neither MANIFEST nor --output: every file irislint generated under the current folder)")
	f.opts.addLimitFlags(flags)
	f.opts.addConfigFlags(flags)
	if code, done := parseFlags(e, flags, genUsage, args); done {
		return code
	}
	limitsErr := f.opts.checkLimits()
	switch {
	case f.check && flags.NArg() == 0 && f.output == "":
		return genCheckAll(e, args)
	case flags.NArg() != 1:
		return usagef(e, "gen: want exactly one MANIFEST, got %d arguments (see 'irislint gen --help')", flags.NArg())
	case limitsErr != nil:
		return usagef(e, "gen: %v", limitsErr)
	case f.check && f.output == "":
		return usagef(e, "gen: --check needs -o/--output FILE, the file to compare")
	}

	manifest := genAbs(e, flags.Arg(0))
	if fi, err := os.Stat(manifest); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return usagef(e, "gen: %s: no such file", flags.Arg(0))
		}
		return usagef(e, "gen: %s: %v", flags.Arg(0), fsx.Cause(err))
	} else if fi.IsDir() {
		return usagef(e, "gen: %s is a folder: name the manifest file", flags.Arg(0))
	}
	output := ""
	outDir := e.workDir
	if f.output != "" {
		output = genAbs(e, f.output)
		outDir = filepath.Dir(output)
	}
	if output == manifest {
		return usagef(e, "gen: -o/--output names the manifest itself")
	}
	pkg := f.pkg
	if pkg == "" {
		pkg = e.getenv("GOPACKAGE")
	}
	if pkg == "" {
		pkg = genPackageName(outDir)
	}
	if !token.IsIdentifier(pkg) || pkg == "_" {
		return usagef(e, "gen: package name %q is not a valid Go identifier (set it with -p/--package)", pkg)
	}

	// The manifest's configuration (its ignore globs do not apply: gen
	// was asked for this manifest) decides what counts as an error and
	// which scopes are known.
	if _, err := f.opts.configure(e.workDir, []string{manifest}, false); err != nil {
		return usagef(e, "gen: %v", err)
	}
	m, diags := checkManifest(manifest, f.opts)
	if m == nil || hasErrors(diags) {
		genPrintDiagnostics(e, diags)
		fmt.Fprintf(e.stderr, "irislint: gen: %s has errors: nothing generated\n", genDisplay(e, manifest))
		return exitProblems
	}
	if !f.check {
		genPrintDiagnostics(e, diags) // warnings: said, and the file is still written
	}

	source := filepath.ToSlash(genRel(outDir, manifest))
	in, err := generator.FromManifest(m, f.opts.optionsFor(manifest).Catalogue, pkg, source)
	if err == nil {
		var src []byte
		src, err = generator.Generate(in)
		if err == nil {
			return genEmit(e, f, output, manifest, src)
		}
	}
	fmt.Fprintf(e.stderr, "irislint: gen: %s: %v: nothing generated\n", genDisplay(e, manifest), err)
	return exitProblems
}

// genPrintDiagnostics prints the errors and warnings of the manifest on
// stderr as lint prints them (stdout may be the generated file).
func genPrintDiagnostics(e *env, diags []rules.Diagnostic) {
	var shown []rules.Diagnostic
	for _, d := range diags {
		if d.Severity == rules.Error || d.Severity == rules.Warning {
			shown = append(shown, d)
		}
	}
	var out bytes.Buffer
	if report.Text(&out, shown, report.TextOptions{WorkDir: e.workDir}) == nil {
		e.stderr.Write(out.Bytes())
	}
}

// genEmit writes src to stdout or output, or compares it with output
// under --check.
func genEmit(e *env, f genFlags, output, manifest string, src []byte) int {
	if output == "" {
		if _, err := e.stdout.Write(src); err != nil {
			return usagef(e, "gen: cannot write the output: %v", err)
		}
		return exitOK
	}
	old, err := os.ReadFile(output)
	missing := errors.Is(err, fs.ErrNotExist)
	if err != nil && !missing {
		verb := "write" // the old content is read to leave an unchanged file alone
		if f.check {
			verb = "read"
		}
		return usagef(e, "gen: cannot %s %s: %v", verb, f.output, writeError(err))
	}
	if err == nil && bytes.Equal(old, src) {
		return exitOK // up to date: leave the file (and its time) alone
	}
	if f.check {
		name := genDisplay(e, output)
		if missing {
			fmt.Fprintf(e.stderr, "irislint: gen: %s does not exist: run go generate, or irislint gen -o %s %s\n", name, name, genDisplay(e, manifest))
		} else {
			fmt.Fprintf(e.stderr, "irislint: gen: %s is stale: run go generate, or irislint gen -o %s %s\n", name, name, genDisplay(e, manifest))
		}
		fmt.Fprint(e.stderr, unifiedDiff(name+" (on disk)", name+" (generated)", old, src, genDiffLines))
		return exitProblems
	}
	if err := writeFileAtomic(output, src); err != nil {
		return usagef(e, "gen: cannot write %s: %v", f.output, err) // the path as the user gave it
	}
	return exitOK
}

// genAbs makes p absolute against the working directory.
func genAbs(e *env, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(e.workDir, p)
}

// genDisplay is p relative to the working directory, as it would be typed
// there ("../../apps/fleet/iris-app-manifest.ts" under go generate).
func genDisplay(e *env, p string) string { return genRel(e.workDir, p) }

func genRel(base, target string) string {
	if rel, err := filepath.Rel(base, target); err == nil {
		return rel
	}
	return target
}

// genPackageName makes a folder's name a Go package name: lower-case
// letters, digits and underscores, not starting with a digit, not a
// keyword ("my-app" → "myapp", "2fa" → "p2fa", "type" → "typepkg").
func genPackageName(dir string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(filepath.Base(dir)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			b.WriteRune(r)
		}
	}
	name := strings.Trim(b.String(), "_")
	switch {
	case name == "":
		return "scopes"
	case unicode.IsDigit([]rune(name)[0]):
		name = "p" + name
	case token.IsKeyword(name):
		name += "pkg"
	}
	return name
}

// genDiffLines bounds the diff --check prints: enough to see what changed.
const genDiffLines = 40

// unifiedDiff returns a unified-style diff of a and b by lines, with three
// lines of context, cut after max lines of hunks. "" when equal.
func unifiedDiff(aName, bName string, a, b []byte, max int) string {
	al, bl := splitLines(a), splitLines(b)
	ops := diffLines(al, bl)
	const ctx = 3
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", aName, bName)
	printed, changed := 0, false
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		changed = true
		// A hunk: from ctx lines before this change to ctx lines after the
		// last change that is at most 2*ctx equal lines further on.
		start := genMax0(i - ctx)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j
			} else if j-end > 2*ctx {
				break
			}
		}
		stop := min(len(ops), end+ctx+1)
		h := ops[start:stop]
		aStart, bStart, aN, bN := h[0].a, h[0].b, 0, 0
		for _, op := range h {
			if op.kind != '+' {
				aN++
			}
			if op.kind != '-' {
				bN++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(aStart, aN), hunkRange(bStart, bN))
		for k, op := range h {
			if printed == max {
				rest := 0
				for _, o := range ops[start+k:] {
					if o.kind != ' ' {
						rest++
					}
				}
				fmt.Fprintf(&out, "... (%d more changed lines)\n", rest)
				return out.String()
			}
			fmt.Fprintf(&out, "%c%s\n", op.kind, op.text)
			printed++
		}
		i = stop
	}
	if !changed {
		return ""
	}
	return out.String()
}

func genMax0(n int) int {
	if n < 0 {
		return 0
	}
	return n
}

// hunkRange prints a 0-based start and a count as a unified diff does.
func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprint(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func splitLines(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

type diffOp struct {
	kind byte // ' ', '-' or '+'
	text string
	a, b int // 0-based line in a and in b where the op stands
}

// diffLines is a longest-common-subsequence line diff. The common prefix and
// suffix are trimmed first; a middle too large for the quadratic table is
// shown as wholly replaced, which is still a correct diff.
func diffLines(a, b []string) []diffOp {
	var ops []diffOp
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		ops = append(ops, diffOp{' ', a[p], p, p})
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	am, bm := a[p:len(a)-s], b[p:len(b)-s]
	n, m := len(am), len(bm)
	if n*m <= 4_000_000 {
		// lcs[i][j] is the LCS length of am[i:] and bm[j:].
		lcs := make([][]int32, n+1)
		for i := range lcs {
			lcs[i] = make([]int32, m+1)
		}
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				if am[i] == bm[j] {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		i, j := 0, 0
		for i < n || j < m {
			switch {
			case i < n && j < m && am[i] == bm[j]:
				ops = append(ops, diffOp{' ', am[i], p + i, p + j})
				i++
				j++
			case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
				ops = append(ops, diffOp{'-', am[i], p + i, p + j})
				i++
			default:
				ops = append(ops, diffOp{'+', bm[j], p + i, p + j})
				j++
			}
		}
	} else {
		for i, l := range am {
			ops = append(ops, diffOp{'-', l, p + i, p})
		}
		for j, l := range bm {
			ops = append(ops, diffOp{'+', l, p + n, p + j})
		}
	}
	for k := 0; k < s; k++ {
		ops = append(ops, diffOp{' ', a[len(a)-s+k], len(a) - s + k, len(b) - s + k})
	}
	return ops
}
