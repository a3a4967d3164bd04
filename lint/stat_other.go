//go:build !linux

package lint

// statKey is "" where the change time is not known: every stamp is then
// checked by its hash.
func statKey(string) string { return "" }
