// Package generator writes Go source for the scopes an Iris App manifest
// declares: a Scope type with one constant per scope, the token-request
// strings, helpers to build a request and check a token answer, and the
// token callback's INSTALLED message with the header that proves it came
// from Trackunit.
//
// The output imports nothing but the standard library, is gofmt'd, and is
// deterministic to the byte: the same input always yields the same file.
// Errors are values with a clear message; Generate never panics on bad input.
package generator

import (
	"bytes"
	"fmt"
	"go/format"
	"go/token"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/scopes"
)

// TokenEndpoint is where an Iris App's server asks Trackunit for tokens.
const TokenEndpoint = "https://auth.trackunit.com/apptoken"

// Input is everything one generated file says.
type Input struct {
	// Package is the Go package name of the file.
	Package string
	// Source names the manifest in the header comment, usually as a path
	// relative to the generated file, with forward slashes.
	Source string
	// Scopes are the declared scopes, in manifest order.
	Scopes []Declared
	// TokenCallbackURL is the manifest's tokenCallback.url; "" for none.
	TokenCallbackURL string
	// IrisAppID is the manifest's moduleFederationName; "" for none.
	IrisAppID string
}

// Declared is one scope a manifest asks for.
type Declared struct {
	Name        string // e.g. "asset.view"
	Optional    bool   // the installing user may deny it
	Description string // the catalogue's description
}

// appReserved are the package-level names a generated file defines besides
// the scope constants; a scope may not be named like one of them.
var appReserved = map[string]string{
	"Scope":                "the Scope type",
	"Required":             "the list of required scopes",
	"Optional":             "the list of optional scopes",
	"All":                  "the list of all scopes",
	"TokenRequest":         "the token request for every scope",
	"RequiredTokenRequest": "the token request for the required scopes",
	"TokenCallbackURL":     "the token callback URL",
	"TokenEndpoint":        "the token endpoint",
	"IrisAppID":            "the app's id",
	"Request":              "the Request function",
	"Missing":              "the Missing function",
	"InstalledMessage":     "the INSTALLED message type",
	"MessageInstalled":     "the INSTALLED message's type",
	"IdentityHeader":       "the identity header's name",
	"IdentityJWKSURL":      "the identity keys' URL",
	"TokenRequestForm":     "the TokenRequestForm function",
}

// FromManifest collects the Input for a loaded manifest: its scopes in
// order with the catalogue's descriptions, its token callback URL and its
// moduleFederationName. A scope entry without a name, or a scope the
// catalogue does not know, is an error: lint the manifest first.
func FromManifest(m *analyzer.Manifest, cat *scopes.Catalogue, pkg, source string) (Input, error) {
	if m == nil {
		return Input{}, fmt.Errorf("no manifest")
	}
	if cat == nil {
		cat = scopes.Default()
	}
	in := Input{Package: pkg, Source: source}
	if m.Scopes != nil && m.Scopes.Kind != analyzer.KindArray {
		return Input{}, fmt.Errorf("scopes is %s, not an array", m.Scopes.Describe())
	}
	for _, e := range m.ScopeEntries {
		if !e.HasName {
			return Input{}, fmt.Errorf("scopes[%d] has no scope name string", e.Index)
		}
		s, ok := cat.Lookup(e.Name)
		if !ok {
			if r, renamed := cat.RenamedFrom(e.Name); renamed {
				return Input{}, fmt.Errorf("scope %q was renamed to %q", e.Name, r.New)
			}
			return Input{}, fmt.Errorf("unknown scope %q: the scope catalogue does not list it", e.Name)
		}
		in.Scopes = append(in.Scopes, Declared{Name: e.Name, Optional: e.Optional, Description: s.Description})
	}
	if tc := m.TokenCallback; tc != nil && tc.HasURL {
		in.TokenCallbackURL = tc.URL
	}
	if v := m.Value.Get("moduleFederationName"); v != nil && v.Kind == analyzer.KindString {
		in.IrisAppID = v.String
	}
	return in, nil
}

