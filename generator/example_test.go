package generator_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/irislint/irislint/generator/testdata/exampleapp"
)

// Example shows generated constants in a Go backend that asks Trackunit for
// tokens with golang.org/x/oauth2/clientcredentials. The package exampleapp
// is testdata/exampleapp/scopes_gen.go, generated from the manifest beside
// it. A local server stands in for exampleapp.TokenEndpoint and follows the
// documented token contract; the user who installed the app denied its one
// optional scope.
func Example() {
	const clientID, clientSecret = "client-1234", "secret-5678" // from the INSTALLED message
	srv := newTokenServer(clientID, clientSecret, exampleapp.All, exampleapp.APIIrisAppProxyFetch)
	defer srv.Close()
	ctx := context.Background()

	cfg := clientcredentials.Config{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		TokenURL:     srv.URL, // exampleapp.TokenEndpoint in production
		Scopes:       []string{exampleapp.TokenRequest},
		AuthStyle:    oauth2.AuthStyleInParams, // client_id and client_secret in the form
	}
	tok, err := cfg.Token(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	granted, _ := tok.Extra("scope").(string)
	fmt.Println("asked for:", exampleapp.TokenRequest)
	fmt.Println("granted:", granted)
	fmt.Println("token:", tok.TokenType, tok.AccessToken)

	// Missing lists required scopes absent from the answer: none here, so
	// the app works. An optional scope may be denied; the app does without.
	fmt.Println("missing required:", exampleapp.Missing(granted))
	for _, s := range exampleapp.Optional {
		if !slices.Contains(strings.Fields(granted), s.String()) {
			fmt.Printf("optional %s denied (%s): proxy calls off\n", s, s.Description())
		}
	}

	// A token asked for with too few scopes lacks a required one: Missing
	// catches it before an API call fails.
	cfg.Scopes = []string{exampleapp.Request(exampleapp.AssetView, exampleapp.APIIrisAppProxyFetch, exampleapp.AssetView)}
	tok, err = cfg.Token(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	granted, _ = tok.Extra("scope").(string)
	fmt.Println("granted:", granted)
	fmt.Println("missing required:", exampleapp.Missing(granted))

	// A scope the manifest does not declare is refused.
	cfg.Scopes = []string{"account.delete"}
	_, err = cfg.Token(ctx)
	fmt.Println(err)

	// Output:
	// asked for: asset.view account.alert.view api.iris.app.proxy.fetch
	// granted: asset.view account.alert.view
	// token: Bearer token-1
	// missing required: []
	// optional api.iris.app.proxy.fetch denied (Can make external HTTP requests using Proxy service): proxy calls off
	// granted: asset.view
	// missing required: [account.alert.view]
	// oauth2: "invalid_scope" "account.delete is not declared in the app's manifest"
}

// newTokenServer is a stand-in for Trackunit's token endpoint, as the token
// contract documents it: a form-encoded POST with grant_type
// client_credentials, client_id, client_secret and scope (names separated by
// spaces, each declared in the manifest), answered with JSON token_type,
// expires_in, access_token and scope (the granted names: denied optional
// scopes left out).
func newTokenServer(clientID, clientSecret string, declared []exampleapp.Scope, denied ...exampleapp.Scope) *httptest.Server {
	issued := 0
	fail := func(w http.ResponseWriter, status int, code, desc string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			fail(w, http.StatusBadRequest, "invalid_request", "want a form-encoded POST")
			return
		}
		if err := r.ParseForm(); err != nil {
			fail(w, http.StatusBadRequest, "invalid_request", err.Error())
			return
		}
		if r.PostForm.Get("grant_type") != "client_credentials" {
			fail(w, http.StatusBadRequest, "unsupported_grant_type", "want client_credentials")
			return
		}
		if r.PostForm.Get("client_id") != clientID || r.PostForm.Get("client_secret") != clientSecret {
			fail(w, http.StatusUnauthorized, "invalid_client", "unknown client")
			return
		}
		var granted []string
		for _, name := range strings.Split(r.PostForm.Get("scope"), " ") {
			s := exampleapp.Scope(name)
			if !slices.Contains(declared, s) {
				fail(w, http.StatusBadRequest, "invalid_scope", name+" is not declared in the app's manifest")
				return
			}
			if !slices.Contains(denied, s) {
				granted = append(granted, name)
			}
		}
		issued++
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"token_type":   "Bearer",
			"expires_in":   3600,
			"access_token": fmt.Sprintf("token-%d", issued),
			"scope":        strings.Join(granted, " "),
		})
	}))
}
