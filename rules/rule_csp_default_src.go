package rules

import (
	"slices"
	"strings"

	"github.com/irislint/irislint/analyzer"
)

// CSPDefaultSrc reports cspHeader["default-src"], which the manifest API no
// longer has.
var CSPDefaultSrc = &Rule{
	ID:       "csp-default-src",
	Severity: Error,
	Summary:  "cspHeader[\"default-src\"], removed from the manifest API: use connect-src",
	Check:    checkCSPDefaultSrc,
}

func checkCSPDefaultSrc(p *Pass) {
	f := p.Manifest.CSPHeader.Field("default-src")
	if f == nil || !present(f.Value) {
		return
	}
	p.ReportFix(f.KeyPos, "cspHeader[\"default-src\"] was removed from the manifest API: "+
		"list the hosts the app calls under \"connect-src\"", p.fixDefaultSrc(f), "connect-src")
}

// fixDefaultSrc moves default-src's hosts to connect-src when the proxy
// scope needs them (by renaming the key, when there is no connect-src
// yet), and otherwise removes default-src, which the platform ignores.
// Both change what the app may call: unsafe. When connect-src exists and
// lacks hosts of default-src that the proxy needs, merging the lists is
// left to the author.
func (p *Pass) fixDefaultSrc(f *analyzer.Field) Fix {
	m, ok := p.property(f)
	if !ok {
		return Fix{}
	}
	_, proxy := firstScope(p.Manifest, proxyFetchScope)
	connect := p.Manifest.CSPHeader.Field("connect-src")
	switch {
	case !proxy:
		return Fix{Message: "remove default-src: the platform ignores it, and no proxy scope calls its hosts", Edits: removal(m)}
	case connect == nil:
		return Fix{Message: "rename default-src to connect-src: the proxy scope calls these hosts", Edits: []Edit{renameKey(m, "connect-src")}}
	case sourcesCovered(f.Value, connect.Value):
		return Fix{Message: "remove default-src: connect-src lists its hosts already", Edits: removal(m)}
	}
	return Fix{}
}

// sourcesCovered reports whether every source the CSP value from lists
// is also in the one to lists.
func sourcesCovered(from, to *analyzer.Value) bool {
	have := cspSources(to)
	for _, s := range cspSources(from) {
		if !slices.Contains(have, s) {
			return false
		}
	}
	return true
}

// cspSources lists the sources of a CSP directive's value: a
// space-separated string, or an array of them.
func cspSources(v *analyzer.Value) []string {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case analyzer.KindString:
		return strings.Fields(v.String)
	case analyzer.KindArray:
		var out []string
		for _, e := range v.Elems {
			if e != nil && e.Kind == analyzer.KindString {
				out = append(out, strings.Fields(e.String)...)
			}
		}
		return out
	}
	return nil
}
