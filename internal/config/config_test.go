package config

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/irislint/irislint/internal/fsx"
	"github.com/irislint/irislint/rules"
	"github.com/irislint/irislint/scopes"
)

func TestParseConfig(t *testing.T) {
	src := `# team settings
rules:
  sensitive-scope: "off"
  token-callback-without-scopes: error
  unused-disable: warning
extraScopes:
  - name: internal.beta.view
    description: Internal beta API
  - internal.beta.manage
sensitiveScopes: [account.delete, internal.beta.manage]
ignore:
  - apps/legacy/**
`
	c, err := Parse("/repo/.irislint.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Path: "/repo/.irislint.yaml", Dir: "/repo",
		Rules: map[string]rules.Severity{"sensitive-scope": rules.Off, "token-callback-without-scopes": rules.Error, "unused-disable": rules.Warning},
		ExtraScopes: []scopes.Scope{
			{Name: "internal.beta.view", Description: "Internal beta API"},
			{Name: "internal.beta.manage"},
		},
		SensitiveScopes: []string{"account.delete", "internal.beta.manage"},
		Ignore:          []string{"apps/legacy/**"},
	}
	if diff := cmp.Diff(want, c, cmpopts.IgnoreUnexported(Config{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	opts, err := c.Options(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := opts.Catalogue.Lookup("internal.beta.view"); !ok {
		t.Error("extra scope missing from the catalogue")
	}
	if _, ok := scopes.Default().Lookup("internal.beta.view"); ok {
		t.Error("Options changed the default catalogue")
	}
	if diff := cmp.Diff(want.Rules, opts.Severity); diff != "" {
		t.Errorf("severities (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want.SensitiveScopes, opts.SensitiveScopes); diff != "" {
		t.Errorf("sensitive scopes (-want +got):\n%s", diff)
	}

	for _, empty := range []string{"", "# nothing yet\n", "---\n", "rules:\nextraScopes:\nignore: []\n"} {
		c, err := Parse(".irislint.yaml", []byte(empty))
		if err != nil {
			t.Errorf("%q: %v", empty, err)
			continue
		}
		opts, err := c.Options(nil)
		if err != nil || len(opts.Severity) != 0 || opts.SensitiveScopes != nil || opts.Catalogue == nil {
			t.Errorf("%q: options %+v, %v", empty, opts, err)
		}
	}
	c, err = Parse(".irislint.yaml", []byte("sensitiveScopes: []\n"))
	if err != nil || c.SensitiveScopes == nil || len(c.SensitiveScopes) != 0 {
		t.Errorf("an empty sensitiveScopes must make no scope sensitive: %#v, %v", c.SensitiveScopes, err)
	}
}

func TestConfigEnvironments(t *testing.T) {
	src := `environments:
  production:
    NX_TASK_TARGET_CONFIGURATION: production
    REPLICAS: 3
  development:
    NX_TASK_TARGET_CONFIGURATION: development
  empty:
`
	c, err := Parse("/repo/.irislint.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []Environment{
		{Name: "production", Vars: map[string]string{"NX_TASK_TARGET_CONFIGURATION": "production", "REPLICAS": "3"}, Line: 2},
		{Name: "development", Vars: map[string]string{"NX_TASK_TARGET_CONFIGURATION": "development"}, Line: 5},
		{Name: "empty", Vars: map[string]string{}, Line: 7},
	}
	if diff := cmp.Diff(want, c.Environments); diff != "" {
		t.Errorf("environments (-want +got):\n%s", diff)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"rules:\n  unknwn-scope: error\n", `c.yaml:2: unknown rule "unknwn-scope"; did you mean "unknown-scope"?`},
		{"rules:\n  frobnicate: error\n", `c.yaml:2: unknown rule "frobnicate" (irislint rules lists them)`},
		{"rules:\n  eval: warning\n", `c.yaml:2: "eval" is a load failure, always an error: it cannot be configured`},
		{"rules:\n  sensitive-scope: warn\n", `c.yaml:2: rule sensitive-scope: unknown severity "warn" (want off, warning or error)`},
		{"rules:\n  sensitive-scope: false\n", `c.yaml:2: rule sensitive-scope: unknown severity "false" (want off, warning or error)`},
		{"rules:\n  sensitive-scope:\n", `c.yaml:2: rule sensitive-scope: want a severity (off, warning or error), not nothing`},
		{"rules:\n  sensitive-scope: [error]\n", `c.yaml:2: rule sensitive-scope: want a severity (off, warning or error), not a list`},
		{"rules:\n  sensitive-scope: off\n  sensitive-scope: error\n", `c.yaml:3: rule sensitive-scope is set twice (first on line 2)`},
		{"rules: [sensitive-scope]\n", `c.yaml:1: rules must be a mapping of rule ids to severities (off, warning or error), not a list`},
		{"rule:\n  sensitive-scope: off\n", `c.yaml:1: unknown key "rule"; did you mean "rules"?`},
		{"extrascopes: []\n", `c.yaml:1: unknown key "extrascopes"; did you mean "extraScopes"?`},
		{"\n\nformat: json\n", `c.yaml:3: unknown key "format" (want rules, extraScopes, sensitiveScopes, ignore, environments)`},
		{"environment:\n  prod: {}\n", `c.yaml:1: unknown key "environment"; did you mean "environments"?`},
		{"environments: [production]\n", `c.yaml:1: environments must be a mapping of names to variables (production: {NX_TASK_TARGET_CONFIGURATION: production}), not a list`},
		{"environments:\n  prod: x\n", `c.yaml:2: environments: "prod" must be a mapping of variable names to values, not "x"`},
		{"environments:\n  prod:\n    A=B: x\n", `c.yaml:3: environments: "prod": "A=B" is not a variable name`},
		{"environments:\n  prod:\n    A: [x]\n", `c.yaml:3: environments: "prod": A must be a string, not a list`},
		{"environments:\n  prod: {}\n  prod: {}\n", `c.yaml:3: environments: "prod" is set twice (first on line 2)`},
		{"rules: {}\nrules: {}\n", `c.yaml:2: rules is set twice (first on line 1)`},
		{"- rules\n", `c.yaml:1: the configuration must be a mapping with the keys rules, extraScopes, sensitiveScopes, ignore, environments, not a list`},
		{"extraScopes:\n  - name: a.b\n    descripton: x\n", `c.yaml:3: extraScopes: unknown key "descripton" (want name and description)`},
		{"extraScopes:\n  - description: x\n", `c.yaml:2: extraScopes: an entry has no name`},
		{"extraScopes:\n  - name: a b\n", `c.yaml:2: extraScopes: scope name "a b" contains white space`},
		{"extraScopes:\n  - a.b\n  - name: a.b\n", `c.yaml:3: extraScopes: "a.b" is listed twice (first on line 2)`},
		{"extraScopes:\n  - name: [a]\n", `c.yaml:2: extraScopes: name must be a string, not a list`},
		{"extraScopes:\n  name: a.b\n", `c.yaml:2: extraScopes must be a list of { name, description }, not a mapping`},
		{"sensitiveScopes: account.delete\n", `c.yaml:1: sensitiveScopes must be a list of scope names, not "account.delete"`},
		{"sensitiveScopes:\n  - {}\n", `c.yaml:2: sensitiveScopes: want a list of scope names, found a mapping`},
		{"ignore:\n  - apps/[x\n", `c.yaml:2: ignore: bad glob "apps/[x": syntax error in pattern`},
		{"ignore:\n  - apps/**x\n", `c.yaml:2: ignore: bad glob "apps/**x": ** must be a whole path segment`},
		{"rules:\n  a: b\n c: d\n", `c.yaml:3: invalid YAML: did not find expected key`},
		{"rules:\tx\n\t- y\n", `c.yaml:2: invalid YAML: found a tab character that violates indentation`},
		{"\t x: 1", `c.yaml:1: invalid YAML: found character that cannot start any token`},
	}
	for _, tt := range tests {
		_, err := Parse("c.yaml", []byte(tt.src))
		if err == nil {
			t.Errorf("%q: no error, want %s", tt.src, tt.want)
			continue
		}
		if _, ok := err.(*Error); !ok {
			t.Errorf("%q: %T, want *Error", tt.src, err)
		}
		if got := err.Error(); got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

func TestConfigOptionsErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"extraScopes:\n  - asset.view\n", `c.yaml:2: extraScopes: "asset.view" is already in the catalogue: remove it from extraScopes`},
		{"sensitiveScopes:\n  - account.delete\n  - acount.delete\n", `c.yaml:3: sensitiveScopes: unknown scope "acount.delete"; did you mean "account.delete"?`},
		{"sensitiveScopes:\n  - internal.x\n", `c.yaml:2: sensitiveScopes: unknown scope "internal.x" (a private scope must be declared under extraScopes too)`},
	}
	for _, tt := range tests {
		c, err := Parse("c.yaml", []byte(tt.src))
		if err != nil {
			t.Fatalf("%q: %v", tt.src, err)
		}
		_, err = c.Options(nil)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q:\n got %v\nwant %s", tt.src, err, tt.want)
		}
	}
	// An extra scope may be known to --scopes' newer catalogue only.
	c, err := Parse("c.yaml", []byte("extraScopes: [asset.view]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Options(&scopes.Catalogue{}); err != nil {
		t.Errorf("against an empty catalogue: %v", err)
	}
}

func TestConfigIgnored(t *testing.T) {
	c := &Config{Dir: "/repo", Ignore: []string{
		"apps/legacy", "apps/*-old/**", "**/experiments/*.ts", "./tools/x/iris-app-manifest.js", "/vendor/",
	}}
	tests := map[string]bool{
		"/repo/apps/legacy/iris-app-manifest.ts":            true,
		"/repo/apps/legacy2/iris-app-manifest.ts":           false,
		"/repo/apps/fleet-old/iris-app-manifest.ts":         true,
		"/repo/apps/fleet-old/sub/iris-app-manifest.ts":     true,
		"/repo/apps/fleet/iris-app-manifest.ts":             false,
		"/repo/experiments/a.ts":                            true,
		"/repo/libs/x/experiments/b.ts":                     true,
		"/repo/libs/x/experiments/deeper/b.ts":              false,
		"/repo/tools/x/iris-app-manifest.js":                true,
		"/repo/tools/x/iris-app-manifest.ts":                false,
		"/repo/vendor/a/b/iris-app-manifest.ts":             true,
		"/elsewhere/apps/legacy/iris-app-manifest.ts":       false,
		"/repo/apps/legacy-but-not/iris-app-manifest.ts":    false,
		"/repo/apps/fleet/apps/legacy/iris-app-manifest.ts": false,
	}
	for file, want := range tests {
		if got := c.Ignored(file); got != want {
			t.Errorf("Ignored(%s) = %v, want %v", file, got, want)
		}
	}
	if (&Config{Dir: "/repo", Ignore: []string{"**"}}).Ignored("/repo/a/b.ts") != true {
		t.Error("** ignores nothing")
	}
	var none *Config
	if none.Ignored("/repo/a.ts") {
		t.Error("a nil Config ignores")
	}
	// Many ** do not make matching slow.
	many := &Config{Dir: "/r", Ignore: []string{strings.Repeat("**/a/", 30) + "x"}}
	if many.Ignored("/r/" + strings.Repeat("a/", 60) + "y") {
		t.Error("matched")
	}
}

func TestFindConfig(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"repo/.git", "repo/apps/a/src", "repo/apps/b", "outer"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(rel string) string {
		p := filepath.Join(root, rel)
		if err := os.WriteFile(p, []byte("rules: {}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	top := write("repo/.irislint.yaml")
	nested := write("repo/apps/a/.irislint.yaml")
	above := write(".irislint.yaml") // above the repository: never found from inside it
	repo := filepath.Join(root, "repo")
	if got := RepositoryRoot(filepath.Join(repo, "apps", "a", "src")); got != repo {
		t.Errorf("RepositoryRoot = %q, want %q", got, repo)
	}
	tests := []struct{ dir, stop, want string }{
		{"repo/apps/a/src", repo, nested},
		{"repo/apps/a", repo, nested},
		{"repo/apps/b", repo, top},
		{"repo", repo, top},
		{"outer", "", above},
	}
	// A Finder (one per state of the tree: it remembers) answers as Find
	// up to the repository root does.
	sameAsFinder := func() {
		t.Helper()
		var f Finder
		for _, dir := range []string{"repo/apps/a/src", "repo/apps/a", "repo/apps/b", "repo/apps", "repo", "outer", ""} {
			dir = filepath.Join(root, dir)
			want, wantErr := Find(dir, RepositoryRoot(dir))
			got, err := f.Find(dir)
			if got != want || (err == nil) != (wantErr == nil) {
				t.Errorf("Finder.Find(%s) = %q, %v; Find = %q, %v", dir, got, err, want, wantErr)
			}
		}
	}
	for _, tt := range tests {
		got, err := Find(filepath.Join(root, tt.dir), tt.stop)
		if err != nil || got != tt.want {
			t.Errorf("Find(%s) = %q, %v; want %q", tt.dir, got, err, tt.want)
		}
	}
	sameAsFinder()
	if err := os.Remove(top); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(filepath.Join(repo, "apps", "b"), repo); got != "" || err != nil {
		t.Errorf("stops at the repository: got %q, %v", got, err)
	}
	sameAsFinder()
	if err := os.Mkdir(filepath.Join(repo, "apps", "b", FileName), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Find(filepath.Join(repo, "apps", "b"), repo); err == nil || !strings.HasSuffix(err.Error(), "is a folder, not a configuration file") {
		t.Errorf("a folder named %s: %v", FileName, err)
	}
	sameAsFinder()
	if _, err := Load(filepath.Join(root, "missing.yaml")); err == nil ||
		!strings.HasSuffix(err.Error(), "missing.yaml: cannot read the configuration: no such file or directory") {
		t.Errorf("LoadConfig of a missing file: %v", err)
	}
}

// TestConfigDocs parses every yaml example of docs/config.md and
// docs/rules.md: documented configuration must be valid.
func TestConfigDocs(t *testing.T) {
	block := regexp.MustCompile("(?ms)^```yaml\n(.*?)^```$")
	n := 0
	for _, doc := range []string{"../../docs/config.md", "../../docs/rules.md"} {
		data, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range block.FindAllStringSubmatch(string(data), -1) {
			n++
			c, err := Parse(doc, []byte(m[1]))
			if err == nil {
				_, err = c.Options(nil)
			}
			if err != nil {
				t.Errorf("%s: example\n%s\n%v", doc, m[1], err)
			}
		}
	}
	if n < 3 {
		t.Errorf("only %d yaml examples found", n)
	}
}

// TestConfigYAMLErrorLines: a YAML mistake is reported on the line a
// person counts in an editor, whichever kind it is. The YAML library's own
// line is one early for some (a parser error names the line before the
// mapping that holds the mistake), right for others, missing for a few.
func TestConfigYAMLErrorLines(t *testing.T) {
	tests := []struct {
		kind string
		src  string
		want string
	}{
		{"indented too deep", "rules:\n  sensitive-scope: error\n   unknown-scope: error\n",
			"c.yaml:3: invalid YAML: mapping values are not allowed in this context"},
		{"indented too little", "rules:\n  sensitive-scope: error\n unknown-scope: error\n",
			"c.yaml:3: invalid YAML: did not find expected key"},
		{"a list item in a mapping, on line 5", "# irislint\n# configuration\nrules:\n  sensitive-scope: error\n  - unknown-scope\n",
			"c.yaml:5: invalid YAML: did not find expected key"},
		{"a key without a colon", "rules:\n  sensitive-scope: error\nignore\n",
			"c.yaml:3: invalid YAML: could not find expected ':'"},
		{"an unclosed double quote", "rules:\n  sensitive-scope: \"error\nignore: []\n",
			"c.yaml:2: invalid YAML: found unexpected end of stream"},
		{"an unclosed single quote", "rules:\n  a: b\nignore:\n  - apps/x\n  - 'apps/y\n",
			"c.yaml:5: invalid YAML: found unexpected end of stream"},
		{"an unclosed flow list", "rules: {}\nignore: [apps/a, apps/b\nextraScopes: []\n",
			"c.yaml:2: invalid YAML: did not find expected ',' or ']'"}, // the line of the unclosed bracket
		{"a stray closing bracket on line 1", "ignore: ]\n",
			"c.yaml:1: invalid YAML: did not find expected node content"},
		{"a tab in the indentation", "rules:\n  sensitive-scope: error\n\tunknown-scope: error\n",
			"c.yaml:3: invalid YAML: found a tab character that violates indentation"},
		{"a tab before the first key", "\trules: {}\n",
			"c.yaml:1: invalid YAML: found character that cannot start any token"},
		{"an unknown escape", "extraScopes:\n  - name: a.b\n    description: \"\\q\"\n",
			"c.yaml:3: invalid YAML: found unknown escape character"},
		{"an unknown alias", "rules:\n  sensitive-scope: *severity\n",
			"c.yaml:2: invalid YAML: unknown anchor 'severity' referenced"},
		{"Windows line endings", "rules:\r\n  sensitive-scope: error\r\n unknown-scope: error\r\n",
			"c.yaml:3: invalid YAML: did not find expected key"},
		{"a duplicate rule", "rules:\n  sensitive-scope: \"off\"\n  unknown-scope: error\n  sensitive-scope: error\n",
			"c.yaml:4: rule sensitive-scope is set twice (first on line 2)"},
		{"a duplicate top-level key", "rules: {}\nignore: []\n\nrules:\n  sensitive-scope: error\n",
			"c.yaml:4: rules is set twice (first on line 1)"},
	}
	for _, tt := range tests {
		_, err := Parse("c.yaml", []byte(tt.src))
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s:\n got %v\nwant %s", tt.kind, err, tt.want)
		}
	}
}

// The reference Finder is checked against: two plain walks up.

// Find looks for FileName in dir, then in each folder above it up to and
// including stopAt (the repository root); an empty stopAt, or one that is
// not above dir, means the file-system root. It returns the file's path,
// or "" when there is none; a FileName that is a folder or not a regular
// file is an error.
func Find(dir, stopAt string) (string, error) {
	d, ok := fsx.FindUp(dir, stopAt, FileName)
	if !ok {
		return "", nil
	}
	return In(d)
}

// RepositoryRoot is the nearest folder up from dir (dir included) that
// holds .git, or "" when there is none: where Find stops.
func RepositoryRoot(dir string) string {
	d, _ := fsx.FindUp(dir, "", ".git")
	return d
}
