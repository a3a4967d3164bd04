package lint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/internal/source"
	"github.com/irislint/irislint/rules"
)

// Applying fixes (irislint lint --fix). A round lints, picks the fixes of
// the kinds asked for whose edits do not overlap (in diagnostic order, so
// the choice never depends on timing), applies them in memory and lints
// again: the batch is kept when every file still parses and no file has
// more errors of any rule than before; otherwise each fix of it is tried
// alone, and one that fails is not applied and is reported. Overlapping
// fixes left over, and fixes the applied ones make possible, wait for the
// next round, up to maxFixRounds. Only then are the files written, each
// through a temporary file and a rename. The result is the lint of the
// files as they are afterwards: what remains.

// maxFixRounds bounds the rounds of Fix: each round applies every fix
// that does not overlap another, so real manifests need one or two.
const maxFixRounds = 8

// FixOptions say which fixes Fix applies and whether it writes them.
type FixOptions struct {
	// Unsafe applies the unsafe fixes too (--unsafe-fixes).
	Unsafe bool
	// DryRun computes the changes and writes nothing (--diff).
	DryRun bool
}

// FixResult is what Fix did.
type FixResult struct {
	// Result is the lint of the files after the fixes (as they would be,
	// in a dry run): what remains to be fixed by hand.
	*Result
	// Changes are the files the fixes change, sorted by path.
	Changes []FileChange
	// Applied counts the fixes applied.
	Applied int
	// Rejected are the fixes of the kinds asked for that were not
	// applied, with why.
	Rejected []RejectedFix
	// Unfinished is set when fixes were still to be applied after
	// maxFixRounds rounds; running Fix again goes on.
	Unfinished bool
}

// FileChange is one file's content before and after the fixes. A file of
// Options.Overlay is never written: its new content is only here.
type FileChange struct {
	File     string
	Old, New []byte
}

// RejectedFix is a fix that was not applied.
type RejectedFix struct {
	Diagnostic Diagnostic // the diagnostic it fixes, as found
	Fix        Fix
	Reason     string      // "it would leave a file that does not parse", ...
	Cause      *Diagnostic // the new error it would make, when that is the reason
}

