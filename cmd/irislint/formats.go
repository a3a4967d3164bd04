package main

import (
	"os"
	"path/filepath"

	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/internal/report"
	"github.com/irislint/irislint/rules"
)

// repoRoot is the folder the sarif and github formats make paths relative
// to: $GITHUB_WORKSPACE when the working directory lies in it (GitHub
// resolves annotation and SARIF paths against the checkout), else the
// nearest folder up from the working directory holding .git, else the
// working directory itself.
func repoRoot(e *env) string {
	if ws := e.getenv("GITHUB_WORKSPACE"); ws != "" && filepath.IsAbs(ws) {
		ws = filepath.Clean(ws)
		if fsx.Within(ws, e.workDir) {
			return ws
		}
	}
	for d := e.workDir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return e.workDir
		}
		d = parent
	}
}

// sarifOptions describe irislint and its rules for --format sarif.
func sarifOptions(e *env) report.SARIFOptions {
	return report.SARIFOptions{
		Root:    repoRoot(e),
		RootURI: true,
		Version: currentVersion().String(),
		Rules:   append(rules.All(), rules.LoadFailures...),
	}
}

// dedupe drops diagnostics identical to the one before them (diags sorted):
// a shared lib's mistake reached from many manifests is reported once.
func dedupe(diags []rules.Diagnostic) []rules.Diagnostic {
	out := diags[:0]
	for i, d := range diags {
		if i > 0 && sameDiagnostic(diags[i-1], d) {
			continue
		}
		out = append(out, d)
	}
	return out
}

func sameDiagnostic(a, b rules.Diagnostic) bool {
	if a.Rule != b.Rule || a.Severity != b.Severity || a.Message != b.Message || a.Pos != b.Pos ||
		len(a.Suggestions) != len(b.Suggestions) {
		return false
	}
	for i := range a.Suggestions {
		if a.Suggestions[i] != b.Suggestions[i] {
			return false
		}
	}
	return true
}
