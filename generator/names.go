package generator

import (
	"fmt"
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"
)

// commonInitialisms are the parts written upper-case in Go names: golint's
// list, so that "api" becomes API and "id" becomes ID.
var commonInitialisms = map[string]bool{
	"acl": true, "api": true, "ascii": true, "cpu": true, "css": true, "dns": true,
	"eof": true, "guid": true, "html": true, "http": true, "https": true, "id": true,
	"ip": true, "json": true, "lhs": true, "qps": true, "ram": true, "rhs": true,
	"rpc": true, "sla": true, "smtp": true, "sql": true, "ssh": true, "tcp": true,
	"tls": true, "ttl": true, "udp": true, "ui": true, "uid": true, "uuid": true,
	"uri": true, "url": true, "utf8": true, "vm": true, "xml": true, "xmpp": true,
	"xsrf": true, "xss": true,
}

// GoName returns the exported Go name for a scope: the scope split on "."
// and "-", each part capitalised, common initialisms upper-case
// ("api.iris.app.proxy.fetch" is APIIrisAppProxyFetch). It is an error when
// the result is not a valid exported Go identifier ("3d.view", "asset/view").
func GoName(scope string) (string, error) {
	if scope == "" {
		return "", fmt.Errorf("empty scope name")
	}
	var b strings.Builder
	for _, part := range strings.FieldsFunc(scope, func(r rune) bool { return r == '.' || r == '-' }) {
		if commonInitialisms[strings.ToLower(part)] {
			b.WriteString(strings.ToUpper(part))
			continue
		}
		r, n := utf8.DecodeRuneInString(part)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(part[n:])
	}
	name := b.String()
	if !token.IsIdentifier(name) || !token.IsExported(name) {
		if name == "" {
			return "", fmt.Errorf("scope %q has no letters to make a Go name from", scope)
		}
		return "", fmt.Errorf("scope %q cannot be a Go constant: %q is not a valid exported Go identifier", scope, name)
	}
	return name, nil
}

// named is a scope with its Go name.
type named struct {
	Declared
	GoName string
}

// nameAll gives every scope its Go name. reserved maps the names the
// generated file uses itself to what they are. Two scopes with one name, or
// a scope named like a reserved identifier, are errors naming both.
func nameAll(scopes []Declared, reserved map[string]string) ([]named, error) {
	out := make([]named, 0, len(scopes))
	byGo := make(map[string]string, len(scopes))
	seen := make(map[string]bool, len(scopes))
	for _, s := range scopes {
		if strings.ContainsFunc(s.Name, unicode.IsSpace) {
			return nil, fmt.Errorf("scope %q contains white space: token requests separate scopes with spaces, so it could never be asked for", s.Name)
		}
		if seen[s.Name] {
			return nil, fmt.Errorf("scope %q is declared more than once", s.Name)
		}
		seen[s.Name] = true
		g, err := GoName(s.Name)
		if err != nil {
			return nil, err
		}
		if what, ok := reserved[g]; ok {
			return nil, fmt.Errorf("scope %q would be named %s in Go, which the generated file already uses for %s", s.Name, g, what)
		}
		if other, ok := byGo[g]; ok {
			return nil, fmt.Errorf("scopes %q and %q would both be named %s in Go", other, s.Name, g)
		}
		byGo[g] = s.Name
		out = append(out, named{Declared: s, GoName: g})
	}
	return out, nil
}
