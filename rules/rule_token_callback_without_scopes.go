package rules

import "github.com/irislint/irislint/analyzer"

// TokenCallbackWithoutScopes warns about a tokenCallback in a manifest that
// declares no scopes.
var TokenCallbackWithoutScopes = &Rule{
	ID:       "token-callback-without-scopes",
	Severity: Warning,
	Summary:  "a tokenCallback in a manifest that declares no scopes",
	Check:    checkTokenCallbackWithoutScopes,
}

func checkTokenCallbackWithoutScopes(p *Pass) {
	m := p.Manifest
	tc := m.TokenCallback
	if tc == nil || tc.Value != nil && !present(tc.Value) {
		return
	}
	if present(m.Scopes) && m.Scopes.Kind == analyzer.KindArray && len(m.Scopes.Elems) > 0 {
		return
	}
	pos := tc.Pos
	if f := m.Value.Field("tokenCallback"); f != nil && !f.KeyPos.IsZero() {
		pos = f.KeyPos
	} else if tc.Value != nil && !tc.Value.Pos.IsZero() {
		pos = tc.Value.Pos
	}
	p.Reportf(pos, "tokenCallback is set but the manifest declares no scopes: the token it leads to can call no API")
}
