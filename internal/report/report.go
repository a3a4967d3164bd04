// Package report owns irislint's output formats: how a run's diagnostics
// (lint.Diagnostic) are written for people (Text), for programs (JSON), for
// code scanning (SARIF) and for GitHub Actions (GitHub). It knows nothing
// of rule logic; the CLI decides which format, where to write it and
// whether to colour it.
package report

import (
	"strings"

	"github.com/irislint/irislint/lint"
)

// counts returns the number of error- and warning-level diagnostics.
func counts(diags []lint.Diagnostic) (errors, warnings int) {
	for _, d := range diags {
		switch d.Severity {
		case "error":
			errors++
		case "warning":
			warnings++
		}
	}
	return errors, warnings
}

// inEnvironments is what a diagnostic found in only some environments
// adds to its message: " (in production)", " (in production, staging)".
func inEnvironments(d lint.Diagnostic) string {
	if len(d.Environments) == 0 {
		return ""
	}
	return " (in " + strings.Join(d.Environments, ", ") + ")"
}

// Remaining says how many errors and warnings diags hold ("2 errors, 1
// warning"), or "no problem".
func Remaining(diags []lint.Diagnostic) string {
	errs, warns := counts(diags)
	var parts []string
	if errs > 0 {
		parts = append(parts, plural(errs, "error"))
	}
	if warns > 0 {
		parts = append(parts, plural(warns, "warning"))
	}
	if len(parts) == 0 {
		return noProblem
	}
	return strings.Join(parts, ", ")
}

const noProblem = "no problem"
