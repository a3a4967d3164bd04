package scopes

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// referenceTable is the "Current table (31 scopes)" section of
// shared/reference/scopes.md, copied verbatim so the test needs nothing
// outside this package. ParseMarkdown over it must give exactly the embedded
// scopes.json: that keeps the data file honest.
const referenceTable = "" +
	"| Scope | Description | Since |\n" +
	"|---|---|---|\n" +
	"| `account.access-management.manage` | Can manage Access Management | 2024-01 (first table) |\n" +
	"| `account.alert.manage` | Can manage alerts | 2024-01 |\n" +
	"| `account.alert.view` | Can view alerts | 2024-01 |\n" +
	"| `account.api-key.manage` | Can manage API keys | 2024-01 |\n" +
	"| `account.asset.manage` | Can manage assets | 2024-01 |\n" +
	"| `account.audit-log.view` | Can view audit logs | 2024-01 |\n" +
	"| `account.billing.manage` | Can manage billing | 2024-01 |\n" +
	"| `account.custom-fields.manage` | Can manage custom fields | 2024-01 |\n" +
	"| `account.customer.manage` | Can manage customers | 2024-01 |\n" +
	"| `account.delete` | Can delete account | 2024-01 |\n" +
	"| `account.event.manage` | Can manage events | 2024-01 |\n" +
	"| `account.event.report-issue` | Can report issue as event | 2024-01 |\n" +
	"| `account.group.manage` | Can manage groups | 2024-01 |\n" +
	"| `account.manage` | Can manage account | 2024-01 |\n" +
	"| `account.marketplace.app.install` | Can install apps from marketplace | 2024-01 |\n" +
	"| `account.service-management.network.manage` | Can manage networks in service management | 2024-01 |\n" +
	"| `account.service-management.network.view` | Can view networks in service management | 2024-01 |\n" +
	"| `account.service-management.service-plan.assignment.manage` | Can manage assignment of service plans in service management | 2024-01 |\n" +
	"| `account.service-management.service-plan.assignment.report` | Can report assignment of service plans in service management | 2024-01 |\n" +
	"| `account.service-management.service-plan.assignment.service-registration.register` | Can manage service registration on service plans in service management | 2024-01 |\n" +
	"| `account.service-management.service-plan.assignment.service-registration.view` | Can view service registration on service plans in service management | 2024-01 |\n" +
	"| `account.service-management.service-plan.assignment.view` | Can view service plan assignments in service management | 2024-01 |\n" +
	"| `account.service-management.service-plan.manage` | Can manage service plans in service management | 2024-01 |\n" +
	"| `account.service-management.service-plan.view` | Can view service plans in service management | 2024-01 |\n" +
	"| `account.site.manage` | Can manage sites | 2024-01 |\n" +
	"| `account.support-access.approval-flow` | Can approve support access requests | 2024-01 |\n" +
	"| `account.user.manage` | Can manage users | 2024-01 |\n" +
	"| `account.view` | Can view account | 2024-01 |\n" +
	"| `asset.view` | Can view assets | 2024-01 |\n" +
	"| `account.iris.app.store-secret` | Can store secrets when configuring Iris App | 2024-07-26 |\n" +
	"| `api.iris.app.proxy.fetch` | Can make external HTTP requests using Proxy service | 2024-09-06 |\n"

// wantNames is the embedded catalogue's order: the documentation's.
var wantNames = []string{
	"account.access-management.manage",
	"account.alert.manage",
	"account.alert.view",
	"account.api-key.manage",
	"account.asset.manage",
	"account.audit-log.view",
	"account.billing.manage",
	"account.custom-fields.manage",
	"account.customer.manage",
	"account.delete",
	"account.event.manage",
	"account.event.report-issue",
	"account.group.manage",
	"account.manage",
	"account.marketplace.app.install",
	"account.service-management.network.manage",
	"account.service-management.network.view",
	"account.service-management.service-plan.assignment.manage",
	"account.service-management.service-plan.assignment.report",
	"account.service-management.service-plan.assignment.service-registration.register",
	"account.service-management.service-plan.assignment.service-registration.view",
	"account.service-management.service-plan.assignment.view",
	"account.service-management.service-plan.manage",
	"account.service-management.service-plan.view",
	"account.site.manage",
	"account.support-access.approval-flow",
	"account.user.manage",
	"account.view",
	"asset.view",
	"account.iris.app.store-secret",
	"api.iris.app.proxy.fetch",
}

