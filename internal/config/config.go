// Package config owns irislint's configuration file, .irislint.yaml: where
// it is found (the nearest one up from a manifest, stopping at the
// repository root), what it may say (rule severities, extra and sensitive
// scopes, ignored paths, the environments manifests are evaluated in), and
// the errors that name its file and line when it says something wrong.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/bmatcuk/doublestar/v4"
	yaml "go.yaml.in/yaml/v3"

	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/rules"
	"github.com/irislint/irislint/scopes"
)

// FileName is the configuration file irislint looks for.
const FileName = ".irislint.yaml"

// Config is a parsed .irislint.yaml:
//
//	rules:                    # severity per rule id: off, warning or error
//	  sensitive-scope: "off"
//	extraScopes:              # private or newer scopes the catalogue lacks
//	  - name: internal.beta.view
//	    description: Internal beta API
//	sensitiveScopes:          # replaces DefaultSensitiveScopes
//	  - account.delete
//	ignore:                   # manifests not to lint, relative to the file's folder
//	  - apps/legacy/**
//	environments:             # evaluate each manifest once per environment
//	  production:
//	    NX_TASK_TARGET_CONFIGURATION: production
//
// Every key is optional; an empty file is a valid configuration.
type Config struct {
	// Path is the file's absolute path, Dir its folder (ignore globs are
	// relative to it).
	Path string
	Dir  string

	Rules           map[string]rules.Severity
	ExtraScopes     []scopes.Scope
	SensitiveScopes []string // nil when the file does not set them
	Ignore          []string
	// Environments lists the environments to evaluate each manifest in,
	// in the file's order; none means one evaluation with an empty
	// process.env.
	Environments []Environment

	// The path as given, and the lines of entries, for errors found when
	// the catalogue is known.
	file           string
	extraLines     []int
	sensitiveLines []int
}

// Environment is one entry of `environments:`: the process.env a
// manifest is evaluated with, under a name diagnostics carry.
type Environment struct {
	Name string
	Vars map[string]string
	Line int // where the file names it
}

// Error is a configuration file that irislint cannot use: it names
// the file and, when known, the line.
type Error struct {
	File string // as given to LoadConfig (the CLI shows it relative)
	Line int    // 0 when unknown
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// configKeys are the top-level keys, in the order the docs list them.
var configKeys = []string{"rules", "extraScopes", "sensitiveScopes", "ignore", "environments"}

// In is the configuration file of folder d, which holds an entry called
// FileName: an error when that entry is no regular file.
func In(d string) (string, error) {
	p := filepath.Join(d, FileName)
	fi, err := os.Stat(p)
	switch {
	case err != nil:
		return "", &Error{File: p, Msg: fsx.Cause(err).Error()}
	case fi.IsDir():
		return "", &Error{File: p, Msg: "is a folder, not a configuration file"}
	case !fi.Mode().IsRegular():
		return "", &Error{File: p, Msg: "is not a regular file"}
	}
	return p, nil
}

// A Finder finds, for a folder, the configuration file that governs it:
// FileName in the folder or the nearest one above, looking no higher than
// the repository root (the nearest folder holding .git). It remembers each
// folder's answer, so the manifests of a workspace share one walk up. Not
// safe for concurrent use.
type Finder struct {
	dirs map[string]string // folder: the folder of its configuration file, or ""
}

// Find is the configuration file that governs dir, or "" when none does.
func (f *Finder) Find(dir string) (string, error) {
	d := f.nearest(filepath.Clean(dir))
	if d == "" {
		return "", nil
	}
	return In(d)
}

// nearest is the nearest folder up from dir (dir included) holding
// FileName, looking no higher than the nearest holding .git.
func (f *Finder) nearest(dir string) string {
	if d, ok := f.dirs[dir]; ok {
		return d
	}
	has := func(name string) bool { _, err := os.Lstat(filepath.Join(dir, name)); return err == nil }
	d := ""
	switch parent := filepath.Dir(dir); {
	case has(FileName):
		d = dir
	case has(".git"):
	case parent != dir:
		d = f.nearest(parent)
	}
	if f.dirs == nil {
		f.dirs = map[string]string{}
	}
	f.dirs[dir] = d
	return d
}

// maxConfig bounds what LoadConfig reads: a configuration is a few lines.
const maxConfig = 1 << 20

// Load reads and parses the configuration file at path. A named
// pipe or a socket is refused (reading it could wait forever), and so is a
// file past 1 MiB.
func Load(path string) (*Config, error) {
	fail := func(msg string) error { return &Error{File: path, Msg: msg} }
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fail("cannot read the configuration: " + fsx.Cause(err).Error())
	}
	switch m := fi.Mode(); {
	case m.IsDir():
		return nil, fail("is a folder, not a configuration file")
	case m&(fs.ModeNamedPipe|fs.ModeSocket) != 0:
		return nil, fail("is not a regular file")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fail("cannot read the configuration: " + fsx.Cause(err).Error())
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfig+1))
	if err != nil {
		return nil, fail("cannot read the configuration: " + fsx.Cause(err).Error())
	}
	if len(data) > maxConfig {
		return nil, fail("is larger than 1 MiB: not a configuration file")
	}
	return Parse(path, data)
}

