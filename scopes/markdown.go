package scopes

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// ParseMarkdown reads a scope table copied from Trackunit's documentation,
// so that the catalogue can be refreshed (or checked) from the page itself
// rather than retyped:
//
//	| Scope | Description | Since |
//	|---|---|---|
//	| `asset.view` | Can view assets | 2024-01 |
//
// Only the first table whose header's first cell is "Scope" (any case) is
// read; text around it, and other tables, are ignored. The Description
// column is the one headed "Description" (else the second); a column headed
// "Since" is optional, and only its first word is kept, so
// "2024-01 (first table)" gives "2024-01". Names may be in backticks. Rows
// must start with "|"; "\|" is a literal pipe inside a cell. Errors name the
// 1-based line.
func ParseMarkdown(data []byte) (*Catalogue, error) {
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(strings.TrimPrefix(text, "\ufeff"), "\n")
	for i, line := range lines {
		cells, ok := tableCells(line)
		if ok && strings.EqualFold(headerText(cells[0]), "scope") {
			return parseScopeTable(lines, i)
		}
	}
	return nil, errors.New("no scope table found")
}

// parseScopeTable reads the table whose header is lines[h].
func parseScopeTable(lines []string, h int) (*Catalogue, error) {
	header, _ := tableCells(lines[h])
	if len(header) < 2 {
		return nil, fmt.Errorf("line %d: expected 2 or more cells", h+1)
	}
	descCol, sinceCol := 1, -1
	for j := 1; j < len(header); j++ {
		switch strings.ToLower(headerText(header[j])) {
		case "description":
			descCol = j
		case "since":
			sinceCol = j
		}
	}
	if h+1 >= len(lines) || !isSeparator(lines[h+1]) {
		return nil, fmt.Errorf("line %d: expected a separator row like |---|---| under the table header", h+2)
	}

	c := &Catalogue{}
	firstLine := map[string]int{}
	for i := h + 2; i < len(lines); i++ {
		cells, ok := tableCells(lines[i])
		if !ok {
			break // the table ends at the first line that is not a row
		}
		n := i + 1
		if len(cells) < 2 {
			return nil, fmt.Errorf("line %d: expected 2 or more cells", n)
		}
		name := strings.TrimSpace(strings.Trim(strings.TrimSpace(cells[0]), "`"))
		switch {
		case name == "":
			return nil, fmt.Errorf("line %d: empty scope name", n)
		case strings.ContainsFunc(name, unicode.IsSpace):
			return nil, fmt.Errorf("line %d: scope name %q contains white space", n, name)
		}
		if first, dup := firstLine[name]; dup {
			return nil, fmt.Errorf("line %d: scope %q is listed twice (first on line %d)", n, name, first)
		}
		firstLine[name] = n
		s := Scope{Name: name}
		if descCol < len(cells) {
			s.Description = strings.TrimSpace(cells[descCol])
		}
		if sinceCol >= 0 && sinceCol < len(cells) {
			if f := strings.Fields(cells[sinceCol]); len(f) > 0 {
				s.Since = f[0]
			}
		}
		c.Scopes = append(c.Scopes, s)
	}
	if len(c.Scopes) == 0 {
		return nil, fmt.Errorf("line %d: scope table has no rows", h+1)
	}
	if err := c.index(); err != nil {
		return nil, err // cannot happen: names were checked above
	}
	return c, nil
}

// tableCells splits a markdown table row into its cells; ok is false when
// the line is not a row (does not start with "|").
func tableCells(line string) (cells []string, ok bool) {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "|") {
		return nil, false
	}
	var cell strings.Builder
	for i := 1; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			cell.WriteByte('|')
			i++
		case line[i] == '|':
			cells = append(cells, cell.String())
			cell.Reset()
		default:
			cell.WriteByte(line[i])
		}
	}
	// A closing pipe ends the last cell; text after the last pipe is a cell.
	if rest := cell.String(); rest != "" || len(cells) == 0 {
		cells = append(cells, rest)
	}
	return cells, true
}

// headerText is a header cell without emphasis or code marks.
func headerText(cell string) string {
	return strings.Trim(strings.TrimSpace(cell), "*_` ")
}

// isSeparator reports whether line is a row like |---|:--:|.
func isSeparator(line string) bool {
	cells, ok := tableCells(line)
	if !ok {
		return false
	}
	for _, c := range cells {
		c = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(c), ":"), ":")
		if c == "" || strings.Trim(c, "-") != "" {
			return false
		}
	}
	return true
}
