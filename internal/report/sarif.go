package report

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/lint"
	"github.com/irislint/irislint/rules"
)

// SARIF 2.1.0, the subset irislint writes. Hand-written rather than taken
// from a SARIF library: the subset is small, and the libraries either emit
// every optional array and -1 default of the schema or pull a JSON-schema
// validator (and net/http) into the binary.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult               `json:"results"`
	ColumnKind         string                      `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string            `json:"name"`
	Version         string            `json:"version,omitempty"`
	SemanticVersion string            `json:"semanticVersion,omitempty"`
	InformationURI  string            `json:"informationUri"`
	Rules           []sarifDescriptor `json:"rules"`
}

type sarifDescriptor struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name,omitempty"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	Help                 sarifText       `json:"help"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifText       `json:"message"`
	Locations        []sarifLocation `json:"locations,omitempty"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	Fixes            []sarifFix      `json:"fixes,omitempty"`
	Properties       *sarifProps     `json:"properties,omitempty"`
}

// sarifFix is a diagnostic's fix: its edits grouped by file, each a
// region of the file as it is and the text that replaces it. SARIF has no
// notion of a safe fix; the property "safe" says what irislint's JSON's
// "safe" says.
type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	Properties      sarifFixProps         `json:"properties"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLoc   `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion   `json:"deletedRegion"`
	InsertedContent *sarifContent `json:"insertedContent,omitempty"`
}

type sarifContent struct {
	Text string `json:"text"`
}

type sarifFixProps struct {
	Safe bool `json:"safe"`
}

// sarifProps are irislint's own result properties.
type sarifProps struct {
	Environments []string `json:"environments,omitempty"`
}

type sarifLocation struct {
	ID               int           `json:"id,omitempty"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          *sarifText    `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

const (
	sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"
	// SRCROOTBase is the uriBaseId of every location under the repository
	// root: GitHub code scanning resolves it against the checkout.
	SRCROOTBase = "%SRCROOT%"
	// InformationURI is irislint's home, and the base of each rule's help.
	InformationURI = "https://github.com/irislint/irislint"
	rulesDocURI    = InformationURI + "/blob/main/docs/rules.md"
)

// SARIFOptions tune SARIF.
type SARIFOptions struct {
	// Root is the repository root (absolute): locations under it are
	// written relative to it with uriBaseId %SRCROOT%, others as absolute
	// file URIs. Empty: every location is absolute.
	Root string
	// RootURI, when true, records Root's own file URI under
	// originalUriBaseIds, so that a viewer off GitHub can find the files.
	RootURI bool
	// Version is irislint's version as `irislint version` prints it after
	// "irislint " (tool.driver.version, with the module version's "v"
	// dropped); empty leaves it out.
	Version string
	// Rules are the rule descriptors, in order (tool.driver.rules):
	// normally rules.All() then rules.LoadFailures. A diagnostic whose rule
	// is not among them gets a descriptor of its own at the end.
	Rules []*rules.Rule
}

// SARIF writes diags as one SARIF 2.1.0 run that GitHub code scanning
// accepts: tool.driver with name, version, informationUri and a
// descriptor per rule (id, name, short and full description, help, help
// URI, default level); one result per diagnostic with ruleId, ruleIndex,
// level, message and a physical location relative to the repository root,
// its region in 1-based lines and Unicode code point columns (columnKind
// unicodeCodePoints), and its fixes (artifactChanges with replacements,
// and a property "safe"). Indented with two spaces, ending in a newline.
func SARIF(w io.Writer, diags []lint.Diagnostic, opts SARIFOptions) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "irislint",
			InformationURI: InformationURI,
			Rules:          []sarifDescriptor{},
		}},
		Results:    make([]sarifResult, 0, len(diags)),
		ColumnKind: "unicodeCodePoints",
	}
	run.Tool.Driver.Version, run.Tool.Driver.SemanticVersion = sarifVersion(opts.Version)
	if opts.Root != "" && opts.RootURI {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{SRCROOTBase: {URI: dirURI(opts.Root)}}
	}
	index := map[string]int{}
	addRule := func(r *rules.Rule) {
		if _, ok := index[r.ID]; ok {
			return
		}
		index[r.ID] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, descriptor(r))
	}
	for _, r := range opts.Rules {
		addRule(r)
	}
	for _, d := range diags {
		if _, ok := index[d.Rule]; !ok {
			sev, _ := rules.ParseSeverity(d.Severity)
			addRule(&rules.Rule{ID: d.Rule, Severity: sev, Summary: d.Rule})
		}
		res := sarifResult{
			RuleID:    d.Rule,
			RuleIndex: index[d.Rule],
			Level:     d.Severity,
			Message:   sarifText{Text: d.Message + inEnvironments(d)},
		}
		if d.Severity != "error" && d.Severity != "warning" {
			res.Level = "note"
		}
		if loc, ok := sarifLoc(lint.Location{File: d.File, Line: d.Line, Column: d.Column, EndLine: d.EndLine, EndColumn: d.EndColumn}, opts.Root); ok {
			res.Locations = []sarifLocation{loc}
		}
		for i, r := range d.Related {
			if loc, ok := sarifLoc(r, opts.Root); ok {
				loc.ID = i + 1
				loc.Message = &sarifText{Text: r.Message}
				res.RelatedLocations = append(res.RelatedLocations, loc)
			}
		}
		for _, f := range d.Fixes {
			res.Fixes = append(res.Fixes, fixOf(f, opts.Root))
		}
		if len(d.Environments) > 0 {
			res.Properties = &sarifProps{Environments: d.Environments}
		}
		run.Results = append(run.Results, res)
	}
	log := sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

func descriptor(r *rules.Rule) sarifDescriptor {
	short := sentence(r.Summary)
	full := firstParagraph(r.Doc)
	if full == "" {
		full = short
	}
	help := sarifText{Text: full, Markdown: strings.TrimSpace(r.Doc)}
	if help.Markdown == "" {
		help.Markdown = full
	}
	name := pascal(r.ID)
	anchor := r.ID
	if rules.LoadFailureByID(r.ID) != nil {
		anchor = "load-failures"
		name += "Failure" // ReadFailure: SARIF wants a name unlike the id
	}
	if strings.EqualFold(name, r.ID) {
		name = "" // ... or none
	}
	return sarifDescriptor{
		ID:                   r.ID,
		Name:                 name,
		ShortDescription:     sarifText{Text: short},
		FullDescription:      sarifText{Text: full},
		Help:                 help,
		HelpURI:              rulesDocURI + "#" + anchor,
		DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(r.Severity)},
	}
}

// sarifVersion turns irislint's version, as `irislint version` prints it
// after "irislint ", into SARIF's version (which should start with a
// digit) and, for a release, semanticVersion (the module version alone):
// "v1.2.3 (a1b2c3d, scope catalogue 2024-09-06)" -> that without the "v",
// "1.2.3"; "devel (scope catalogue 2024-09-06)" -> "0.0.0-devel (scope
// catalogue 2024-09-06)", "".
func sarifVersion(v string) (version, semantic string) {
	if v == "" {
		return "", ""
	}
	module, rest, _ := strings.Cut(v, " ")
	if rest != "" {
		rest = " " + rest
	}
	t := strings.TrimPrefix(module, "v")
	if t == "" || t[0] < '0' || t[0] > '9' {
		return "0.0.0-" + module + rest, ""
	}
	if strings.Count(strings.SplitN(strings.SplitN(t, "+", 2)[0], "-", 2)[0], ".") == 2 {
		semantic = t
	}
	return t + rest, semantic
}

func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	case rules.Off:
		return "none"
	}
	return "note"
}

// fixOf is a fix's SARIF form: one artifactChange per file, in the order
// the files first appear, its replacements in the order of the text.
func fixOf(f lint.Fix, root string) sarifFix {
	out := sarifFix{Description: sarifText{Text: f.Message}, ArtifactChanges: []sarifArtifactChange{}, Properties: sarifFixProps{Safe: f.Safe}}
	index := map[string]int{}
	for _, e := range f.Edits {
		i, ok := index[e.File]
		if !ok {
			i = len(out.ArtifactChanges)
			index[e.File] = i
			out.ArtifactChanges = append(out.ArtifactChanges, sarifArtifactChange{ArtifactLocation: artifactLoc(e.File, root)})
		}
		r := sarifReplacement{DeletedRegion: sarifRegion{StartLine: e.Line, StartColumn: e.Column, EndLine: e.EndLine, EndColumn: e.EndColumn}}
		if e.NewText != "" {
			r.InsertedContent = &sarifContent{Text: e.NewText}
		}
		out.ArtifactChanges[i].Replacements = append(out.ArtifactChanges[i].Replacements, r)
	}
	for _, c := range out.ArtifactChanges {
		sort.SliceStable(c.Replacements, func(i, j int) bool {
			a, b := c.Replacements[i].DeletedRegion, c.Replacements[j].DeletedRegion
			return a.StartLine < b.StartLine || a.StartLine == b.StartLine && a.StartColumn < b.StartColumn
		})
	}
	return out
}

// artifactLoc is where file is: relative to the repository root when it
// lies under it, else an absolute file URI.
func artifactLoc(file, root string) sarifArtifactLoc {
	if rel, ok := relUnder(file, root); ok {
		return sarifArtifactLoc{URI: pathURI(filepath.ToSlash(rel)), URIBaseID: SRCROOTBase}
	} else if filepath.IsAbs(file) {
		return sarifArtifactLoc{URI: fileURI(file)}
	}
	return sarifArtifactLoc{URI: pathURI(filepath.ToSlash(file))}
}

// sarifLoc is p's physical location; ok is false when p names no file.
func sarifLoc(p lint.Location, root string) (sarifLocation, bool) {
	if p.File == "" {
		return sarifLocation{}, false
	}
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: artifactLoc(p.File, root)}}
	if p.Line > 0 {
		r := &sarifRegion{StartLine: p.Line}
		if p.Column > 0 {
			r.StartColumn = p.Column
		}
		switch {
		case p.EndLine > p.Line || (p.EndLine == p.Line && p.EndColumn >= p.Column && p.Column > 0):
			r.EndLine = p.EndLine
			if p.EndColumn > 0 {
				r.EndColumn = p.EndColumn
			}
		case p.Column > 0:
			// No end: an empty region at the start.
			r.EndLine, r.EndColumn = p.Line, p.Column
		}
		loc.PhysicalLocation.Region = r
	}
	return loc, true
}

// relUnder is file relative to root when it lies under root.
func relUnder(file, root string) (string, bool) {
	if root == "" || !filepath.IsAbs(file) {
		return "", false
	}
	rel, ok := fsx.Under(root, file)
	if !ok || rel == "." {
		return "", false
	}
	return rel, true
}

// pathURI escapes a relative slash path as a URI reference.
func pathURI(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}

func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x on Windows
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

func dirURI(abs string) string {
	u := fileURI(abs)
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// sentence capitalises s and ends it with a period.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	s = string(r)
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// firstParagraph is the first paragraph of a markdown text, on one line.
func firstParagraph(doc string) string {
	doc = strings.TrimSpace(strings.ReplaceAll(doc, "\r\n", "\n"))
	if i := strings.Index(doc, "\n\n"); i >= 0 {
		doc = doc[:i]
	}
	return strings.Join(strings.Fields(doc), " ")
}

// pascal turns a kebab-case rule id into the PascalCase name SARIF
// viewers show: unknown-scope -> UnknownScope.
func pascal(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' }) {
		r := []rune(part)
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	return b.String()
}
