package scopes

import (
	"strings"
	"testing"
	"unicode"
)

// FuzzParseMarkdown: the table may be pasted from anywhere, so ParseMarkdown
// must never panic, and whatever it accepts must be a usable catalogue.
func FuzzParseMarkdown(f *testing.F) {
	f.Add(referenceTable)
	f.Add("Intro.\n\n" + strings.ReplaceAll(referenceTable, "\n", "\r\n") + "\nOutro.\n")
	f.Add("")
	f.Add("|")
	f.Add("||\n|-|\n||")
	f.Add("| Scope |\n|---|\n| a |\n")
	f.Add("| Scope | Description |\n| a | b |\n")
	f.Add("| Scope | Description |\n|---|---|\n")
	f.Add("| Scope | Description |\n|---|---|\n| `` | b |\n| a |\n")
	f.Add("| Scope | Description |\n|---|---|\n| a | b |\n| a | c |\n")
	f.Add("| scope | Since | Description\n|:-|-:|:-:\n| `a.b` | 2024 x | y \\| z\n| c \\|")
	f.Add("| Name | Description |\n|---|---|\n| a | b |\n")
	f.Add("\ufeff| Scope | Description |\n|---|---|\n| \xff\xfe | \x00 |\n")
	f.Fuzz(func(t *testing.T, in string) {
		c, err := ParseMarkdown([]byte(in))
		if err != nil {
			if c != nil {
				t.Fatalf("error %v with a catalogue", err)
			}
			return
		}
		if len(c.Scopes) == 0 {
			t.Fatal("no error and no scopes")
		}
		seen := map[string]bool{}
		for _, s := range c.Scopes {
			if s.Name == "" || strings.ContainsFunc(s.Name, unicode.IsSpace) {
				t.Fatalf("bad name %q", s.Name)
			}
			if seen[s.Name] {
				t.Fatalf("name %q twice", s.Name)
			}
			seen[s.Name] = true
			if got, ok := c.Lookup(s.Name); !ok || got != s {
				t.Fatalf("Lookup(%q) = %+v, %v", s.Name, got, ok)
			}
		}
	})
}

// FuzzSuggest: Suggest sees whatever a manifest holds.
func FuzzSuggest(f *testing.F) {
	for _, s := range []string{"asset.veiw", "Asset.View", "account.alerts.view", "", ".", "..", "foo", "äß.view", "\xff"} {
		f.Add(s)
	}
	c := Default()
	f.Fuzz(func(t *testing.T, name string) {
		got := c.Suggest(name)
		if len(got) > maxSuggestions {
			t.Fatalf("%d suggestions", len(got))
		}
		for _, s := range got {
			if s == name {
				t.Fatalf("suggested %q itself", name)
			}
			if _, ok := c.Lookup(s); !ok {
				t.Fatalf("suggested unknown %q", s)
			}
		}
	})
}
