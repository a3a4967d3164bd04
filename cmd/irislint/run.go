package main

import (
	"fmt"
	"strings"
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

Run 'irislint <command> --help' for a command's flags.
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
	case "-h", "--help", "help":
		fmt.Fprint(e.stdout, usageText())
		return exitOK
	case "--version", "-version":
		return cmdVersion(e, nil)
	case "--explain":
		return cmdRules(e, args) // irislint --explain ID, as irislint rules --explain ID
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(e, args[1:])
		}
	}
	fmt.Fprintf(e.stderr, "irislint: unknown command %q\nRun 'irislint --help' for the list of commands.\n", args[0])
	return exitUsage
}