func TestDefault(t *testing.T) {
	c := Default()
	var got []string
	for _, s := range c.Scopes {
		got = append(got, s.Name)
	}
	if diff := cmp.Diff(wantNames, got); diff != "" {
		t.Errorf("scope names (-want +got):\n%s", diff)
	}
	if len(c.Scopes) != 31 {
		t.Errorf("got %d scopes, want 31", len(c.Scopes))
	}
	spot := map[int]Scope{
		0:  {Name: "account.access-management.manage", Description: "Can manage Access Management", Since: "2024-01"},
		19: {Name: "account.service-management.service-plan.assignment.service-registration.register", Description: "Can manage service registration on service plans in service management", Since: "2024-01"},
		29: {Name: "account.iris.app.store-secret", Description: "Can store secrets when configuring Iris App", Since: "2024-07-26"},
		30: {Name: "api.iris.app.proxy.fetch", Description: "Can make external HTTP requests using Proxy service", Since: "2024-09-06"},
	}
	for i, want := range spot {
		if diff := cmp.Diff(want, c.Scopes[i]); diff != "" {
			t.Errorf("scope %d (-want +got):\n%s", i, diff)
		}
	}
	wantRenamed := []Rename{{Old: "account.irisx.proxy.store-secret", New: "account.iris.app.store-secret", When: "2024-07-26"}}
	if diff := cmp.Diff(wantRenamed, c.Renamed); diff != "" {
		t.Errorf("renamed (-want +got):\n%s", diff)
	}
	if len(c.Removed) != 0 {
		t.Errorf("removed = %v, want none", c.Removed)
	}
}

func TestLookup(t *testing.T) {
	c := Default()
	got, ok := c.Lookup("asset.view")
	want := Scope{Name: "asset.view", Description: "Can view assets", Since: "2024-01"}
	if !ok || got != want {
		t.Errorf("Lookup(asset.view) = %+v, %v; want %+v, true", got, ok, want)
	}
	for _, name := range []string{"asset.veiw", "Asset.View", "", "account.irisx.proxy.store-secret"} {
		if got, ok := c.Lookup(name); ok {
			t.Errorf("Lookup(%q) = %+v, want a miss", name, got)
		}
	}
}

func TestRenamedFrom(t *testing.T) {
	c := Default()
	r, ok := c.RenamedFrom("account.irisx.proxy.store-secret")
	if !ok || r.New != "account.iris.app.store-secret" {
		t.Errorf("RenamedFrom(old) = %+v, %v", r, ok)
	}
	if r, ok := c.RenamedFrom("account.iris.app.store-secret"); ok {
		t.Errorf("RenamedFrom(new) = %+v, want a miss", r)
	}
}

func TestNamesSorted(t *testing.T) {
	names := Default().Names()
	if len(names) != 31 || names[0] != "account.access-management.manage" || names[30] != "asset.view" {
		t.Errorf("Names() = %q", names)
	}
	for i := 1; i < len(names); i++ {
		if names[i-1] >= names[i] {
			t.Errorf("Names() not sorted at %d: %q >= %q", i, names[i-1], names[i])
		}
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"asset.veiw", []string{"asset.view"}},
		{"account.alerts.view", []string{"account.alert.view"}},
		{"account.alert.veiw", []string{"account.alert.view"}},
		{"account.service-managment.network.view", []string{"account.service-management.network.view"}},
		{"Asset.View", []string{"asset.view"}},
		{"assets.view", []string{"asset.view"}},
		{"account.custom-field.manage", []string{"account.custom-fields.manage"}},
		// Several small mistakes spread over segments.
		{"acount.servise-managment.netwrk.veiw", []string{"account.service-management.network.view"}},
		{"app.iris.api.proxy.fetch", []string{"api.iris.app.proxy.fetch"}},
		{"ACCOUNT.MANAGE", []string{"account.manage"}},
		// Nonsense, exact names and near-but-different scopes: nothing.
		{"foo", nil},
		{"read:assets", nil},
		{"", nil},
		{"asset.view", nil},
		{"account.asset.view", nil},
		{"account.irisx.proxy.store-secret", nil},
		{strings.Repeat("account.view.", 10000), nil},
	}
	c := Default()
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, c.Suggest(tt.name)); diff != "" {
			t.Errorf("Suggest(%.40q) (-want +got):\n%s", tt.name, diff)
		}
	}
}

