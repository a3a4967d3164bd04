package rules

// StoreSecretWithoutProxy warns about the store-secret scope in a manifest
// that does not declare the proxy scope that uses the secrets.
var StoreSecretWithoutProxy = &Rule{
	ID:       "store-secret-without-proxy",
	Severity: Warning,
	Summary:  "account.iris.app.store-secret without api.iris.app.proxy.fetch",
	Check:    checkStoreSecretWithoutProxy,
}

func checkStoreSecretWithoutProxy(p *Pass) {
	e, ok := firstScope(p.Manifest, storeSecretScope)
	if !ok {
		return
	}
	if _, ok := firstScope(p.Manifest, proxyFetchScope); ok {
		return
	}
	p.Reportf(e.Pos, "scope %s is only useful with %s, which the manifest does not declare: "+
		"stored secrets are only ever injected into proxy calls", quote(storeSecretScope), quote(proxyFetchScope))
}
