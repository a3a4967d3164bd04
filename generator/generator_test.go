package generator_test

import (
	"bytes"
	"flag"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/irislint/irislint/analyzer"
	"github.com/irislint/irislint/generator"
	"github.com/irislint/irislint/scopes"
)

var update = flag.Bool("update", false, "rewrite golden files and testdata/exampleapp/scopes_gen.go")

// str, obj and manifest build analyzer values by hand: these tests do not
// depend on the loader.
func str(s string) *analyzer.Value { return &analyzer.Value{Kind: analyzer.KindString, String: s} }

func obj(kv ...any) *analyzer.Value {
	v := &analyzer.Value{Kind: analyzer.KindObject}
	for i := 0; i < len(kv); i += 2 {
		v.Fields = append(v.Fields, &analyzer.Field{Key: kv[i].(string), Value: kv[i+1].(*analyzer.Value)})
	}
	return v
}

type entry struct {
	name     string
	optional bool
}

func manifest(appID string, callback string, entries ...entry) *analyzer.Manifest {
	m := &analyzer.Manifest{Path: "/work/apps/demo/iris-app-manifest.ts", Value: obj()}
	if appID != "" {
		m.Value = obj("moduleFederationName", str(appID))
	}
	m.Scopes = &analyzer.Value{Kind: analyzer.KindArray}
	for i, e := range entries {
		m.ScopeEntries = append(m.ScopeEntries, analyzer.ScopeEntry{
			Index: i, Name: e.name, HasName: true, Optional: e.optional, HasOptional: true,
		})
	}
	if callback != "" {
		m.TokenCallback = &analyzer.TokenCallback{URL: callback, HasURL: true}
	}
	return m
}

// exampleAppManifest mirrors testdata/exampleapp/iris-app-manifest.ts.
func exampleAppManifest() *analyzer.Manifest {
	return manifest("fleet-insights", "https://fleet-insights.example.com/trackunit/installed",
		entry{"asset.view", false},
		entry{"account.alert.view", false},
		entry{"api.iris.app.proxy.fetch", true},
	)
}

var goldenCases = []struct {
	name string
	in   generator.Input
}{
	{"demo", generator.Input{
		Package: "appscopes",
		Source:  "../../apps/demo/iris-app-manifest.ts",
		Scopes: []generator.Declared{
			{Name: "asset.view", Description: "Can view assets"},
			{Name: "account.iris.app.store-secret", Optional: true, Description: "Can store secrets when configuring Iris App"},
			{Name: "api.iris.app.proxy.fetch", Description: "Can make external HTTP requests using Proxy service"},
			{Name: "account.api-key.manage", Optional: true, Description: "Can manage API keys"},
		},
		TokenCallbackURL: "https://demo.example.com/trackunit/installed",
		IrisAppID:        "demo",
	}},
	{"required-only", generator.Input{
		Package: "fleet",
		Source:  "iris-app-manifest.ts",
		Scopes: []generator.Declared{
			{Name: "account.view", Description: "Can view account"},
			{Name: "asset.view", Description: "Can view assets"},
		},
	}},
	{"no-scopes", generator.Input{Package: "empty", Source: "apps/empty/iris-app-manifest.json"}},
	{"odd-text", generator.Input{
		Package: "odd",
		Source:  `dir with "quotes"/iris-app-manifest.ts`,
		Scopes: []generator.Declared{
			{Name: "internal.beta.view", Optional: true, Description: "Line one\n\tline \"two\" */ // not a comment end"},
			{Name: "internal.no-description"},
			{Name: "intérieur.vue", Description: "Ünïcode déscription?"},
		},
		TokenCallbackURL: "https://example.com/cb?a=1&b=\"x\"",
		IrisAppID:        "@org/odd\napp",
	}},
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := generator.Generate(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			compareGolden(t, filepath.Join("testdata", "golden", tc.name+".go.golden"), got)

			// Deterministic to the byte, and already gofmt'd.
			again, err := generator.Generate(tc.in)
			if err != nil || !bytes.Equal(got, again) {
				t.Errorf("second run differs (err %v)", err)
			}
			formatted, err := format.Source(got)
			if err != nil || !bytes.Equal(formatted, got) {
				t.Errorf("output is not gofmt'd (err %v)", err)
			}
		})
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./generator -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got), run go test ./generator -update if intended:\n%s", path, diff)
	}
}

