package analyzer

import "github.com/irislint/irislint/internal/source"

// Comment is a `// ...` or `/* ... */` comment in a source file.
type Comment struct {
	// Text is the comment as written, with its `//` or `/*` and `*/`.
	Text string
	// Pos spans the whole comment; EndLine is its last line.
	Pos Position
}

// Comments returns the comments of a JavaScript, TypeScript or JSON source
// in order, found by the same tokenizer that locates literals, so that text
// inside strings, template literals and regular expressions is never taken
// for a comment. file is only copied into the positions.
func Comments(file string, src []byte) []Comment {
	return scanSource(file, src).comments
}

// comment records the comment that began at start (byte offset b) and ends
// where the scanner is now.
func (s *scanner) comment(start Position, b int) {
	start.EndLine, start.EndColumn = s.line, s.col
	s.res.comments = append(s.res.comments, Comment{Text: s.text(b, s.off), Pos: start})
}

// Comments returns the comments of the bundled file at path, as the run
// read it (the file is scanned once per run), or nil when the manifest did
// not bundle it.
func (m *Manifest) Comments(path string) []Comment {
	f := m.Source(path)
	if f == nil {
		return nil
	}
	return CommentsOf(f)
}

// CommentsOf returns the comments of a file the run read, scanned once per
// run however many ask.
func CommentsOf(f *source.File) []Comment {
	return scanOf(f).comments
}
