package rules

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/scopes"
)

// The inline directives, as in ESLint:
//
//	// irislint-disable-next-line sensitive-scope, unknown-scope -- why
//	{ scope: 'account.delete', optional: false }, // irislint-disable-line
//
// A directive disables the named rules (every rule when it names none) for
// diagnostics on the next line, or on its own line, of the file it is in.
// Any bundled source file may hold directives; block comments work too.
const (
	disableLine     = "irislint-disable-line"
	disableNextLine = "irislint-disable-next-line"
)

// directive is one irislint-disable comment.
type directive struct {
	comment analyzer.Comment
	name    string // disableLine, disableNextLine, or an unknown irislint-disable... word
	namePos analyzer.Position
	line    int            // the line whose diagnostics it disables
	ids     []*directiveID // nil: every rule
	used    bool           // a blanket directive disabled something
	// home is set for directives in the manifest file itself: only those
	// are reported as unused (a library may be shared by several manifests
	// and disable something for another one).
	home bool
}

type directiveID struct {
	id       string
	pos      analyzer.Position
	from, to int // byte offsets in the comment's text
	used     bool
}

// applyDirectives drops the diagnostics that directives in m's sources
// disable and appends unused-disable diagnostics for directives that are
// unknown, name unknown rules, or (in the manifest file) disable nothing.
func applyDirectives(m *analyzer.Manifest, opts Options, diags []Diagnostic) []Diagnostic {
	if m == nil || len(m.Sources) == 0 {
		return diags
	}
	var dirs []*directive
	for _, file := range m.Sources {
		f := m.Source(file)
		if f == nil || !bytes.Contains(f.Data, []byte("irislint-")) {
			continue
		}
		for _, c := range m.Comments(file) {
			if d := parseDirective(c); d != nil {
				d.home = file == m.Path
				dirs = append(dirs, d)
			}
		}
	}
	if len(dirs) == 0 {
		return diags
	}

	var kept []Diagnostic
	for _, d := range diags {
		if !disable(dirs, d) {
			kept = append(kept, d)
		}
	}

	sev := opts.severity(UnusedDisable)
	if sev == Off {
		return kept
	}
	report := func(pos analyzer.Position, msg string, fix Fix, sugg ...string) {
		d := Diagnostic{Rule: UnusedDisable.ID, Severity: sev, Message: msg, Pos: pos, Suggestions: sugg}
		if len(fix.Edits) > 0 {
			d.Fixes = []Fix{fix}
		}
		kept = append(kept, d)
	}
	// Fixes: a directive, or a rule id, that disables nothing is removed
	// (safe: it changes nothing); a misspelt name is corrected (unsafe: the
	// directive starts disabling something).
	for _, d := range dirs {
		if d.name != disableLine && d.name != disableNextLine {
			msg := fmt.Sprintf("unknown directive %s", quote(d.name))
			if g := closest(d.name, []string{disableLine, disableNextLine}); g != "" {
				report(d.namePos, msg+"; did you mean "+quote(g)+"?", Fix{Message: "use " + g, Edits: []Edit{{Pos: d.namePos, NewText: g}}}, g)
			} else {
				report(d.namePos, msg+": irislint knows "+disableNextLine+" and "+disableLine, d.removeAll(m))
			}
			continue
		}
		where := "this line"
		if d.name == disableNextLine {
			where = fmt.Sprintf("line %d", d.line)
		}
		if d.ids == nil {
			if !d.used && d.home {
				report(d.namePos, "unused directive: no problem on "+where, d.removeAll(m))
			}
			continue
		}
		type verdict struct {
			id       *directiveID
			msg      string
			misspelt string // the rule id it most likely misspells
		}
		var verdicts []verdict
		for _, id := range d.ids {
			r := ByID(id.id)
			v := verdict{id: id}
			switch {
			case r == UnusedDisable:
				v.msg = "unused-disable cannot be disabled inline: set it to \"off\" in .irislint.yaml"
			case r == nil && LoadFailureByID(id.id) != nil:
				v.msg = fmt.Sprintf("load failure %s cannot be disabled: a manifest that does not load is not checked", quote(id.id))
			case r == nil:
				msg := fmt.Sprintf("unknown rule %s in %s", quote(id.id), d.name)
				if v.misspelt = closest(id.id, ruleIDs()); v.misspelt != "" {
					v.msg = msg + "; did you mean " + quote(v.misspelt) + "?"
				} else {
					v.msg = msg + " (irislint rules lists them)"
				}
			case id.used || !d.home:
				continue
			case opts.severity(r) == Off:
				v.msg = fmt.Sprintf("unused directive: %s is off", r.ID)
			default:
				v.msg = fmt.Sprintf("unused directive: no %s problem on %s", r.ID, where)
			}
			verdicts = append(verdicts, v)
		}
		removed := 0
		for _, v := range verdicts {
			if v.misspelt == "" {
				removed++
			}
		}
		for _, v := range verdicts {
			switch {
			case v.misspelt != "":
				report(v.id.pos, v.msg, Fix{Message: "use " + v.misspelt, Edits: []Edit{{Pos: v.id.pos, NewText: v.misspelt}}}, v.misspelt)
			case removed == len(d.ids):
				// Every id goes: so does the directive, which would
				// otherwise disable every rule.
				report(v.id.pos, v.msg, d.removeAll(m))
			default:
				report(v.id.pos, v.msg, d.removeID(v.id))
			}
		}
	}
	return kept
}

