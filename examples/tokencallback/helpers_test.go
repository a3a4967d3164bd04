package tokencallback

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"

	"github.com/irislint/irislint/examples/tokencallback/appscopes"
)

// The stand-ins below play Trackunit's side: the JWKS that publishes the
// identity keys, a key that signs identity tokens, and the token endpoint.
// Keys are generated in each test; nothing leaves the machine.

// jwksServer serves a JWKS whose keys a test publishes, and counts the
// requests it answered.
type jwksServer struct {
	*httptest.Server
	mu       sync.Mutex
	keys     []jwkset.JWKMarshal
	requests int
	down     bool // answer 503, as during an outage
}

func newJWKSServer(t *testing.T) *jwksServer {
	s := &jwksServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.requests++
		if s.down {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(jwkset.JWKSMarshal{Keys: s.keys})
	}))
	t.Cleanup(s.Close)
	return s
}

// publish adds the public half of k to the set.
func (s *jwksServer) publish(t *testing.T, k signingKey) {
	t.Helper()
	jwk, err := jwkset.NewJWKFromKey(k.key.Public(), jwkset.JWKOptions{Metadata: jwkset.JWKMetadataOptions{
		KID: k.kid, ALG: jwkset.ALG(k.method.Alg()), USE: jwkset.UseSig,
	}})
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys = append(s.keys, jwk.Marshal())
}

func (s *jwksServer) setDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

func (s *jwksServer) requestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// signingKey signs identity tokens with one private key.
type signingKey struct {
	kid    string
	method jwt.SigningMethod
	key    crypto.Signer
}

func newECKey(t *testing.T, kid string) signingKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return signingKey{kid: kid, method: jwt.SigningMethodES256, key: k}
}

func newRSAKey(t *testing.T, kid string) signingKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return signingKey{kid: kid, method: jwt.SigningMethodRS256, key: k}
}

// sign returns a JWT with claims, signed by k and naming k.kid.
func (k signingKey) sign(t *testing.T, claims jwt.Claims) string {
	t.Helper()
	tok := jwt.NewWithClaims(k.method, claims)
	tok.Header["kid"] = k.kid
	s, err := tok.SignedString(k.key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// identityClaims are the claims of a fresh identity token: issued a moment
// ago, valid for five minutes.
func identityClaims() jwt.RegisteredClaims {
	now := time.Now()
	return jwt.RegisteredClaims{
		IssuedAt:  jwt.NewNumericDate(now.Add(-5 * time.Second)),
		NotBefore: jwt.NewNumericDate(now.Add(-5 * time.Second)),
		ExpiresAt: jwt.NewNumericDate(now.Add(5 * time.Minute)),
	}
}

// testKeys returns the key function of the code under test, reading the
// test's JWKS server.
func testKeys(t *testing.T, jwks *jwksServer) jwt.Keyfunc {
	t.Helper()
	keys, err := JWKSKeys(t.Context(), jwks.URL, jwks.Client())
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// newPublishedVerifier publishes key in a new JWKS server, and returns the
// server and a verifier that reads it.
func newPublishedVerifier(t *testing.T, key signingKey) (*jwksServer, *IdentityVerifier) {
	t.Helper()
	jwks := newJWKSServer(t)
	jwks.publish(t, key)
	return jwks, NewIdentityVerifier(testKeys(t, jwks))
}

// installedMessage is the JSON body Trackunit sends, from its documented
// example, for this app.
func installedMessage(accountID, clientID, clientSecret string) string {
	b, _ := json.Marshal(map[string]string{
		"type": appscopes.MessageInstalled, "irisAppId": appscopes.IrisAppID,
		"accountId": accountID, "clientId": clientID, "clientSecret": clientSecret,
	})
	return string(b)
}

// tokenServer stands in for appscopes.TokenEndpoint and follows the token
// contract: a form-encoded POST with grant_type client_credentials,
// client_id, client_secret and scope (declared scopes, separated by
// spaces), answered with token_type Bearer, expires_in, access_token and
// scope: the granted scopes, without the ones in deny.
type tokenServer struct {
	*httptest.Server
	t *testing.T

	mu           sync.Mutex
	clientID     string
	clientSecret string
	deny         []appscopes.Scope
	expiresIn    []int // of the tokens issued one after another; the last one repeats
	issued       int
}

func newTokenServer(t *testing.T, clientID, clientSecret string, deny ...appscopes.Scope) *tokenServer {
	s := &tokenServer{t: t, clientID: clientID, clientSecret: clientSecret, deny: deny, expiresIn: []int{3600}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *tokenServer) serve(w http.ResponseWriter, r *http.Request) {
	fail := func(status int, code, desc string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
	}
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		fail(http.StatusBadRequest, "invalid_request", "want a form-encoded POST")
		return
	}
	if err := r.ParseForm(); err != nil {
		fail(http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.PostForm.Get("client_id") != s.clientID || r.PostForm.Get("client_secret") != s.clientSecret {
		fail(http.StatusUnauthorized, "invalid_client", "unknown client")
		return
	}
	var asked []appscopes.Scope
	for _, name := range strings.Fields(r.PostForm.Get("scope")) {
		if !slices.Contains(appscopes.All, appscopes.Scope(name)) {
			fail(http.StatusBadRequest, "invalid_scope", name+" is not declared in the app's manifest")
			return
		}
		asked = append(asked, appscopes.Scope(name))
	}
	// The request is exactly the documented form, as the generated
	// TokenRequestForm builds it: nothing more, nothing less.
	if diff := cmp.Diff(appscopes.TokenRequestForm(s.clientID, s.clientSecret, asked...), r.PostForm); diff != "" {
		s.t.Errorf("token request form (-documented +sent):\n%s", diff)
	}
	var granted []string
	for _, sc := range asked {
		if !slices.Contains(s.deny, sc) {
			granted = append(granted, sc.String())
		}
	}
	expiresIn := s.expiresIn[min(s.issued, len(s.expiresIn)-1)]
	s.issued++
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"token_type":   "Bearer",
		"expires_in":   expiresIn,
		"access_token": fmt.Sprintf("token-%d", s.issued),
		"scope":        strings.Join(granted, " "),
	})
}

// setCredentials makes the server accept other credentials from now on, as
// after the account installed the app again.
func (s *tokenServer) setCredentials(clientID, clientSecret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clientID, s.clientSecret = clientID, clientSecret
}

func (s *tokenServer) setExpiresIn(seconds ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expiresIn = seconds
}

func (s *tokenServer) issuedCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}

// logBuffer collects a logger's output; safe for the server's goroutines
// and the test reading it at once.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newTestLogger returns a logger into a buffer, and checks when the test
// ends that the buffer never holds any of secrets.
func newTestLogger(t *testing.T, secrets ...string) (*slog.Logger, *logBuffer) {
	buf := &logBuffer{}
	t.Cleanup(func() {
		for _, s := range secrets {
			if strings.Contains(buf.String(), s) {
				t.Errorf("the log holds the secret %q:\n%s", s, buf)
			}
		}
	})
	return slog.New(slog.NewTextHandler(buf, nil)), buf
}

// post sends body to url with the identity header (none when "") and a
// content type.
func post(t *testing.T, client *http.Client, u, identity, contentType, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if identity != "" {
		req.Header.Set(appscopes.IdentityHeader, identity)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}
