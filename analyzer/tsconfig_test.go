package analyzer

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/evanw/esbuild/pkg/api"
	"github.com/google/go-cmp/cmp"
)

func TestReadJSONC(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want string // the value as fmt prints it, or "error"
	}{
		{`{}`, "map[]"},
		{"{\n  // a comment\n  \"a\": [1, 2,], /* another */\n  \"b\": {\"c\": true,},\n}", "map[a:[1 2] b:map[c:true]]"},
		{`{"s": "\u00e9\ud83d\ude00\n\/"}`, "map[s:é😀\n/]"},
		{`{"n": -1.5e3, "z": 0, "null": null}`, "map[n:-1.5e3 null:<nil> z:0]"},
		// refused: esbuild reads these otherwise, or not at all
		{`{"a": 1, "a": 2}`, "error"},        // duplicate key: esbuild takes the first
		{"{\"a\": 1} // x\u2028 }", "error"}, // U+2028 ends a line comment in esbuild
		{"\ufeff{}", "error"},
		{`{"s": "\ud83d"}`, "error"}, // lone surrogate
		{`{'a': 1}`, "error"},
		{`{"a": 01}`, "error"},
		{`{"a": [,]}`, "error"},
		{`{"a": 1,,}`, "error"},
		{`{"a": tru}`, "error"},
		{`{"a": truex}`, "error"},
		{"{\"a\": \"\t\"}", "error"}, // a control character in a string
		{`[1]`, "error"},
		{`{} {}`, "error"},
		{`{"a": 1 /* open`, "error"},
		{"{\"a\": \"\xff\"}", "error"},
	} {
		v, err := readJSONC([]byte(tc.src))
		got := "error"
		if err == nil {
			got = sprint(v)
		}
		if got != tc.want {
			t.Errorf("readJSONC(%q) = %s (%v), want %s", tc.src, got, err, tc.want)
		}
	}
}

func sprint(v any) string {
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case jsonObject:
			b.WriteString("map[")
			for i, k := range slices.Sorted(maps.Keys(v)) {
				if i > 0 {
					b.WriteString(" ")
				}
				b.WriteString(k + ":")
				walk(v[k])
			}
			b.WriteString("]")
		case []any:
			b.WriteString("[")
			for i, e := range v {
				if i > 0 {
					b.WriteString(" ")
				}
				walk(e)
			}
			b.WriteString("]")
		case nil:
			b.WriteString("<nil>")
		case bool:
			if v {
				b.WriteString("true")
			} else {
				b.WriteString("false")
			}
		case string:
			b.WriteString(v)
		case jsonNumber:
			b.WriteString(string(v))
		}
	}
	walk(v)
	return b.String()
}

