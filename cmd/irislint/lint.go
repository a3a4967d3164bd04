package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
	"github.com/spf13/pflag"

	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/internal/report"
	"github.com/irislint/irislint/lint"
)

const lintUsage = `Usage: irislint lint [flags] [PATH...]

Checks Iris App manifests: their scopes against Trackunit's scope catalogue,
their tokenCallback URL, and that they bundle and evaluate at all. Each PATH is
a manifest file, or a folder searched for iris-app-manifest.{ts,mts,cts,js,mjs,cjs,json}
(node_modules, dist, tmp and dot-folders are skipped). No PATH: the current folder.
A PATH that is another file (a lib, a JSON file, a tsconfig, .irislint.yaml)
lints the manifests of its workspace that read it and reports the problems
in it: pre-commit passes the files a commit changes.

Examples:
  irislint lint
  irislint lint apps/fleet/iris-app-manifest.ts
  irislint lint --format json -o irislint.json .
  irislint lint --strict --timeout 2s --memory-limit 128 apps/
  irislint lint --format github                     # annotations in a GitHub Actions job
  irislint lint --format sarif -o irislint.sarif    # for GitHub code scanning
  irislint lint --stdin-filename apps/fleet/iris-app-manifest.ts < buffer.ts   # an editor's unsaved buffer
  irislint lint libs/shared/scopes/src/index.ts     # the manifests that import this lib
  irislint lint --env NX_TASK_TARGET_CONFIGURATION=production apps/
  irislint lint --fix                               # apply the safe fixes, then report what remains
  irislint lint --fix --unsafe-fixes --diff         # show every fix as a diff, write nothing

Each manifest is evaluated once per environment under environments: in
.irislint.yaml (a problem found in only some says which), or in the one
--env gives. Manifests are linted in parallel (-j); the output is sorted by
file and position, the same whatever -j is. The text report is coloured on a terminal
only (not with NO_COLOR or --color never) and ends with a summary line.

A diagnostic irislint can fix says so: "(fixable with --fix)" for a safe fix
(a documented rename, an exact duplicate, an unused directive), "(fix
available with --unsafe-fixes)" for one that changes what the app asks for
(a typo's closest scope, http to https). --fix applies them in place (each
file through a temporary file and a rename), lints again and reports what
remains, and the exit code says whether errors remain; a fix that would
leave a file that does not load, or add an error, is not applied and is
named on standard error. --fix --diff prints the changes as a unified diff
instead of writing them, and exits 1 when there are any.

Flags:
`

// lintFlags are lint's settings after parsing.
type lintFlags struct {
	format string
	output string
	strict bool
	jobs   int
	color  string
	check  checkOptions
	// stdinFilename, when set, lints standard input as if it were this
	// file (see stdin.go).
	stdinFilename string
	asManifest    bool
	noCache       bool

	fix         bool // apply fixes (fix.go's Linter.Fix)
	unsafeFixes bool // with fix: the unsafe ones too
	diff        bool // with fix: print the diff, write nothing
}

