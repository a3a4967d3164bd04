package tokencallback

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/irislint/irislint/examples/tokencallback/appscopes"
)

// newTestTokens returns Tokens for one installed account, asking srv.
func newTestTokens(t *testing.T, srv *tokenServer) (*Tokens, *MemoryStore) {
	store := &MemoryStore{}
	if err := store.SaveCredentials(t.Context(), Credentials{AccountID: testAccount, ClientID: testClient, ClientSecret: testSecret}); err != nil {
		t.Fatal(err)
	}
	return NewTokens(t.Context(), store, srv.URL, srv.Client()), store
}

// tokenSequence calls Token n times and returns the access tokens.
func tokenSequence(t *testing.T, tokens *Tokens, n int) []string {
	t.Helper()
	var got []string
	for range n {
		tok, err := tokens.Token(testAccount)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, tok.AccessToken)
	}
	return got
}

// TestTokensReuseAndRenew: a token is reused while its expires_in lasts;
// once it has run out, the next call fetches a new one. A first answer with
// expires_in 1 s is inside the 10 s before expiry at which oauth2 already
// renews, so it counts as expired at once and the test does not wait.
func TestTokensReuseAndRenew(t *testing.T) {
	for _, tc := range []struct {
		name      string
		expiresIn []int // of the tokens the server issues in turn
		want      []string
	}{
		{"reused", []int{3600}, []string{"token-1", "token-1", "token-1"}},
		{"renewed", []int{1, 3600}, []string{"token-1", "token-2", "token-2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newTokenServer(t, testClient, testSecret)
			srv.setExpiresIn(tc.expiresIn...)
			tokens, _ := newTestTokens(t, srv)
			if diff := cmp.Diff(tc.want, tokenSequence(t, tokens, len(tc.want))); diff != "" {
				t.Errorf("access tokens (-want +got):\n%s", diff)
			}
			if n := srv.issuedCount(); n != len(tc.expiresIn) {
				t.Errorf("%d tokens fetched, want %d", n, len(tc.expiresIn))
			}
		})
	}
}

// TestTokensOptionalDenied: the user denied the optional scope; the token
// is fine, and Granted tells the app what it may not do.
func TestTokensOptionalDenied(t *testing.T) {
	srv := newTokenServer(t, testClient, testSecret, appscopes.APIIrisAppProxyFetch)
	tokens, _ := newTestTokens(t, srv)
	tok, err := tokens.Token(testAccount)
	if err != nil {
		t.Fatal(err)
	}
	for s, want := range map[appscopes.Scope]bool{
		appscopes.AssetView:            true,
		appscopes.AccountAlertView:     true,
		appscopes.APIIrisAppProxyFetch: false,
	} {
		if Granted(tok, s) != want {
			t.Errorf("Granted(%s) = %v, want %v", s, !want, want)
		}
	}
}

// TestTokensMissingRequired: an answer without a required scope is an
// error that names the scope, and no token.
func TestTokensMissingRequired(t *testing.T) {
	srv := newTokenServer(t, testClient, testSecret, appscopes.AccountAlertView, appscopes.APIIrisAppProxyFetch)
	tokens, _ := newTestTokens(t, srv)
	tok, err := tokens.Token(testAccount)
	var missing *MissingScopesError
	if tok != nil || !errors.As(err, &missing) {
		t.Fatalf("got %v, %v; want a *MissingScopesError", tok, err)
	}
	if diff := cmp.Diff([]appscopes.Scope{appscopes.AccountAlertView}, missing.Missing); diff != "" {
		t.Errorf("Missing (-want +got):\n%s", diff)
	}
	want := "account " + testAccount + `: the token lacks required scopes [account.alert.view] (granted "asset.view")`
	if err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if _, err := tokens.Client(testAccount); err != nil {
		t.Errorf("Client: %v", err) // the client only fails when it sends
	}
}

func TestTokensUnknownAccount(t *testing.T) {
	srv := newTokenServer(t, testClient, testSecret)
	tokens, _ := newTestTokens(t, srv)
	if _, err := tokens.Token("nobody"); !errors.Is(err, ErrUnknownAccount) || !strings.Contains(err.Error(), "account nobody:") {
		t.Errorf("Token: %v", err)
	}
	if _, err := tokens.Client("nobody"); !errors.Is(err, ErrUnknownAccount) {
		t.Errorf("Client: %v", err)
	}
	if n := srv.issuedCount(); n != 0 {
		t.Errorf("%d tokens fetched", n)
	}
}

// TestTokensRefused: the token endpoint refuses the credentials; the error
// says so and does not carry the secret.
func TestTokensRefused(t *testing.T) {
	srv := newTokenServer(t, testClient, "another secret")
	tokens, _ := newTestTokens(t, srv)
	_, err := tokens.Token(testAccount)
	if err == nil || !strings.Contains(err.Error(), `"invalid_client"`) || strings.Contains(err.Error(), testSecret) {
		t.Errorf("Token: %v", err)
	}
}

// TestTokensForget: after a new installation, Forget makes the next token
// come from the new credentials.
func TestTokensForget(t *testing.T) {
	srv := newTokenServer(t, testClient, testSecret)
	tokens, store := newTestTokens(t, srv)
	tokenSequence(t, tokens, 1)

	srv.setCredentials("client-new", "secret-new")
	if err := store.SaveCredentials(t.Context(), Credentials{AccountID: testAccount, ClientID: "client-new", ClientSecret: "secret-new"}); err != nil {
		t.Fatal(err)
	}
	tokens.Forget(testAccount)
	srv.setExpiresIn(3600)
	if got := tokenSequence(t, tokens, 1); got[0] != "token-2" {
		t.Errorf("after Forget: %s", got)
	}
}

// TestTokensClient: API calls carry the token as a Bearer header, and a new
// one once it expired.
func TestTokensClient(t *testing.T) {
	srv := newTokenServer(t, testClient, testSecret)
	srv.setExpiresIn(1, 3600)
	tokens, _ := newTestTokens(t, srv)
	var (
		mu   sync.Mutex
		seen []string
	)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, r.Header.Get("Authorization"))
	}))
	defer api.Close()
	client, err := tokens.Client(testAccount)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		resp, err := client.Get(api.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff([]string{"Bearer token-1", "Bearer token-2", "Bearer token-2"}, seen); diff != "" {
		t.Errorf("Authorization headers (-want +got):\n%s", diff)
	}
}
