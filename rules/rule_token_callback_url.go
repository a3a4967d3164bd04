package rules

import (
	"fmt"
	"net/url"

	"github.com/irislint/irislint/analyzer"
)

// TokenCallbackURL reports a tokenCallback whose url could leak the app's
// client secret or cannot be called.
var TokenCallbackURL = &Rule{
	ID:       "token-callback-url",
	Severity: Error,
	Summary:  "a tokenCallback.url that is not an absolute https URL without credentials",
	Check:    checkTokenCallbackURL,
}

// secretReason ends every token-callback-url message.
const secretReason = ": it receives the app's client secret"

func checkTokenCallbackURL(p *Pass) {
	tc := p.Manifest.TokenCallback
	if tc == nil || !present(tc.Value) {
		return
	}
	if tc.Value.Kind != analyzer.KindObject {
		p.Reportf(tc.Value.Pos, "tokenCallback must be an object like { url: \"https://...\" }, not %s", describe(tc.Value))
		return
	}
	f := tc.Value.Field("url")
	if f == nil {
		p.Reportf(tc.Value.Pos, "tokenCallback has no \"url\" property: it says where Trackunit sends the app's client secret")
		return
	}
	// The url literal when there is one, else the url property.
	pos := valuePos(f)
	if f.Value == nil || f.Value.Kind != analyzer.KindString {
		p.Reportf(pos, "tokenCallback.url must be a string, not %s%s", describe(f.Value), secretReason)
		return
	}
	raw := f.Value.String
	if raw == "" {
		p.Reportf(pos, "tokenCallback.url is an empty string: it must be the https URL that receives the app's client secret")
		return
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		p.Reportf(pos, "tokenCallback.url %s is not an absolute URL%s", quote(raw), secretReason)
		return
	}
	shown := quote(raw)
	if u.User != nil {
		// Never repeat a password in output that ends up in CI logs.
		shown = quote(u.Redacted())
		p.Reportf(pos, "tokenCallback.url %s must not contain user info: credentials in the manifest "+
			"end up in source control and in the published app", shown)
	}
	if u.Scheme != "https" {
		// http -> https changes where the secret is sent (the server must
		// serve https): unsafe, and only for an otherwise good URL.
		var fix Fix
		if u.Scheme == "http" && u.User == nil && u.Hostname() != "" {
			ed, ok := p.replaceString(f.Value, "https"+raw[len("http"):], 1)
			fix = fixOf("use https", false, ed, ok)
		}
		p.ReportFix(pos, fmt.Sprintf("tokenCallback.url %s must use https%s", shown, secretReason), fix)
	}
	if u.Host == "" || u.Hostname() == "" {
		p.Reportf(pos, "tokenCallback.url %s has no host%s", shown, secretReason)
	}
}
