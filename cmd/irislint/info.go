package main

import (
	"encoding/json"
	"fmt"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/irislint/irislint/rules"
	"github.com/irislint/irislint/scopes"
)

// version is set at release time with -ldflags "-X main.version=v1.2.3";
// otherwise the module version go install recorded, else "devel".
var version = ""

// modulePath is irislint's module, to find its version when irislint was
// built as a dependency of another module (go run with a go.mod require).
const modulePath = "github.com/irislint/irislint"

// buildVersion is what `irislint version` reports, for bug reports: which
// irislint, built from what, checking against which catalogue.
type buildVersion struct {
	module    string // "v0.4.0" (a release, or Go's pseudo-version), or "devel"
	revision  string // the VCS revision it was built from, short, "+dirty" for modified files; "" when unknown
	catalogue string // the date of the embedded scope catalogue's newest entry
}

// String is "v0.4.0 (a1b2c3d, scope catalogue 2024-09-06)", or
// "devel (scope catalogue 2024-09-06)" when neither is known.
func (v buildVersion) String() string {
	var in []string
	if v.revision != "" {
		in = append(in, v.revision)
	}
	if v.catalogue != "" {
		in = append(in, "scope catalogue "+v.catalogue)
	}
	if len(in) == 0 {
		return v.module
	}
	return v.module + " (" + strings.Join(in, ", ") + ")"
}

// currentVersion is this binary's version.
func currentVersion() buildVersion {
	bi, _ := debug.ReadBuildInfo()
	return versionFrom(bi, version, scopes.DefaultDate())
}

// versionFrom reads a build's version: override (set with -ldflags) first,
// then the module version Go recorded (go install ...@v0.4.0 records the
// tag; since Go 1.24 a build in a clone records the tag it stands on, or a
// pseudo-version), else "devel". The revision comes from the VCS settings
// Go records when it builds in a clone (vcs.revision, vcs.modified); a
// module download (go install ...@v0.4.0) has none.
func versionFrom(bi *debug.BuildInfo, override, catalogue string) buildVersion {
	v := buildVersion{module: override, catalogue: catalogue}
	if bi == nil {
		if v.module == "" {
			v.module = "devel"
		}
		return v
	}
	if v.module == "" {
		mod := &bi.Main
		if bi.Main.Path != modulePath {
			for _, d := range bi.Deps {
				if d.Path == modulePath {
					mod = d
					break
				}
			}
		}
		if mod.Version != "" && mod.Version != "(devel)" {
			v.module = mod.Version
		} else {
			v.module = "devel"
		}
	}
	var modified bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.revision = s.Value[:min(len(s.Value), 7)]
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if v.revision != "" && modified {
		v.revision += "+dirty"
	}
	return v
}

const versionUsage = `Usage: irislint version

Prints irislint's version: the module version (a release tag, Go's
pseudo-version for a commit, or devel), the VCS revision it was built from
when Go recorded one (+dirty: with uncommitted changes), and the date of the
newest entry in the embedded scope catalogue. Paste it into bug reports.

Examples:
  irislint version     # irislint v0.4.0 (a1b2c3d, scope catalogue 2024-09-06)
  irislint --version

`

func cmdVersion(e *env, args []string) int {
	fs := pflag.NewFlagSet("version", pflag.ContinueOnError)
	if code, done := parseFlags(e, fs, versionUsage, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return usagef(e, "version: takes no arguments")
	}
	fmt.Fprintln(e.stdout, "irislint", currentVersion())
	return exitOK
}

const scopesUsage = `Usage: irislint scopes [flags]

Prints the scope catalogue irislint checks manifests against: every scope
the platform grants, with its description and since when, then the renamed
and removed ones.

With --format json, prints it for scripts in the shape irislint embeds it
(and --scopes reads back), dates as YYYY-MM or YYYY-MM-DD, every array
present even when empty:

  {
    "scopes":  [{"name": "asset.view", "description": "Can view assets", "since": "2024-01"}, ...],
    "renamed": [{"old": "account.irisx.proxy.store-secret", "new": "account.iris.app.store-secret", "when": "2024-07-26"}],
    "removed": [{"name": "...", "when": "...", "note": "..."}]
  }

Examples:
  irislint scopes
  irislint scopes | grep service-management
  irislint scopes --format json | jq -r '.scopes[].name'
  irislint scopes --scopes tokens-page.md    # check a table copied from Trackunit's docs

Flags:
`

