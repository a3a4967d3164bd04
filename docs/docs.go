// Package docs embeds irislint's user documentation so that the binary can
// print it: `irislint rules ID` shows a rule's section of rules.md. The
// markdown files in this folder are the only copy; nothing restates them.
package docs

import _ "embed"

// Rules is rules.md: one `## id` section per rule with why it exists, a bad
// example, irislint's output for it and the fix.
//
//go:embed rules.md
var Rules string
