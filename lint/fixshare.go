package lint

import (
	"math"
	"slices"
	"strings"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/internal/source"
	"github.com/irislint/irislint/rules"
)

// A rule computes a fix for one manifest evaluated in one environment.
// The text it edits may be read by others: a lib shared by several apps,
// a manifest evaluated once per environment. Removing a scope entry from a
// shared lib is right for the app that declares the scope twice and wrong
// for the app that needs the lib's entry. So before a run reports a fix,
// every other evaluation that read the edited file has a say: the fix
// stays only when each of them either found the same diagnostic with the
// same fix, or does not reach the edited text at all (no value it exports
// came from there, and the text is no irislint directive, which every
// reader of its file obeys). An evaluation that failed vetoes every fix
// in the files it read: what the edit would do to it is unknown.

// evaluation is what one environment's evaluation of a manifest tells
// the fix checks: whether it failed, and where in the sources every value
// it exports, and every property key, came from. (It is kept by the
// result cache too, so that a cached verdict has the same say.)
type evaluation struct {
	env     string
	failed  bool
	reached []analyzer.Position
	// stored is what a cached evaluation reached, as the entry has it:
	// decoded into reached only when a fix is checked (positions), since
	// most cached verdicts never are.
	stored []stamp
}

// positions is what the evaluation reached. A position the entry cannot
// say is taken as reaching everything (the fixes it could veto are
// dropped).
func (ev *evaluation) positions() []analyzer.Position {
	for _, s := range ev.stored {
		p := analyzer.Position{File: s.Path}
		if !parseSpan(s.Hash, &p) {
			p = analyzer.Position{File: s.Path, Line: 1, Column: 1, EndLine: math.MaxInt32, EndColumn: math.MaxInt32}
		}
		ev.reached = append(ev.reached, p)
	}
	ev.stored = nil
	return ev.reached
}

// newEvaluation records an evaluation; m is nil when it failed.
func newEvaluation(env string, m *analyzer.Manifest) evaluation {
	ev := evaluation{env: env, failed: m == nil}
	if m == nil {
		return ev
	}
	var walk func(v *analyzer.Value)
	walk = func(v *analyzer.Value) {
		if v == nil {
			return
		}
		if !v.Pos.IsZero() {
			ev.reached = append(ev.reached, v.Pos)
		}
		for _, e := range v.Elems {
			walk(e)
		}
		for _, f := range v.Fields {
			if !f.KeyPos.IsZero() {
				ev.reached = append(ev.reached, f.KeyPos)
			}
			walk(f.Value)
		}
	}
	walk(m.Value)
	// a set: one literal spread in several places reaches them all
	seen := make(map[analyzer.Position]bool, len(ev.reached))
	ev.reached = slices.DeleteFunc(ev.reached, func(p analyzer.Position) bool {
		dup := seen[p]
		seen[p] = true
		return dup
	})
	return ev
}

// commonFixes is the fixes two environments' findings agree on: a
// finding whose fix depends on the environment gets none.
func commonFixes(a, b []rules.Fix) []rules.Fix {
	if slices.EqualFunc(a, b, sameFix) {
		return a
	}
	return nil
}

func sameFix(a, b rules.Fix) bool {
	return a.Message == b.Message && a.Safe == b.Safe && slices.Equal(a.Edits, b.Edits)
}

// keepSharedFixes drops from the merged findings the fixes that another
// evaluation reading the edited text vetoes (see above).
func keepSharedFixes(list []finding, runs []*manifestRun, files *source.Set) {
	c := &fixChecker{runs: runs, files: files, directives: map[string][]analyzer.Position{}}
	for i := range list {
		f := &list[i]
		if len(f.Fixes) == 0 {
			continue
		}
		k := keyOf(f.Diagnostic)
		var kept []rules.Fix
		for _, fx := range f.Fixes {
			if c.agreed(k, fx) {
				kept = append(kept, fx)
			}
		}
		f.Fixes = kept
	}
}

// fixChecker remembers, for one run's results, what each evaluation
// reached and where each file's directives are.
type fixChecker struct {
	runs       []*manifestRun
	files      *source.Set
	directives map[string][]analyzer.Position
}

// agreed reports whether every evaluation that read a file fx edits
// agrees to the edit: it found the diagnostic k with fx too, or does not
// reach the edited text.
func (c *fixChecker) agreed(k key, fx rules.Fix) bool {
	for _, e := range fx.Edits {
		for _, r := range c.runs {
			if !slices.Contains(r.inputs, e.Pos.File) {
				continue
			}
			if len(r.evals) == 0 {
				return false // it did not bundle
			}
			found := r.finding(k)
			for i := range r.evals {
				ev := &r.evals[i]
				if found != nil && (len(found.envs) == 0 || slices.Contains(found.envs, ev.env)) &&
					slices.ContainsFunc(found.Fixes, func(x rules.Fix) bool { return sameFix(x, fx) }) {
					continue
				}
				if ev.failed || c.inDirective(e.Pos) || reaches(ev, e.Pos) {
					return false
				}
			}
		}
	}
	return true
}

// finding is the run's finding with key k, or nil.
func (r *manifestRun) finding(k key) *finding {
	for i := range r.findings {
		if keyOf(r.findings[i].Diagnostic) == k {
			return &r.findings[i]
		}
	}
	return nil
}

// reaches reports whether a value the evaluation exports, or a property
// key of it, came from text that span overlaps.
func reaches(ev *evaluation, span analyzer.Position) bool {
	return slices.ContainsFunc(ev.positions(), func(p analyzer.Position) bool { return overlaps(p, span) })
}

// inDirective reports whether span overlaps an irislint directive of its
// file.
func (c *fixChecker) inDirective(span analyzer.Position) bool {
	ds, ok := c.directives[span.File]
	if !ok {
		if f, has := c.files.Has(span.File); has {
			for _, cm := range analyzer.CommentsOf(f) {
				if strings.Contains(cm.Text, "irislint-") {
					ds = append(ds, cm.Pos)
				}
			}
		}
		c.directives[span.File] = ds
	}
	return slices.ContainsFunc(ds, func(p analyzer.Position) bool { return overlaps(p, span) })
}

// overlaps reports whether two spans of one file share text; an empty
// span overlaps a span it lies inside.
func overlaps(a, b analyzer.Position) bool {
	if a.File != b.File {
		return false
	}
	aEnd, bEnd := endOf(a), endOf(b)
	less := func(l1, c1, l2, c2 int) bool { return l1 < l2 || l1 == l2 && c1 < c2 }
	if a.Line == aEnd[0] && a.Column == aEnd[1] { // empty a
		return !less(a.Line, a.Column, b.Line, b.Column) && less(a.Line, a.Column, bEnd[0], bEnd[1])
	}
	if b.Line == bEnd[0] && b.Column == bEnd[1] {
		return overlaps(b, a)
	}
	return less(a.Line, a.Column, bEnd[0], bEnd[1]) && less(b.Line, b.Column, aEnd[0], aEnd[1])
}

func endOf(p analyzer.Position) [2]int {
	if p.EndLine == 0 {
		return [2]int{p.Line, p.Column}
	}
	return [2]int{p.EndLine, p.EndColumn}
}
