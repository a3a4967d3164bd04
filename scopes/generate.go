package scopes

// catalogue_gen.go holds a typed constant for every scope in scopes.json,
// written by irislint's own generator. Regenerate after changing the table;
// a test fails while it is stale.
//go:generate go run -tags irislint_tools ../internal/cmd/gencatalogue
