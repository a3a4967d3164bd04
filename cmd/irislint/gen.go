package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	udiff "github.com/aymanbagabas/go-udiff"
	"github.com/spf13/pflag"

	"github.com/irislint/irislint/generator"
	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/internal/report"
	"github.com/irislint/irislint/lint"
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
	opts, err := f.opts.linterOptions(e)
	if err != nil {
		return usagef(e, "gen: %v", err)
	}
	opts.IncludeIgnored = true
	opts.NoCache = true // gen needs the evaluated manifest, which the cache does not keep
	opts.KeepManifests = true
	l, err := lint.New(opts)
	if err != nil {
		return usagef(e, "gen: %v", err)
	}
	defer l.Close()
	res, err := l.Lint(context.Background(), manifest)
	if err != nil {
		return usagef(e, "gen: %v", err)
	}
	m := res.Manifest(manifest)
	if m == nil || hasErrors(res.Diagnostics) {
		genPrintDiagnostics(e, res)
		fmt.Fprintf(e.stderr, "irislint: gen: %s has errors: nothing generated\n", genDisplay(e, manifest))
		return exitProblems
	}
	if !f.check {
		genPrintDiagnostics(e, res) // warnings: said, and the file is still written
	}

	source := filepath.ToSlash(genRel(outDir, manifest))
	in, err := generator.FromManifest(m, res.Catalogue(manifest), pkg, source)
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
func genPrintDiagnostics(e *env, res *lint.Result) {
	var shown []lint.Diagnostic
	for _, d := range res.Diagnostics {
		if d.Severity == "error" || d.Severity == "warning" {
			shown = append(shown, d)
		}
	}
	var out bytes.Buffer
	if report.Text(&out, shown, report.TextOptions{WorkDir: e.workDir, Lines: res.Line}) == nil {
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
		return usagef(e, "gen: cannot %s %s: %v", verb, f.output, fsx.WriteReason(err))
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
	if err := fsx.WriteFile(output, src); err != nil {
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

// unifiedDiff returns the unified diff of a and b by lines, with three
// lines of context (github.com/aymanbagabas/go-udiff, the diff gopls
// uses), cut after max lines of hunks. "" when equal.
func unifiedDiff(aName, bName string, a, b []byte, max int) string {
	d := udiff.Unified(aName, bName, string(a), string(b))
	if d == "" {
		return ""
	}
	var out strings.Builder
	lines := strings.SplitAfter(d, "\n")
	printed := 0
	for i, l := range lines {
		if i < 2 || strings.HasPrefix(l, "@@ ") || l == "" {
			out.WriteString(l) // the header and the hunks' ranges
			continue
		}
		if printed == max {
			rest := 0
			for _, r := range lines[i:] {
				if strings.HasPrefix(r, "+") || strings.HasPrefix(r, "-") {
					rest++
				}
			}
			fmt.Fprintf(&out, "... (%d more changed lines)\n", rest)
			break
		}
		out.WriteString(l)
		printed++
	}
	return out.String()
}
