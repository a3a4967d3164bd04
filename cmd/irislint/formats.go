package main

import (
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
	if d, ok := fsx.FindUp(e.workDir, "", ".git"); ok {
		return d
	}
	return e.workDir
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