// Generate returns the gofmt'd Go file for in.
func Generate(in Input) ([]byte, error) {
	if err := checkHeader(in.Package, in.Source); err != nil {
		return nil, err
	}
	list, err := nameAll(in.Scopes, appReserved)
	if err != nil {
		return nil, err
	}
	var required, optional []named
	for _, s := range list {
		if s.Optional {
			optional = append(optional, s)
		} else {
			required = append(required, s)
		}
	}

	var b bytes.Buffer
	header(&b, in.Package, in.Source)
	b.WriteString(`import (
	"net/url"
	"strconv"
	"strings"
)

// Scope is an OAuth scope that the Iris App's manifest declares. A token
// request may only ask for declared scopes.
type Scope string

`)
	if len(list) > 0 {
		b.WriteString("// The scopes the manifest declares, in manifest order.\nconst (\n")
		for i, s := range list {
			if i > 0 {
				b.WriteByte('\n')
			}
			kind := "required"
			if s.Optional {
				kind = "optional"
			}
			fmt.Fprintf(&b, "\t// %s is the scope %s (%s)%s\n", s.GoName, strconv.Quote(s.Name), kind, docTail(s.Description, ""))
			fmt.Fprintf(&b, "\t%s Scope = %s\n", s.GoName, strconv.Quote(s.Name))
		}
		b.WriteString(")\n\n")
	}
	b.WriteString(`// String returns the scope's name as a token request spells it.
func (s Scope) String() string { return string(s) }

// Description returns the scope catalogue's description of s, or "" for a
// scope the manifest does not declare.
func (s Scope) Description() string {
`)
	describeSwitch(&b, "s", list)
	b.WriteString("}\n\n")

	b.WriteString("// Required lists the scopes declared with optional: false, in manifest order.\n")
	scopeList(&b, "Required", "Scope", required)
	b.WriteString("// Optional lists the scopes declared with optional: true, which the\n// installing user may deny, in manifest order.\n")
	scopeList(&b, "Optional", "Scope", optional)
	b.WriteString("// All lists every declared scope, in manifest order.\n")
	scopeList(&b, "All", "Scope", list)

	fmt.Fprintf(&b, `// TokenRequest is the scope parameter of a token request for every declared
// scope: their names separated by single spaces.
const TokenRequest = %s

// RequiredTokenRequest is the scope parameter of a token request for the
// required scopes only.
const RequiredTokenRequest = %s

`, strconv.Quote(joinNames(list)), strconv.Quote(joinNames(required)))
	if in.TokenCallbackURL != "" {
		fmt.Fprintf(&b, `// TokenCallbackURL is the manifest's tokenCallback.url: Trackunit POSTs an
// INSTALLED message (irisAppId, accountId, clientId, clientSecret) there when
// an account installs the app.
const TokenCallbackURL = %s

`, strconv.Quote(in.TokenCallbackURL))
	}
	fmt.Fprintf(&b, `// TokenEndpoint is where the app's server asks for tokens: POST, form-encoded,
// with grant_type=client_credentials, client_id, client_secret and scope.
const TokenEndpoint = %s

`, strconv.Quote(TokenEndpoint))
	if in.IrisAppID != "" {
		fmt.Fprintf(&b, `// IrisAppID is the manifest's moduleFederationName.
const IrisAppID = %s

`, strconv.Quote(in.IrisAppID))
	}
	b.WriteString(`// Request returns the scope parameter of a token request for scopes: their
// names separated by single spaces, in the order given, duplicates dropped.
func Request(scopes ...Scope) string {
	seen := make(map[Scope]bool, len(scopes))
	names := make([]string, 0, len(scopes))
	for _, s := range scopes {
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		names = append(names, string(s))
	}
	return strings.Join(names, " ")
}

// Missing returns the required scopes absent from granted, the "scope" field
// of a token answer (names separated by spaces), in manifest order. It
// returns nil when every required scope was granted.
func Missing(granted string) []Scope {
	have := make(map[string]bool)
	for _, name := range strings.Fields(granted) {
		have[name] = true
	}
	var missing []Scope
	for _, s := range Required {
		if !have[string(s)] {
			missing = append(missing, s)
		}
	}
	return missing
}
`)
	writeTokenCallback(&b, in)
	return formatSource(b.Bytes())
}

