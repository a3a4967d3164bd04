package tokencallback

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/irislint/irislint/examples/tokencallback/appscopes"
)

// Tokens hands out access tokens for the accounts that installed the app,
// asking tokenURL (appscopes.TokenEndpoint) with each account's stored
// client credentials for every scope the manifest declares.
//
// A token is reused until its expires_in runs out (less oauth2's ten
// seconds of margin); the next call then fetches a new one. Every token is
// checked against the manifest's required scopes: when the answer's
// "scope" lacks one, Token returns a *MissingScopesError instead.
type Tokens struct {
	ctx      context.Context // the token sources fetch with it: it must outlive them
	store    CredentialStore
	tokenURL string

	mu      sync.Mutex
	sources map[string]oauth2.TokenSource // by account ID
}

// NewTokens returns Tokens that fetch with client (nil: http.DefaultClient,
// which has no timeout). ctx is the server's lifetime, not a request's:
// oauth2 keeps it for every later fetch.
func NewTokens(ctx context.Context, store CredentialStore, tokenURL string, client *http.Client) *Tokens {
	if client != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, client)
	}
	return &Tokens{ctx: ctx, store: store, tokenURL: tokenURL, sources: make(map[string]oauth2.TokenSource)}
}

// Token returns a valid access token for the account.
func (t *Tokens) Token(accountID string) (*oauth2.Token, error) {
	src, err := t.source(accountID)
	if err != nil {
		return nil, err
	}
	return src.Token()
}

// Client returns an HTTP client for Trackunit's API on behalf of the
// account: every request carries "Authorization: Bearer <access_token>",
// renewed as tokens expire.
func (t *Tokens) Client(accountID string) (*http.Client, error) {
	src, err := t.source(accountID)
	if err != nil {
		return nil, err
	}
	return oauth2.NewClient(t.ctx, src), nil
}

// Forget drops the account's token, so that the next one is fetched with
// the credentials stored now: call it when the account installs the app
// again.
func (t *Tokens) Forget(accountID string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.sources, accountID)
}

func (t *Tokens) source(accountID string) (oauth2.TokenSource, error) {
	t.mu.Lock()
	src, ok := t.sources[accountID]
	t.mu.Unlock()
	if ok {
		return src, nil
	}
	creds, err := t.store.Credentials(t.ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("account %s: %w", accountID, err)
	}
	cfg := clientcredentials.Config{
		ClientID:     creds.ClientID,
		ClientSecret: creds.ClientSecret,
		TokenURL:     t.tokenURL,
		Scopes:       []string{appscopes.TokenRequest},
		// The documented request carries client_id and client_secret in the
		// form (appscopes.TokenRequestForm), not in a Basic auth header.
		AuthStyle: oauth2.AuthStyleInParams,
	}
	// cfg.TokenSource reuses a token until it expires.
	src = scopeCheckedSource{accountID: accountID, src: cfg.TokenSource(t.ctx)}

	t.mu.Lock()
	defer t.mu.Unlock()
	if first, ok := t.sources[accountID]; ok { // another goroutine was faster
		return first, nil
	}
	t.sources[accountID] = src
	return src, nil
}

// scopeCheckedSource refuses a token that lacks a required scope.
type scopeCheckedSource struct {
	accountID string
	src       oauth2.TokenSource
}

func (s scopeCheckedSource) Token() (*oauth2.Token, error) {
	tok, err := s.src.Token()
	if err != nil {
		return nil, fmt.Errorf("account %s: %w", s.accountID, err)
	}
	granted := grantedScopes(tok)
	if missing := appscopes.Missing(granted); len(missing) > 0 {
		return nil, &MissingScopesError{AccountID: s.accountID, Missing: missing, Granted: granted}
	}
	return tok, nil
}

// MissingScopesError is a token answer that lacks scopes the manifest
// declares as required. API calls that need them would fail: the app
// cannot work for this account as it is.
type MissingScopesError struct {
	AccountID string
	Missing   []appscopes.Scope
	Granted   string // the answer's "scope"
}

func (e *MissingScopesError) Error() string {
	return fmt.Sprintf("account %s: the token lacks required scopes %v (granted %q)", e.AccountID, e.Missing, e.Granted)
}

// Granted reports whether the token's answer granted s. An optional scope
// the installing user denied is absent: the app works without what it
// allows.
func Granted(tok *oauth2.Token, s appscopes.Scope) bool {
	return slices.Contains(strings.Fields(grantedScopes(tok)), s.String())
}

// grantedScopes is the "scope" field of the answer that brought tok.
func grantedScopes(tok *oauth2.Token) string {
	s, _ := tok.Extra("scope").(string)
	return s
}