// removeAll is the safe fix that removes the directive's comment, with
// its line when it has one to itself.
func (d *directive) removeAll(m *analyzer.Manifest) Fix {
	span, ok := analyzer.CommentRemoval(m.Source(d.comment.Pos.File), d.comment)
	if !ok {
		return Fix{}
	}
	return Fix{Message: "remove the directive", Safe: true, Edits: []Edit{{Pos: span}}}
}

// removeID is the safe fix that removes one rule id from the directive's
// list, with the separator after it (or, for the last, before it).
func (d *directive) removeID(id *directiveID) Fix {
	k := slices.Index(d.ids, id)
	from, to := id.from, id.to
	switch {
	case k+1 < len(d.ids):
		to = d.ids[k+1].from
	case k > 0:
		from = d.ids[k-1].to
	}
	return Fix{Message: "remove " + id.id + " from the directive", Safe: true, Edits: []Edit{{Pos: posIn(d.comment, from, to)}}}
}

// disable reports whether a directive disables diag, marking what it used.
func disable(dirs []*directive, diag Diagnostic) bool {
	hit := false
	for _, d := range dirs {
		if d.comment.Pos.File != diag.Pos.File || d.line != diag.Pos.Line || (d.name != disableLine && d.name != disableNextLine) {
			continue
		}
		if d.ids == nil {
			d.used, hit = true, true
			continue
		}
		for _, id := range d.ids {
			if id.id == diag.Rule {
				id.used, hit = true, true
			}
		}
	}
	return hit
}

// parseDirective reads a comment as a directive; nil when it is none (its
// text does not begin with an irislint-disable or irislint-enable word).
func parseDirective(c analyzer.Comment) *directive {
	text := c.Text
	body, end := 2, len(text) // after the // or /*
	if strings.HasPrefix(text, "/*") && strings.HasSuffix(text, "*/") && len(text) >= 4 {
		end -= 2
	}
	i := body
	for i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '*' && strings.HasPrefix(text, "/*")) {
		i++
	}
	rest := text[i:end]
	if !strings.HasPrefix(rest, "irislint-disable") && !strings.HasPrefix(rest, "irislint-enable") {
		return nil
	}
	w := i + wordLen(text[i:end])
	d := &directive{comment: c, name: text[i:w], namePos: posIn(c, i, w)}
	switch d.name {
	case disableLine:
		d.line = c.Pos.Line
	case disableNextLine:
		d.line = c.Pos.EndLine + 1
	default:
		return d
	}
	// The rule ids run to the end, or to " -- " and a reason.
	stop := end
	if k := strings.Index(text[w:end], " --"); k >= 0 {
		stop = w + k
	}
	for j := w; j < stop; {
		r, n := utf8.DecodeRuneInString(text[j:])
		if r == ',' || unicode.IsSpace(r) {
			j += n
			continue
		}
		k := j
		for k < stop {
			r, n := utf8.DecodeRuneInString(text[k:])
			if r == ',' || unicode.IsSpace(r) {
				break
			}
			k += n
		}
		d.ids = append(d.ids, &directiveID{id: text[j:k], pos: posIn(c, j, k), from: j, to: k})
		j = k
	}
	return d
}

// wordLen is the length in bytes of the leading run of non-space runes.
func wordLen(s string) int {
	for i, r := range s {
		if unicode.IsSpace(r) || r == ',' {
			return i
		}
	}
	return len(s)
}

// posIn is the span of bytes [from, to) of comment c's text.
func posIn(c analyzer.Comment, from, to int) analyzer.Position {
	p := analyzer.Position{File: c.Pos.File}
	line, col := c.Pos.Line, c.Pos.Column
	for i, r := range c.Text {
		if i == from {
			p.Line, p.Column = line, col
		}
		if i == to {
			break
		}
		// Lines end where the analyzer's scanner ends them: at LF, at a
		// CR not followed by LF, and at U+2028 and U+2029.
		switch {
		case r == '\n' || r == '\u2028' || r == '\u2029' ||
			r == '\r' && !strings.HasPrefix(c.Text[i+1:], "\n"):
			line, col = line+1, 1
		case r != '\r':
			col++
		}
	}
	if from >= len(c.Text) {
		p.Line, p.Column = line, col
	}
	p.EndLine, p.EndColumn = line, col
	return p
}

// closest is the candidate name is most likely a typo of, or "", ignoring
// case.
func closest(name string, candidates []string) string {
	return scopes.Closest(name, candidates, strings.ToLower)
}

// ruleIDs lists the registry's ids.
func ruleIDs() []string {
	ids := make([]string, len(registry))
	for i, r := range registry {
		ids[i] = r.ID
	}
	return ids
}