// Catalogue returns the Go file for every scope in cat, in catalogue order:
// a string type named typeName, one constant per scope, All, and String and
// Description methods. irislint generates its own scopes package with it.
func Catalogue(cat *scopes.Catalogue, pkg, typeName, source string) ([]byte, error) {
	if err := checkHeader(pkg, source); err != nil {
		return nil, err
	}
	if !token.IsIdentifier(typeName) || !token.IsExported(typeName) {
		return nil, fmt.Errorf("type name %q is not an exported Go identifier", typeName)
	}
	decl := make([]Declared, len(cat.Scopes))
	since := make(map[string]string, len(cat.Scopes))
	for i, s := range cat.Scopes {
		decl[i] = Declared{Name: s.Name, Description: s.Description}
		since[s.Name] = s.Since
	}
	list, err := nameAll(decl, map[string]string{typeName: "the " + typeName + " type", "All": "the list of all scopes"})
	if err != nil {
		return nil, err
	}

	var b bytes.Buffer
	header(&b, pkg, source)
	fmt.Fprintf(&b, "// %s is the name of a scope in the catalogue, as a token request spells it.\ntype %s string\n\n", typeName, typeName)
	if len(list) > 0 {
		b.WriteString("// Every scope in the catalogue, in catalogue order.\nconst (\n")
		for i, s := range list {
			if i > 0 {
				b.WriteByte('\n')
			}
			tail := ""
			if v := since[s.Name]; v != "" {
				tail = " Listed since " + oneLine(v) + "."
			}
			fmt.Fprintf(&b, "\t// %s is the scope %s%s\n", s.GoName, strconv.Quote(s.Name), docTail(s.Description, tail))
			fmt.Fprintf(&b, "\t%s %s = %s\n", s.GoName, typeName, strconv.Quote(s.Name))
		}
		b.WriteString(")\n\n")
	}
	b.WriteString("// All lists every scope in the catalogue, in catalogue order.\n")
	scopeList(&b, "All", typeName, list)
	fmt.Fprintf(&b, `// String returns the scope's name.
func (n %[1]s) String() string { return string(n) }

// Description returns the catalogue's description of n, or "" for a name the
// catalogue does not list.
func (n %[1]s) Description() string {
`, typeName)
	describeSwitch(&b, "n", list)
	b.WriteString("}\n")
	return formatSource(b.Bytes())
}

func checkHeader(pkg, source string) error {
	if !token.IsIdentifier(pkg) || pkg == "_" {
		return fmt.Errorf("package name %q is not a valid Go identifier", pkg)
	}
	return nil
}

func header(b *bytes.Buffer, pkg, source string) {
	source = oneLine(source)
	if source == "" {
		source = "an Iris App manifest"
	}
	fmt.Fprintf(b, "// Code generated by irislint from %s. DO NOT EDIT.\n\npackage %s\n\n", source, pkg)
}

// docTail is the end of a constant's doc comment: ": Description." then
// extra, or "." then extra when there is no description.
func docTail(desc, extra string) string {
	desc = oneLine(desc)
	if desc == "" {
		return "." + extra
	}
	if !strings.HasSuffix(desc, ".") && !strings.HasSuffix(desc, "!") && !strings.HasSuffix(desc, "?") {
		desc += "."
	}
	return ": " + desc + extra
}

// oneLine makes any text fit in a // comment: white space (newlines
// included) collapses to single spaces, and what Go does not allow in a
// comment (invalid UTF-8, NUL, a byte order mark) or a terminal should not
// show (control and format characters) becomes "?".
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case r == utf8.RuneError || !unicode.IsPrint(r):
			return '?'
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Join(strings.Fields(s), " ")
}

func describeSwitch(b *bytes.Buffer, recv string, list []named) {
	var cases int
	for _, s := range list {
		if s.Description != "" {
			cases++
		}
	}
	if cases > 0 {
		fmt.Fprintf(b, "\tswitch %s {\n", recv)
		for _, s := range list {
			if s.Description != "" {
				fmt.Fprintf(b, "\tcase %s:\n\t\treturn %s\n", s.GoName, strconv.Quote(s.Description))
			}
		}
		b.WriteString("\t}\n")
	}
	b.WriteString("\treturn \"\"\n")
}

func scopeList(b *bytes.Buffer, name, typ string, list []named) {
	if len(list) == 0 {
		fmt.Fprintf(b, "var %s = []%s{}\n\n", name, typ)
		return
	}
	fmt.Fprintf(b, "var %s = []%s{\n", name, typ)
	for _, s := range list {
		fmt.Fprintf(b, "\t%s,\n", s.GoName)
	}
	b.WriteString("}\n\n")
}

func joinNames(list []named) string {
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = s.Name
	}
	return strings.Join(names, " ")
}

func formatSource(src []byte) ([]byte, error) {
	out, err := format.Source(src)
	if err != nil {
		// Only a bug here can get this far: every input is quoted or checked.
		return nil, fmt.Errorf("generated code does not parse (a bug in irislint): %v", err)
	}
	return out, nil
}
