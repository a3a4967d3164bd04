package main

import (
	"errors"
	"time"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/rules"
)

// checkOptions are the settings shared by lint and gen.
type checkOptions struct {
	timeout time.Duration
	rules   rules.Options
}

// checkManifest loads one manifest and runs the rules over it. A manifest
// that cannot be loaded yields a nil Manifest and its load diagnostics.
func checkManifest(path string, o checkOptions) (*analyzer.Manifest, []rules.Diagnostic) {
	m, err := analyzer.Load(path, analyzer.Options{Timeout: o.timeout})
	if err != nil {
		var le *analyzer.LoadError
		if !errors.As(err, &le) {
			le = &analyzer.LoadError{Path: path, Problems: []analyzer.Problem{{
				Kind: analyzer.ProblemRead, Message: err.Error(), Pos: analyzer.Position{File: path, Line: 1, Column: 1},
			}}}
		}
		return nil, rules.FromLoadError(le)
	}
	return m, rules.Check(m, o.rules)
}

// hasErrors reports whether any diagnostic is at error level.
func hasErrors(diags []rules.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == rules.Error {
			return true
		}
	}
	return false
}