func cmdScopes(e *env, args []string) int {
	fs := pflag.NewFlagSet("scopes", pflag.ContinueOnError)
	file := fs.String("scopes", "", "print the scope table in `FILE` (JSON as irislint embeds it, or a markdown table from Trackunit's docs) instead of the embedded one")
	format := fs.StringP("format", "f", "text", "output format: text (a table) or json")
	if code, done := parseFlags(e, fs, scopesUsage, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return usagef(e, "scopes: takes no arguments")
	}
	if *format != "text" && *format != "json" {
		return usagef(e, "scopes: unknown --format %q (want text or json)", *format)
	}
	cat := scopes.Default()
	if *file != "" {
		var err error
		if cat, err = loadCatalogue(e.workDir, *file); err != nil {
			return usagef(e, "scopes: %v", err)
		}
	}
	if *format == "json" {
		return printCatalogueJSON(e, cat)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCOPE\tSTATUS\tSINCE\tDESCRIPTION")
	for _, s := range cat.Scopes {
		fmt.Fprintf(tw, "%s\tcurrent\t%s\t%s\n", s.Name, s.Since, s.Description)
	}
	for _, r := range cat.Renamed {
		fmt.Fprintf(tw, "%s\trenamed\t%s\tnow %s\n", r.Old, r.When, r.New)
	}
	for _, r := range cat.Removed {
		fmt.Fprintf(tw, "%s\tremoved\t%s\t%s\n", r.Name, r.When, r.Note)
	}
	if err := tw.Flush(); err != nil {
		return exitUsage
	}
	return exitOK
}

// printCatalogueJSON prints cat in the embedded scopes.json's shape, so
// that --scopes reads it back, with [] rather than null for an empty list.
func printCatalogueJSON(e *env, cat *scopes.Catalogue) int {
	out := struct {
		Scopes  []scopes.Scope   `json:"scopes"`
		Renamed []scopes.Rename  `json:"renamed"`
		Removed []scopes.Removal `json:"removed"`
	}{
		Scopes:  append([]scopes.Scope{}, cat.Scopes...),
		Renamed: append([]scopes.Rename{}, cat.Renamed...),
		Removed: append([]scopes.Removal{}, cat.Removed...),
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return exitUsage
	}
	return exitOK
}

const rulesUsage = `Usage: irislint rules [flags] [ID]

Prints every rule irislint has: its id (the name to use in configuration and
in suppressions), its default severity and what it checks. Load failures are
reported under their own ids, always as errors. With a rule's ID (or
--explain ID), prints that rule's long form: why it exists, a manifest that
breaks it, what irislint prints for it, and the fix.

Examples:
  irislint rules
  irislint rules sensitive-scope
  irislint --explain proxy-scope-needs-connect-src

Flags:
`

func cmdRules(e *env, args []string) int {
	fs := pflag.NewFlagSet("rules", pflag.ContinueOnError)
	explain := fs.String("explain", "", "print the long form of the rule `ID`")
	if code, done := parseFlags(e, fs, rulesUsage, args); done {
		return code
	}
	ids := fs.Args()
	if *explain != "" {
		ids = append([]string{*explain}, ids...)
	}
	switch len(ids) {
	case 0:
	case 1:
		return explainRule(e, ids[0])
	default:
		return usagef(e, "rules: explains one rule at a time, got %d ids", len(ids))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tSUMMARY")
	for _, r := range rules.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Summary)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "LOAD FAILURE\tSEVERITY\tSUMMARY")
	for _, r := range rules.LoadFailures {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Summary)
	}
	if err := tw.Flush(); err != nil {
		return exitUsage
	}
	return exitOK
}

// explainRule prints a rule's id, severity, summary and Doc (its section
// of docs/rules.md).
func explainRule(e *env, id string) int {
	r, kind := rules.ByID(id), ""
	if r != nil {
		kind = "default severity: " + r.Severity.String()
	} else if r = rules.LoadFailureByID(id); r != nil {
		kind = "load failure, always an error"
	} else {
		return unknownRule(e, id)
	}
	fmt.Fprintf(e.stdout, "%s (%s)\n%s\n\n%s\n", r.ID, kind, r.Summary, r.Doc)
	return exitOK
}

// unknownRule reports an id that names no rule, with the closest ones.
func unknownRule(e *env, id string) int {
	var ids []string
	for _, r := range append(rules.All(), rules.LoadFailures...) {
		ids = append(ids, r.ID)
	}
	if g := closestID(id, ids); g != "" {
		return usagef(e, "rules: unknown rule %q; did you mean %q?", id, g)
	}
	return usagef(e, "rules: unknown rule %q (irislint rules lists them)", id)
}
