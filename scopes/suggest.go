package scopes

import (
	"sort"
	"strings"
)

// maxSuggestions keeps "did you mean" short enough to read in one line.
const maxSuggestions = 3

// Suggest returns up to three current scope names close to name, best first
// (ties by name), for "did you mean" messages; nil when nothing is close.
// It never returns name itself.
//
// Two measures are tried and the better one counts, both case-insensitive:
//   - the optimal string alignment distance between the whole names, allowed
//     to grow with the length of name (1 edit up to 11 characters, 2 up to
//     23, then 3); it catches typos that cross segments or drop a dot;
//   - a segment-wise comparison when both have the same number of
//     dot-separated segments: each segment may differ by a few edits relative
//     to its own length, and a trailing "s" (alert/alerts) costs half an
//     edit. It catches several small mistakes spread over a long name, which
//     a whole-name limit would have to be too loose to allow: scope names
//     share long prefixes, so a loose whole-name limit would suggest
//     account.x.manage for account.x.view.
//
// Callers should check RenamedFrom first: an old name is better answered
// by its rename than by a guess.
func (c *Catalogue) Suggest(name string) []string {
	query := strings.ToLower(name)
	querySegs := strings.Split(query, ".")
	limit := wholeLimit(len([]rune(query)))

	type candidate struct {
		name string
		cost int // in half edits
	}
	var found []candidate
	for _, s := range c.Scopes {
		if s.Name == name {
			continue
		}
		known := strings.ToLower(s.Name)
		cost, ok := segmentCost(querySegs, strings.Split(known, "."))
		if d := Distance(query, known, limit); d <= limit && (!ok || 2*d < cost) {
			cost, ok = 2*d, true
		}
		if ok {
			found = append(found, candidate{s.Name, cost})
		}
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].cost != found[j].cost {
			return found[i].cost < found[j].cost
		}
		return found[i].name < found[j].name
	})
	var out []string
	for i := 0; i < len(found) && i < maxSuggestions; i++ {
		out = append(out, found[i].name)
	}
	return out
}

// wholeLimit is the number of edits allowed between whole names of n runes.
func wholeLimit(n int) int {
	return min(1+n/12, 3)
}

// segmentCost compares two names segment by segment, in half edits. ok is
// false when the segment counts differ or any segment is too far off.
func segmentCost(a, b []string) (cost int, ok bool) {
	if len(a) != len(b) {
		return 0, false
	}
	for i := range a {
		x, y := a[i], b[i]
		switch {
		case x == y:
		case x+"s" == y || x == y+"s":
			cost++
		default:
			limit := max(1, len([]rune(x))/4)
			d := Distance(x, y, limit)
			if d > limit {
				return 0, false
			}
			cost += 2 * d
		}
	}
	return cost, true
}

// Closest is the candidate that name is most likely a typo of, or "": the
// nearest within an edit distance of a quarter of name's length (1 to 3),
// after norm (when not nil) has put both in one form, such as lower case.
// For rule ids, configuration keys and plan names; scope names have Suggest.
func Closest(name string, candidates []string, norm func(string) string) string {
	if norm == nil {
		norm = func(s string) string { return s }
	}
	n := norm(name)
	best, bestD := "", 0
	limit := max(1, min(3, len(n)/4))
	for _, c := range candidates {
		if d := Distance(n, norm(c), limit); d <= limit && (best == "" || d < bestD) {
			best, bestD = c, d
		}
	}
	return best
}

// Distance is the optimal string alignment distance (Levenshtein plus
// transposition of adjacent runes) between a and b, or limit+1 as soon as it
// is known to exceed limit: a hostile manifest may hold a huge string, and
// the length check alone keeps that cheap.
func Distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if abs(len(ra)-len(rb)) > limit {
		return limit + 1
	}
	// Three rows of the usual table: two back for transpositions.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], limit+1)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