// yamlLine finds the line in a YAML library error message.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlError splits the YAML library's error into the line it names (0 when
// none) and the message.
func yamlError(err error) (line int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimPrefix(err.Error(), m[0])
	}
	return line, msg
}

// yamlErrorLine is the line a person would count for a YAML syntax error:
// the first line such that the file up to and including it fails with the
// same message. The YAML library's own line is not that: for a parser
// error it names the line before the construct that holds the problem
// (its marks are 0-based there), for some scanner errors the line before
// the problem, and for some errors none at all. Its line is never past the
// problem's, so the search starts there; it gives up (keeping that line)
// after parsing maxYAMLLineBytes in all, which a configuration of a few
// lines never comes near.
func yamlErrorLine(data []byte, reported int, msg string) int {
	line, end, parsed := 0, 0, 0
	for end < len(data) && parsed < maxYAMLLineBytes {
		next := bytes.IndexByte(data[end:], '\n')
		if next < 0 {
			end = len(data)
		} else {
			end += next + 1
		}
		line++
		if line < reported {
			continue
		}
		parsed += end
		var doc yaml.Node
		if err := yaml.Unmarshal(data[:end], &doc); err != nil {
			if _, m := yamlError(err); m == msg {
				return line
			}
		}
	}
	return reported
}

const maxYAMLLineBytes = 8 << 20

// Parse parses a configuration file's content; path names it in
// errors and anchors the ignore globs. Unknown keys, unknown rule ids, bad
// severities and values of the wrong type are errors naming the line.
func Parse(path string, data []byte) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	c := &Config{Path: abs, Dir: filepath.Dir(abs), Rules: map[string]rules.Severity{}, file: path}
	fail := func(n *yaml.Node, format string, args ...any) error {
		line := 0
		if n != nil {
			line = n.Line
		}
		return &Error{File: path, Line: line, Msg: fmt.Sprintf(format, args...)}
	}

	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := yamlError(err)
		return nil, &Error{File: path, Line: yamlErrorLine(data, line, msg), Msg: "invalid YAML: " + msg}
	}
	if len(doc.Content) == 0 {
		return c, nil // empty, or only comments
	}
	root := resolve(doc.Content[0])
	if isNull(root) {
		return c, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, fail(root, "the configuration must be a mapping with the keys %s, not %s", strings.Join(configKeys, ", "), kindName(root))
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], resolve(root.Content[i+1])
		if first, dup := seen[k.Value]; dup {
			return nil, fail(k, "%s is set twice (first on line %d)", k.Value, first)
		}
		seen[k.Value] = k.Line
		var err error
		switch k.Value {
		case "rules":
			err = c.parseRules(v, fail)
		case "extraScopes":
			err = c.parseExtraScopes(v, fail)
		case "sensitiveScopes":
			var lines []int
			c.SensitiveScopes, lines, err = stringList(v, "sensitiveScopes", "scope names", fail)
			c.sensitiveLines = lines
			if err == nil && c.SensitiveScopes == nil {
				c.SensitiveScopes = []string{}
			}
		case "environments":
			err = c.parseEnvironments(v, fail)
		case "ignore":
			c.Ignore, _, err = stringList(v, "ignore", "globs", fail)
			if err == nil {
				for i, g := range c.Ignore {
					if err := checkGlob(g); err != nil {
						return nil, fail(v.Content[i], "ignore: bad glob %s: %v", strconv.Quote(g), err)
					}
				}
			}
		default:
			msg := fmt.Sprintf("unknown key %s", strconv.Quote(k.Value))
			if g := closest(k.Value, configKeys); g != "" {
				return nil, fail(k, "%s; did you mean %s?", msg, strconv.Quote(g))
			}
			return nil, fail(k, "%s (want %s)", msg, strings.Join(configKeys, ", "))
		}
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

