// Package report owns irislint's output formats: how a list of
// rules.Diagnostic is written for people (Text) and for programs (JSON).
// It knows nothing of rule logic; the CLI decides which format, where to
// write it and whether to colour it.
package report

import (
	"path/filepath"

	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/rules"
)

// displayPath is file relative to workDir when it lies under it, otherwise
// file as it is (absolute). Empty stays empty.
func displayPath(file, workDir string) string {
	if file == "" || workDir == "" || !filepath.IsAbs(file) {
		return file
	}
	if rel, ok := fsx.Under(workDir, file); ok {
		return rel
	}
	return file
}

// counts returns the number of error- and warning-level diagnostics.
func counts(diags []rules.Diagnostic) (errors, warnings int) {
	for _, d := range diags {
		switch d.Severity {
		case rules.Error:
			errors++
		case rules.Warning:
			warnings++
		}
	}
	return errors, warnings
}
