// Package appscopes holds the Go that irislint generates from the app's
// manifest: its scopes, the token request, and the token callback's message.
package appscopes

// A backend in its own module would run the tool it pins in go.mod:
//
//	//go:generate go tool irislint gen -o scopes_gen.go ../iris-app-manifest.ts
//
// Inside irislint's own module, the command is built from this source.
//go:generate go run github.com/irislint/irislint/cmd/irislint gen -o scopes_gen.go ../iris-app-manifest.ts