type failFunc func(n *yaml.Node, format string, args ...any) error

func (c *Config) parseRules(v *yaml.Node, fail failFunc) error {
	if isNull(v) {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		return fail(v, "rules must be a mapping of rule ids to severities (off, warning or error), not %s", kindName(v))
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, sv := v.Content[i], resolve(v.Content[i+1])
		id := k.Value
		if first, dup := seen[id]; dup {
			return fail(k, "rule %s is set twice (first on line %d)", id, first)
		}
		seen[id] = k.Line
		if rules.ByID(id) == nil {
			if rules.LoadFailureByID(id) != nil {
				return fail(k, "%s is a load failure, always an error: it cannot be configured", strconv.Quote(id))
			}
			msg := fmt.Sprintf("unknown rule %s", strconv.Quote(id))
			if g := closest(id, ruleIDs()); g != "" {
				return fail(k, "%s; did you mean %s?", msg, strconv.Quote(g))
			}
			return fail(k, "%s (irislint rules lists them)", msg)
		}
		if sv.Kind != yaml.ScalarNode || isNull(sv) {
			return fail(sv, "rule %s: want a severity (off, warning or error), not %s", id, kindName(sv))
		}
		sev, err := rules.ParseSeverity(sv.Value)
		if err != nil {
			return fail(sv, "rule %s: %v", id, err)
		}
		c.Rules[id] = sev
	}
	return nil
}

func (c *Config) parseExtraScopes(v *yaml.Node, fail failFunc) error {
	if isNull(v) {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		return fail(v, "extraScopes must be a list of { name, description }, not %s", kindName(v))
	}
	for _, e := range v.Content {
		e = resolve(e)
		var s scopes.Scope
		switch e.Kind {
		case yaml.ScalarNode:
			if isNull(e) {
				return fail(e, "extraScopes: an empty entry")
			}
			s.Name = e.Value // the short form: just a name
		case yaml.MappingNode:
			for i := 0; i+1 < len(e.Content); i += 2 {
				k, fv := e.Content[i], resolve(e.Content[i+1])
				if fv.Kind != yaml.ScalarNode || isNull(fv) {
					return fail(fv, "extraScopes: %s must be a string, not %s", k.Value, kindName(fv))
				}
				switch k.Value {
				case "name":
					s.Name = fv.Value
				case "description":
					s.Description = fv.Value
				default:
					return fail(k, "extraScopes: unknown key %s (want name and description)", strconv.Quote(k.Value))
				}
			}
		default:
			return fail(e, "extraScopes: an entry must be { name, description }, not %s", kindName(e))
		}
		switch {
		case s.Name == "":
			return fail(e, "extraScopes: an entry has no name")
		case strings.ContainsFunc(s.Name, unicode.IsSpace):
			return fail(e, "extraScopes: scope name %s contains white space", strconv.Quote(s.Name))
		}
		for i, prev := range c.ExtraScopes {
			if prev.Name == s.Name {
				return fail(e, "extraScopes: %s is listed twice (first on line %d)", strconv.Quote(s.Name), c.extraLines[i])
			}
		}
		c.ExtraScopes = append(c.ExtraScopes, s)
		c.extraLines = append(c.extraLines, e.Line)
	}
	return nil
}