// A query close to several names gets them best first, ties by name, at
// most three.
func TestSuggestOrderAndLimit(t *testing.T) {
	c, err := Default().WithExtra([]Scope{{Name: "asset.vxe"}, {Name: "asset.vi"}, {Name: "asset.vies"}, {Name: "asset.viewxyz"}})
	if err != nil {
		t.Fatal(err)
	}
	// asset.vies: a plural, half an edit. asset.vi, asset.view, asset.vxe:
	// one edit each, so by name, and the third of them is cut.
	// asset.viewxyz: too far.
	want := []string{"asset.vies", "asset.vi", "asset.view"}
	if diff := cmp.Diff(want, c.Suggest("asset.vie")); diff != "" {
		t.Errorf("Suggest (-want +got):\n%s", diff)
	}
}

func TestSuggestNeverSelf(t *testing.T) {
	c := Default()
	for _, name := range c.Names() {
		if got := c.Suggest(name); len(got) != 0 {
			t.Errorf("Suggest(%q) = %q, want nothing: known names are not close to each other", name, got)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"view", "view", 3, 0},
		{"veiw", "view", 3, 1}, // one transposition
		{"", "abc", 3, 3},
		{"kitten", "sitting", 5, 3},
		{"ca", "abc", 5, 3}, // OSA, not full Damerau (which gives 2)
		{"kitten", "sitting", 2, 3},
		{"a", "abcdef", 2, 3},
		{"ääb", "äbä", 3, 1}, // runes, not bytes
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

func TestParseMarkdownReference(t *testing.T) {
	got, err := ParseMarkdown([]byte(referenceTable))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Default().Scopes, got.Scopes); diff != "" {
		t.Errorf("reference table vs embedded scopes.json (-embedded +parsed):\n%s", diff)
	}
	if _, ok := got.Lookup("api.iris.app.proxy.fetch"); !ok {
		t.Error("parsed catalogue is not indexed")
	}
}

func TestParseMarkdown(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Scope
	}{
		{
			name: "two columns, no backticks, surrounded by text and another table",
			in: "# Tokens\n\n| Field | Meaning |\n|---|---|\n| a | b |\n\nScopes:\n\n" +
				"| Scope | Description |\n| :--- | ---: |\n| asset.view | Can view assets |\n|account.view|Can view account|\n\n" +
				"| Scope | Description |\n|---|---|\n| ignored.second | table |\n",
			want: []Scope{
				{Name: "asset.view", Description: "Can view assets"},
				{Name: "account.view", Description: "Can view account"},
			},
		},
		{
			name: "CRLF, bold header, indented, no outer pipes at the end, escaped pipe",
			in:   "  | **SCOPE** | Since | Description\r\n  |-|-|-\r\n  | `a.b` | 2024-07-26 (docs) | x \\| y\r\n",
			want: []Scope{{Name: "a.b", Description: "x | y", Since: "2024-07-26"}},
		},
		{
			name: "missing cells are empty",
			in:   "| Scope | Description | Since |\n|---|---|---|\n| a.b | |\n",
			want: []Scope{{Name: "a.b"}},
		},
	}
	for _, tt := range tests {
		c, err := ParseMarkdown([]byte(tt.in))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, c.Scopes); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestParseMarkdownErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "no scope table found"},
		{"some text\n| Name | Description |\n|---|---|\n| a | b |\n", "no scope table found"},
		{"text\n\n| Scope |\n|---|\n| a |\n", "line 3: expected 2 or more cells"},
		{"| Scope | Description |\n| a | b |\n", "line 2: expected a separator row like |---|---| under the table header"},
		{"| Scope | Description |", "line 2: expected a separator row like |---|---| under the table header"},
		{"| Scope | Description |\n|---|---|\n\n| a | b |\n", "line 1: scope table has no rows"},
		{"| Scope | Description |\n|---|---|\n| a | b |\n| c |\n", "line 4: expected 2 or more cells"},
		{"| Scope | Description |\n|---|---|\n| `` | b |\n", "line 3: empty scope name"},
		{"| Scope | Description |\n|---|---|\n| a b | c |\n", `line 3: scope name "a b" contains white space`},
		{"| Scope | Description |\n|---|---|\n| a | b |\n| c | d |\n| `a` | e |\n", `line 5: scope "a" is listed twice (first on line 3)`},
	}
	for _, tt := range tests {
		c, err := ParseMarkdown([]byte(tt.in))
		if err == nil {
			t.Errorf("ParseMarkdown(%q) = %+v, want error %q", tt.in, c.Scopes, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("ParseMarkdown(%q) error = %q, want %q", tt.in, err, tt.want)
		}
	}
}

