package main

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/irislint/irislint/scopes"
)

// command is one subcommand: its name, a one-line summary for the top-level
// help, and the function that runs it with the arguments after its name.
type command struct {
	name    string
	summary string
	run     func(e *env, args []string) int
}

func commands() []command {
	return []command{
		{"lint", "check manifests for scope and token-callback mistakes", cmdLint},
		{"gen", "generate typed Go scope constants from a manifest", cmdGen},
		{"scopes", "print the scope catalogue", cmdScopes},
		{"rules", "print every rule with its default severity", cmdRules},
		{"version", "print irislint's version", cmdVersion},
	}
}

const topUsage = `irislint catches mistakes in Trackunit Iris App manifests (iris-app-manifest.ts)
and generates typed Go for the scopes they declare. No Node.js needed.

Usage:
  irislint <command> [flags] [arguments]

Commands:
%s
Examples:
  irislint lint                                   # every manifest under the current folder
  irislint lint apps/fleet/iris-app-manifest.ts   # one manifest
  irislint lint --format json -o report.json .    # machine-readable report
  irislint rules sensitive-scope                  # why a rule exists, and the fix
  irislint gen -o scopes_gen.go ../../apps/fleet/iris-app-manifest.ts

Run 'irislint help <command>' (or 'irislint <command> --help') for a command's flags.
Exit codes: 0 no errors, 1 errors found (or gen --check stale), 2 irislint could not run as asked.
`

func usageText() string {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.summary)
	}
	return fmt.Sprintf(topUsage, b.String())
}

// run dispatches to a subcommand and returns the process exit code.
func run(e *env, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usageText())
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help":
		fmt.Fprint(e.stdout, usageText())
		return exitOK
	case "help":
		return cmdHelp(e, args[1:])
	case "--version", "-version":
		return cmdVersion(e, nil)
	case "--explain":
		return cmdRules(e, args) // irislint --explain ID, as irislint rules --explain ID
	}
	if c, ok := findCommand(args[0]); ok {
		return c.run(e, args[1:])
	}
	return unknownCommand(e, args[0])
}

func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// cmdHelp is `irislint help [COMMAND]`: the overview, or that command's
// --help.
func cmdHelp(e *env, args []string) int {
	switch {
	case len(args) == 0 || len(args) == 1 && args[0] == "help":
		fmt.Fprint(e.stdout, usageText())
		return exitOK
	case len(args) > 1:
		return usagef(e, "help: takes one command, got %d arguments", len(args))
	}
	if c, ok := findCommand(args[0]); ok {
		return c.run(e, []string{"--help"})
	}
	return unknownCommand(e, args[0])
}

// unknownCommand reports a command irislint does not have, with the one
// it most likely is a typo of.
func unknownCommand(e *env, name string) int {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	if g := scopes.Closest(name, names, strings.ToLower); g != "" {
		fmt.Fprintf(e.stderr, "irislint: unknown command %q; did you mean %q?\n", name, g)
	} else {
		fmt.Fprintf(e.stderr, "irislint: unknown command %q\nRun 'irislint --help' for the list of commands.\n", name)
	}
	return exitUsage
}

// flagSuggestion is "; did you mean --format?" when err is pflag's
// "unknown flag: --formt" and fs has a flag that name is likely a typo
// of; otherwise "".
func flagSuggestion(fs *pflag.FlagSet, err error) string {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return ""
	}
	var names []string
	fs.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	if fs.Lookup("help") == nil {
		names = append(names, "help") // pflag's own
	}
	if g := scopes.Closest(name, names, strings.ToLower); g != "" {
		return "; did you mean --" + g + "?"
	}
	return ""
}
