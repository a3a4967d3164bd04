package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/spf13/pflag"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/internal/report"
	"github.com/irislint/irislint/rules"
)

const lintUsage = `Usage: irislint lint [flags] [PATH...]

Checks Iris App manifests: their scopes against Trackunit's scope catalogue,
their tokenCallback URL, and that they bundle and evaluate at all. Each PATH is
a manifest file, or a folder searched for iris-app-manifest.{ts,mts,cts,js,mjs,cjs,json}
(node_modules, dist, tmp and dot-folders are skipped). No PATH: the current folder.

Examples:
  irislint lint
  irislint lint apps/fleet/iris-app-manifest.ts
  irislint lint --format json -o irislint.json .
  irislint lint --strict --timeout 2s --memory-limit 128 apps/
  irislint lint --format github                     # annotations in a GitHub Actions job
  irislint lint --format sarif -o irislint.sarif    # for GitHub code scanning
  irislint lint --stdin-filename apps/fleet/iris-app-manifest.ts < buffer.ts   # an editor's unsaved buffer

Manifests are linted in parallel (-j); the output is sorted by file and
position, the same whatever -j is. The text report is coloured on a terminal
only (not with NO_COLOR or --color never) and ends with a summary line.

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

	var files []string
	var diags []rules.Diagnostic
	var err error
	if f.stdinFilename != "" {
		files, diags, err = lintStdin(e, &f, fs.Args())
	} else if files, err = discover(e.workDir, fs.Args()); err == nil {
		// configuration per manifest; files an ignore glob skips drop out
		if files, err = f.check.configure(e.workDir, files, true); err == nil {
			diags = lintAll(files, f.check, f.jobs)
		}
	}
	if err != nil {
		return usagef(e, "lint: %v", err)
	}

	var out bytes.Buffer
	switch f.format {
	case "json":
		err = report.JSON(&out, diags, len(files), e.workDir)
	case "sarif":
		err = report.SARIF(&out, diags, sarifOptions(e))
	case "github":
		err = report.GitHub(&out, diags, repoRoot(e))
	default:
		err = report.Text(&out, diags, report.TextOptions{
			WorkDir: e.workDir,
			Color:   useColor(e, f.color, f.output),
			Summary: true,
			Files:   len(files),
			Overlay: stdinOverlay(e, f),
		})
	}
	if err != nil {
		return usagef(e, "lint: %v", err)
	}
	if f.output != "" {
		if err := writeFileAtomic(f.output, out.Bytes()); err != nil {
			return usagef(e, "lint: cannot write the report to %s: %v", f.output, err)
		}
	} else if _, err := e.stdout.Write(out.Bytes()); err != nil {
		return exitUsage
	}
	return exitCode(diags, f.strict)
}

// lintAll checks files with up to jobs workers. Results come back in the
// order of files, then sorted, so output never depends on scheduling.
func lintAll(files []string, o checkOptions, jobs int) []rules.Diagnostic {
	// one esbuild build per workspace bundles every manifest (analyzer);
	// a single manifest gains nothing from it, and Load would redo its checks
	if len(files) > 1 {
		defer analyzer.Prebundle(files)()
	}
	results := make([][]rules.Diagnostic, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(jobs, len(files)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				_, results[i] = checkManifest(files[i], o)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	var all []rules.Diagnostic
	for _, r := range results {
		all = append(all, r...)
	}
	rules.Sort(all)
	return dedupe(all)
}

func exitCode(diags []rules.Diagnostic, strict bool) int {
	for _, d := range diags {
		if d.Severity == rules.Error || strict && d.Severity == rules.Warning {
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