func cmdLint(e *env, args []string) int {
	warmUp()
	var f lintFlags
	fs := pflag.NewFlagSet("lint", pflag.ContinueOnError)
	fs.StringVarP(&f.format, "format", "f", "text", "output format: text, json, sarif (SARIF 2.1.0, for code scanning) or github (GitHub Actions annotations)")
	fs.StringVarP(&f.output, "output", "o", "", "write the report to `FILE` instead of standard output")
	fs.BoolVar(&f.strict, "strict", false, "fail (exit 1) on warnings too")
	fs.IntVarP(&f.jobs, "jobs", "j", runtime.NumCPU(), "lint up to `N` manifests at once")
	f.check.addLimitFlags(fs)
	fs.StringVar(&f.color, "color", "auto", "colour the text report: auto (on a terminal, unless NO_COLOR is set), always or never")
	f.check.addConfigFlags(fs)
	fs.StringVar(&f.stdinFilename, "stdin-filename", "", "lint standard input as if it were the file `PATH` (imports resolve from its folder; for editors)")
	fs.BoolVar(&f.noCache, "no-cache", false, "lint everything again, neither reading nor writing the result cache ($IRISLINT_CACHE: its folder, or off)")
	fs.BoolVar(&f.asManifest, "as-manifest", false, "lint each FILE given as a manifest, whatever its name (by default a file not named iris-app-manifest.* lints the manifests that read it)")
	fs.BoolVar(&f.fix, "fix", false, "apply the safe fixes in place, then report what remains")
	fs.BoolVar(&f.unsafeFixes, "unsafe-fixes", false, "with --fix: apply the unsafe fixes too (they change what the app asks for)")
	fs.BoolVar(&f.diff, "diff", false, "with --fix: print the unified diff of what the fixes would change, and write nothing")
	if code, done := parseFlags(e, fs, lintUsage, args); done {
		return code
	}
	tuneGC(e)
	switch f.format {
	case "text", "json", "sarif", "github":
	default:
		return usagef(e, "lint: unknown --format %q (want text, json, sarif or github)", f.format)
	}
	switch f.color {
	case "auto", "always", "never":
	default:
		return usagef(e, "lint: unknown --color %q (want auto, always or never)", f.color)
	}
	if f.jobs < 1 {
		return usagef(e, "lint: --jobs must be at least 1")
	}
	if err := f.check.checkLimits(); err != nil {
		return usagef(e, "lint: %v", err)
	}
	switch {
	case f.unsafeFixes && !f.fix:
		return usagef(e, "lint: --unsafe-fixes applies fixes only with --fix")
	case f.diff && !f.fix:
		return usagef(e, "lint: --diff shows what --fix would change: use --fix --diff")
	case f.diff && fs.Changed("format") && f.format != "text":
		return usagef(e, "lint: --diff prints a diff, not a report: --format %s cannot be used with it", f.format)
	case f.fix && !f.diff && f.stdinFilename != "":
		return usagef(e, "lint: --fix cannot write standard input back: use --fix --diff with --stdin-filename")
	}
	opts, err := f.check.linterOptions(e)
	if err != nil {
		return usagef(e, "lint: %v", err)
	}
	opts.Jobs = f.jobs
	opts.AsManifests = f.asManifest
	opts.NoCache = f.noCache
	switch dir := e.getenv(lint.CacheDirEnv); dir {
	case "":
	case "off":
		opts.NoCache = true
	default:
		opts.CacheDir = dir
	}
	paths := fs.Args()
	if f.stdinFilename != "" {
		if paths, err = stdinOverlay(e, f.stdinFilename, paths, &opts); err != nil {
			return usagef(e, "lint: %v", err)
		}
	}
	l, err := lint.New(opts)
	if err != nil {
		return usagef(e, "lint: %v", err)
	}
	defer l.Close()
	if f.fix {
		return fixAndReport(e, f, l, paths)
	}
	res, err := l.Lint(context.Background(), paths...)
	if err != nil {
		return usagef(e, "lint: %v", err)
	}
	warnUnread(e, res.Unread)

	if err := writeReport(e, f, res); err != nil {
		return usagef(e, "lint: %v", err)
	}
	return exitCode(res.Diagnostics, f.strict)
}

// warnUnread says, for each file given that no manifest reads, that there
// is nothing to check.
func warnUnread(e *env, paths []string) {
	for _, p := range paths {
		fmt.Fprintf(e.stderr, "irislint: %s: no manifest reads this file: nothing to check (a manifest is named iris-app-manifest.*)\n", fsx.Shown(e.workDir, p))
	}
}

// writeReport formats the run's result as asked and writes it to the
// output file (through a temporary file and a rename) or to stdout.
func writeReport(e *env, f lintFlags, res *lint.Result) error {
	var out bytes.Buffer
	var err error
	switch f.format {
	case "json":
		err = report.JSON(&out, res.Diagnostics, len(res.Manifests), e.workDir)
	case "sarif":
		err = report.SARIF(&out, res.Diagnostics, sarifOptions(e))
	case "github":
		err = report.GitHub(&out, res.Diagnostics, repoRoot(e))
	default:
		err = report.Text(&out, res.Diagnostics, report.TextOptions{
			WorkDir: e.workDir,
			Color:   useColor(e, f.color, f.output),
			Summary: true,
			Files:   len(res.Manifests),
			Lines:   res.Line,
		})
	}
	if err != nil {
		return err
	}
	return writeOutput(e, f.output, out.Bytes())
}

// writeOutput writes data to the file output (through a temporary file
// and a rename), or to stdout when output is "".
func writeOutput(e *env, output string, data []byte) error {
	if output != "" {
		if err := fsx.WriteFile(output, data); err != nil {
			return fmt.Errorf("cannot write the report to %s: %v", output, err)
		}
		return nil
	}
	_, err := e.stdout.Write(data)
	return err
}