// Fix lints paths as Lint does, applies the fixes of the kinds opts asks
// for, and returns what changed and what remains. Edits are computed and
// applied on the bytes the run read, so a file keeps its encoding, BOM and
// line endings. A file changed on disk while Fix ran is not written (an
// error says which). ctx cancels the run before anything is written.
func (l *Linter) Fix(ctx context.Context, opts FixOptions, paths ...string) (*FixResult, error) {
	fx := &fixer{l: l, ctx: ctx, opts: opts, paths: paths, overlay: maps.Clone(l.opts.Overlay), orig: map[string][]byte{}, rejected: map[string]bool{}}
	if fx.overlay == nil {
		fx.overlay = map[string][]byte{}
	}
	out := &FixResult{}
	res, err := fx.lint(paths)
	if err != nil {
		return nil, err
	}
	for round := 0; ; round++ {
		cands := fx.candidates(res)
		if len(cands) == 0 {
			break
		}
		if round == maxFixRounds {
			out.Unfinished = true
			break
		}
		wide, err := fx.widen(res, cands)
		if err != nil {
			return nil, err
		}
		if wide != nil && fx.l.opts.AsManifests {
			cands, wide = fx.keepInManifests(res, cands, out), nil
		}
		before := res
		if wide != nil {
			if before, err = fx.lint(wide); err != nil {
				return nil, err
			}
			cands = fx.agreedByReaders(cands, before, out)
		}
		progress, err := fx.applyRound(cands, before, wide, out)
		if err != nil {
			return nil, err
		}
		if !progress {
			break
		}
		switch {
		case wide == nil && fx.committed != nil:
			res = fx.committed // the lint of paths after the last edits
		default:
			if res, err = fx.lint(paths); err != nil {
				return nil, err
			}
		}
	}
	out.Result = res
	for _, file := range slices.Sorted(maps.Keys(fx.orig)) {
		if now, ok := fx.overlay[file]; ok && !bytes.Equal(now, fx.orig[file]) {
			out.Changes = append(out.Changes, FileChange{File: file, Old: fx.orig[file], New: now})
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !opts.DryRun {
		if err := fx.write(out.Changes); err != nil {
			return out, err
		}
	}
	return out, nil
}

// fixer is one Fix call's state: the files' contents so far (the run's
// overlay), their contents before, and the fixes that failed.
type fixer struct {
	l        *Linter
	ctx      context.Context
	opts     FixOptions
	paths    []string
	overlay  map[string][]byte // absolute path: content, edits applied
	orig     map[string][]byte // absolute path: content before the first edit
	rejected map[string]bool   // candidate ids
	// committed is the lint that checked the edits last applied, or nil
	// when the last try was not committed.
	committed *Result
}

// candidate is a fix to apply, with its edits as byte ranges of the
// content the lint that proposed it read.
type candidate struct {
	diag  Diagnostic
	fix   Fix
	edits []byteEdit
	id    string // the fix by what it changes, stable while other text moves
}

type byteEdit struct {
	file     string
	src      *source.File // the content from and to are offsets of
	from, to int
	text     string
}

// lint lints paths over the files as edited so far.
func (fx *fixer) lint(paths []string) (*Result, error) {
	opts := fx.l.opts
	opts.Overlay = fx.overlay
	l := &Linter{opts: opts, loader: fx.l.loader}
	return l.Lint(fx.ctx, paths...)
}

// candidates are the fixes of res of the kinds asked for, in diagnostic
// order: each diagnostic's first such fix not rejected already.
func (fx *fixer) candidates(res *Result) []candidate {
	var out []candidate
	for _, d := range res.Diagnostics {
		for _, f := range d.Fixes {
			if !f.Safe && !fx.opts.Unsafe {
				continue
			}
			if c, ok := fx.candidate(res, d, f); ok && !fx.rejected[c.id] {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// candidate turns fix f of d into byte ranges of the content res read;
// false when an edit does not fall on the file's lines and columns.
func (fx *fixer) candidate(res *Result, d Diagnostic, f Fix) (candidate, bool) {
	c := candidate{diag: d, fix: f}
	var id strings.Builder
	fmt.Fprintf(&id, "%s\x00%s\x00%s\x00%v", d.Rule, d.Message, f.Message, f.Safe)
	for _, e := range f.Edits {
		file, ok := res.files.Has(e.File)
		if !ok {
			return c, false
		}
		from, ok1 := exactOffset(file, e.Line, e.Column)
		to, ok2 := exactOffset(file, e.EndLine, e.EndColumn)
		if !ok1 || !ok2 || from > to {
			return c, false
		}
		c.edits = append(c.edits, byteEdit{file: e.File, src: file, from: from, to: to, text: e.NewText})
		fmt.Fprintf(&id, "\x00%s\x00%s\x00%s", e.File, file.Data[from:to], e.NewText)
	}
	c.id = id.String()
	return c, len(c.edits) > 0
}

// exactOffset is the byte offset of line and column when the file has
// that very place (Offset clamps a column past the end of a line).
func exactOffset(f *source.File, line, col int) (int, bool) {
	off, ok := f.Offset(line, col)
	if !ok {
		return 0, false
	}
	if l, c := f.Position(off); l != line || c != col {
		return 0, false
	}
	return off, true
}

// widen returns the paths to lint so that every manifest reading a file
// the candidates edit is checked (a lib edited for one app may be read by
// another that was not asked for), or nil when the run checks them all
// already.
func (fx *fixer) widen(res *Result, cands []candidate) ([]string, error) {
	var extra []string
	for _, c := range cands {
		for _, e := range c.edits {
			if !slices.Contains(res.Manifests, e.file) && !slices.Contains(extra, e.file) {
				extra = append(extra, e.file)
			}
		}
	}
	if len(extra) == 0 {
		return nil, nil
	}
	wide := append(slices.Clone(fx.paths), extra...)
	planned := func(paths []string, asManifests bool) ([]string, error) {
		t, err := discover(fx.l.opts.WorkDir, paths, func(p string) bool { _, ok := fx.overlay[p]; return ok }, asManifests)
		if err != nil {
			return nil, err
		}
		p, err := fx.l.plan(t)
		if err != nil {
			return nil, err
		}
		return p.manifests, nil
	}
	now, err := planned(fx.paths, fx.l.opts.AsManifests)
	if err != nil {
		return nil, err
	}
	then, err := planned(wide, false)
	if err != nil {
		return nil, err
	}
	if slices.Equal(now, then) {
		return nil, nil
	}
	return wide, nil
}

// keepInManifests keeps the candidates that edit only the manifests
// checked, rejecting the others: with Options.AsManifests, the files
// given cannot be told from libs to lint the readers of.
func (fx *fixer) keepInManifests(res *Result, cands []candidate, out *FixResult) []candidate {
	var kept []candidate
	for _, c := range cands {
		if slices.ContainsFunc(c.edits, func(e byteEdit) bool { return !slices.Contains(res.Manifests, e.file) }) {
			fx.reject(out, c, "it edits a file other than the manifests given as manifests (--as-manifest)", nil)
			continue
		}
		kept = append(kept, c)
	}
	return kept
}

// agreedByReaders keeps the candidates that the lint of every manifest
// reading their files (wide) proposes too; the others are rejected.
func (fx *fixer) agreedByReaders(cands []candidate, wide *Result, out *FixResult) []candidate {
	ok := map[string]bool{}
	for _, d := range wide.Diagnostics {
		for _, f := range d.Fixes {
			if c, good := fx.candidate(wide, d, f); good {
				ok[c.id] = true
			}
		}
	}
	var kept []candidate
	for _, c := range cands {
		if ok[c.id] {
			kept = append(kept, c)
			continue
		}
		fx.reject(out, c, "another manifest reads the file it edits, and the fix is not right for that manifest", nil)
	}
	return kept
}

func (fx *fixer) reject(out *FixResult, c candidate, reason string, cause *Diagnostic) {
	fx.rejected[c.id] = true
	out.Rejected = append(out.Rejected, RejectedFix{Diagnostic: c.diag, Fix: c.fix, Reason: reason, Cause: cause})
}

// rejectFor rejects c, which would make the error cause.
func (fx *fixer) rejectFor(out *FixResult, c candidate, cause *Diagnostic) {
	reason := "it would add an error"
	if rules.LoadFailureByID(cause.Rule) != nil {
		reason = "it would leave a file that does not load"
	}
	fx.reject(out, c, reason, cause)
}

// applyRound applies the candidates whose edits overlap no other's: as a
// batch when the files it leaves lint no worse than before (the lint of
// paths, or wide); otherwise each is tried alone, those that fail are
// rejected, and the others are applied together (or, should they fail
// together, the first of them). progress is false when nothing was
// applied or rejected.
func (fx *fixer) applyRound(cands []candidate, before *Result, wide []string, out *FixResult) (progress bool, err error) {
	batch := nonOverlapping(cands)
	if len(batch) == 0 {
		return false, nil
	}
	paths := fx.paths
	if wide != nil {
		paths = wide
	}
	cause, err := fx.try(batch, before, paths, true)
	if err != nil || cause == nil {
		if err == nil {
			out.Applied += len(batch)
		}
		return err == nil, err
	}
	if len(batch) == 1 {
		fx.rejectFor(out, batch[0], cause) // tried alone already
		return true, nil
	}
	var good []candidate
	for _, c := range batch {
		cause, err := fx.try([]candidate{c}, before, paths, false)
		if err != nil {
			return false, err
		}
		if cause == nil {
			good = append(good, c)
			continue
		}
		fx.rejectFor(out, c, cause)
	}
	switch {
	case len(good) == 0:
		return true, nil
	case len(good) == len(batch):
		// each is fine alone and all together were tried: one now, the
		// others next round
		good = good[:1]
		cause, err = fx.try(good, before, paths, true)
	default:
		if cause, err = fx.try(good, before, paths, true); err == nil && cause != nil {
			good = good[:1] // as above
			cause, err = fx.try(good, before, paths, true)
		}
	}
	if err != nil {
		return false, err
	}
	if cause == nil {
		out.Applied += len(good)
	}
	return true, nil
}

// nonOverlapping picks, in order, the candidates none of whose edits
// clashes with an edit picked before.
func nonOverlapping(cands []candidate) []candidate {
	var picked []candidate
	var taken []byteEdit
	for _, c := range cands {
		if slices.ContainsFunc(c.edits, func(e byteEdit) bool {
			return slices.ContainsFunc(taken, func(t byteEdit) bool { return clash(e, t) })
		}) {
			continue
		}
		picked = append(picked, c)
		taken = append(taken, c.edits...)
	}
	return picked
}

// clash reports whether two edits cannot both be applied: they change
// overlapping text, or one inserts where the other changes text. The very
// same edit, made by two fixes, is applied once.
func clash(a, b byteEdit) bool {
	if a.file != b.file || a == b {
		return false
	}
	touches := func(p int, e byteEdit) bool { return e.from <= p && p <= e.to }
	switch {
	case a.from == a.to:
		return touches(a.from, b)
	case b.from == b.to:
		return touches(b.from, a)
	}
	return a.from < b.to && b.from < a.to
}

// try applies fixes on the contents before read and lints paths. cause is
// an error the fixes add (more errors of a rule in a file than before),
// or nil; the overlay takes the new contents when commit is set and cause
// is nil, and is left as it was otherwise.
func (fx *fixer) try(fixes []candidate, before *Result, paths []string, commit bool) (cause *Diagnostic, err error) {
	byFile := map[string][]byteEdit{}
	for _, c := range fixes {
		for _, e := range c.edits {
			if !slices.Contains(byFile[e.file], e) {
				byFile[e.file] = append(byFile[e.file], e)
			}
		}
	}
	saved := maps.Clone(fx.overlay)
	old := map[string][]byte{}
	for file, edits := range byFile {
		data := edits[0].src.Data // every lint of a round reads the same content
		old[file] = data
		fx.overlay[file] = applyEdits(data, edits)
	}
	fx.committed = nil
	after, err := fx.lint(paths)
	if err == nil {
		cause = newError(before, after)
	}
	if err != nil || cause != nil || !commit {
		fx.overlay = saved
		return cause, err
	}
	fx.committed = after
	for file, data := range old {
		if _, ok := fx.orig[file]; !ok {
			fx.orig[file] = data
		}
	}
	return nil, nil
}

// applyEdits returns data with edits (none overlapping) applied.
func applyEdits(data []byte, edits []byteEdit) []byte {
	sort.Slice(edits, func(i, j int) bool { return edits[i].from > edits[j].from })
	out := slices.Clone(data)
	for _, e := range edits {
		out = slices.Concat(out[:e.from], []byte(e.text), out[e.to:])
	}
	return out
}

// newError is an error diagnostic of after that makes its file have more
// errors of its rule than before had, or nil.
func newError(before, after *Result) *Diagnostic {
	type fileRule struct{ file, rule string }
	count := func(r *Result) map[fileRule]int {
		n := map[fileRule]int{}
		for _, d := range r.Diagnostics {
			if d.Severity == "error" {
				n[fileRule{d.File, d.Rule}]++
			}
		}
		return n
	}
	was := count(before)
	for k, n := range count(after) {
		if n <= was[k] {
			continue
		}
		for i, d := range after.Diagnostics {
			if d.Severity == "error" && (fileRule{d.File, d.Rule}) == k && !slices.ContainsFunc(before.Diagnostics, func(b Diagnostic) bool {
				return b.File == d.File && b.Rule == d.Rule && b.Message == d.Message
			}) {
				return &after.Diagnostics[i]
			}
		}
		for i, d := range after.Diagnostics {
			if d.Severity == "error" && (fileRule{d.File, d.Rule}) == k {
				return &after.Diagnostics[i]
			}
		}
	}
	return nil
}

// write writes the changed files that are not overlays, each atomically.
func (fx *fixer) write(changes []FileChange) error {
	var errs []error
	for _, c := range changes {
		if _, ok := fx.l.opts.Overlay[c.File]; ok {
			continue
		}
		if err := replaceFile(c.File, c.Old, c.New); err != nil {
			errs = append(errs, fmt.Errorf("%s: not written: %v", fsx.Shown(fx.l.opts.WorkDir, c.File), err))
		}
	}
	return errors.Join(errs...)
}

// replaceFile writes data to path as fsx.WriteFile does (a temporary file
// and a rename, the file's mode kept, a link's target replaced). The file
// must still hold old: one changed since it was read is left alone.
func replaceFile(path string, old, data []byte) error {
	now, err := source.ReadRegular(path, source.MaxFileSize)
	if err != nil {
		return fsx.WriteReason(err)
	}
	if !bytes.Equal(now, old) {
		return errors.New("it changed while irislint was fixing it")
	}
	return fsx.WriteFile(path, data)
}
