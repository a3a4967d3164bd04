package generator_test

import (
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/irislint/irislint/generator"
)

// FuzzGenerate feeds arbitrary text everywhere a manifest or catalogue can
// put text: Generate must either refuse with an error or return Go that
// parses, imports only the standard library, and carries every string.
func FuzzGenerate(f *testing.F) {
	for _, s := range []string{
		"asset.view", "", " ", "a\x00b", "\ufeffbom", "\xff\xfe", "*/", "`", "\"", "\\",
		"line\nbreak", "\r", "\u2028", "ärger.view", "中文.view", "a.b-c", "required",
	} {
		f.Add(s, s, s)
		f.Add("x.y", s, s)
	}
	f.Fuzz(func(t *testing.T, name, desc, text string) {
		in := generator.Input{
			Package:          "p",
			Source:           text,
			Scopes:           []generator.Declared{{Name: name, Description: desc}, {Name: "asset.view", Optional: true, Description: desc}},
			TokenCallbackURL: text,
			IrisAppID:        text,
		}
		src, err := generator.Generate(in)
		if err != nil {
			if src != nil {
				t.Fatal("output with an error")
			}
			if strings.Contains(err.Error(), "a bug in irislint") {
				t.Fatal(err)
			}
			return
		}
		file, err := parser.ParseFile(token.NewFileSet(), "gen.go", src, parser.ParseComments)
		if err != nil {
			t.Fatalf("output does not parse: %v\n%s", err, src)
		}
		for _, imp := range file.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); strings.Contains(strings.Split(p, "/")[0], ".") {
				t.Errorf("imports %s", p)
			}
		}
		for _, s := range []string{name, desc, text} {
			if s != "" && !strings.Contains(string(src), strconv.Quote(s)) {
				t.Errorf("output lacks %s", strconv.Quote(s))
			}
		}
	})
}
