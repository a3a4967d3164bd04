package generator

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// identityJWKSURL is where Trackunit publishes the keys that sign the
// Trackunit-Identity header of a token callback (the developer hub's "Iris
// App Tokens and API access" page).
const identityJWKSURL = "https://iris.trackunit.com/api/marketplace/jwks"

// writeTokenCallback writes the receiving half of the token flow: the
// INSTALLED message Trackunit POSTs to the token callback, the header that
// proves it came from Trackunit, and the form that turns the message's
// credentials into a token request. The doc comments are the checklist a
// backend follows, so they name the generated constants when the manifest
// gave them and the manifest's fields otherwise.
func writeTokenCallback(b *bytes.Buffer, in Input) {
	callback := "TokenCallbackURL"
	if in.TokenCallbackURL == "" {
		callback = "the manifest's tokenCallback.url"
	}
	appID := "the constant IrisAppID"
	if in.IrisAppID == "" {
		appID = "the app's moduleFederationName"
	}

	b.WriteByte('\n')
	docComment(b, "", "MessageInstalled is the Type of the message Trackunit POSTs to "+callback+
		" when an account installs the app.")
	b.WriteString("const MessageInstalled = \"INSTALLED\"\n\n")

	docComment(b, "", "IdentityHeader is the header of the POST to "+callback+" that proves it comes from "+
		"Trackunit: a signed JWT. Anyone who knows the URL can POST to it, so verify the token before "+
		"reading the body: its signature with the keys at IdentityJWKSURL, its algorithm against an "+
		`allow-list of asymmetric ones (never "none", never HMAC), and its time claims (exp, nbf, iat). `+
		"When the header is missing or its token does not verify, answer 401 and store nothing. "+
		"Trackunit documents no other claims: do not rely on any.")
	b.WriteString("const IdentityHeader = \"Trackunit-Identity\"\n\n")

	docComment(b, "", "IdentityJWKSURL is the JWKS (JSON Web Key Set) holding the public keys that sign "+
		"the IdentityHeader token. Fetch it over HTTPS, cache the keys, and fetch again (rate-limited) "+
		"when a token names a key ID the cache lacks.")
	fmt.Fprintf(b, "const IdentityJWKSURL = %s\n\n", strconv.Quote(identityJWKSURL))

	docComment(b, "", "InstalledMessage is the JSON body Trackunit POSTs to "+callback+" when an account "+
		"installs the app. Trust it only once the IdentityHeader token has verified; then check that "+
		"its Type is MessageInstalled and its IrisAppID is "+appID+", and store ClientID and "+
		"ClientSecret under AccountID as secrets. String and GoString leave ClientSecret out, so that "+
		"a stray %v does not log it; encoding the message (JSON, a structured logger) would.")
	b.WriteString("type InstalledMessage struct {\n")
	docComment(b, "\t", "Type is MessageInstalled.")
	b.WriteString("\tType string `json:\"type\"`\n")
	docComment(b, "\t", `IrisAppID names the app the message is for ("@organization/appname"): it must be `+appID+".")
	b.WriteString("\tIrisAppID string `json:\"irisAppId\"`\n")
	docComment(b, "\t", "AccountID is the account that installed the app.")
	b.WriteString("\tAccountID string `json:\"accountId\"`\n")
	docComment(b, "\t", "ClientID and ClientSecret are the account's client credentials, for "+
		"TokenRequestForm. ClientSecret is a secret: never log it.")
	b.WriteString("\tClientID     string `json:\"clientId\"`\n")
	b.WriteString("\tClientSecret string `json:\"clientSecret\"`\n}\n\n")

	b.WriteString(`// String returns m for logs and errors, with ClientSecret redacted.
func (m InstalledMessage) String() string {
	secret := "\"\""
	if m.ClientSecret != "" {
		secret = "[redacted]"
	}
	return "InstalledMessage{Type:" + strconv.Quote(m.Type) +
		" IrisAppID:" + strconv.Quote(m.IrisAppID) +
		" AccountID:" + strconv.Quote(m.AccountID) +
		" ClientID:" + strconv.Quote(m.ClientID) +
		" ClientSecret:" + secret + "}"
}

// GoString is String, so that %#v does not print ClientSecret either.
func (m InstalledMessage) GoString() string { return m.String() }

// TokenRequestForm returns the form of a token request to TokenEndpoint with
// the client credentials of an InstalledMessage: grant_type
// client_credentials, client_id, client_secret, and scope set to
// Request(scopes...), left out when no scope is given. POST it form-encoded
// (http.PostForm(TokenEndpoint, form)), then check the answer's "scope" with
// Missing: an optional scope the user denied is absent from it.
func TokenRequestForm(clientID, clientSecret string, scopes ...Scope) url.Values {
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {clientID},
		"client_secret": {clientSecret},
	}
	if scope := Request(scopes...); scope != "" {
		form.Set("scope", scope)
	}
	return form
}
`)
}

// docComment writes text as // comment lines after indent, wrapped at
// word boundaries so that no line passes 78 columns unless one word does
// (a tab counts as 4). text holds no newline.
func docComment(b *bytes.Buffer, indent, text string) {
	const width = 78
	limit := width - 3 - 4*strings.Count(indent, "\t")
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > limit {
			fmt.Fprintf(b, "%s// %s\n", indent, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		fmt.Fprintf(b, "%s// %s\n", indent, line)
	}
}