// TestExampleAppUpToDate keeps testdata/exampleapp/scopes_gen.go, which
// Example imports, in step with the generator and the manifest beside it.
func TestExampleAppUpToDate(t *testing.T) {
	in, err := generator.FromManifest(exampleAppManifest(), scopes.Default(), "exampleapp", "iris-app-manifest.ts")
	if err != nil {
		t.Fatal(err)
	}
	got, err := generator.Generate(in)
	if err != nil {
		t.Fatal(err)
	}
	compareGolden(t, filepath.Join("testdata", "exampleapp", "scopes_gen.go"), got)

	// The hand-built manifest must say what the .ts file says.
	ts, err := os.ReadFile(filepath.Join("testdata", "exampleapp", "iris-app-manifest.ts"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`moduleFederationName: "fleet-insights"`,
		`{ scope: "asset.view", optional: false },
    { scope: "account.alert.view", optional: false },
    { scope: "api.iris.app.proxy.fetch", optional: true },`,
		`tokenCallback: { url: "https://fleet-insights.example.com/trackunit/installed" }`,
	} {
		if !strings.Contains(string(ts), want) {
			t.Errorf("iris-app-manifest.ts no longer contains %q: update exampleAppManifest", want)
		}
	}
}

func TestFromManifest(t *testing.T) {
	in, err := generator.FromManifest(exampleAppManifest(), nil, "exampleapp", "iris-app-manifest.ts")
	if err != nil {
		t.Fatal(err)
	}
	want := generator.Input{
		Package: "exampleapp",
		Source:  "iris-app-manifest.ts",
		Scopes: []generator.Declared{
			{Name: "asset.view", Description: "Can view assets"},
			{Name: "account.alert.view", Description: "Can view alerts"},
			{Name: "api.iris.app.proxy.fetch", Optional: true, Description: "Can make external HTTP requests using Proxy service"},
		},
		TokenCallbackURL: "https://fleet-insights.example.com/trackunit/installed",
		IrisAppID:        "fleet-insights",
	}
	if diff := cmp.Diff(want, in); diff != "" {
		t.Errorf("FromManifest (-want +got):\n%s", diff)
	}
}

func TestFromManifestOptionalParts(t *testing.T) {
	m := manifest("", "", entry{"asset.view", false})
	m.Value = obj("moduleFederationName", &analyzer.Value{Kind: analyzer.KindNumber, Number: 3})
	m.TokenCallback = &analyzer.TokenCallback{Value: obj()} // no url
	in, err := generator.FromManifest(m, nil, "p", "m.ts")
	if err != nil {
		t.Fatal(err)
	}
	if in.IrisAppID != "" || in.TokenCallbackURL != "" {
		t.Errorf("got IrisAppID %q, TokenCallbackURL %q; want both empty", in.IrisAppID, in.TokenCallbackURL)
	}
	src, err := generator.Generate(in)
	if err != nil {
		t.Fatal(err)
	}
	// Neither constant, and no doc comment naming one.
	for _, absent := range []string{"IrisAppID =", "the constant IrisAppID", "TokenCallbackURL"} {
		if bytes.Contains(src, []byte(absent)) {
			t.Errorf("output mentions %s", absent)
		}
	}

	// A manifest without scopes generates an empty but valid file.
	m = manifest("", "")
	m.Scopes, m.ScopeEntries = nil, nil
	if _, err := generator.FromManifest(m, nil, "p", "m.ts"); err != nil {
		t.Errorf("no scopes: %v", err)
	}
}

func TestFromManifestErrors(t *testing.T) {
	extra, err := scopes.Default().WithExtra([]scopes.Scope{{Name: "internal.beta.view", Description: "Internal beta API"}})
	if err != nil {
		t.Fatal(err)
	}
	noName := manifest("", "", entry{"asset.view", false})
	noName.ScopeEntries = append(noName.ScopeEntries, analyzer.ScopeEntry{Index: 1})
	notArray := manifest("", "")
	notArray.Scopes = str("asset.view")

	for _, tc := range []struct {
		name string
		m    *analyzer.Manifest
		want string
	}{
		{"unknown", manifest("", "", entry{"asset.view", false}, entry{"asset.veiw", false}), `unknown scope "asset.veiw"`},
		{"renamed", manifest("", "", entry{"account.irisx.proxy.store-secret", false}), `scope "account.irisx.proxy.store-secret" was renamed to "account.iris.app.store-secret"`},
		{"no name", noName, "scopes[1] has no scope name"},
		{"not an array", notArray, `scopes is "asset.view", not an array`},
		{"nil", nil, "no manifest"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := generator.FromManifest(tc.m, nil, "p", "m.ts")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}

	// A scope from the configuration's extraScopes is known.
	in, err := generator.FromManifest(manifest("", "", entry{"internal.beta.view", true}), extra, "p", "m.ts")
	if err != nil || len(in.Scopes) != 1 || in.Scopes[0].Description != "Internal beta API" {
		t.Errorf("extra scope: %+v, %v", in, err)
	}
}

func TestGoName(t *testing.T) {
	for scope, want := range map[string]string{
		"asset.view":                           "AssetView",
		"api.iris.app.proxy.fetch":             "APIIrisAppProxyFetch",
		"account.api-key.manage":               "AccountAPIKeyManage",
		"account.iris.app.store-secret":        "AccountIrisAppStoreSecret",
		"account.access-management.manage":     "AccountAccessManagementManage",
		"account.support-access.approval-flow": "AccountSupportAccessApprovalFlow",
		"user.id":                              "UserID",
		"callback.url.set":                     "CallbackURLSet",
		"http.https.json.uri.ui.sql":           "HTTPHTTPSJSONURIUISQL",
		"device.uuid-list":                     "DeviceUUIDList",
		"utf8.xml":                             "UTF8XML",
		"ids.view":                             "IdsView", // not an initialism: only exact parts
		"identity.view":                        "IdentityView",
		"Already.Caps":                         "AlreadyCaps",
		"API.Key":                              "APIKey",
		"camelCase.part":                       "CamelCasePart",
		"snake_case.view":                      "Snake_caseView",
		"asset..view":                          "AssetView",
		"-lead.dash-":                          "LeadDash",
		"v2.asset.view":                        "V2AssetView",
		"asset.3d-view":                        "Asset3dView",
		"ärger.view":                           "ÄrgerView",
	} {
		got, err := generator.GoName(scope)
		if err != nil || got != want {
			t.Errorf("GoName(%q) = %q, %v; want %q", scope, got, err, want)
		}
	}
}

func TestGoNameErrors(t *testing.T) {
	for scope, want := range map[string]string{
		"":           "empty scope name",
		"...":        `scope "..." has no letters`,
		"3d.view":    `scope "3d.view" cannot be a Go constant: "3dView" is not a valid exported Go identifier`,
		"asset/view": `"Asset/view" is not a valid exported Go identifier`,
		"asset:view": `"Asset:view" is not a valid exported Go identifier`,
		"_private.x": `"_privateX" is not a valid exported Go identifier`,
		"a b":        `"A b" is not a valid exported Go identifier`,
		"中文.view":    `"中文View" is not a valid exported Go identifier`, // Han has no upper case
	} {
		_, err := generator.GoName(scope)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("GoName(%q) error = %v, want it to contain %q", scope, err, want)
		}
	}
}

func TestGenerateErrors(t *testing.T) {
	d := func(names ...string) []generator.Declared {
		var out []generator.Declared
		for _, n := range names {
			out = append(out, generator.Declared{Name: n})
		}
		return out
	}
	for _, tc := range []struct {
		name string
		in   generator.Input
		want string
	}{
		{"collision", generator.Input{Package: "p", Scopes: d("asset.view", "a.b-c", "a-b.c")},
			`scopes "a.b-c" and "a-b.c" would both be named ABC in Go`},
		{"collision by case", generator.Input{Package: "p", Scopes: d("api.view", "API.view")},
			`scopes "api.view" and "API.view" would both be named APIView in Go`},
		{"collision by empty part", generator.Input{Package: "p", Scopes: d("asset.view", "asset..view")},
			`scopes "asset.view" and "asset..view" would both be named AssetView in Go`},
		{"reserved", generator.Input{Package: "p", Scopes: d("required")},
			`scope "required" would be named Required in Go, which the generated file already uses for the list of required scopes`},
		{"reserved type", generator.Input{Package: "p", Scopes: d("scope")},
			`scope "scope" would be named Scope in Go, which the generated file already uses for the Scope type`},
		{"reserved app id", generator.Input{Package: "p", Scopes: d("iris-app.id")},
			`already uses for the app's id`},
		{"reserved message type", generator.Input{Package: "p", Scopes: d("installed.message")},
			`scope "installed.message" would be named InstalledMessage in Go, which the generated file already uses for the INSTALLED message type`},
		{"reserved header", generator.Input{Package: "p", Scopes: d("identity-header")},
			`already uses for the identity header's name`},
		{"reserved form", generator.Input{Package: "p", Scopes: d("token.request.form")},
			`already uses for the TokenRequestForm function`},
		{"duplicate", generator.Input{Package: "p", Scopes: d("asset.view", "asset.view")},
			`scope "asset.view" is declared more than once`},
		{"white space", generator.Input{Package: "p", Scopes: d("asset.view extra")},
			`scope "asset.view extra" contains white space`},
		{"invalid identifier", generator.Input{Package: "p", Scopes: d("9.lives")},
			`scope "9.lives" cannot be a Go constant`},
		{"bad package", generator.Input{Package: "my-app"}, `package name "my-app" is not a valid Go identifier`},
		{"keyword package", generator.Input{Package: "func"}, `package name "func" is not a valid Go identifier`},
		{"no package", generator.Input{}, `package name "" is not a valid Go identifier`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := generator.Generate(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
			if out != nil {
				t.Errorf("output despite the error")
			}
		})
	}
}

func TestCatalogue(t *testing.T) {
	cat, err := scopes.Parse([]byte(`{"scopes": [
		{"name": "asset.view", "description": "Can view assets", "since": "2024-01"},
		{"name": "api.iris.app.proxy.fetch", "description": "Can make external HTTP requests using Proxy service", "since": "2024-09-06"},
		{"name": "internal.undocumented"}
	]}`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := generator.Catalogue(cat, "scopes", "Name", "scopes.json")
	if err != nil {
		t.Fatal(err)
	}
	compareGolden(t, filepath.Join("testdata", "golden", "catalogue.go.golden"), got)

	bad, _ := scopes.Parse([]byte(`{"scopes": [{"name": "name"}]}`))
	if _, err := generator.Catalogue(bad, "scopes", "Name", "scopes.json"); err == nil || !strings.Contains(err.Error(), "the Name type") {
		t.Errorf("a scope named like the type: err = %v", err)
	}
	if _, err := generator.Catalogue(cat, "scopes", "name", "scopes.json"); err == nil {
		t.Error("an unexported type name was accepted")
	}
}

// TestGeneratedCodeRuns compiles generated files in a temporary module, vets
// them, and runs a program that checks every constant and helper. The
// generated code needs only the standard library, so this needs no network.
func TestGeneratedCodeRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", []byte("module example.com/gentest\n\ngo 1.21\n"))
	for _, tc := range goldenCases {
		src, err := generator.Generate(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		write(tc.in.Package+"/scopes_gen.go", src)
	}
	cat, err := generator.Catalogue(scopes.Default(), "catalogue", "Name", "scopes.json")
	if err != nil {
		t.Fatal(err)
	}
	write("catalogue/catalogue_gen.go", cat)
	write("main.go", []byte(runProgram))

	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(goBin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("vet", "./...")
	got := run("run", ".")
	want := `demo: asset.view account.iris.app.store-secret api.iris.app.proxy.fetch account.api-key.manage
required: [asset.view api.iris.app.proxy.fetch]
optional: [account.iris.app.store-secret account.api-key.manage]
request: asset.view api.iris.app.proxy.fetch
callback: https://demo.example.com/trackunit/installed
endpoint: https://auth.trackunit.com/apptoken
app: demo
describe: Can make external HTTP requests using Proxy service|
request dedup: api.iris.app.proxy.fetch asset.view account.api-key.manage
missing all granted: []
missing none granted: [asset.view api.iris.app.proxy.fetch]
missing optional denied: []
missing one: [api.iris.app.proxy.fetch]
fleet: account.view asset.view / account.view asset.view / 0 optional
empty: "" "" 0 [] ""
odd: "internal.no-description intérieur.vue" "Line one\n\tline \"two\" */ // not a comment end" "@org/odd\napp"
catalogue: api.iris.app.proxy.fetch Can make external HTTP requests using Proxy service
message: true true acc-1 cid s3cret
message %v: InstalledMessage{Type:"INSTALLED" IrisAppID:"demo" AccountID:"acc-1" ClientID:"cid" ClientSecret:[redacted]}
message %+v: InstalledMessage{Type:"INSTALLED" IrisAppID:"demo" AccountID:"acc-1" ClientID:"cid" ClientSecret:[redacted]}
message %#v: InstalledMessage{Type:"INSTALLED" IrisAppID:"demo" AccountID:"acc-1" ClientID:"cid" ClientSecret:[redacted]}
message empty: InstalledMessage{Type:"" IrisAppID:"" AccountID:"" ClientID:"" ClientSecret:""}
identity: Trackunit-Identity https://iris.trackunit.com/api/marketplace/jwks
form: client_id=cid&client_secret=s+e%2Fc&grant_type=client_credentials&scope=asset.view+api.iris.app.proxy.fetch
form all: true
form none: client_id=cid&client_secret=x&grant_type=client_credentials
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("program output (-want +got):\n%s", diff)
	}
}

const runProgram = `package main

import (
	"encoding/json"
	"fmt"

	"example.com/gentest/appscopes"
	"example.com/gentest/catalogue"
	"example.com/gentest/empty"
	"example.com/gentest/fleet"
	"example.com/gentest/odd"
)

func main() {
	fmt.Println("demo:", appscopes.TokenRequest)
	fmt.Println("required:", appscopes.Required)
	fmt.Println("optional:", appscopes.Optional)
	fmt.Println("request:", appscopes.RequiredTokenRequest)
	fmt.Println("callback:", appscopes.TokenCallbackURL)
	fmt.Println("endpoint:", appscopes.TokenEndpoint)
	fmt.Println("app:", appscopes.IrisAppID)
	fmt.Printf("describe: %s|%s\n", appscopes.APIIrisAppProxyFetch.Description(), appscopes.Scope("nope").Description())
	fmt.Println("request dedup:", appscopes.Request(appscopes.APIIrisAppProxyFetch, appscopes.AssetView, appscopes.APIIrisAppProxyFetch, "", appscopes.AccountAPIKeyManage))
	fmt.Println("missing all granted:", appscopes.Missing(appscopes.TokenRequest))
	fmt.Println("missing none granted:", appscopes.Missing(""))
	fmt.Println("missing optional denied:", appscopes.Missing("  api.iris.app.proxy.fetch   asset.view "))
	fmt.Println("missing one:", appscopes.Missing(appscopes.Request(appscopes.AssetView, appscopes.AccountIrisAppStoreSecret)))
	fmt.Printf("fleet: %s / %s / %d optional\n", fleet.TokenRequest, fleet.RequiredTokenRequest, len(fleet.Optional))
	fmt.Printf("empty: %q %q %d %v %q\n", empty.TokenRequest, empty.RequiredTokenRequest, len(empty.All), empty.Missing("x"), empty.Request())
	fmt.Printf("odd: %q %q %q\n", odd.RequiredTokenRequest, odd.InternalBetaView.Description(), odd.IrisAppID)
	fmt.Println("catalogue:", catalogue.APIIrisAppProxyFetch, catalogue.APIIrisAppProxyFetch.Description())

	// The token callback: the message decodes with its documented JSON
	// names (an unknown field is ignored), and printing it hides the secret.
	var msg appscopes.InstalledMessage
	body := "{\"type\":\"INSTALLED\",\"irisAppId\":\"demo\",\"accountId\":\"acc-1\",\"clientId\":\"cid\",\"clientSecret\":\"s3cret\",\"new\":1}"
	if err := json.Unmarshal([]byte(body), &msg); err != nil {
		panic(err)
	}
	fmt.Println("message:", msg.Type == appscopes.MessageInstalled, msg.IrisAppID == appscopes.IrisAppID, msg.AccountID, msg.ClientID, msg.ClientSecret)
	fmt.Printf("message %%v: %v\n", msg)
	fmt.Printf("message %%+v: %+v\n", msg)
	fmt.Printf("message %%#v: %#v\n", &msg)
	fmt.Println("message empty:", appscopes.InstalledMessage{})
	fmt.Println("identity:", appscopes.IdentityHeader, appscopes.IdentityJWKSURL)
	fmt.Println("form:", appscopes.TokenRequestForm("cid", "s e/c", appscopes.AssetView, appscopes.AssetView, appscopes.APIIrisAppProxyFetch).Encode())
	fmt.Println("form all:", appscopes.TokenRequestForm("cid", "x", appscopes.All...).Get("scope") == appscopes.TokenRequest)
	fmt.Println("form none:", empty.TokenRequestForm("cid", "x").Encode())
}
`

// TestDocsExampleUpToDate keeps the generated file shown in the docs (the
// block between the "irislint gen example" markers, in docs/generate.md or
// README.md once merged there) equal to what the generator writes for the
// example manifest, so the docs never drift.
func TestDocsExampleUpToDate(t *testing.T) {
	const start, end = "<!-- irislint gen example: start -->\n```go\n", "```\n<!-- irislint gen example: end -->"
	in, err := generator.FromManifest(exampleAppManifest(), nil, "fleet", "../../apps/fleet/iris-app-manifest.ts")
	if err != nil {
		t.Fatal(err)
	}
	want, err := generator.Generate(in)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, name := range []string{"../docs/generate.md", "../README.md"} {
		doc, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		_, rest, ok := strings.Cut(string(doc), start)
		if !ok {
			continue
		}
		block, _, ok := strings.Cut(rest, end)
		if !ok {
			t.Errorf("%s: no end marker", name)
			continue
		}
		found = true
		if diff := cmp.Diff(string(want), block); diff != "" {
			t.Errorf("%s shows a stale generated file (-generated +doc):\n%s", name, diff)
		}
	}
	if !found {
		t.Error("no doc carries the generated example between the \"irislint gen example\" markers")
	}
}
