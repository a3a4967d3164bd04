// Package scopes owns the catalogue of Iris App OAuth scopes that irislint
// ships: the embedded data file (scopes.json, from Trackunit's public
// "Iris App Tokens and API access" page and its history), lookups, the
// renamed and removed history, and "did you mean" suggestions.
package scopes

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// Scope is one scope the platform grants.
type Scope struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Since       string `json:"since"` // when the documentation first listed it, e.g. "2024-07-26"
}

// Rename records a scope that the platform renamed: manifests that still ask
// for Old ask for something no longer granted.
type Rename struct {
	Old  string `json:"old"`
	New  string `json:"new"`
	When string `json:"when"`
}

// Removal records a scope that the platform stopped granting.
type Removal struct {
	Name string `json:"name"`
	When string `json:"when"`
	Note string `json:"note,omitempty"`
}

// Catalogue is a set of known scopes with their history. The zero value is
// empty; Default returns the embedded one.
type Catalogue struct {
	Scopes  []Scope   `json:"scopes"`
	Renamed []Rename  `json:"renamed"`
	Removed []Removal `json:"removed"`

	byName map[string]int
}

//go:embed scopes.json
var embedded []byte

// defaultCatalogue is parsed on first use rather than at start-up, which
// every command pays for (irislint version and --help included).
var defaultCatalogue = sync.OnceValue(func() *Catalogue { return mustParse(embedded) })

// Default returns the catalogue embedded in irislint. Callers must not
// modify it; use Clone first.
func Default() *Catalogue { return defaultCatalogue() }

func mustParse(data []byte) *Catalogue {
	c, err := Parse(data)
	if err != nil {
		panic("scopes: embedded scopes.json: " + err.Error())
	}
	return c
}

// Parse reads a catalogue in the embedded JSON format.
func Parse(data []byte) (*Catalogue, error) {
	var c Catalogue
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, err
	}
	if err := c.index(); err != nil {
		return nil, err
	}
	return &c, nil
}

func (c *Catalogue) index() error {
	c.byName = make(map[string]int, len(c.Scopes))
	for i, s := range c.Scopes {
		if s.Name == "" {
			return fmt.Errorf("scope %d has no name", i+1)
		}
		if _, dup := c.byName[s.Name]; dup {
			return fmt.Errorf("scope %q is listed twice", s.Name)
		}
		c.byName[s.Name] = i
	}
	return nil
}

// Lookup returns the current scope with that exact name.
func (c *Catalogue) Lookup(name string) (Scope, bool) {
	i, ok := c.byName[name]
	if !ok {
		return Scope{}, false
	}
	return c.Scopes[i], true
}

// RenamedFrom returns the rename whose old name is name.
func (c *Catalogue) RenamedFrom(name string) (Rename, bool) {
	for _, r := range c.Renamed {
		if r.Old == name {
			return r, true
		}
	}
	return Rename{}, false
}

// RemovedScope returns the removal record for name.
func (c *Catalogue) RemovedScope(name string) (Removal, bool) {
	for _, r := range c.Removed {
		if r.Name == name {
			return r, true
		}
	}
	return Removal{}, false
}

// Names returns every current scope name, sorted.
func (c *Catalogue) Names() []string {
	names := make([]string, len(c.Scopes))
	for i, s := range c.Scopes {
		names[i] = s.Name
	}
	sort.Strings(names)
	return names
}

// Clone returns a deep copy, so that callers (a config file's extraScopes,
// tests) can change it without touching Default.
func (c *Catalogue) Clone() *Catalogue {
	out := &Catalogue{
		Scopes:  append([]Scope(nil), c.Scopes...),
		Renamed: append([]Rename(nil), c.Renamed...),
		Removed: append([]Removal(nil), c.Removed...),
	}
	out.byName = make(map[string]int, len(out.Scopes))
	for i, s := range out.Scopes {
		out.byName[s.Name] = i
	}
	return out
}

// WithExtra returns a new catalogue with extra added after the known scopes:
// private or newer scopes that the public table lacks. An extra that repeats
// a known name (or another extra) is an error rather than a silent override,
// because the public description would otherwise be lost without notice.
// A name with white space is refused too: token requests separate scopes with
// spaces, so such a scope could never be asked for.
func (c *Catalogue) WithExtra(extra []Scope) (*Catalogue, error) {
	out := c.Clone()
	for _, s := range extra {
		switch {
		case s.Name == "":
			return nil, fmt.Errorf("extra scope with description %q has no name", s.Description)
		case strings.ContainsFunc(s.Name, unicode.IsSpace):
			return nil, fmt.Errorf("extra scope %q contains white space", s.Name)
		}
		if _, dup := out.byName[s.Name]; dup {
			return nil, fmt.Errorf("extra scope %q is already in the catalogue", s.Name)
		}
		out.byName[s.Name] = len(out.Scopes)
		out.Scopes = append(out.Scopes, s)
	}
	return out, nil
}

// Date is the date of the catalogue's newest entry (a scope's Since, a
// rename's or a removal's When), as written there ("2024-09-06"): how
// current the catalogue is, which `irislint version` reports. Dates are
// ISO 8601, whole or cut short ("2024-01"), so the newest is the greatest
// string. "" when no entry has a date.
func (c *Catalogue) Date() string {
	newest := ""
	for _, s := range c.Scopes {
		newest = max(newest, s.Since)
	}
	for _, r := range c.Renamed {
		newest = max(newest, r.When)
	}
	for _, r := range c.Removed {
		newest = max(newest, r.When)
	}
	return newest
}

// DefaultDate is Default().Date() without parsing the catalogue: `irislint
// version` reports it, and parsing the JSON would add a fifth to that
// command's start-up. It reads the value of every "since" and "when" key in
// the embedded file; a test keeps it equal to Default().Date().
var DefaultDate = sync.OnceValue(func() string { return newestDate(embedded) })

// newestDate is the greatest string value of a "since" or "when" key in
// a catalogue's JSON.
func newestDate(data []byte) string {
	newest := ""
	for rest := data; ; {
		i := bytes.IndexByte(rest, '"')
		if i < 0 {
			return newest
		}
		rest = rest[i+1:]
		j := bytes.IndexByte(rest, '"')
		if j < 0 {
			return newest
		}
		key := string(rest[:j])
		rest = rest[j+1:]
		after := bytes.TrimLeft(rest, " \t\r\n")
		if len(after) == 0 || after[0] != ':' {
			continue // a value, not a key
		}
		after = bytes.TrimLeft(after[1:], " \t\r\n")
		if key != "since" && key != "when" || len(after) == 0 || after[0] != '"' {
			continue
		}
		end := bytes.IndexByte(after[1:], '"')
		if end < 0 {
			return newest
		}
		newest = max(newest, string(after[1:1+end]))
		rest = after[2+end:]
	}
}
