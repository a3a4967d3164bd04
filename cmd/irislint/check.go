package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/pflag"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/rules"
	"github.com/irislint/irislint/scopes"
)

// checkOptions are the settings shared by lint and gen.
type checkOptions struct {
	timeout     time.Duration
	memoryLimit int // MiB
	rules       rules.Options

	// --config and --scopes, and the rule options configure found for
	// each manifest (config.go).
	configFile, scopesFile string
	perFile                map[string]rules.Options
}

// addLimitFlags registers --timeout and --memory-limit, the budgets of
// evaluating one manifest, shared by lint and gen.
func (o *checkOptions) addLimitFlags(fs *pflag.FlagSet) {
	fs.DurationVar(&o.timeout, "timeout", analyzer.DefaultTimeout, "time budget for evaluating one manifest")
	fs.IntVar(&o.memoryLimit, "memory-limit", analyzer.DefaultMemoryLimit>>20, "memory budget for evaluating one manifest, in `MiB`")
}

// checkLimits reports a budget that cannot be used, for a usage error.
func (o *checkOptions) checkLimits() error {
	switch {
	case o.timeout <= 0:
		return errors.New("--timeout must be positive")
	case o.memoryLimit < 16 || o.memoryLimit > 16<<10:
		return fmt.Errorf("--memory-limit must be between 16 and 16384 MiB, got %d", o.memoryLimit)
	}
	return nil
}

// warmUp starts, in the background, the set-up every manifest needs and
// no manifest changes, so that it overlaps with flag parsing, configuration
// and bundling: the evaluation runtime (analyzer.Warm) and the parse of
// the embedded scope catalogue. Run by lint and gen first thing.
func warmUp() {
	analyzer.Warm()
	go scopes.Default()
}

// checkManifest loads one manifest and runs the rules over it. A manifest
// that cannot be loaded yields a nil Manifest and its load diagnostics.
func checkManifest(path string, o checkOptions) (*analyzer.Manifest, []rules.Diagnostic) {
	// ManifestSource is set for --stdin-filename: the buffer stands for the file.
	m, err := analyzer.Load(path, analyzer.Options{
		Timeout: o.timeout, MemoryLimit: int64(o.memoryLimit) << 20, Source: o.rules.ManifestSource,
	})
	if err != nil {
		var le *analyzer.LoadError
		if !errors.As(err, &le) {
			le = &analyzer.LoadError{Path: path, Problems: []analyzer.Problem{{
				Kind: analyzer.ProblemRead, Message: err.Error(), Pos: analyzer.Position{File: path, Line: 1, Column: 1},
			}}}
		}
		return nil, rules.FromLoadError(le)
	}
	return m, rules.Check(m, o.optionsFor(path))
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