// maxEnvironments bounds `environments:`: each costs an evaluation of
// every manifest.
const maxEnvironments = 16

func (c *Config) parseEnvironments(v *yaml.Node, fail failFunc) error {
	if isNull(v) {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		return fail(v, "environments must be a mapping of names to variables (production: {NX_TASK_TARGET_CONFIGURATION: production}), not %s", kindName(v))
	}
	if len(v.Content)/2 > maxEnvironments {
		return fail(v, "environments: at most %d (each evaluates every manifest once more)", maxEnvironments)
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, vars := v.Content[i], resolve(v.Content[i+1])
		name := k.Value
		switch {
		case k.Kind != yaml.ScalarNode || strings.TrimSpace(name) == "":
			return fail(k, "environments: a name must be a non-empty string")
		case seen[name] > 0:
			return fail(k, "environments: %s is set twice (first on line %d)", strconv.Quote(name), seen[name])
		}
		seen[name] = k.Line
		env := Environment{Name: name, Vars: map[string]string{}, Line: k.Line}
		if !isNull(vars) && vars.Kind != yaml.MappingNode {
			return fail(vars, "environments: %s must be a mapping of variable names to values, not %s", strconv.Quote(name), kindName(vars))
		}
		if !isNull(vars) {
			for j := 0; j+1 < len(vars.Content); j += 2 {
				vk, vv := vars.Content[j], resolve(vars.Content[j+1])
				if vk.Kind != yaml.ScalarNode || !validEnvName(vk.Value) {
					return fail(vk, "environments: %s: %s is not a variable name", strconv.Quote(name), strconv.Quote(vk.Value))
				}
				if _, dup := env.Vars[vk.Value]; dup {
					return fail(vk, "environments: %s: %s is set twice", strconv.Quote(name), vk.Value)
				}
				if vv.Kind != yaml.ScalarNode {
					return fail(vv, "environments: %s: %s must be a string, not %s", strconv.Quote(name), vk.Value, kindName(vv))
				}
				env.Vars[vk.Value] = vv.Value // numbers and booleans as written: process.env holds strings
				if isNull(vv) {
					env.Vars[vk.Value] = ""
				}
			}
		}
		c.Environments = append(c.Environments, env)
	}
	return nil
}

// validEnvName reports whether name can be an environment variable's
// name: not empty, no "=", no NUL, no white space.
func validEnvName(name string) bool {
	return name != "" && !strings.ContainsAny(name, "=\x00") && !strings.ContainsFunc(name, unicode.IsSpace)
}

