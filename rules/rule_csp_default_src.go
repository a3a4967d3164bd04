package rules

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
	p.Report(f.KeyPos, "cspHeader[\"default-src\"] was removed from the manifest API: "+
		"list the hosts the app calls under \"connect-src\"", "connect-src")
}