func TestClone(t *testing.T) {
	orig := Default()
	c := orig.Clone()
	c.Scopes[0].Description = "changed"
	c.Renamed[0].New = "changed"
	if orig.Scopes[0].Description != "Can manage Access Management" || orig.Renamed[0].New != "account.iris.app.store-secret" {
		t.Fatal("changing a clone changed Default")
	}
	if s, ok := c.Lookup("asset.view"); !ok || s.Name != "asset.view" {
		t.Errorf("clone Lookup(asset.view) = %+v, %v", s, ok)
	}
	if got := (&Catalogue{}).Clone(); len(got.Scopes) != 0 {
		t.Errorf("clone of empty catalogue has %d scopes", len(got.Scopes))
	}
}

func TestWithExtra(t *testing.T) {
	orig := Default()
	extra := Scope{Name: "internal.beta.view", Description: "Internal beta API"}
	c, err := orig.WithExtra([]Scope{extra})
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Lookup("internal.beta.view"); !ok || got != extra {
		t.Errorf("Lookup(extra) = %+v, %v", got, ok)
	}
	if len(c.Scopes) != 32 || c.Scopes[31] != extra {
		t.Errorf("extra not appended: %d scopes", len(c.Scopes))
	}
	if _, ok := orig.Lookup("internal.beta.view"); ok || len(orig.Scopes) != 31 {
		t.Error("WithExtra changed the original")
	}
	if diff := cmp.Diff([]string{"internal.beta.view"}, c.Suggest("internal.beta.veiw")); diff != "" {
		t.Errorf("Suggest over extras (-want +got):\n%s", diff)
	}

	errs := []struct {
		extra []Scope
		want  string
	}{
		{[]Scope{{Name: "asset.view", Description: "mine"}}, `extra scope "asset.view" is already in the catalogue`},
		{[]Scope{extra, extra}, `extra scope "internal.beta.view" is already in the catalogue`},
		{[]Scope{{Description: "nameless"}}, `extra scope with description "nameless" has no name`},
		{[]Scope{{Name: "a b"}}, `extra scope "a b" contains white space`},
	}
	for _, tt := range errs {
		c, err := orig.WithExtra(tt.extra)
		if err == nil || err.Error() != tt.want {
			t.Errorf("WithExtra(%+v) = %v, %v; want error %q", tt.extra, c, err, tt.want)
		}
	}
}

func TestCatalogueDate(t *testing.T) {
	// The embedded catalogue's newest entry is api.iris.app.proxy.fetch,
	// listed since 2024-09-06 (shared/reference/scopes.md).
	if got := Default().Date(); got != "2024-09-06" {
		t.Errorf("Default().Date() = %q, want 2024-09-06", got)
	}
	if got := DefaultDate(); got != Default().Date() {
		t.Errorf("DefaultDate() = %q, want Default().Date() = %q", got, Default().Date())
	}
	for _, tt := range []struct {
		name string
		c    Catalogue
		want string
	}{
		{"empty", Catalogue{}, ""},
		{"a month sorts before its days", Catalogue{Scopes: []Scope{{Name: "a", Since: "2024-01"}, {Name: "b", Since: "2024-01-15"}}}, "2024-01-15"},
		{"a rename is newer", Catalogue{Scopes: []Scope{{Name: "a", Since: "2024-01"}}, Renamed: []Rename{{Old: "x", New: "a", When: "2025-02-03"}}}, "2025-02-03"},
		{"a removal is newer", Catalogue{Scopes: []Scope{{Name: "a", Since: "2024-01"}}, Removed: []Removal{{Name: "y", When: "2025-03-01"}}}, "2025-03-01"},
	} {
		if got := tt.c.Date(); got != tt.want {
			t.Errorf("%s: Date() = %q, want %q", tt.name, got, tt.want)
		}
		data, err := json.MarshalIndent(&tt.c, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if got := newestDate(data); got != tt.want {
			t.Errorf("%s: newestDate(its JSON) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
