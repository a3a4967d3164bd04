package rules

import (
	"strings"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/scopes"
)

// Scope names some rules know by heart (scopes.md), from the catalogue's
// generated constants, so that a rename in scopes.json breaks the build
// here rather than silently disabling the rule.
const (
	proxyFetchScope  = string(scopes.APIIrisAppProxyFetch)
	storeSecretScope = string(scopes.AccountIrisAppStoreSecret)
)

// ProxyScopeNeedsConnectSrc reports the proxy scope in a manifest that lists
// no host for the proxy to call.
var ProxyScopeNeedsConnectSrc = &Rule{
	ID:       "proxy-scope-needs-connect-src",
	Severity: Error,
	Summary:  "api.iris.app.proxy.fetch without hosts in cspHeader[\"connect-src\"]",
	Check:    checkProxyScopeNeedsConnectSrc,
}

func checkProxyScopeNeedsConnectSrc(p *Pass) {
	e, ok := firstScope(p.Manifest, proxyFetchScope)
	if !ok {
		return
	}
	state := connectSrcState(p.Manifest.CSPHeader)
	if state == "" {
		return
	}
	p.Reportf(e.Pos, "scope %s needs the hosts it calls in cspHeader[\"connect-src\"], which %s: "+
		"the proxy refuses every call (403)", quote(proxyFetchScope), state)
}

// connectSrcState says what is wrong with cspHeader["connect-src"] as the
// proxy's list of hosts ("is missing", "is empty", ...), or "" when it
// lists at least one host.
func connectSrcState(csp *analyzer.Value) string {
	if !present(csp) || csp.Kind != analyzer.KindObject {
		return "is missing"
	}
	src := csp.Get("connect-src")
	if !present(src) {
		return "is missing"
	}
	if src.Kind != analyzer.KindString && src.Kind != analyzer.KindArray {
		return "is " + describe(src) + ", not a list of hosts"
	}
	sources := cspSources(src)
	if len(sources) == 0 {
		return "is empty"
	}
	for _, s := range sources {
		// Quoted sources are keywords ('self', 'none'): no host.
		if !strings.HasPrefix(s, "'") {
			return ""
		}
	}
	return "lists no host, only " + strings.Join(sources, " ")
}

// firstScope is the first entry that declares name.
func firstScope(m *analyzer.Manifest, name string) (analyzer.ScopeEntry, bool) {
	for _, e := range m.ScopeEntries {
		if e.HasName && e.Name == name {
			return e, true
		}
	}
	return analyzer.ScopeEntry{}, false
}
