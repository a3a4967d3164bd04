package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/lint"
	"github.com/irislint/irislint/scopes"
)

// checkOptions are the settings shared by lint and gen.
type checkOptions struct {
	timeout     time.Duration
	memoryLimit int // MiB

	// --config, --scopes and --env
	configFile, scopesFile string
	env                    []string // KEY=VALUE
}

// addLimitFlags registers --timeout and --memory-limit, the budgets of
// evaluating one manifest, shared by lint and gen.
func (o *checkOptions) addLimitFlags(fs *pflag.FlagSet) {
	fs.DurationVar(&o.timeout, "timeout", analyzer.DefaultTimeout, "time budget for evaluating one manifest")
	fs.IntVar(&o.memoryLimit, "memory-limit", analyzer.DefaultMemoryLimit>>20, "memory budget for evaluating one manifest, in `MiB`")
}

// addConfigFlags registers --config, --scopes and --env, shared by lint
// and gen.
func (o *checkOptions) addConfigFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.configFile, "config", "", "use the configuration `FILE` for every manifest instead of the nearest .irislint.yaml")
	fs.StringVar(&o.scopesFile, "scopes", "", "check against the scope table in `FILE` (JSON as irislint embeds it, or a markdown table from Trackunit's docs) instead of the embedded one")
	fs.StringArrayVar(&o.env, "env", nil, "evaluate every manifest with process.env holding `KEY=VALUE` (repeatable), instead of the environments in .irislint.yaml")
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

// linterOptions turns the flags into lint.Options (the scope table read,
// --env parsed); a flag that cannot be used is a usage error.
func (o *checkOptions) linterOptions(e *env) (lint.Options, error) {
	opts := lint.Options{
		WorkDir:     e.workDir,
		ConfigFile:  o.configFile,
		Timeout:     o.timeout,
		MemoryLimit: int64(o.memoryLimit) << 20,
	}
	if o.scopesFile != "" {
		cat, err := loadCatalogue(e.workDir, o.scopesFile)
		if err != nil {
			return opts, err
		}
		opts.Catalogue = cat
	}
	if o.env != nil {
		opts.Env = map[string]string{}
		for _, kv := range o.env {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || k == "" || strings.ContainsAny(k, " \t\n\x00") {
				return opts, &lint.UsageError{Msg: fmt.Sprintf("--env %q: want KEY=VALUE", kv)}
			}
			opts.Env[k] = v
		}
	}
	return opts, nil
}

// warmUp starts, in the background, the parse of the embedded scope
// catalogue, so that it overlaps with flag parsing and bundling. (The
// evaluation runtime is warmed by lint.New.) Run by lint and gen first
// thing.
func warmUp() {
	go scopes.Default()
}

// hasErrors reports whether any diagnostic is at error level.
func hasErrors(diags []lint.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == "error" {
			return true
		}
	}
	return false
}
