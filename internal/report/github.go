package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/irislint/irislint/lint"
)

// GitHub writes diags as GitHub Actions workflow commands, one line each,
// which the runner turns into annotations on the pull request's diff:
//
//	::error file=apps/demo/iris-app-manifest.ts,line=18,col=14,endLine=18,endColumn=26,title=unknown-scope::unknown scope "asset.veiw"; did you mean "asset.view"?
//
// (::warning for warnings). file is relative to root (the repository root,
// which is where the runner resolves it) when the file lies under it, else
// as it is; col and endColumn are given for a span on one line only, as
// GitHub ignores columns across lines. Property values are escaped as the
// runner wants (%, CR, LF, ':' and ','), the message as data (%, CR, LF).
// A diagnostic without a file becomes a plain ::error with its title.
func GitHub(w io.Writer, diags []lint.Diagnostic, root string) error {
	var b strings.Builder
	for _, d := range diags {
		cmd := "error"
		switch d.Severity {
		case "warning":
			cmd = "warning"
		case "error":
		default:
			cmd = "notice"
		}
		var props []string
		p := d
		if p.File != "" {
			file := p.File
			if rel, ok := relUnder(file, root); ok {
				file = rel
			}
			props = append(props, "file="+escapeProperty(filepath.ToSlash(file)))
			if p.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", p.Line))
				oneLine := p.EndLine == 0 || p.EndLine == p.Line
				if p.Column > 0 && oneLine {
					props = append(props, fmt.Sprintf("col=%d", p.Column))
				}
				if p.EndLine > 0 {
					props = append(props, fmt.Sprintf("endLine=%d", p.EndLine))
				}
				if oneLine && p.EndLine == p.Line && p.EndColumn > p.Column && p.Column > 0 {
					props = append(props, fmt.Sprintf("endColumn=%d", p.EndColumn))
				}
			}
		}
		props = append(props, "title="+escapeProperty(d.Rule))
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(d.Message+inEnvironments(d)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeData escapes a workflow command's message, as @actions/core does.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value, as
// @actions/core does.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