// FuzzReadJSONC: whatever readJSONC accepts, esbuild's tsconfig parser
// accepts too (here through Transform's TsconfigRaw, which reports a
// tsconfig it cannot parse as an error). The reverse need not hold.
func FuzzReadJSONC(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"compilerOptions": {"strict": true, "paths": {"@a/*": ["libs/*"],},},}`,
		"{\n// c\n\"extends\": \"./base.json\" /* x */}", `{"a": "\u00e9\t"}`, `{"a": [1, -2.5e-3, null, false]}`,
		`{"a": 1,}`, `{"a": 01}`, `{'a': 1}`, "{\"a\":\"\x01\"}",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if _, err := readJSONC([]byte(src)); err != nil {
			return
		}
		res := api.Transform("x", api.TransformOptions{Loader: api.LoaderTS, TsconfigRaw: src, LogLevel: api.LogLevelSilent})
		if len(res.Errors) > 0 {
			t.Errorf("readJSONC accepts %q, esbuild does not: %s", src, res.Errors[0].Text)
		}
	})
}

// TestTsconfigEvaluate checks the esbuild rules the evaluation mirrors:
// "extends" in order then the file's own options, ${configDir} as the
// folder the tsconfig is read for, "paths" without baseUrl relative to the
// file that sets them, targets that need a baseUrl dropped, settings of the
// wrong type ignored, tsconfig.json before jsconfig.json.
func TestTsconfigEvaluate(t *testing.T) {
	root := filepath.Join(t.TempDir(), "ws")
	writeTree(t, root, map[string]string{
		"base.json": `{ "compilerOptions": { "strict": true, "target": "es2015", "jsx": "react",
		  "paths": { "@x": ["./x.ts", "bare.ts"], "${configDir}-y": ["${configDir}/y.ts"] } } }`,
		"other.json":          `{ "compilerOptions": { "strict": false, "experimentalDecorators": true, "target": "esnext" } }`,
		"app/tsconfig.json":   `{ "extends": ["../base.json", "../other"], "compilerOptions": { "target": "es2099", "alwaysStrict": "yes" } }`,
		"app/jsconfig.json":   `{ "compilerOptions": { "strict": true } }`,
		"js/jsconfig.json":    `{ "compilerOptions": { "strict": true, "baseUrl": "${configDir}/src" } }`,
		"cfg/tsconfig.json":   `{ "extends": "../base.json" }`,
		"pkg/tsconfig.json":   `{ "extends": "@acme/tsconfig" }`,
		"loop/tsconfig.json":  `{ "extends": "./tsconfig.json" }`,
		"gone/tsconfig.json":  `{ "extends": "./missing.json" }`,
		"app/sub/x.ts":        "",
		"tsdir/tsconfig.json": "",
	})
	configs := newTsconfigs(root)

	s, file, err := configs.enclosing(filepath.Join(root, "app", "sub"))
	if err != nil || file != filepath.Join(root, "app", "tsconfig.json") {
		t.Fatalf("enclosing(app/sub) = %s, %v; want app/tsconfig.json", file, err)
	}
	// base.json, then other.json over it: strict false, decorators on,
	// target esnext; the file's own "es2099" is no target esbuild knows and
	// "yes" no boolean, so both leave what the bases set
	if s.strictMode() || !s.decorators() || !s.defineFields() || s.jsx != "react" {
		t.Errorf("app: strict %v decorators %v define %v jsx %q; want false true true react", s.strictMode(), s.decorators(), s.defineFields(), s.jsx)
	}
	if got := s.paths["@x"]; !cmp.Equal(got, []string{"./x.ts"}) {
		t.Errorf("app: paths[@x] = %q, want [./x.ts] (bare.ts needs a baseUrl)", got)
	}
	if s.pathsBase != root {
		t.Errorf("app: paths are relative to %s, want %s (the file that sets them)", s.pathsBase, root)
	}
	if got := s.paths[filepath.Join(root, "app")+"-y"]; got != nil {
		t.Errorf("a ${configDir} key is not replaced by esbuild; got a target under the replaced key: %q", got)
	}
	if got := s.paths["${configDir}-y"]; !cmp.Equal(got, []string{filepath.Join(root, "app", "y.ts")}) {
		t.Errorf("app: ${configDir} in a target = %q, want app/y.ts", got)
	}

	js, file, err := configs.enclosing(filepath.Join(root, "js"))
	if err != nil || file != filepath.Join(root, "js", "jsconfig.json") || js.baseURL == nil || *js.baseURL != filepath.Join(root, "js", "src") {
		t.Errorf("js: %s, %v, baseUrl %v; want jsconfig.json with baseUrl js/src", file, err, js.baseURL)
	}
	cfg, _, _ := configs.enclosing(filepath.Join(root, "cfg"))
	if got := cfg.paths["${configDir}-y"]; !cmp.Equal(got, []string{filepath.Join(root, "cfg", "y.ts")}) {
		t.Errorf("cfg: ${configDir} = %q, want the folder the chain is read for (cfg)", got)
	}
	for _, dir := range []string{"pkg", "loop", "gone", "tsdir"} {
		if _, _, err := configs.enclosing(filepath.Join(root, dir)); err == nil {
			t.Errorf("%s: evaluated, want it refused", dir)
		}
	}
}

func TestScanFacts(t *testing.T) {
	type facts = sourceFacts
	ok := facts{lexed: true}
	for _, tc := range []struct {
		src  string
		want facts
	}{
		{"export const a = [{ scope: 'asset.view' }] as const;\n", ok},
		{"import x from '@acme/x'; // @decorator class function\n/* with delete */ export default x;", ok},
		{"export const s = `class ${'function'} @`;", ok},
		{"export const s = `a ${ { b: 1 }.b } c`;", ok},
		{"a.class; b?.function; c.static; d.let", ok},
		{"let x = 1; let [y] = [2]; let {z} = {z: 3};", ok},
		{"export interface Scope { scope: string }", ok},
		{"x = 0.5 + 1e3 + 0x1f;", ok},
		{"#!/usr/bin/env node\nexport {};", ok},
		{"\"use strict\";\nfunction f() {}", facts{lexed: true, strictPrologue: true, strictSensitive: true}},
		{"// first\n'use strict';", facts{lexed: true, strictPrologue: true}},
		{"'use strict'\nx;", ok}, // no semicolon: not taken for a directive
		{"@tag class A {}", facts{lexed: true, at: true, class: true}},
		{"const C = class {};", facts{lexed: true, class: true}},
		{"if (a) { function f() {} }", facts{lexed: true, strictSensitive: true}},
		{"f(...arguments)", facts{lexed: true, strictSensitive: true}},
		{"with (o) {}", facts{lexed: true, strictSensitive: true}},
		{"delete x;", facts{lexed: true, strictSensitive: true}},
		{"var static = 1;", facts{lexed: true, strictSensitive: true}},
		{"let = 1;", facts{lexed: true, strictSensitive: true}},
		{"let\nx = 1;", facts{lexed: true, strictSensitive: true}},
		{"interface\nX {}", facts{lexed: true, strictSensitive: true}},
		{"for (var k = 0 in o) {}", facts{lexed: true, strictSensitive: true}},
		{"x = 010;", facts{lexed: true, strictSensitive: true}},
		{"x = '\\01';", facts{lexed: true, strictSensitive: true}},
		{"x = '\\0';", ok},
		{"x = `${a}\\1`;", facts{lexed: true, strictSensitive: true}},
		// given up on: the scan cannot tell
		{"x = a / b;", facts{}},
		{"x = /function/.test(y);", facts{}},
		{"\\u0063lass A {}", facts{}},
		{"x <!-- y\n", facts{}},
		{"x = 'open", facts{}},
		{"x = `open ${", facts{}},
		{"/* open", facts{}},
		{"x\u2028y", facts{}},
	} {
		if got := scanFacts([]byte(tc.src)); got != tc.want {
			t.Errorf("scanFacts(%q) = %+v, want %+v", tc.src, got, tc.want)
		}
	}
	if f := scanFacts([]byte(trackunitStub)); !f.strictPrologue {
		t.Errorf("the @trackunit stand-in does not open with \"use strict\";: %+v", f)
	}
}