// stringList reads a sequence of non-empty scalars with their lines.
func stringList(v *yaml.Node, key, what string, fail failFunc) ([]string, []int, error) {
	if isNull(v) {
		return nil, nil, nil
	}
	if v.Kind != yaml.SequenceNode {
		return nil, nil, fail(v, "%s must be a list of %s, not %s", key, what, kindName(v))
	}
	var out []string
	var lines []int
	for _, e := range v.Content {
		e = resolve(e)
		if e.Kind != yaml.ScalarNode || isNull(e) || strings.TrimSpace(e.Value) == "" {
			return nil, nil, fail(e, "%s: want a list of %s, found %s", key, what, kindName(e))
		}
		out = append(out, e.Value)
		lines = append(lines, e.Line)
	}
	return out, lines, nil
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// kindName describes a node for messages.
func kindName(n *yaml.Node) string {
	switch {
	case isNull(n):
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.ScalarNode && n.Value == "":
		return "an empty string"
	case n.Kind == yaml.ScalarNode:
		return strconv.Quote(n.Value)
	}
	return "an unsupported value"
}

// Options turns the configuration into rules.Check options over base (nil: the
// embedded catalogue): the catalogue with extraScopes added, the rule
// severities, and the sensitive scopes. An extra scope the catalogue
// already has, or a sensitive scope it does not know, is an error naming
// the line.
func (c *Config) Options(base *scopes.Catalogue) (rules.Options, error) {
	if base == nil {
		base = scopes.Default()
	}
	cat := base
	for i, s := range c.ExtraScopes {
		if _, ok := base.Lookup(s.Name); ok {
			return rules.Options{}, &Error{File: c.file, Line: c.extraLines[i], Msg: fmt.Sprintf(
				"extraScopes: %s is already in the catalogue: remove it from extraScopes", strconv.Quote(s.Name))}
		}
	}
	if len(c.ExtraScopes) > 0 {
		var err error
		if cat, err = base.WithExtra(c.ExtraScopes); err != nil {
			// Cannot happen: the names were checked above and when parsed.
			return rules.Options{}, &Error{File: c.file, Msg: "extraScopes: " + err.Error()}
		}
	}
	for i, s := range c.SensitiveScopes {
		if _, ok := cat.Lookup(s); ok {
			continue
		}
		msg := fmt.Sprintf("sensitiveScopes: unknown scope %s", strconv.Quote(s))
		if sugg := cat.Suggest(s); len(sugg) > 0 {
			msg += fmt.Sprintf("; did you mean %s?", strconv.Quote(sugg[0]))
		} else {
			msg += " (a private scope must be declared under extraScopes too)"
		}
		return rules.Options{}, &Error{File: c.file, Line: c.sensitiveLines[i], Msg: msg}
	}
	sev := make(map[string]rules.Severity, len(c.Rules))
	for id, s := range c.Rules {
		sev[id] = s
	}
	return rules.Options{Catalogue: cat, Severity: sev, SensitiveScopes: c.SensitiveScopes}, nil
}

// Ignored reports whether the manifest at file (absolute) matches an
// ignore glob. Globs are matched against the path relative to the
// configuration file's folder, with forward slashes: `*`, `?`, `[...]`
// and `{a,b}` within one path segment, `**` across any number of them
// (github.com/bmatcuk/doublestar). A glob that matches a folder ignores
// every manifest under it.
func (c *Config) Ignored(file string) bool {
	if c == nil || len(c.Ignore) == 0 {
		return false
	}
	rel, ok := fsx.Under(c.Dir, file)
	if !ok {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, g := range c.Ignore {
		pat := cleanGlob(g)
		// the file, or a folder above it
		for p := rel; p != "." && p != "/" && p != ""; p = path.Dir(p) {
			if ok, _ := doublestar.Match(pat, p); ok {
				return true
			}
		}
	}
	return false
}

// cleanGlob cleans a glob ("./apps/x/", "/apps/x") into a pattern
// relative to the configuration's folder.
func cleanGlob(g string) string {
	g = strings.TrimPrefix(path.Clean("/"+filepath.ToSlash(g)), "/")
	if g == "" {
		return "**"
	}
	return g
}

// checkGlob reports a malformed glob.
func checkGlob(g string) error {
	pat := cleanGlob(g)
	for _, seg := range strings.Split(pat, "/") {
		if seg != "**" && strings.Contains(seg, "**") {
			return errors.New("** must be a whole path segment")
		}
	}
	if !doublestar.ValidatePattern(pat) {
		return errors.New("syntax error in pattern")
	}
	return nil
}

// closest is the candidate name most likely misspells, or "", ignoring
// case.
func closest(name string, candidates []string) string {
	return scopes.Closest(name, candidates, strings.ToLower)
}

// ruleIDs lists the rules' ids.
func ruleIDs() []string {
	var ids []string
	for _, r := range rules.All() {
		ids = append(ids, r.ID)
	}
	return ids
}