// fixAndReport is lint --fix: apply the fixes asked for (or, with
// --diff, print them as a unified diff), say on stderr what was not
// applied, and report what remains. The exit code is the report's, except
// that a diff that is not empty exits 1 and a file that could not be
// written exits 2.
func fixAndReport(e *env, f lintFlags, l *lint.Linter, paths []string) int {
	fr, err := l.Fix(context.Background(), lint.FixOptions{Unsafe: f.unsafeFixes, DryRun: f.diff}, paths...)
	if fr == nil {
		return usagef(e, "lint: %v", err)
	}
	warnUnread(e, fr.Unread)
	for _, r := range fr.Rejected {
		d := r.Diagnostic
		fmt.Fprintf(e.stderr, "irislint: not applied: %s:%d:%d: %s [%s]: %s", fsx.Shown(e.workDir, d.File), d.Line, d.Column, r.Fix.Message, d.Rule, r.Reason)
		if c := r.Cause; c != nil {
			fmt.Fprintf(e.stderr, " (%s:%d:%d: %s [%s])", fsx.Shown(e.workDir, c.File), c.Line, c.Column, c.Message, c.Rule)
		}
		fmt.Fprintln(e.stderr)
	}
	if fr.Unfinished {
		fmt.Fprintln(e.stderr, "irislint: more fixes can be applied: run irislint lint --fix again")
	}
	code := exitCode(fr.Diagnostics, f.strict)
	if f.diff {
		var out strings.Builder
		for _, c := range fr.Changes {
			rel := filepath.ToSlash(fsx.Shown(e.workDir, c.File))
			out.WriteString(udiff.Unified("a/"+rel, "b/"+rel, string(c.Old), string(c.New)))
		}
		fmt.Fprintf(e.stderr, "irislint: %s would change %s; %s would remain\n",
			countOf(fr.Applied, "fix", "fixes"), countOf(len(fr.Changes), "file", "files"), report.Remaining(fr.Diagnostics))
		if err := writeOutput(e, f.output, []byte(out.String())); err != nil {
			return usagef(e, "lint: %v", err)
		}
		if len(fr.Changes) > 0 {
			code = exitProblems
		}
		return code
	}
	if fr.Applied > 0 {
		fmt.Fprintf(e.stderr, "irislint: applied %s to %s\n", countOf(fr.Applied, "fix", "fixes"), countOf(len(fr.Changes), "file", "files"))
	}
	if werr := writeReport(e, f, fr.Result); werr != nil {
		return usagef(e, "lint: %v", werr)
	}
	if err != nil {
		return usagef(e, "lint: --fix: %v", err)
	}
	return code
}

// countOf is "1 fix", "2 fixes".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func exitCode(diags []lint.Diagnostic, strict bool) int {
	for _, d := range diags {
		if d.Severity == "error" || strict && d.Severity == "warning" {
			return exitProblems
		}
	}
	return exitOK
}

// useColor decides colour: always/never as asked; auto means a terminal,
// no NO_COLOR, and no --output file.
func useColor(e *env, mode, output string) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	return e.isTTY && output == "" && e.getenv("NO_COLOR") == "" && e.getenv("TERM") != "dumb"
}

// parseFlags parses args; done reports that the command should stop now
// with code: after --help (usage and the flags on stdout, exit 0) or a bad
// flag (one line on stderr, exit 2).
func parseFlags(e *env, fs *pflag.FlagSet, usage string, args []string) (code int, done bool) {
	fs.SortFlags = false
	fs.SetOutput(io.Discard) // we print errors ourselves, in one line
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprint(e.stdout, usage)
			fmt.Fprint(e.stdout, fs.FlagUsages())
			return exitOK, true
		}
		fmt.Fprintf(e.stderr, "irislint: %s: %v%s\nRun 'irislint %s --help' for usage.\n", fs.Name(), err, flagSuggestion(fs, err), fs.Name())
		return exitUsage, true
	}
	return 0, false
}

// usagef prints one line about how irislint was called and returns exit 2.
func usagef(e *env, format string, args ...any) int {
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintln(e.stderr, "irislint: "+strings.TrimSpace(msg))
	return exitUsage
}
